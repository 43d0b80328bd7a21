// Ranking members by total under the rule set's tie rule.
#pragma once

#include "dutyscore/members.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// Fills scores.rank and scores.order: total descending, then the rule set's
// tie-break categories descending, then member id ascending (the listing
// order of ties). Members not serving in the period are unranked and listed
// last, unless RuleSet::not_serving ranks them; vetoed members are placed as RuleSet::ranking.vetoed says.
// `threads` share the sorting of large committees; the result is the same.
void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores,
                  unsigned threads = 1);

}  // namespace dutyscore
