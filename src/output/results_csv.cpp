// The CSV files of every result: table_csv() of its table
// (result_tables.h), with ids as headers and codes in the cells, as
// programs read them.
#include "dutyscore/result_tables.h"

namespace dutyscore {

std::string member_flags(const RuleSet& rules, const Scores& scores, MemberIndex m) {
  return member_flags(rules, scores, m, HeaderStyle::Ids);
}

std::string scores_csv(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                       const ScoresFormatOptions& options) {
  return table_csv(table_of_scores(rules, members, scores, options, TableOptions{}));
}

std::string commendations_csv(const MemberTable& members, const RuleSet& rules,
                              const Scores& scores, const std::vector<CommendationList>& lists) {
  return table_csv(table_of_commendations(members, rules, scores, lists, TableOptions{}));
}

std::string groups_csv(const RuleSet& rules, const GroupScores& groups) {
  return table_csv(table_of_groups(rules, groups, TableOptions{}));
}

std::string multi_year_csv(const RuleSet& rules, const MemberTable& members,
                           const MultiYearResult& result, bool flagged_only) {
  return table_csv(table_of_years(rules, members, result, flagged_only, TableOptions{}));
}

std::string whatif_csv(const WhatIf& result, const MemberTable& members, bool changed_only) {
  return table_csv(table_of_whatif(result, members, changed_only, TableOptions{}));
}

}  // namespace dutyscore
