#include "rules/point_bounds.h"

#include <algorithm>
#include <limits>

#include "dutyscore/record_batch.h"

namespace dutyscore::detail {
namespace {

WideInt magnitude(WideInt v) { return v < 0 ? -v : v; }

// ceil(a / b) for a >= 0, b > 0.
WideInt ceil_div(WideInt a, WideInt b) { return (a + b - 1) / b; }

WideInt saturating_add(WideInt a, WideInt b) { return std::min(a + b, kBoundCeiling); }

// The largest quantity a record holds, in whole units rounded up.
const WideInt kLargestQuantity =
    ceil_div(std::numeric_limits<std::int32_t>::max(), kQuantityScale);

}  // namespace

WideInt saturating_mul(WideInt a, WideInt b) {
  WideInt product = 0;
  if (__builtin_mul_overflow(a, b, &product) || product > kBoundCeiling) return kBoundCeiling;
  return product;
}

WideInt max_points_per_record(const Rule& rule) {
  if (!rule.tiers.empty()) return 0;
  WideInt base = magnitude(rule.points);
  for (const auto& [level, points] : rule.points_table) base = std::max(base, magnitude(points));
  for (const auto& [position, points] : rule.share.position_points)
    base = std::max(base, magnitude(points));
  base = std::max(base, magnitude(rule.share.other_points));
  WideInt share = 1;
  if (rule.share.mode == ShareMode::Split && rule.share.first.den > 0) {
    const WideInt num = rule.share.first.num, den = rule.share.first.den;
    share = std::max<WideInt>(1, ceil_div(std::max(magnitude(num), magnitude(den - num)), den));
  }
  return saturating_mul(saturating_mul(base, share), rule.per_quantity ? kLargestQuantity : 1);
}

WideInt max_fixed_points(const RuleSet& rules, std::size_t subperiods) {
  WideInt sum = 0;
  for (const Category& c : rules.categories) {
    sum = saturating_add(sum, magnitude(c.start));
    if (c.max) sum = saturating_add(sum, magnitude(*c.max));
    if (c.floor) sum = saturating_add(sum, magnitude(*c.floor));
  }
  for (const Rule& r : rules.rules) {
    WideInt tier = 0;
    for (const Tier& t : r.tiers) tier = std::max(tier, magnitude(t.points));
    sum = saturating_add(sum, tier);
    if (r.max) sum = saturating_add(sum, magnitude(*r.max));
  }
  for (const Minimum& m : rules.minimums)
    sum = saturating_add(sum, saturating_mul(magnitude(m.penalty), static_cast<WideInt>(subperiods)));
  return sum;
}

WideInt max_member_points(const RuleSet& rules, WideInt records, std::size_t subperiods) {
  WideInt per_record = 0;
  for (const Rule& r : rules.rules) per_record = saturating_add(per_record, max_points_per_record(r));
  return saturating_add(saturating_mul(per_record, records), max_fixed_points(rules, subperiods));
}

bool fits_in_points(const RuleSet& rules, WideInt records, std::size_t subperiods) {
  constexpr WideInt kMax = std::numeric_limits<Points>::max();
  // Twice the bound: a cut the audit shows (a maximum minus a sum) is a
  // difference of two amounts within it.
  return saturating_mul(max_member_points(rules, records, subperiods), 2) <= kMax &&
         saturating_mul(records, std::numeric_limits<std::int32_t>::max()) <= kMax;
}

}  // namespace dutyscore::detail
