// Internal: the dates of a file's rows, each distinct text parsed once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>

#include "base/short_text.h"
#include "dutyscore/period.h"
#include "input/input_rows.h"
#include "input/office_values.h"

namespace dutyscore::detail {

// parse_day() remembered for "YYYY-MM-DD" texts, a year in each of eight
// places (by the year's last digit, modulo 8): a file holds few distinct
// dates, a records file's mostly of one year with some of the year before
// or after mixed in, a members file's joined days of several years in no
// order (with two places, taken by the last two years, nearly every fifth
// row of bench/compare's members cleared one).
class DayMemo {
 public:
  // False when the text is not a valid date.
  bool parse(std::string_view text, Day& out) {
    if (text.size() != 10 || !iso_shape(text.data())) return parse_uncached(text, out);
    const int month = (text[5] - '0') * 10 + (text[6] - '0');
    const int day = (text[8] - '0') * 10 + (text[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) return parse_uncached(text, out);
    Year& year = years_[(text[3] - '0') % kYears];  // years in a row differ in it
    // memcmp of a fixed 4 bytes is one compare (string_view::compare was a call).
    if (std::memcmp(text.data(), year.text, 4) != 0) {
      text.copy(year.text, 4);
      std::fill(std::begin(year.known), std::end(year.known), kUnknown);
    }
    std::int64_t& known = year.known[(month - 1) * 31 + (day - 1)];
    if (known == kUnknown) {
      const auto parsed = parse_supported_day(text);
      known = parsed ? static_cast<std::int64_t>(*parsed) : kInvalid;
    }
    out = static_cast<Day>(known);
    return known != kInvalid;
  }

 private:
  // parse_day() within the supported range: a date outside it is worded
  // by parse_date_cell().
  static std::optional<Day> parse_supported_day(std::string_view text) {
    const auto day = parse_day(text);
    if (day && supported_day_problem(*day)) return std::nullopt;
    return day;
  }
  // An office date within the supported range, likewise.
  static bool parse_uncached(std::string_view text, Day& out) {
    auto day = parse_office_date(text);
    if (day && supported_day_problem(*day)) day.reset();
    if (day) out = *day;
    return day.has_value();
  }
  static bool digit(char c) { return c >= '0' && c <= '9'; }
  // Whether the 10 bytes at p are "DDDD-DD-DD" (D a digit): the first
  // eight as one word (a byte loop was a tenth of a row's checks).
  static bool iso_shape(const char* p) {
    if (!digit(p[8]) || !digit(p[9])) return false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    constexpr std::uint64_t kDigits = 0x00FFFF00FFFFFFFFULL;  // bytes 0-3, 5, 6
    constexpr std::uint64_t kDashes = 0x2D00002D00000000ULL;  // bytes 4 and 7
    const std::uint64_t w = short_text::load<8>(p);
    // A digit is 0x30..0x39: its high nibble is 3, also after adding 6.
    const std::uint64_t high = 0xF0F0F0F0F0F0F0F0ULL & kDigits;
    const std::uint64_t three = 0x3030303030303030ULL & kDigits;
    return (w & ~kDigits) == kDashes && (w & high) == three &&
           (((w & kDigits) + (0x0606060606060606ULL & kDigits)) & high) == three;
#else
    return p[4] == '-' && p[7] == '-' && std::all_of(p, p + 4, digit) && digit(p[5]) &&
           digit(p[6]);
#endif
  }
  static constexpr std::int64_t kUnknown = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kInvalid = kUnknown + 1;
  struct Year {
    char text[4] = {};  // not digits: matches no date until set
    std::int64_t known[12 * 31] = {};  // filled with kUnknown when the year is set
  };
  static constexpr int kYears = 8;
  Year years_[kYears];
};

// parse_date_cell() through `dates`, which keeps the days of date texts
// seen before (a part's rows, on one thread; null: none kept). The cell's
// place (`field` on `line`) is made only for a message: made for every
// row, it took a string or two a cell. Inline: it runs on every row.
inline std::optional<Day> parse_date_cell(std::string_view text, const char* what,
                                          const FilePlaces& places, std::uint32_t line,
                                          const char* field, DayMemo* dates, Problems& problems,
                                          bool& ok) {
  if (text.empty()) return std::nullopt;
  Day day = 0;
  if (dates != nullptr && dates->parse(text, day)) return day;
  // Not a date the memo keeps; or the memo and the parser disagree (they
  // must not): the parser's day, never a row without one.
  return parse_date_cell(text, what, places.at(line, field), problems, ok);
}

}  // namespace dutyscore::detail
