// Internal: small pieces of text the audit's writers share.
#pragma once

#include <cstdint>
#include <numeric>
#include <string>

#include "dutyscore/decimal.h"
#include "dutyscore/record_batch.h"

namespace dutyscore::detail {

// A share in lowest terms: "1/14", "1", "0".
inline std::string fraction_text(Fraction f) {
  const std::int64_t g = std::gcd(f.num, f.den);
  const Fraction r = g > 0 ? Fraction{f.num / g, f.den / g} : f;
  return r.den == 1 ? std::to_string(r.num) : std::to_string(r.num) + "/" + std::to_string(r.den);
}

// A quantity (units of 1/kQuantityScale) without trailing zeros: "7", "1.5".
inline std::string quantity_text(std::int64_t quantity) {
  std::string out = format_points(quantity, 4);
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace dutyscore::detail
