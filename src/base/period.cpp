#include "dutyscore/period.h"

#include <algorithm>
#include <cstdio>

namespace dutyscore {
namespace {

struct Civil {
  int year, month, day;
};

// The civil date of a Day (H. Hinnant's algorithm, the inverse of
// days_from_civil): exact for every int32 day, so no date in or near the
// supported range can make a calendar step fail.
Civil civil_from_days(Day z32) {
  const std::int64_t z = static_cast<std::int64_t>(z32) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

}  // namespace

// Days since 1970-01-01 of a valid civil date (H. Hinnant's algorithm):
// plain integer arithmetic, because parsing dates is on the ingest path of
// every record. The tests check it against Boost.Date_Time on every day.
Day days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<Day> parse_day(std::string_view text) {
  // Strict YYYY-MM-DD: no "2024-1-5", no month names.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = 0; i < lengths[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const int y = parts[0], m = parts[1], d = parts[2];
  if (y < 1 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string format_day(Day day) {
  const Civil c = civil_from_days(day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buffer;
}

Day first_supported_day() { return days_from_civil(kFirstSupportedYear, 1, 1); }
Day last_supported_day() { return days_from_civil(kLastSupportedYear, 12, 31); }
const char* supported_range_text() { return "1900-01-01..9999-12-31"; }

std::optional<std::string> supported_day_problem(Day day) {
  if (day >= first_supported_day() && day <= last_supported_day()) return std::nullopt;
  return "the date " + format_day(day) + " is outside the dates dutyscore supports (" +
         supported_range_text() + ")";
}

std::optional<std::string> period_problem(const Period& period) {
  for (const Day end : {period.first, period.last})
    if (auto problem = supported_day_problem(end)) return problem;
  if (period.last < period.first)
    return "the period " + period.to_string() + " ends before it starts";
  if (period.days() > kMaxPeriodDays)
    return "the period " + period.to_string() + " is longer than " +
           std::to_string(kMaxPeriodYears) + " years, the longest dutyscore evaluates";
  return std::nullopt;
}

Period Period::calendar_year(int year) {
  return Period{days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)};
}

std::vector<Period> Period::split(Granularity g) const {
  std::vector<Period> out;
  if (last < first) return out;
  if (g == Granularity::Whole) {
    out.push_back(*this);
    return out;
  }
  const int months = g == Granularity::Month ? 1 : g == Granularity::Quarter ? 3 : 6;
  const Civil start = civil_from_days(first);
  // Sub-periods follow the calendar: they start on a month that is a
  // multiple of their length (Jan, Apr, Jul, Oct for quarters). Plain
  // month arithmetic: the cut after 9999-12 is 10000-01-01, which is fine.
  int year = start.year, month0 = (start.month - 1) / months * months;  // 0-based
  for (;;) {
    const Day cursor = days_from_civil(year, month0 + 1, 1);
    if (cursor > last) break;
    month0 += months;
    if (month0 >= 12) {
      month0 -= 12;
      ++year;
    }
    const Day next = days_from_civil(year, month0 + 1, 1);
    out.push_back(Period{std::max(first, cursor), std::min(last, next - 1)});
  }
  return out;
}

std::string Period::to_string() const { return format_day(first) + ".." + format_day(last); }

}  // namespace dutyscore
