// The office summary a clerk acts on: members and records counted, the
// distribution of totals, grade counts with percentages, averages by sector
// and by group, the group ranking, the commendation lists, and the action
// lists (minimum unmet, vetoed, flagged across years). Every table fits the
// A4 width; names are in natural Chinese order (chinese_order.h).
#pragma once

#include <string>
#include <vector>

#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/members.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/period.h"
#include "dutyscore/report_options.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// What the office summary shows beyond the scores. Each may be empty.
struct SummaryExtras {
  std::vector<CommendationList> commendations;  // from commendation_lists()
  const GroupScores* groups = nullptr;          // from score_groups(), or none
  // From evaluate_years() over the same members (the summary's year among
  // them): adds the across-years action list (约谈, 不再连任).
  const MultiYearResult* years = nullptr;
};

std::string office_summary_html(const RuleSet& rules, const MemberTable& members,
                                const Scores& scores, const Period& period,
                                const SummaryExtras& extras, const ReportOptions& options = {});

}  // namespace dutyscore
