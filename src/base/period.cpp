#include "dutyscore/period.h"

#include <boost/date_time/gregorian/gregorian.hpp>

namespace dutyscore {
namespace {

namespace greg = boost::gregorian;

const greg::date& epoch() {
  static const greg::date e(1970, 1, 1);
  return e;
}

Day to_day(const greg::date& d) { return static_cast<Day>((d - epoch()).days()); }
greg::date to_date(Day day) { return epoch() + greg::days(day); }

}  // namespace

// Days since 1970-01-01 of a valid civil date (H. Hinnant's algorithm):
// plain integer arithmetic, because parsing dates is on the ingest path of
// every record. Boost.Date_Time does the calendar work elsewhere, and the
// tests check the two agree on every day.
Day days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<Day> parse_day(std::string_view text) {
  // Strict YYYY-MM-DD: Boost alone would accept "2024-1-5" and month names.
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
  if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;  // Boost's range
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string format_day(Day day) { return greg::to_iso_extended_string(to_date(day)); }

Period Period::calendar_year(int year) {
  const auto y = static_cast<unsigned short>(year);
  return Period{to_day(greg::date(y, 1, 1)), to_day(greg::date(y, 12, 31))};
}

std::vector<Period> Period::split(Granularity g) const {
  std::vector<Period> out;
  if (last < first) return out;
  if (g == Granularity::Whole) {
    out.push_back(*this);
    return out;
  }
  const int months = g == Granularity::Month ? 1 : g == Granularity::Quarter ? 3 : 6;
  greg::date start = to_date(first);
  // Sub-periods follow the calendar: they start on a month that is a
  // multiple of their length (Jan, Apr, Jul, Oct for quarters).
  const int month0 = (start.month() - 1) / months * months + 1;
  greg::date cursor(start.year(), static_cast<unsigned short>(month0), 1);
  while (to_day(cursor) <= last) {
    const greg::date next = cursor + greg::months(months);
    const Day a = std::max(first, to_day(cursor));
    const Day b = std::min(last, to_day(next) - 1);
    out.push_back(Period{a, b});
    cursor = next;
  }
  return out;
}

std::string Period::to_string() const { return format_day(first) + ".." + format_day(last); }

}  // namespace dutyscore
