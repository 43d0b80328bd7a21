// Grade quotas ("优秀 at most 15% of members"): a post-ranking step that
// moves the members over a band's quota down to the next band.
#pragma once

#include <cstddef>

#include "dutyscore/members.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// True when the ranking cannot tell a and b apart: equal totals and equal
// subtotals in every tie-break category of the rule set. Quota and list
// boundaries treat such members alike (BoundaryTies).
bool same_standing(const RuleSet& rules, const Scores& scores, MemberIndex a, MemberIndex b);

// How many members a quota allows out of `graded` graded members: the count,
// or the share rounded down ("at most 15%" of 31 is 4).
std::size_t quota_limit(const Quota& quota, std::size_t graded);

// Applies every band's quota, highest band first, in ranking order
// (scores.order must be filled): the members of a band beyond its limit
// take the next band, where that band's own quota then applies to them as
// well. Members tied at the boundary all drop (BoundaryTies::Exclude) or
// all stay (Include). Graded members are those with a grade who served in
// the period. Called at the end of rank_members().
void apply_grade_quotas(const RuleSet& rules, Scores& scores);

}  // namespace dutyscore
