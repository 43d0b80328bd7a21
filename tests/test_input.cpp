// Members and records from the interchange CSV layout: every bad cell is an
// error naming its file, line and column.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/period.h"
#include "input/office_values.h"
#include "input/record_rows.h"

namespace dutyscore {
namespace {

const char* const kMembers =
    "member_id,name,unit,sector,group,roles,joined,left\n"
    "M1,张明,一中,教育界,第一活动组,member;standing,2022-01-01,\n"
    "M2,李芳,医院,医药卫生界,第二活动组,member,2022-01-01,2025-06-30\n"
    "M3,王强,公司,经济界,第一活动组,member,2025-03-01,\n";

const char* const kRecordsHeader =
    "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n";

MemberTable members() {
  Problems p;
  auto t = read_members(kMembers, "members.csv", p);
  EXPECT_TRUE(t.has_value());
  return std::move(*t);
}

// The only problem reported, expected to be an error.
const Problem& only_error(const Problems& p) {
  EXPECT_EQ(p.all().size(), 1u);
  EXPECT_TRUE(p.has_errors());
  return p.all().front();
}

std::optional<RecordBatch> records(const std::string& rows, Problems& p) {
  static const MemberTable table = members();
  return read_records(std::string(kRecordsHeader) + rows, "records.csv", table, p);
}

TEST(MembersCsv, ReadsAllColumns) {
  const auto t = members();
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.id(0), "M1");
  EXPECT_EQ(t.name(0), "张明");
  EXPECT_EQ(t.unit(0), "一中");
  EXPECT_EQ(t.sector_names().text(t.sector(1)), "医药卫生界");
  EXPECT_EQ(t.group_names().text(t.group(2)), "第一活动组");
  EXPECT_EQ(t.group(0), t.group(2));
  const Code standing = t.role_names().find("standing");
  const Code member = t.role_names().find("member");
  ASSERT_NE(standing, kAbsent);
  EXPECT_TRUE(t.roles(0) & (RoleMask{1} << standing));
  EXPECT_FALSE(t.roles(1) & (RoleMask{1} << standing));
  EXPECT_TRUE(t.roles(1) & (RoleMask{1} << member));
  EXPECT_EQ(t.joined(0), parse_day("2022-01-01"));
  EXPECT_FALSE(t.left(0).has_value());
  EXPECT_EQ(t.left(1), parse_day("2025-06-30"));
  EXPECT_EQ(t.find("M3"), std::optional<MemberIndex>(2));
  EXPECT_FALSE(t.find("M4").has_value());
}

// The table keeps every member's texts end to end in one string: each view
// must be exactly its own field (empty ones too), a C string for the C API,
// and survive the switch from numbered ids to ids looked up by text.
TEST(MemberTable, TextsDatesAndLookupsSurviveTheCompactLayout) {
  MemberTable t;
  const Day first = first_supported_day(), last = last_supported_day();
  ASSERT_TRUE(t.add("M000001", "张明", "", "教育界", "第一活动组", {"member"}, first, std::nullopt));
  ASSERT_TRUE(t.add("M000002", "", "某某县人民医院", "", "", {}, std::nullopt, last));
  ASSERT_FALSE(t.add("M000002", "重复", "x", "", "", {}, std::nullopt, std::nullopt));
  ASSERT_FALSE(t.add("", "无号", "x", "", "", {}, std::nullopt, std::nullopt));
  // Not the numbered pattern: from here on ids are found by their text.
  ASSERT_TRUE(t.add("委员-甲", "李芳", "一中", "经济界", "第二活动组", {}, std::nullopt, std::nullopt));
  ASSERT_EQ(t.size(), 3u);
  const char* const ids[] = {"M000001", "M000002", "委员-甲"};
  const char* const names[] = {"张明", "", "李芳"};
  const char* const units[] = {"", "某某县人民医院", "一中"};
  for (MemberIndex m = 0; m < 3; ++m) {
    EXPECT_EQ(t.id(m), ids[m]);
    EXPECT_EQ(t.name(m), names[m]);
    EXPECT_EQ(t.unit(m), units[m]);
    EXPECT_STREQ(t.id(m).data(), ids[m]);  // NUL-terminated in place
    EXPECT_STREQ(t.name(m).data(), names[m]);
    EXPECT_STREQ(t.unit(m).data(), units[m]);
    EXPECT_EQ(t.find(ids[m]), std::optional<MemberIndex>(m));
  }
  EXPECT_FALSE(t.find("M000003").has_value());
  EXPECT_FALSE(t.find("M00000").has_value());
  // The first and last supported days are dates, not "no date".
  EXPECT_EQ(t.joined(0), first);
  EXPECT_FALSE(t.left(0).has_value());
  EXPECT_FALSE(t.joined(1).has_value());
  EXPECT_EQ(t.left(1), last);
  EXPECT_TRUE(t.ids_in_order());  // byte order: "委" (0xE5...) after "M"; refused adds do not count
  // Counted: at least the texts and one end, codes, roles and dates a member.
  EXPECT_GE(t.memory_bytes(), std::string("M000001张明M000002某某县人民医院委员-甲李芳一中").size() +
                                  3 * (3 * 8 + 2 * sizeof(Code) + sizeof(RoleMask) + 2 * sizeof(Day)));
}

TEST(MemberTable, NumberedIdsAreFoundWhetherOrNotTheyRunOnOneByOne) {
  MemberTable t;
  const auto add = [&t](const std::string& id) {
    return t.add(id, "", "", "", "", {}, std::nullopt, std::nullopt).has_value();
  };
  // One by one from M0100: each found by its distance to the first.
  for (int n = 100; n < 105; ++n) ASSERT_TRUE(add("M0" + std::to_string(n)));
  EXPECT_FALSE(add("M0102"));  // taken
  EXPECT_EQ(t.find("M0100"), std::optional<MemberIndex>(0));
  EXPECT_EQ(t.find("M0104"), std::optional<MemberIndex>(4));
  for (const char* none : {"M0099", "M0105", "M0000", "M9999", "M010", "N0100"})
    EXPECT_FALSE(t.find(none).has_value()) << none;
  // A gap, then a number back in it: the numbers no longer run on, and
  // every member is still found, the ones before as well.
  ASSERT_TRUE(add("M0107"));
  ASSERT_TRUE(add("M0105"));
  EXPECT_FALSE(add("M0107"));
  const std::pair<const char*, MemberIndex> found[] = {
      {"M0100", 0}, {"M0103", 3}, {"M0104", 4}, {"M0107", 5}, {"M0105", 6}};
  for (const auto& [id, m] : found) EXPECT_EQ(t.find(id), std::optional<MemberIndex>(m)) << id;
  for (const char* none : {"M0099", "M0106", "M0108"})
    EXPECT_FALSE(t.find(none).has_value()) << none;
}

TEST(MembersCsv, ColumnsInAnyOrderExtraColumnsIgnoredCellsTrimmed) {
  Problems p;
  const auto t = read_members(
      "phone,left,member_id,roles\n"
      "123, , M1 , member ; ;standing \n",
      "m.csv", p);
  ASSERT_TRUE(t.has_value()) << (p.empty() ? "" : format_problem(p.all()[0]));
  EXPECT_EQ(t->id(0), "M1");
  EXPECT_EQ(t->role_names().size(), 3u);  // absent, member, standing
  EXPECT_EQ(t->roles(0), (RoleMask{1} << 1) | (RoleMask{1} << 2));
  EXPECT_EQ(t->name(0), "");
  EXPECT_EQ(t->sector(0), kAbsent);
}

TEST(MembersCsv, MissingMemberIdColumnIsAnErrorAtLine1) {
  Problems p;
  EXPECT_FALSE(read_members("name,unit\n张明,一中\n", "m.csv", p).has_value());
  const auto& e = only_error(p);
  EXPECT_EQ(e.where.line, 1);
  EXPECT_EQ(e.where.field, "member_id");
}

TEST(MembersCsv, DuplicateMemberIdIsAnErrorNamingTheFirstLine) {
  Problems p;
  EXPECT_FALSE(read_members("member_id\nM1\nM2\nM1\n", "m.csv", p).has_value());
  const auto& e = only_error(p);
  EXPECT_EQ(e.where.line, 4);
  EXPECT_EQ(e.where.field, "member_id");
  EXPECT_EQ(e.message, "member id 'M1' already used on line 2");
}

TEST(MembersCsv, EmptyMemberIdIsAnError) {
  Problems p;
  EXPECT_FALSE(read_members("member_id,name\n ,张明\n", "m.csv", p).has_value());
  EXPECT_EQ(only_error(p).where.line, 2);
}

TEST(MembersCsv, BadJoinedAndLeftDatesAreErrors) {
  Problems p;
  EXPECT_FALSE(read_members("member_id,joined,left\n"
                            "M1,2024-02-30,\n"
                            "M2,2024-01-01,2024/05/32\n"
                            "M3,2024-05-01,2024-04-30\n",
                            "m.csv", p)
                   .has_value());
  ASSERT_EQ(p.error_count(), 3u);
  EXPECT_EQ(p.all()[0].where.line, 2);
  EXPECT_EQ(p.all()[0].where.field, "joined");
  EXPECT_EQ(p.all()[0].message,
            "joined date '2024-02-30' is not a date: write it as 2025-01-16, 2025/1/16, 2025.1.16 "
            "or 2025年1月16日");
  EXPECT_EQ(p.all()[1].where.line, 3);
  EXPECT_EQ(p.all()[1].where.field, "left");
  EXPECT_EQ(p.all()[2].where.line, 4);
  EXPECT_EQ(p.all()[2].where.field, "left");
  EXPECT_NE(p.all()[2].message.find("before the joined date"), std::string::npos);
}

TEST(MembersCsv, AllErrorsAreCollected) {
  Problems p;
  EXPECT_FALSE(read_members("member_id,joined\nM1,x\nM1,y\n,\n", "m.csv", p).has_value());
  EXPECT_EQ(p.error_count(), 4u);  // two bad dates, a duplicate, an empty id
}

TEST(RecordsCsv, ReadsARowIntoColumns) {
  Problems p;
  const auto b = records(
      "R1,M1,2025-03-05,proposal,joint,,P1,1,county,filed;key,\n"
      "R2,M2,2025-03-05,proposal,joint,,P1,2,,filed;key,\n"
      "R3,M1,2025-01-10,meeting,plenary,present,,,,,4.5\n",
      p);
  ASSERT_TRUE(b.has_value()) << format_problem(p.all()[0]);
  ASSERT_EQ(b->size(), 3u);
  // Sorted by member then date: R3 (M1, Jan), R1 (M1, Mar), R2 (M2).
  EXPECT_EQ(b->record_id(0), "R3");
  EXPECT_EQ(b->record_id(1), "R1");
  EXPECT_EQ(b->record_id(2), "R2");
  EXPECT_EQ(b->kinds().text(b->kind(0)), "meeting");
  EXPECT_EQ(b->statuses().text(b->status(0)), "present");
  EXPECT_EQ(b->quantity(0), 45000);
  EXPECT_EQ(b->quantity(1), kNoQuantity);
  EXPECT_EQ(b->position(1), 1);
  EXPECT_EQ(b->position(2), 2);
  EXPECT_EQ(b->levels().text(b->level(1)), "county");
  EXPECT_EQ(b->level(2), kAbsent);
  const Code filed = b->flag_names().find("filed");
  const Code key = b->flag_names().find("key");
  EXPECT_EQ(b->flags(1), (FlagMask{1} << (filed - 1)) | (FlagMask{1} << (key - 1)));
  EXPECT_EQ(b->flags(0), 0u);
  EXPECT_EQ(b->refs().text(b->ref(1)), "P1");
  EXPECT_EQ(b->item_size(1), 2);
  EXPECT_EQ(b->item_size(0), 1);
  EXPECT_EQ(b->member_begin(0), 0u);
  EXPECT_EQ(b->member_end(0), 2u);
  EXPECT_EQ(b->member_end(1), 3u);
  EXPECT_EQ(b->member_end(2), 3u);
}

TEST(RecordsCsv, EmptyCellsAreAbsentValues) {
  Problems p;
  const auto b = read_records(
      "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n"
      "R1,M1,2025-01-01,info,,,,,,,\n",
      "r.csv", members(), p);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->subtype(0), kAbsent);
  EXPECT_EQ(b->status(0), kAbsent);
  EXPECT_EQ(b->ref(0), kAbsent);
  EXPECT_EQ(b->position(0), 0);
  EXPECT_EQ(b->level(0), kAbsent);
  EXPECT_EQ(b->flags(0), 0u);
  EXPECT_EQ(b->quantity(0), kNoQuantity);
}

TEST(RecordsCsv, ExtraColumnsIgnoredAndOnlyRequiredColumnsNeeded) {
  Problems p;
  const auto b = read_records("remark,kind,date,member_id,record_id\n"
                              "说明,info,2025-02-01,M2,R9\n",
                              "r.csv", members(), p);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->record_id(0), "R9");
  EXPECT_EQ(b->member(0), 1u);
}

TEST(RecordsCsv, MissingRequiredColumnsAreErrorsAtLine1) {
  Problems p;
  EXPECT_FALSE(read_records("record_id,member_id\nR1,M1\n", "r.csv", members(), p).has_value());
  ASSERT_EQ(p.error_count(), 2u);
  EXPECT_EQ(p.all()[0].where.line, 1);
  EXPECT_EQ(p.all()[0].where.field, "date");
  EXPECT_EQ(p.all()[1].where.field, "kind");
}

TEST(RecordsCsv, UnknownMemberIsAnErrorWithLine) {
  Problems p;
  EXPECT_FALSE(records("R1,M1,2025-01-01,info,,,,,,,\nR2,X99,2025-01-01,info,,,,,,,\n", p));
  const auto& e = only_error(p);
  EXPECT_EQ(e.where.file, "records.csv");
  EXPECT_EQ(e.where.line, 3);
  EXPECT_EQ(e.where.field, "member_id");
  EXPECT_EQ(e.message, "member 'X99' is not in the members file");
}

TEST(RecordsCsv, InvalidDateIsAnErrorWithLineAndField) {
  Problems p;
  EXPECT_FALSE(records("R1,M1,2024-02-30,info,,,,,,,\n", p));
  const auto& e = only_error(p);
  EXPECT_EQ(e.where.line, 2);
  EXPECT_EQ(e.where.field, "date");
  EXPECT_EQ(e.message,
            "date '2024-02-30' is not a date: write it as 2025-01-16, 2025/1/16, 2025.1.16 or "
            "2025年1月16日");
}

TEST(RecordsCsv, DuplicateRecordIdIsAnErrorNamingTheFirstLine) {
  Problems p;
  EXPECT_FALSE(records("R001,M1,2025-01-01,info,,,,,,,\n"
                       "R002,M1,2025-01-01,info,,,,,,,\n"
                       "R001,M2,2025-01-02,info,,,,,,,\n",
                       p));
  const auto& e = only_error(p);
  EXPECT_EQ(e.where.line, 4);
  EXPECT_EQ(e.where.field, "record_id");
  EXPECT_EQ(e.message, "record id 'R001' already used on line 2");
}

TEST(RecordsCsv, BadPositionIsAnError) {
  for (const char* bad : {"x", "0", "65536", "1.5", "-1"}) {
    Problems p;
    EXPECT_FALSE(records(std::string("R1,M1,2025-01-01,proposal,joint,,P1,") + bad + ",,,\n", p));
    const auto& e = only_error(p);
    EXPECT_EQ(e.where.field, "position");
    EXPECT_EQ(e.message, std::string("position '") + bad + "' is not a whole number 1..65535");
  }
}

TEST(RecordsCsv, BadQuantityIsAnError) {
  for (const char* bad : {"-1", "abc", "1.00005", "300000"}) {
    Problems p;
    EXPECT_FALSE(records(std::string("R1,M1,2025-01-01,charity,volunteer,,,,,,") + bad + "\n", p));
    const auto& e = only_error(p);
    EXPECT_EQ(e.where.field, "quantity");
    EXPECT_EQ(e.message.rfind(std::string("quantity '") + bad +
                                  "' must be a non-negative decimal with at most 4 decimals",
                              0),
              0u)
        << e.message;
  }
}

TEST(RecordsCsv, EmptyRequiredCellsAreErrors) {
  Problems p;
  // record_id, member_id and date empty; kind is any non-empty text (valid
  // UTF-8: invalid bytes are an error of their own).
  EXPECT_FALSE(records(",,,k,,,,,,,\n", p));
  ASSERT_EQ(p.error_count(), 3u);
  EXPECT_EQ(p.all()[0].where.field, "record_id");
  EXPECT_EQ(p.all()[1].where.field, "member_id");
  EXPECT_EQ(p.all()[2].where.field, "date");
  Problems q;
  EXPECT_FALSE(records("R1,M1,2025-01-01, ,,,,,,,\n", q));
  EXPECT_EQ(only_error(q).where.field, "kind");
}

TEST(RecordsCsv, MalformedRowsAreErrorsAndNotSilentlyDropped) {
  Problems p;
  EXPECT_FALSE(records("R1,M1,2025-01-01,info\n", p));
  EXPECT_EQ(only_error(p).where.line, 2);
}

TEST(RecordsCsv, FlagsAreSplitTrimmedAndEmptyPartsIgnored) {
  Problems p;
  const auto b = records("R1,M1,2025-01-01,info,,,,,county, adopted ;; instructed ;,\n", p);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->flag_names().size(), 3u);
  EXPECT_EQ(b->flags(0), 3u);
}

TEST(RecordsCsv, MoreThan32DistinctFlagsIsAnError) {
  std::string flags;
  for (int i = 0; i < 33; ++i) flags += "f" + std::to_string(i) + ";";
  Problems p;
  EXPECT_FALSE(records("R1,M1,2025-01-01,info,,,,,," + flags + ",\n", p));
  const auto& e = only_error(p);
  EXPECT_EQ(e.where.field, "flags");
  EXPECT_NE(e.message.find("at most 32"), std::string::npos);
}

TEST(RecordsCsv, AllErrorsOfAFileAreReported) {
  Problems p;
  EXPECT_FALSE(records("R1,X,2025-01-01,info,,,,,,,\n"
                       "R2,M1,2025-13-01,info,,,,,,,\n"
                       "R3,M1,2025-01-01,info,,,,0,,,\n"
                       "R4,M1,2025-01-01,info,,,,,,,-2\n",
                       p));
  ASSERT_EQ(p.error_count(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(p.all()[i].where.line, i + 2);
}

// Dates of the ISO shape with one byte changed, in each place: the
// reader's check of the shape (a word at a time) lets through exactly the
// dates the office date parser reads, as the same days, and words an error
// on the line of every other; and no wrong date spoils the reader's memo of
// days for a good one that follows (every day of 2024-2026, after them).
TEST(RecordsCsv, DatesOneByteOffTheIsoShapeReadAsTheOfficeParserReadsThem) {
  std::string all_rows;
  std::vector<Day> good_days;
  std::vector<int> bad_lines;
  int id = 0;
  int slot_neighbours = 0;
  const Day base = *detail::parse_office_date("2025-06-15");
  const auto add = [&](const std::string& date, bool& good) {
    auto day = detail::parse_office_date(date);
    if (day && supported_day_problem(*day)) day.reset();
    // One file spans at most 179 years: other centuries are left out.
    if (day && (*day < base - 150 * 366 || *day > base + 150 * 366)) return;
    const std::string row = "R" + std::to_string(++id) + ",M1," + date + ",info,,,,,,,\n";
    all_rows += row;
    const int line = id + 1;
    good = day.has_value();
    if (good) {
      good_days.push_back(*day);
    } else {
      bad_lines.push_back(line);
    }
  };
  for (std::size_t at = 0; at < 20; ++at) {
    for (int c = 0x21; c < 0x7F; ++c) {
      if (c == ',' || c == '"') continue;
      // The second date's month digits make a month of a byte below '0'.
      std::string date = at < 10 ? "2025-06-15" : "2024-11-28";
      date[at % 10] = static_cast<char>(c);
      bool good = false;
      add(date, good);
      // Next to it (in the same part), the date whose memo slot a wrong
      // reading of its month and day digits would take.
      const int month = (date[5] - '0') * 10 + (date[6] - '0');
      const int day = (date[8] - '0') * 10 + (date[9] - '0');
      if (good || month < 1 || month > 12 || day < 1 || day > 31) continue;
      const bool year_digits = std::all_of(date.begin(), date.begin() + 4,
                                           [](char y) { return y >= '0' && y <= '9'; });
      char real[16];
      std::snprintf(real, sizeof real, "%s-%02d-%02d",
                    year_digits ? date.substr(0, 4).c_str() : "2025", month, day);
      add(real, good);
      ++slot_neighbours;
    }
  }
  ASSERT_GT(slot_neighbours, 10);
  ASSERT_GT(good_days.size(), 40u);
  ASSERT_GT(bad_lines.size(), 500u);
  const std::size_t wrong = bad_lines.size();  // all of the above
  const Day last = *detail::parse_office_date("2026-12-31");
  for (Day d = *detail::parse_office_date("2024-01-01"); d <= last; ++d) {
    bool good = false;
    add(format_day(d), good);
    ASSERT_TRUE(good) << format_day(d);
  }
  ASSERT_EQ(bad_lines.size(), wrong);
  // Kept going: the good rows with their days, the others set aside on
  // their lines.
  InputOptions keep;
  keep.keep_going = true;
  Problems problems;
  Quarantine quarantine;
  const MemberTable table = members();
  const auto batch = read_records(std::string(kRecordsHeader) + all_rows, "records.csv", table,
                                  keep, problems, &quarantine);
  ASSERT_TRUE(batch.has_value());
  std::vector<Day> read;
  for (const auto offset : batch->day_column()) read.push_back(batch->day_base() + offset);
  std::sort(read.begin(), read.end());
  std::sort(good_days.begin(), good_days.end());
  EXPECT_EQ(read, good_days);
  std::vector<int> set_aside;
  for (const auto& row : quarantine.rejected) {
    set_aside.push_back(static_cast<int>(row.line));
    EXPECT_EQ(row.reason.rfind("date: ", 0), 0u) << row.reason;
  }
  EXPECT_EQ(set_aside, bad_lines);
  // Without keep-going, an error on each of those lines and nothing else.
  Problems strict;
  EXPECT_FALSE(records(all_rows, strict).has_value());
  std::vector<int> error_lines;
  for (const auto& problem : strict.all()) {
    if (problem.severity != Severity::Error) continue;
    EXPECT_EQ(problem.where.field, "date") << format_problem(problem);
    error_lines.push_back(problem.where.line);
  }
  EXPECT_EQ(error_lines, bad_lines);
}

TEST(InputFiles, ReadFileReportsMissingFile) {
  Problems p;
  std::string text;
  EXPECT_FALSE(read_file("/nonexistent/dir/members.csv", text, p));
  EXPECT_EQ(only_error(p).where.file, "/nonexistent/dir/members.csv");
  Problems q;
  EXPECT_FALSE(read_file("/tmp", text, q));
  EXPECT_TRUE(q.has_errors());
}

TEST(InputFiles, ReadsTheWorkedMethodsData) {
  for (const char* method : {"tongcheng", "guangshui"}) {
    const std::string dir = std::string(DUTYSCORE_SOURCE_DIR) + "/tests/methods/" + method + "/";
    Problems p;
    std::string m, r;
    ASSERT_TRUE(read_file(dir + "members.csv", m, p));
    ASSERT_TRUE(read_file(dir + "records.csv", r, p));
    const auto table = read_members(m, "members.csv", p);
    ASSERT_TRUE(table.has_value()) << format_problem(p.all()[0]);
    const auto batch = read_records(r, "records.csv", *table, p);
    ASSERT_TRUE(batch.has_value()) << format_problem(p.all()[0]);
    EXPECT_GT(batch->size(), 0u);
  }
}

// The ids of rows left out come back as they went in, whether kept as a
// number of the first id's pattern or as text: other patterns, ids that
// only look alike, the widest number, long texts whose length takes two
// bytes, and a first id of no pattern.
TEST(LeftOutRows, IdsAndJointCellsComeBackAsAdded) {
  const std::vector<std::string> patterned{
      "R000000007", "R999999999", "R000000000", "R12345",  "X000000001", "R0000000001",
      "R00000000a", "提案-1",     "",           "R000000008", std::string(300, 'z')};
  const std::vector<std::string> unpatterned{"提案", "R000000001", "R000000002", "R1"};
  for (const auto* ids : {&patterned, &unpatterned}) {
    detail::LeftOutRows rows;
    for (const auto& id : *ids) {
      if (!id.empty()) rows.add_id(id);
    }
    std::vector<std::string> back;
    rows.for_each_id([&back](std::string_view id) { back.emplace_back(id); });
    std::vector<std::string> expected;
    for (const auto& id : *ids) {
      if (!id.empty()) expected.push_back(id);
    }
    EXPECT_EQ(back, expected);
    EXPECT_EQ(rows.id_count, expected.size());
  }
  detail::LeftOutRows rows;
  const std::vector<std::string_view> flags{"b", "联名"}, none;
  rows.add_joint("proposal", "J1", "joint", flags, 3, 7);
  rows.add_joint("info", std::string(200, 'r'), "", none, 0, detail::JointItems::kNoMember);
  std::vector<std::string> back;
  rows.for_each_joint([&back](const detail::LeftOutRows::Joint& row) {
    std::string flat = std::string(row.kind) + "|" + std::string(row.ref) + "|" +
                       std::string(row.subtype) + "|";
    for (const auto flag : row.flags) flat += std::string(flag) + ";";
    back.push_back(flat + "|" + std::to_string(row.position) + "|" + std::to_string(row.member));
  });
  EXPECT_EQ(back, (std::vector<std::string>{
                      "proposal|J1|joint|b;联名;|3|7",
                      "info|" + std::string(200, 'r') + "||" + "|0|4294967295"}));
}

}  // namespace
}  // namespace dutyscore
