// The columnar record batch: canonical order, item sizes, member ranges.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "dutyscore/record_batch.h"
#include "record_row.h"

namespace dutyscore {
namespace {

using testing::fields_of;
using testing::Row;

RecordBatch build(const std::vector<Row>& rows, std::size_t members) {
  RecordBatchBuilder builder(members);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(builder.add(fields_of(rows[i], static_cast<std::uint32_t>(i + 2))), "");
  }
  return builder.finish();
}

std::vector<Row> committee() {
  return {
      {"R05", 2, 20100, "proposal", "joint", "", "P1", "", 1, {"filed"}, kNoQuantity},
      {"R01", 0, 20100, "proposal", "joint", "", "P1", "", 2, {"filed"}, kNoQuantity},
      {"R09", 1, 20100, "proposal", "joint", "", "P1", "", 3, {"filed"}, kNoQuantity},
      {"R02", 0, 20005, "meeting", "plenary", "present", "", "", 0, {}, 50000},
      {"R03", 0, 20005, "meeting", "group_discussion", "leave", "", "", 0, {}, kNoQuantity},
      {"R10", 1, 20300, "proposal", "individual", "", "P2", "", 1, {"filed", "key"}, kNoQuantity},
      {"R11", 1, 20301, "info", "", "", "", "city", 0, {"adopted"}, kNoQuantity},
      // Same ref text under another kind is another item.
      {"R12", 2, 20302, "info", "", "", "P2", "", 0, {}, kNoQuantity},
      {"R04", 0, 19990, "charity", "volunteer", "", "", "", 0, {}, 35000},
  };
}

TEST(RecordBatch, RowsAreSortedByMemberDateAndId) {
  const auto b = build(committee(), 4);
  ASSERT_EQ(b.size(), 9u);
  const std::vector<std::string> expected = {"R04", "R02", "R03", "R01",
                                             "R09", "R10", "R11", "R05", "R12"};
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b.record_id(i), expected[i]) << i;
  for (std::size_t i = 1; i < b.size(); ++i) EXPECT_LE(b.member(i - 1), b.member(i)) << i;
  EXPECT_EQ(b.quantity(0), 35000);
  EXPECT_EQ(b.quantity(1), 50000);
}

TEST(RecordBatch, MemberRangesAreContiguousAndCoverEveryMember) {
  const auto b = build(committee(), 4);
  ASSERT_EQ(b.member_count(), 4u);
  EXPECT_EQ(b.member_begin(0), 0u);
  EXPECT_EQ(b.member_end(0), 4u);
  EXPECT_EQ(b.member_end(1), 7u);
  EXPECT_EQ(b.member_end(2), 9u);
  EXPECT_EQ(b.member_begin(3), b.member_end(3));  // a member without records
  for (MemberIndex m = 0; m < 4; ++m)
    for (std::size_t row = b.member_begin(m); row < b.member_end(m); ++row)
      EXPECT_EQ(b.member(row), m);
}

TEST(RecordBatch, ItemSizeCountsRowsOfTheSameJointItem) {
  const auto b = build(committee(), 4);
  for (std::size_t row = 0; row < b.size(); ++row) {
    const auto id = b.record_id(row);
    std::uint16_t expected = 1;
    if (id == "R01" || id == "R05" || id == "R09") expected = 3;  // P1, three signers
    EXPECT_EQ(b.item_size(row), expected) << id;
  }
}

TEST(RecordBatch, FlagsAreBitsOfFlagCodes) {
  const auto b = build(committee(), 4);
  const Code filed = b.flag_names().find("filed");
  const Code key = b.flag_names().find("key");
  for (std::size_t row = 0; row < b.size(); ++row) {
    if (b.record_id(row) == "R10") {
      EXPECT_EQ(b.flags(row), (1u << (filed - 1)) | (1u << (key - 1)));
    } else if (b.record_id(row) == "R12" || b.record_id(row) == "R02") {
      EXPECT_EQ(b.flags(row), 0u);
    }
  }
}

// A row's class is looked up by its texts: texts that move from one field
// to the next, texts of every length up to the long ones (255 bytes and
// more are stored with a wide size), and flags that differ only in their
// count each make another class; the same texts, the same class.
TEST(RecordBatch, ClassesAreTheirTextsInTheirFields) {
  const std::string wide(300, 'w');
  const std::string wider = wide + "x";
  struct Texts {
    std::string kind, subtype, status, level;
    std::vector<std::string> flags;
  };
  std::vector<Texts> texts{
      {"ab", "", "", "", {}},       {"a", "b", "", "", {}},      {"", "ab", "", "", {}},
      {"a", "", "b", "", {}},       {"a", "", "", "b", {}},      {"a", "", "", "", {"b"}},
      {"a", "", "", "", {"b", "c"}}, {"a", "", "", "", {"bc"}},  {"a", wide, "", "", {}},
      {"a", wider, "", "", {}},     {"a", wide, "", "", {wide}}, {"a", "", "", "", {"c", "b"}},
  };
  for (std::size_t n = 1; n <= 20; ++n) texts.push_back({"k", std::string(n, 'z'), "", "", {}});
  for (std::size_t n = 1; n <= 20; ++n) texts.push_back({"k", std::string(n - 1, 'z') + "y", "", "", {}});
  std::vector<Row> rows;
  for (std::size_t round = 0; round < 2; ++round) {  // every class twice
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const Texts& t = texts[i];
      std::vector<std::string> flags = t.flags;
      rows.push_back({"R" + std::to_string(100000 + round * 1000 + i), 0, 20000, t.kind, t.subtype,
                      t.status, "", t.level, 0, flags, static_cast<std::int32_t>(i)});
    }
  }
  const auto b = build(rows, 1);
  ASSERT_EQ(b.size(), rows.size());
  // Flags {"c", "b"} and {"b", "c"} are one set: one class fewer.
  EXPECT_EQ(b.classes().size(), texts.size() - 1);
  for (std::size_t row = 0; row < b.size(); ++row) {
    const Texts& t = texts[static_cast<std::size_t>(b.quantity(row))];
    SCOPED_TRACE(row);
    EXPECT_EQ(b.kinds().text(b.kind(row)), t.kind);
    EXPECT_EQ(b.subtypes().text(b.subtype(row)), t.subtype);
    EXPECT_EQ(b.statuses().text(b.status(row)), t.status);
    EXPECT_EQ(b.levels().text(b.level(row)), t.level);
    FlagMask flags = 0;
    for (const auto& flag : t.flags) flags |= FlagMask{1} << (b.flag_names().find(flag) - 1);
    EXPECT_EQ(b.flags(row), flags);
  }
}

TEST(RecordBatch, CanonicalOrderIsIndependentOfInputOrder) {
  const auto rows = committee();
  const auto reference = build(rows, 4);
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int round = 0; round < 20; ++round) {
    // A deterministic shuffle; the dictionaries are interned in a fixed
    // first-seen order, so codes are compared through their text.
    std::rotate(order.begin(), order.begin() + 1 + round % 5, order.end());
    std::swap(order[round % order.size()], order[(round * 7 + 3) % order.size()]);
    std::vector<Row> shuffled;
    for (const auto i : order) shuffled.push_back(rows[i]);
    const auto b = build(shuffled, 4);
    ASSERT_EQ(b.size(), reference.size());
    for (std::size_t row = 0; row < b.size(); ++row) {
      EXPECT_EQ(b.record_id(row), reference.record_id(row));
      EXPECT_EQ(b.member(row), reference.member(row));
      EXPECT_EQ(b.date(row), reference.date(row));
      EXPECT_EQ(b.kinds().text(b.kind(row)), reference.kinds().text(reference.kind(row)));
      EXPECT_EQ(b.subtypes().text(b.subtype(row)),
                reference.subtypes().text(reference.subtype(row)));
      EXPECT_EQ(b.statuses().text(b.status(row)),
                reference.statuses().text(reference.status(row)));
      EXPECT_EQ(b.refs().text(b.ref(row)), reference.refs().text(reference.ref(row)));
      EXPECT_EQ(b.levels().text(b.level(row)), reference.levels().text(reference.level(row)));
      EXPECT_EQ(b.position(row), reference.position(row));
      EXPECT_EQ(b.item_size(row), reference.item_size(row));
      EXPECT_EQ(b.quantity(row), reference.quantity(row));
    }
  }
}

// A member's rows are sorted by (date, id) three ways: counted places on
// 16-bit keys (days within 2^9) or 32-bit ones (at most 96 rows, the ids'
// ranks by their order when they rise, by a merge when they rise in two
// runs, else counted), packed 64-bit keys, and pairs. Each must give the
// definition's order, with every row's fields kept together, for members
// on both sides of the 96, with many equal dates and with dates spread
// wider than the 16-bit keys hold.
TEST(RecordBatch, EverySortOfAMembersRowsGivesDateThenIdOrder) {
  std::uint64_t state = 12345;
  const auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  // How a member's ids come in row order: rising (an export by record id),
  // falling, in two rising runs (a member's own rows, then the joint items
  // it was named in on other members' lines) or three.
  enum Ids { kRising, kFalling, kTwoRuns, kThreeRuns };
  for (const Ids order : {kRising, kFalling, kTwoRuns, kThreeRuns}) {
    std::vector<Row> rows;
    std::size_t id = 100000;  // six digits throughout: one id pattern, kept as numbers
    const std::size_t members = 40;
    for (MemberIndex m = 0; m < members; ++m) {
      const std::size_t n = m % 10 == 0 ? 90 + next(20) : 3 + next(60);  // 90..109 crosses 96
      // Few days (many equal dates), a year, or more than 2^9 days.
      const Day days = m % 3 == 0 ? 3 : m % 3 == 1 ? 365 : 1500;
      std::vector<std::size_t> ids(n);
      for (auto& i : ids) i = order == kRising ? ++id : 100000 + next(800000);
      if (order != kRising) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      }
      if (order == kFalling) std::reverse(ids.begin(), ids.end());
      if (order == kTwoRuns || order == kThreeRuns) {
        // Rising runs, each a random share of the ids; the first run is
        // all but a few, as a member's own rows are.
        const int runs = order == kTwoRuns ? 2 : 3;
        std::vector<std::vector<std::size_t>> run(runs);
        for (const std::size_t i : ids) run[next(4) == 0 ? 1 + next(runs - 1) : 0].push_back(i);
        ids.clear();
        for (const auto& r : run) ids.insert(ids.end(), r.begin(), r.end());
      }
      for (const std::size_t i : ids) {
        rows.push_back({"R" + std::to_string(i), m, 20000 + static_cast<Day>(next(days)), "meeting",
                        "plenary", "present", "", "", static_cast<std::uint16_t>(i % 65536),
                        {}, static_cast<std::int32_t>(i)});
      }
    }
    const auto b = build(rows, members);
    ASSERT_EQ(b.size(), rows.size());
    EXPECT_LE(b.memory_bytes(), rows.size() * 20 + 4096);  // ids kept as numbers, not text
    std::vector<Row> expected = rows;
    std::stable_sort(expected.begin(), expected.end(), [](const Row& x, const Row& y) {
      if (x.member != y.member) return x.member < y.member;
      if (x.date != y.date) return x.date < y.date;
      return x.id < y.id;  // same width: numeric order
    });
    for (std::size_t row = 0; row < b.size(); ++row) {
      ASSERT_EQ(b.record_id(row), expected[row].id) << "ids " << order << ", row " << row;
      EXPECT_EQ(b.member(row), expected[row].member);
      EXPECT_EQ(b.date(row), expected[row].date);
      EXPECT_EQ(b.position(row), expected[row].position);
      EXPECT_EQ(b.quantity(row), expected[row].quantity);
    }
  }
}

// Two rows of a member sharing an id and a date (a caller error, reported
// elsewhere) keep their input order, also when the ids rise in two runs
// and the shared id is in both.
TEST(RecordBatch, RowsSharingAnIdAndADateKeepTheirOrder) {
  const auto row = [](const char* id, Day day, std::int32_t quantity) {
    return Row{id, 0, day, "meeting", "plenary", "present", "", "", 0, {}, quantity};
  };
  const std::vector<Row> rows{row("R100001", 20005, 1), row("R100003", 20005, 2),
                              row("R100004", 20001, 3), row("R100002", 20005, 4),
                              row("R100003", 20005, 5)};
  const auto b = build(rows, 1);
  ASSERT_EQ(b.size(), rows.size());
  const std::vector<std::int32_t> expected{3, 1, 4, 2, 5};
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b.quantity(i), expected[i]) << i;
}

// Duplicate ids, looked for on threads that each take a range of the id
// numbers: found wherever the pair falls (two rows, a row and a left-out
// id, two left-out ids), and nothing found without one, on any count.
TEST(RecordBatch, DuplicateIdsAreFoundOnAnyThreadCount) {
  // Row i's id is R(64 i): a bitmap of about one word a row, and enough
  // rows and words (over 3 x 2^16) for three threads to take a share each.
  const std::size_t rows = 200000;
  const auto committee_of = [rows](std::size_t twice_of) {
    std::vector<Row> out;
    for (std::size_t i = 1; i <= rows; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "R%08zu", 64 * (i == rows && twice_of ? twice_of : i));
      out.push_back({id, static_cast<MemberIndex>(i % 7), 20000 + static_cast<Day>(i % 300), "info",
                     "", "", "", "", 0, {}, kNoQuantity});
    }
    return out;
  };
  const auto unique = build(committee_of(0), 7);
  std::vector<RecordBatch> twice;
  for (const std::size_t twice_of : {std::size_t{1}, rows / 2, rows - 1})
    twice.push_back(build(committee_of(twice_of), 7));
  for (const unsigned threads : {1u, 2u, 3u}) {
    SCOPED_TRACE(threads);
    EXPECT_FALSE(unique.has_duplicate_ids({}, threads));
    EXPECT_FALSE(unique.has_duplicate_ids({"R12800064", "R00000100", "X1"}, threads));
    EXPECT_FALSE(unique.has_duplicate_ids({"R99999999"}, threads));  // sparse: the sort
    EXPECT_TRUE(unique.has_duplicate_ids({"R00000128"}, threads));   // a low row's id
    EXPECT_TRUE(unique.has_duplicate_ids({"R12799936"}, threads));   // a high row's id
    EXPECT_TRUE(unique.has_duplicate_ids({"R06400000"}, threads));   // the middle's
    EXPECT_TRUE(unique.has_duplicate_ids({"R06399936"}, threads));   // a first half's last word
    EXPECT_TRUE(unique.has_duplicate_ids({"R12800000"}, threads));   // the last row's
    EXPECT_TRUE(unique.has_duplicate_ids({"R12800064", "R12800064"}, threads));
    EXPECT_TRUE(unique.has_duplicate_ids({"X1", "X1"}, threads));
    for (const auto& batch : twice) EXPECT_TRUE(batch.has_duplicate_ids({}, threads));
  }
}

// Text ids (no common pattern) and an empty batch: the left-out ids are
// kept as hashes only, and their texts read again only where hashes meet.
TEST(RecordBatch, DuplicateTextIdsAreFoundAmongRowsAndLeftOutIds) {
  std::vector<Row> rows;
  for (const char* id : {"提案-1", "提案-2", "调研A", "B7", "R001"})
    rows.push_back({id, 0, 20000, "info", "", "", "", "", 0, {}, kNoQuantity});
  const auto text_ids = build(rows, 1);
  const auto empty = build({}, 1);
  const auto visits = [](const std::vector<std::string_view>& ids, int& passes) {
    return [&ids, &passes](const RecordBatch::IdVisit& visit) {
      ++passes;
      for (const auto id : ids) visit(id);
    };
  };
  for (const unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(threads);
    EXPECT_FALSE(text_ids.has_duplicate_ids({}, threads));
    EXPECT_FALSE(text_ids.has_duplicate_ids({"提案-3", "调研B", "R002"}, threads));
    EXPECT_TRUE(text_ids.has_duplicate_ids({"提案-3", "调研A"}, threads));
    EXPECT_TRUE(text_ids.has_duplicate_ids({"X", "提案-3", "X"}, threads));
    EXPECT_FALSE(empty.has_duplicate_ids({"R1", "R2", "x"}, threads));
    EXPECT_TRUE(empty.has_duplicate_ids({"R1", "R2", "R1"}, threads));
    EXPECT_TRUE(empty.has_duplicate_ids({"x", "y", "x"}, threads));
    // With no rows the first id's pattern numbers the others that follow it.
    EXPECT_TRUE(empty.has_duplicate_ids({"R1", "x", "R01", "x"}, threads));
    EXPECT_FALSE(empty.has_duplicate_ids({"R1", "R01", "R001", "R2", "x"}, threads));
    EXPECT_TRUE(empty.has_duplicate_ids({"R7", "R01", "R001", "R7"}, threads));
    // The others are passed over once when no hashes meet, twice when some do.
    const std::vector<std::string_view> distinct{"提案-3", "R002"}, repeated{"提案-3", "提案-3"};
    int passes = 0;
    EXPECT_FALSE(text_ids.has_duplicate_ids_with(visits(distinct, passes), distinct.size(), threads));
    EXPECT_EQ(passes, 1);
    passes = 0;
    EXPECT_TRUE(text_ids.has_duplicate_ids_with(visits(repeated, passes), repeated.size(), threads));
    EXPECT_EQ(passes, 2);
  }
  std::vector<Row> twice = rows;
  twice.push_back(rows[2]);
  EXPECT_TRUE(build(twice, 1).has_duplicate_ids({}, 1));
}

TEST(RecordBatch, SameRowsInSameOrderGiveIdenticalColumns) {
  const auto a = build(committee(), 4);
  const auto b = build(committee(), 4);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.class_column(), b.class_column());
  EXPECT_EQ(a.day_column(), b.day_column());
  for (std::size_t row = 0; row < a.size(); ++row) {
    EXPECT_EQ(a.kind(row), b.kind(row));
    EXPECT_EQ(a.flags(row), b.flags(row));
    EXPECT_EQ(a.ref(row), b.ref(row));
    EXPECT_EQ(a.record_id(row), b.record_id(row));
  }
}

TEST(RecordBatch, PatternedIdsAreKeptAsNumbersAndReadBackAsText) {
  const auto b = build({{"R007", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"R010", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"R009", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity}},
                       1);
  EXPECT_EQ(b.record_id(0), "R007");
  EXPECT_EQ(b.record_id(1), "R009");
  EXPECT_EQ(b.record_id(2), "R010");
}

TEST(RecordBatch, IdsBreakingThePatternTurnEveryIdIntoText) {
  const auto b = build({{"R10", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"R9", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"X-1", 0, 4, "info", "", "", "", "", 0, {}, kNoQuantity}},
                       1);
  EXPECT_EQ(b.record_id(0), "X-1");
  EXPECT_EQ(b.record_id(1), "R10");  // text order: "R10" < "R9"
  EXPECT_EQ(b.record_id(2), "R9");
}

TEST(RecordBatch, AboutTwentyBytesARowWithPatternedIds) {
  std::vector<Row> rows;
  for (int i = 0; i < 1000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "R%06d", i);
    rows.push_back({id, static_cast<MemberIndex>(i % 10), 5 + i % 300, "info", "", "", "", "", 0, {}, kNoQuantity});
  }
  const auto b = build(rows, 10);
  EXPECT_LE(b.memory_bytes(), 1000u * 20 + 4096);
}

TEST(RecordBatch, IdsAreComparedBytewiseOnlyOnEqualDates) {
  const auto b = build({{"B", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"A", 0, 6, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"R10", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity},
                        {"R9", 0, 5, "info", "", "", "", "", 0, {}, kNoQuantity}},
                       1);
  EXPECT_EQ(b.record_id(0), "B");
  EXPECT_EQ(b.record_id(1), "R10");
  EXPECT_EQ(b.record_id(2), "R9");
  EXPECT_EQ(b.record_id(3), "A");
}

TEST(RecordBatch, EmptyBatchHasEmptyMemberRanges) {
  RecordBatchBuilder builder(3);
  const auto b = builder.finish();
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(b.member_count(), 3u);
  EXPECT_EQ(b.member_begin(2), b.member_end(2));
  EXPECT_GT(b.memory_bytes(), 0u);
}

TEST(RecordBatchBuilder, RefusesTooManyFlagsAndUnknownMembers) {
  RecordBatchBuilder builder(1);
  std::vector<std::string> names;
  for (int i = 0; i < 33; ++i) names.push_back("f" + std::to_string(i));
  RecordFields f;
  f.record_id = "R1";
  f.kind = "info";
  for (int i = 0; i < 32; ++i) f.flags.push_back(names[i]);
  EXPECT_EQ(builder.add(f), "");
  f.record_id = "R2";
  f.flags = {names[32]};
  EXPECT_NE(builder.add(f), "");
  f.flags = {names[0]};
  f.member = 1;
  EXPECT_NE(builder.add(f), "");
  const auto b = builder.finish();
  EXPECT_EQ(b.size(), 1u);  // refused rows leave no trace
  EXPECT_EQ(b.flags(0), 0xFFFFFFFFu);
}

TEST(RecordBatchBuilder, RefusesA256thKind) {
  RecordBatchBuilder builder(1);
  RecordFields f;
  std::string kind, id;
  for (int i = 1; i <= 256; ++i) {
    kind = "k" + std::to_string(i);
    id = "R" + std::to_string(i);
    f.kind = kind;
    f.record_id = id;
    EXPECT_EQ(builder.add(f).empty(), i <= 255) << i;
  }
  EXPECT_EQ(builder.finish().kinds().size(), 256u);  // absent + 255
}

TEST(RecordBatchBuilder, IsEmptyAfterFinish) {
  RecordBatchBuilder builder(1);
  RecordFields f;
  f.record_id = "R1";
  f.kind = "info";
  ASSERT_EQ(builder.add(f), "");
  EXPECT_EQ(builder.finish().size(), 1u);
  EXPECT_EQ(builder.finish().size(), 0u);
}

}  // namespace
}  // namespace dutyscore
