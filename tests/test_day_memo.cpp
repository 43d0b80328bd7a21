// The dates of a file's rows through DayMemo (src/input/day_memo.h): each
// text gives the day the parsers give, whatever the order of years, and a
// text that is no supported date gives none; a members file's joined and
// left days of many years in no order read so on any thread count, its
// bad dates worded as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "input/day_memo.h"
#include "input/office_values.h"

namespace dutyscore {
namespace {

// What the memo must say of `text`: the office parser's day when it is a
// supported date.
bool expected_day(const std::string& text, Day& day) {
  const auto parsed = detail::parse_office_date(text);
  if (!parsed || supported_day_problem(*parsed)) return false;
  day = *parsed;
  return true;
}

TEST(DayMemo, EveryDayOfTwoCenturiesInNoOrderIsTheParsersDay) {
  std::vector<std::string> texts;
  for (Day d = *parse_day("1901-01-01"); d <= *parse_day("2100-12-31"); ++d)
    texts.push_back(format_day(d));
  std::mt19937 random(17);
  std::shuffle(texts.begin(), texts.end(), random);
  detail::DayMemo memo;
  for (int round = 0; round < 2; ++round) {  // the second time from what is kept
    for (const auto& text : texts) {
      Day want = 0, got = 0;
      ASSERT_TRUE(expected_day(text, want)) << text;
      ASSERT_TRUE(memo.parse(text, got)) << text;
      ASSERT_EQ(got, want) << text;
    }
  }
}

TEST(DayMemo, TextsThatAreNoSupportedDateGiveNone) {
  detail::DayMemo memo;
  Day day = 0;
  // Kept as known to be no date, and so again the second time; 1899 is
  // before the supported range.
  for (int round = 0; round < 2; ++round) {
    for (const char* text : {"2023-02-29", "2024-02-30", "2023-13-01", "2023-00-10", "2023-04-31",
                             "2023-01-00", "2023/02/30", "x023-01-01", "2023-01-0x", "0000-01-01",
                             "1899-12-31"}) {
      Day want = 0;
      EXPECT_FALSE(expected_day(text, want)) << text;
      EXPECT_FALSE(memo.parse(text, day)) << text;
    }
  }
  // Other shapes the office parser reads, and the ends of the range.
  for (const char* text : {"2025/1/16", "2025.1.16", "2025年1月16日", "2023-1-01", "2024-02-29",
                           "1900-01-01", "9999-12-31"}) {
    Day want = 0;
    ASSERT_TRUE(expected_day(text, want)) << text;
    ASSERT_TRUE(memo.parse(text, day)) << text;
    EXPECT_EQ(day, want) << text;
  }
}

TEST(DayMemo, AMembersFilesDaysOfManyYearsInNoOrder) {
  // Joined days in 2008-2027 and left days after them, in no order: years
  // that share the memo's place (2009, 2019) come in turn.
  std::mt19937 random(5);
  std::string csv = "member_id,name,joined,left\n";
  std::vector<std::string> joined, left;
  for (int m = 0; m < 3000; ++m) {
    const Day j = *parse_day("2008-01-01") + static_cast<Day>(random() % 7300);
    joined.push_back(format_day(j));
    left.push_back(m % 3 == 0 ? format_day(j + static_cast<Day>(random() % 900)) : "");
    csv += "M" + std::to_string(10000 + m) + ",委员" + std::to_string(m) + "," + joined.back() + "," +
           left.back() + "\n";
  }
  for (unsigned threads : {1u, 2u}) {
    for (std::size_t part_bytes : {std::size_t{0}, std::size_t{4096}}) {
      InputOptions options;
      options.threads = threads;
      options.part_bytes = part_bytes;
      Problems p;
      const auto table = read_members(csv, "m.csv", options, p, nullptr);
      ASSERT_TRUE(table.has_value()) << p.all().size();
      ASSERT_EQ(table->size(), joined.size());
      for (MemberIndex m = 0; m < table->size(); ++m) {
        ASSERT_EQ(table->joined(m), parse_day(joined[m])) << m;
        ASSERT_EQ(table->left(m), left[m].empty() ? std::nullopt : parse_day(left[m])) << m;
      }
    }
  }
  // A bad day among them is worded as before, at its line.
  csv += "M99999,委员,2019-02-29,\n";
  Problems p;
  EXPECT_FALSE(read_members(csv, "m.csv", p).has_value());
  ASSERT_EQ(p.error_count(), 1u);
  const Problem& bad = p.all()[0];
  EXPECT_EQ(bad.where.line, 3002);
  EXPECT_EQ(bad.where.field, "joined");
  EXPECT_EQ(bad.message.rfind("joined date '2019-02-29' is not a date: write it as", 0), 0u)
      << bad.message;
}

}  // namespace
}  // namespace dutyscore
