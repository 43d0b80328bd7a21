// The synthetic-committee generator: deterministic, realistic enough, and
// the same data whether it goes through CSV or straight into memory.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "dutyscore/input.h"
#include "generator.h"

namespace dutyscore {
namespace {

struct Csv {
  std::string members, records;
};

Csv csv_of(const gen::Options& options) {
  std::ostringstream m, r;
  gen::write_csv(options, m, r);
  return {m.str(), r.str()};
}

gen::Options small() {
  gen::Options o;
  o.members = 120;
  o.records_per_member = 30;
  o.seed = 7;
  return o;
}

TEST(Generator, SameSeedGivesSameBytes) {
  const auto a = csv_of(small());
  const auto b = csv_of(small());
  EXPECT_EQ(a.members, b.members);
  EXPECT_EQ(a.records, b.records);
}

TEST(Generator, DifferentSeedGivesDifferentData) {
  auto other = small();
  other.seed = 8;
  const auto a = csv_of(small());
  const auto b = csv_of(other);
  EXPECT_NE(a.members, b.members);
  EXPECT_NE(a.records, b.records);
}

TEST(Generator, HeadersAreTheInterchangeLayout) {
  const auto c = csv_of(small());
  EXPECT_EQ(c.members.substr(0, c.members.find('\n')),
            "member_id,name,unit,sector,group,roles,joined,left");
  EXPECT_EQ(c.records.substr(0, c.records.find('\n')),
            "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity");
}

TEST(Generator, CsvReadsBackEqualToTheInMemoryBuild) {
  const auto options = small();
  const auto c = csv_of(options);
  Problems p;
  const auto members = read_members(c.members, "members.csv", p);
  ASSERT_TRUE(members.has_value()) << format_problem(p.all()[0]);
  const auto batch = read_records(c.records, "records.csv", *members, p);
  ASSERT_TRUE(batch.has_value()) << format_problem(p.all()[0]);
  EXPECT_TRUE(p.empty());

  const auto built = gen::build_in_memory(options);
  ASSERT_EQ(built.members.size(), members->size());
  for (MemberIndex m = 0; m < members->size(); ++m) {
    EXPECT_EQ(built.members.id(m), members->id(m));
    EXPECT_EQ(built.members.name(m), members->name(m));
    EXPECT_EQ(built.members.unit(m), members->unit(m));
    EXPECT_EQ(built.members.sector(m), members->sector(m));
    EXPECT_EQ(built.members.group(m), members->group(m));
    EXPECT_EQ(built.members.roles(m), members->roles(m));
    EXPECT_EQ(built.members.joined(m), members->joined(m));
    EXPECT_EQ(built.members.left(m), members->left(m));
  }
  EXPECT_EQ(built.members.sector_names().size(), members->sector_names().size());

  const RecordBatch& a = built.records;
  const RecordBatch& b = *batch;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t row = 0; row < a.size(); ++row) {
    ASSERT_EQ(a.member(row), b.member(row)) << row;
    ASSERT_EQ(a.date(row), b.date(row)) << row;
    ASSERT_EQ(a.kind(row), b.kind(row)) << row;
    ASSERT_EQ(a.subtype(row), b.subtype(row)) << row;
    ASSERT_EQ(a.status(row), b.status(row)) << row;
    ASSERT_EQ(a.level(row), b.level(row)) << row;
    ASSERT_EQ(a.position(row), b.position(row)) << row;
    ASSERT_EQ(a.flags(row), b.flags(row)) << row;
    ASSERT_EQ(a.ref(row), b.ref(row)) << row;
    ASSERT_EQ(a.item_size(row), b.item_size(row)) << row;
    ASSERT_EQ(a.quantity(row), b.quantity(row)) << row;
  }
  for (std::size_t row = 0; row < a.size(); ++row) ASSERT_EQ(a.record_id(row), b.record_id(row));
  for (Code k = 0; k < a.kinds().size(); ++k) EXPECT_EQ(a.kinds().text(k), b.kinds().text(k));
  for (Code k = 0; k < a.flag_names().size(); ++k)
    EXPECT_EQ(a.flag_names().text(k), b.flag_names().text(k));
}

// Counts over a county-sized committee: the mix the default rules expect.
TEST(Generator, CountyCommitteeHasARealisticMix) {
  gen::Options options;  // 300 members, 50 records each on average
  std::size_t members = 0, standing = 0, left = 0, joined_in_year = 0;
  std::map<std::string, std::size_t> kinds;
  std::map<std::string, std::set<MemberIndex>> ref_members;
  std::map<std::string, std::size_t> ref_rows;
  std::map<MemberIndex, std::size_t> per_member;
  std::size_t outside_year = 0, plenary = 0, violations = 0;
  const Period year = Period::calendar_year(options.year);
  gen::generate(
      options,
      [&](const gen::MemberRow& m) {
        ++members;
        if (m.roles == "member;standing") ++standing;
        if (m.left) ++left;
        if (year.contains(m.joined)) ++joined_in_year;
        EXPECT_GE(m.name.size(), 6u);  // two or three Chinese characters
      },
      [&](const gen::RecordRow& r) {
        ++kinds[std::string(r.kind)];
        ++per_member[r.member];
        if (!year.contains(r.date)) ++outside_year;
        if (r.subtype == "plenary") ++plenary;
        if (r.kind == "violation") ++violations;
        if (r.kind == "proposal") {
          const std::string ref(r.ref);
          EXPECT_TRUE(ref_members[ref].insert(r.member).second) << "a member signs once: " << ref;
          EXPECT_EQ(r.position, ref_members[ref].size());
          ++ref_rows[ref];
        }
      });
  EXPECT_EQ(members, 300u);
  EXPECT_GT(standing, 25u);
  EXPECT_LT(standing, 75u);
  EXPECT_GT(left, 2u);
  EXPECT_GT(joined_in_year, 5u);
  std::size_t total = 0;
  for (const auto& k : kinds) total += k.second;
  EXPECT_GT(total, 12000u);
  EXPECT_LT(total, 18000u);
  for (const char* kind : {"meeting", "proposal", "info", "activity", "study", "service",
                           "charity"})
    EXPECT_GT(kinds[kind], 100u) << kind;
  EXPECT_GT(kinds["history"], 0u);
  EXPECT_GT(kinds["honor"], 0u);
  EXPECT_LT(violations, 6u);
  EXPECT_GT(plenary, 270u);
  EXPECT_GT(outside_year, 0u);
  EXPECT_LT(outside_year, total / 100);
  std::size_t joint_items = 0, big = 0;
  for (const auto& r : ref_rows) {
    if (r.second > 1) ++joint_items;
    if (r.second > 8) ++big;
  }
  EXPECT_GT(joint_items, 50u);
  EXPECT_GT(big, 0u);
  // Weak and very active members spread the totals.
  std::size_t fewest = total, most = 0;
  for (const auto& m : per_member) {
    fewest = std::min(fewest, m.second);
    most = std::max(most, m.second);
  }
  EXPECT_LT(fewest, 25u);
  EXPECT_GT(most, 100u);
}

TEST(Generator, TinyCommitteesDoNotBreak) {
  for (std::uint32_t n : {0u, 1u, 2u, 3u}) {
    gen::Options o;
    o.members = n;
    o.records_per_member = 5;
    const auto built = gen::build_in_memory(o);
    EXPECT_EQ(built.members.size(), n);
    EXPECT_EQ(built.records.member_count(), n);
  }
}

TEST(Generator, BundledExampleIsTheDefaultOutput) {
  const std::string dir = std::string(DUTYSCORE_SOURCE_DIR) + "/examples/data/";
  Problems p;
  std::string members, records;
  ASSERT_TRUE(read_file(dir + "members.csv", members, p));
  ASSERT_TRUE(read_file(dir + "records.csv", records, p));
  const auto c = csv_of(gen::Options{});
  EXPECT_TRUE(members == c.members) << "regenerate with: dutyscore-gen --out examples/data";
  EXPECT_TRUE(records == c.records) << "regenerate with: dutyscore-gen --out examples/data";
}

}  // namespace
}  // namespace dutyscore
