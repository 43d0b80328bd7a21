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
  if (parts[0] < 1400 || parts[0] > 9999) return std::nullopt;  // Boost's range
  try {
    return to_day(greg::date(static_cast<unsigned short>(parts[0]),
                             static_cast<unsigned short>(parts[1]),
                             static_cast<unsigned short>(parts[2])));
  } catch (const std::exception&) {
    return std::nullopt;
  }
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

std::optional<Period> served_part(const Period& period, std::optional<Day> joined,
                                  std::optional<Day> left) {
  Period p = period;
  if (joined && *joined > p.first) p.first = *joined;
  if (left && *left < p.last) p.last = *left;
  if (p.last < p.first) return std::nullopt;
  return p;
}

}  // namespace dutyscore
