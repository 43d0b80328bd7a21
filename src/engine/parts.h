// Internal: rescaling and weighting categories across members (`parts`,
// docs/rules.md §18), the step between scoring every member and ranking.
// The scoring path and the audit call the same function for a member, so
// the audit's rescale lines are the amounts the scores carry.
#pragma once

#include <optional>
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

// What rescaling needs for every member, worked out once for the bests:
// each part's factor (none: the part is left as it is) and its category
// columns in the order listed.
struct PartScaling {
  struct Scaled {
    const Part* part = nullptr;
    std::optional<Fraction> factor;  // reduced
    Points best = 0;
    std::vector<int> columns;
  };
  std::vector<Scaled> parts;
};
PartScaling part_scaling(const Plan& plan, const std::vector<Points>& best);

// Rescales one member's category points (`category`, the raw subtotals,
// by category index) in place, part by part: the part's running total is
// multiplied by its factor and rounded half up, and each category takes
// its step of it. With `lines`, a Rescale line per category of a part
// whose points the step changes (and always the first, to show the
// factor), so that the audit still adds up. A rescaled amount a score
// cannot hold stops scoring with PointsOverflow naming `member` and the part.
void rescale_member(const Plan& plan, const PartScaling& scaling, MemberIndex member,
                    Points* category, std::vector<AuditLine>* lines);

// The member's total of its rescaled category points (`category`), checked
// like rescaling.
Points rescaled_total(const Plan& plan, MemberIndex member, const Points* category);

}  // namespace dutyscore::detail
