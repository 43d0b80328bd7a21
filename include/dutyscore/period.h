// The evaluation period and the calendar arithmetic around it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dutyscore {

// A calendar day as the number of days since 1970-01-01.
using Day = std::int32_t;

// Parses a strict ISO date "YYYY-MM-DD" (years 0001..9999); nothing when
// malformed or not a real day (2024-02-30). Whether dutyscore supports the
// day is a separate question: supported_day_problem().
std::optional<Day> parse_day(std::string_view text);

// "YYYY-MM-DD" (any Day; years outside 0..9999 as digits with a sign).
std::string format_day(Day day);

// The Day of a valid proleptic Gregorian date (no validation).
Day days_from_civil(int year, int month, int day);

// The one range of dates dutyscore supports, at every entry (command line,
// rule file, members and records, archives, the C API): 1900-01-01 to
// 9999-12-31. Every calendar step inside it is exact and cannot fail.
inline constexpr int kFirstSupportedYear = 1900;
inline constexpr int kLastSupportedYear = 9999;
Day first_supported_day();
Day last_supported_day();
// "1900-01-01..9999-12-31", for messages.
const char* supported_range_text();

// The longest evaluation period: 100 years (36,525 days). Sub-period
// counters and the records' day offsets are sized for it.
inline constexpr int kMaxPeriodYears = 100;
inline constexpr Day kMaxPeriodDays = 36525;

// How a period is cut for per-sub-period minimums.
enum class Granularity { Whole, HalfYear, Quarter, Month };

// An inclusive range of days: records dated in [first, last] count.
struct Period {
  Day first = 0;
  Day last = -1;

  static Period calendar_year(int year);
  bool contains(Day day) const { return day >= first && day <= last; }
  std::int32_t days() const { return last - first + 1; }

  // The sub-periods of this period for `g`: calendar halves, quarters or
  // months, clipped to the period. Whole gives the period itself.
  std::vector<Period> split(Granularity g) const;

  // "2024-01-01..2024-12-31".
  std::string to_string() const;
};

// What is wrong with `day` as an input date ("the date 1850-01-01 is outside
// the supported range 1900-01-01..9999-12-31"), or nothing when supported.
std::optional<std::string> supported_day_problem(Day day);

// What is wrong with `period` as an evaluation period: an end outside the
// supported range, an end before the start, or more than kMaxPeriodYears.
// Nothing when it can be evaluated.
std::optional<std::string> period_problem(const Period& period);

// The part of `period` during which a member served (joined/left may be
// absent); nothing when the member did not serve in it at all. Inline: the
// scoring path asks it once per member.
inline std::optional<Period> served_part(const Period& period, std::optional<Day> joined,
                                         std::optional<Day> left) {
  Period p = period;
  if (joined && *joined > p.first) p.first = *joined;
  if (left && *left < p.last) p.last = *left;
  if (p.last < p.first) return std::nullopt;
  return p;
}

}  // namespace dutyscore
