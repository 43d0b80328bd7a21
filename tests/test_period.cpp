// Dates and periods: strict ISO parsing, calendar cuts.
#include <gtest/gtest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "dutyscore/period.h"

namespace dutyscore {
namespace {

TEST(Dates, ParsingAgreesWithBoostOnEveryDayFrom1900To2100) {
  namespace greg = boost::gregorian;
  const greg::date epoch(1970, 1, 1);
  for (greg::date d(1900, 1, 1); d <= greg::date(2100, 12, 31); d += greg::days(1)) {
    const std::string text = greg::to_iso_extended_string(d);
    const auto day = parse_day(text);
    ASSERT_TRUE(day.has_value()) << text;
    ASSERT_EQ(*day, (d - epoch).days()) << text;
    ASSERT_EQ(format_day(*day), text);
  }
}

TEST(Dates, NotARealDayIsRejected) {
  for (const char* bad : {"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
                          "2024-1-05", "2024/01/05", "20240105", "", "1399-12-31", "2024-01-0a"})
    EXPECT_FALSE(parse_day(bad).has_value()) << bad;
  EXPECT_TRUE(parse_day("2024-02-29").has_value());
  EXPECT_TRUE(parse_day("2000-02-29").has_value());
  EXPECT_FALSE(parse_day("1900-02-29").has_value());
}

TEST(Periods, QuartersOfAPartialYearAreClippedCalendarQuarters) {
  const Period p{*parse_day("2024-02-15"), *parse_day("2024-08-10")};
  const auto quarters = p.split(Granularity::Quarter);
  ASSERT_EQ(quarters.size(), 3u);
  EXPECT_EQ(quarters[0].to_string(), "2024-02-15..2024-03-31");
  EXPECT_EQ(quarters[1].to_string(), "2024-04-01..2024-06-30");
  EXPECT_EQ(quarters[2].to_string(), "2024-07-01..2024-08-10");
  EXPECT_EQ(Period::calendar_year(2024).split(Granularity::Month).size(), 12u);
  EXPECT_EQ(Period::calendar_year(2024).split(Granularity::HalfYear).size(), 2u);
}

TEST(Periods, ServedPartClipsToJoinAndLeaveDates) {
  const Period year = Period::calendar_year(2024);
  const auto part = served_part(year, parse_day("2024-07-01"), std::nullopt);
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->days(), 184);
  EXPECT_FALSE(served_part(year, parse_day("2025-01-01"), std::nullopt).has_value());
}

}  // namespace
}  // namespace dutyscore
