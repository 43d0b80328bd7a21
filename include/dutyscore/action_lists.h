// The members an office must act on after a run: those with a minimum duty
// unmet (which), those vetoed (by which rule), and, when several years were
// scored, those an across-years rule flags (约谈, 不再连任). The office
// summary and the workbook list them.
#pragma once

#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// One member on one list, with what put it there.
struct MemberAction {
  MemberIndex member = 0;
  // MinimumUnmet: RuleSet::minimums indices; Veto: RuleSet::vetoes indices;
  // AcrossYears: indices into MultiYearResult::flags[member]. Ascending.
  std::vector<int> items;
};

struct ActionLists {
  std::vector<MemberAction> minimums_unmet;  // serving members only
  std::vector<MemberAction> vetoed;
  std::vector<MemberAction> across_years;    // empty without years
  bool empty() const {
    return minimums_unmet.empty() && vetoed.empty() && across_years.empty();
  }
};

// The lists of one run (`scores`, under `rules`), and of `years` when given
// (the same members scored over several years). Members in ascending
// member id order (the same on every machine, whatever the input order).
ActionLists action_lists(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                         const MultiYearResult* years = nullptr);

}  // namespace dutyscore
