// Commendation lists ("双十佳"): the first N eligible members in ranking
// order, eligibility stated by the rule set (docs/rules.md §16).
#pragma once

#include <string>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

struct CommendationList {
  std::string id;
  std::string label;
  std::vector<MemberIndex> members;  // in ranking order
};

// Why `member` may not be on `list`: "" when eligible, else the first
// reason ("not ranked", "vetoed", "minimum unmet", "served 120 of 366
// days", "grade 良好").
std::string commendation_ineligibility(const Commendation& list, const RuleSet& rules,
                                       const MemberTable& members, const Scores& scores,
                                       const Period& period, MemberIndex member);

// Every list of the rule set, in the rule set's order. Each takes the
// eligible members in ranking order up to `top`; members tied at the
// boundary are all left out (BoundaryTies::Exclude) or all taken (Include).
std::vector<CommendationList> commendation_lists(const RuleSet& rules, const MemberTable& members,
                                                 const Scores& scores, const Period& period);

// table_csv() of the result's table (result_tables.h; src/output/results_csv.cpp).
// list,label,position,member_id,name,total,grade,rank — one row per member
// of each list.
std::string commendations_csv(const MemberTable& members, const RuleSet& rules,
                              const Scores& scores, const std::vector<CommendationList>& lists);

// A titled, aligned table per list, for a terminal.
std::string commendations_table(const MemberTable& members, const RuleSet& rules,
                                const Scores& scores, const std::vector<CommendationList>& lists);

}  // namespace dutyscore
