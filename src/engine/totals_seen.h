// Internal: what the scoring threads see of the members' totals and flags
// as they write them, handed to the ranking, which would otherwise pass
// over every member again to learn it.
#pragma once

#include <algorithm>
#include <cstdint>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore::detail {

struct TotalsSeen {
  bool any = false;          // a member seen: low and high hold
  Points low = 0, high = 0;  // the lowest and highest total
  std::uint8_t flags = 0;    // every member's MemberFlag bits, or-ed

  void add(Points total, std::uint8_t member_flags) {
    low = any ? std::min(low, total) : total;
    high = any ? std::max(high, total) : total;
    any = true;
    flags |= member_flags;
  }
  void add(const TotalsSeen& other) {
    if (!other.any) return;
    add(other.low, other.flags);
    high = std::max(high, other.high);
  }
};

// dutyscore::rank_members() for scores whose every member's total and
// flags `seen` saw (the same order and ranks, fewer passes).
void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores,
                  unsigned threads, const TotalsSeen& seen);

}  // namespace dutyscore::detail
