// Internal: what the scoring threads see of the members' totals and flags
// as they write them, handed to the ranking, which would otherwise pass
// over every member again to learn it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore::detail {

struct TotalsSeen {
  // The lowest and highest total; low > high while no member was seen.
  Points low = std::numeric_limits<Points>::max();
  Points high = std::numeric_limits<Points>::min();
  std::uint8_t flags = 0;  // every member's MemberFlag bits, or-ed

  bool any() const { return low <= high; }
  void add(Points total, std::uint8_t member_flags) {
    low = std::min(low, total);
    high = std::max(high, total);
    flags |= member_flags;
  }
  void add(const TotalsSeen& other) {
    low = std::min(low, other.low);
    high = std::max(high, other.high);
    flags |= other.flags;
  }
};

// dutyscore::rank_members() for scores whose every member's total and
// flags `seen` saw (the same order and ranks, fewer passes).
void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores,
                  unsigned threads, const TotalsSeen& seen);

}  // namespace dutyscore::detail
