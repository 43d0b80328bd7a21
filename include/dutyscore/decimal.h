// Exact decimal points: scaled 64-bit integers, never floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dutyscore {

// An amount of points in units of 10^-precision of a point (with precision 2,
// 1234 means 12.34). The precision is the rule set's; every amount that
// flows through one evaluation uses the same one.
using Points = std::int64_t;

// The largest precision a rule set may state.
constexpr int kMaxPrecision = 6;

// 10^precision, for precision in [0, kMaxPrecision].
std::int64_t scale_of(int precision);

// Parses a plain decimal ("12", "-1.5", "0.25") into units of 10^-precision.
// Returns nothing when the text is not a decimal, has more decimals than
// `precision`, or does not fit.
std::optional<Points> parse_points(std::string_view text, int precision);

// Formats units of 10^-precision as a decimal with exactly `precision`
// decimals ("12.50", "-0.07").
std::string format_points(Points value, int precision);

// A 128-bit integer for intermediate products (points x share x quantity)
// that can exceed 64 bits before the division brings them back.
__extension__ typedef __int128 WideInt;

// numerator / denominator rounded half away from zero (how offices round
// by hand: 1.665 -> 1.67, -1.665 -> -1.67). denominator must be positive.
// This is the one place where a share is rounded.
Points divide_half_up(WideInt numerator, WideInt denominator);
// The same, before it is narrowed to Points: a caller that cannot rule out
// a quotient beyond 64 bits checks it.
WideInt divide_half_up_wide(WideInt numerator, WideInt denominator);

// How an amount that falls between two units is rounded, where a rule set
// may choose (pro-rated minimums and starting points).
enum class Rounding {
  HalfUp,  // half away from zero (1.5 -> 2, -1.5 -> -2)
  Up,      // to the unit above (ceiling: 0.1 -> 1, -0.9 -> 0)
  Down,    // to the unit below (floor: 0.9 -> 0, -0.1 -> -1)
};

// numerator / denominator rounded as `rounding` says. denominator must be
// positive.
Points divide_rounded(WideInt numerator, WideInt denominator, Rounding rounding);

// A non-negative exact fraction, used for shares ("1/2") and quantities.
struct Fraction {
  std::int64_t num = 1;
  std::int64_t den = 1;
};

// -1, 0 or 1 as a < b, a == b, a > b, exactly (cross-multiplied in 128
// bits). REQUIRES positive denominators.
int compare_fractions(Fraction a, Fraction b);

// Parses "1/2", "0.5" or "1" into a fraction. Nothing when malformed,
// negative or with a zero denominator.
std::optional<Fraction> parse_fraction(std::string_view text);

}  // namespace dutyscore
