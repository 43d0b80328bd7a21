#include "dutyscore/decimal.h"

#include <cstdlib>
#include <limits>

namespace dutyscore {

std::int64_t scale_of(int precision) {
  std::int64_t s = 1;
  for (int i = 0; i < precision; ++i) s *= 10;
  return s;
}

std::optional<Points> parse_points(std::string_view text, int precision) {
  if (text.empty() || precision < 0 || precision > kMaxPrecision) return std::nullopt;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  WideInt whole = 0;
  int digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  }
  WideInt frac = 0;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      // Trailing zeros beyond the precision are harmless ("1.500" at 2).
      if (frac_digits >= precision) {
        if (text[i] != '0') return std::nullopt;
        continue;
      }
      frac = frac * 10 + (text[i] - '0');
      ++frac_digits;
      ++digits;
    }
  }
  if (i != text.size() || digits == 0) return std::nullopt;
  for (int k = frac_digits; k < precision; ++k) frac *= 10;
  const WideInt value = whole * scale_of(precision) + frac;
  if (value > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return static_cast<Points>(negative ? -value : value);
}

std::string format_points(Points value, int precision) {
  const bool negative = value < 0;
  // Work in unsigned so that INT64_MIN does not overflow.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value)
                                     : static_cast<std::uint64_t>(value);
  const auto scale = static_cast<std::uint64_t>(scale_of(precision));
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / scale);
  if (precision > 0) {
    std::string frac = std::to_string(magnitude % scale);
    out += '.';
    out.append(static_cast<std::size_t>(precision) - frac.size(), '0');
    out += frac;
  }
  return out;
}

WideInt divide_half_up_wide(WideInt numerator, WideInt denominator) {
  const bool negative = numerator < 0;
  const WideInt magnitude = negative ? -numerator : numerator;
  // magnitude / d + (remainder >= d/2): the same as (2m + d) / 2d without
  // doubling m, which could overflow near the 128-bit limit.
  const WideInt q = magnitude / denominator;
  const WideInt r = magnitude % denominator;
  const WideInt rounded = q + (r >= denominator - r ? 1 : 0);
  return negative ? -rounded : rounded;
}

Points divide_half_up(WideInt numerator, WideInt denominator) {
  return static_cast<Points>(divide_half_up_wide(numerator, denominator));
}

Points divide_rounded(WideInt numerator, WideInt denominator, Rounding rounding) {
  if (rounding == Rounding::HalfUp) return divide_half_up(numerator, denominator);
  // C++ division truncates toward zero: step to the floor or the ceiling.
  WideInt q = numerator / denominator;
  const bool exact = q * denominator == numerator;
  if (!exact && rounding == Rounding::Up && numerator > 0) ++q;
  if (!exact && rounding == Rounding::Down && numerator < 0) --q;
  return static_cast<Points>(q);
}

int compare_fractions(Fraction a, Fraction b) {
  const WideInt left = static_cast<WideInt>(a.num) * b.den;
  const WideInt right = static_cast<WideInt>(b.num) * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

std::optional<Fraction> parse_fraction(std::string_view text) {
  const auto slash = text.find('/');
  if (slash != std::string_view::npos) {
    auto num = parse_points(text.substr(0, slash), 0);
    auto den = parse_points(text.substr(slash + 1), 0);
    if (!num || !den || *num < 0 || *den <= 0) return std::nullopt;
    return Fraction{*num, *den};
  }
  constexpr int kDigits = 6;
  auto value = parse_points(text, kDigits);
  if (!value || *value < 0) return std::nullopt;
  return Fraction{*value, scale_of(kDigits)};
}

}  // namespace dutyscore
