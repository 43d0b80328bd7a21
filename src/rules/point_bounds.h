// Internal: how large the amounts of a rule set can get. The engine proves
// from these bounds, once per evaluation, that no sum of a member can leave
// the 64 bits of Points (and then adds without checks); `check` warns when
// a rule set could get there for a member with very many records.
#pragma once

#include <cstddef>

#include "dutyscore/decimal.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

// Bounds are 128-bit and saturate here: far beyond any Points value, and
// products of bounds stay representable.
constexpr WideInt kBoundCeiling = WideInt{1} << 100;

// a x b, or kBoundCeiling when that is larger (a, b >= 0).
WideInt saturating_mul(WideInt a, WideInt b);

// The most one record can add to (or take from) a member's points under
// `rule`: the largest points it names, times the largest share factor,
// times the largest quantity when it counts by quantity. 0 for tier rules
// (their points come once, from a tier).
WideInt max_points_per_record(const Rule& rule);

// The most a member's points can move apart from the records themselves:
// starts, caps and floors (and what capping cuts), tier points, and each
// minimum's penalty for each of `subperiods` sub-periods.
WideInt max_fixed_points(const RuleSet& rules, std::size_t subperiods);

// The largest magnitude any sum of one member can reach with at most
// `records` records of the largest quantity, and
// `subperiods` sub-periods per minimum.
WideInt max_member_points(const RuleSet& rules, WideInt records, std::size_t subperiods);

// True when a member with `records` records cannot overflow any sum: the
// points (with a margin for the cuts the audit shows), and the quantities
// summed for tiers.
bool fits_in_points(const RuleSet& rules, WideInt records, std::size_t subperiods);

}  // namespace dutyscore::detail
