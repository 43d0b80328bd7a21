// Internal: rescaling and weighting categories across members (`parts`,
// docs/rules.md §17), the step between scoring every member and ranking.
// The scoring path and the audit call the same function for a member, so
// the audit's rescale lines are the amounts the scores carry.
#pragma once

#include <vector>

#include "dutyscore/audit.h"
#include "dutyscore/scores.h"
#include "engine/evaluation_plan.h"

namespace dutyscore::detail {

// Per part of the rule set: the highest raw part total among the members
// who served and were not vetoed (0 when the part does not rescale to the
// best, or no member served). `scores` holds every member's raw subtotals
// and flags.
std::vector<Points> part_bests(const Plan& plan, const Scores& scores);

// Rescales one member's category points (`category`, the raw subtotals,
// by category index) in place, part by part: the part's running total is
// multiplied by its factor and rounded half up, and each category takes
// its step of it. With `lines`, a Rescale line per category of a part
// whose points the step changes (and always the first, to show the
// factor), so that the audit still adds up.
void rescale_member(const Plan& plan, const std::vector<Points>& best, Points* category,
                    std::vector<AuditLine>* lines);

}  // namespace dutyscore::detail
