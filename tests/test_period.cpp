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
                          "2024-1-05", "2024/01/05", "20240105", "", "0000-12-31", "2024-01-0a"})
    EXPECT_FALSE(parse_day(bad).has_value()) << bad;
  EXPECT_TRUE(parse_day("2024-02-29").has_value());
  EXPECT_TRUE(parse_day("2000-02-29").has_value());
  EXPECT_FALSE(parse_day("1900-02-29").has_value());
}

TEST(Dates, TheSupportedRangeIs1900To9999AndItsEndsAreExact) {
  namespace greg = boost::gregorian;
  const greg::date epoch(1970, 1, 1);
  EXPECT_EQ(first_supported_day(), (greg::date(1900, 1, 1) - epoch).days());
  EXPECT_EQ(last_supported_day(), (greg::date(9999, 12, 31) - epoch).days());
  EXPECT_FALSE(supported_day_problem(first_supported_day()).has_value());
  EXPECT_FALSE(supported_day_problem(last_supported_day()).has_value());
  EXPECT_EQ(supported_day_problem(first_supported_day() - 1).value_or(""),
            "the date 1899-12-31 is outside the dates dutyscore supports (1900-01-01..9999-12-31)");
  EXPECT_EQ(format_day(last_supported_day() + 1), "10000-01-01");
  // Every day of the last years formats as Boost does (Boost stops at 9999).
  for (greg::date d(9990, 1, 1); d <= greg::date(9999, 12, 31); d += greg::days(1))
    ASSERT_EQ(format_day(static_cast<Day>((d - epoch).days())), greg::to_iso_extended_string(d));
}

TEST(Periods, TheLastSupportedYearSplitsIntoMonthsEndingOn9999_12_31) {
  const Period year = Period::calendar_year(9999);
  EXPECT_FALSE(period_problem(year).has_value());
  const auto months = year.split(Granularity::Month);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.back().to_string(), "9999-12-01..9999-12-31");
  EXPECT_EQ(year.split(Granularity::HalfYear).back().to_string(), "9999-07-01..9999-12-31");
}

TEST(Periods, APeriodOutsideTheRangeOrLongerThan100YearsIsRefused) {
  EXPECT_EQ(period_problem(Period{*parse_day("2024-02-01"), *parse_day("2024-01-01")}).value_or(""),
            "the period 2024-02-01..2024-01-01 ends before it starts");
  EXPECT_EQ(period_problem(Period{*parse_day("1900-01-01"), *parse_day("2000-12-31")}).value_or(""),
            "the period 1900-01-01..2000-12-31 is longer than 100 years, the longest dutyscore "
            "evaluates");
  EXPECT_FALSE(period_problem(Period{*parse_day("1900-01-01"), *parse_day("1999-12-31")}));
  EXPECT_TRUE(period_problem(Period{*parse_day("1899-12-31"), *parse_day("1900-12-31")}));
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
