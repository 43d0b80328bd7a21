#include "dutyscore/guardrails.h"

namespace dutyscore {

void check_period_coverage(const RecordBatch& records, const Period& period,
                           const std::string& records_file, Problems& warnings) {
  std::size_t outside = 0;
  for (std::size_t row = 0; row < records.size(); ++row) {
    const Day day = records.date(row);
    outside += day < period.first || day > period.last ? 1 : 0;
  }
  const std::size_t all = records.size();
  if (outside * 2 <= all) return;
  warnings.warning(Location{records_file, 0, 0, {}},
                   std::to_string(outside) + " of " + std::to_string(all) +
                       " records are dated outside the period " + period.to_string() +
                       ", so the totals and grades count almost none of the duties; check the "
                       "year (--year, --from/--to, or the rule file's 'period')");
}

void check_term_coverage(const RuleSet& rules, int from_year, int to_year, Problems& warnings) {
  const int years = to_year - from_year + 1;
  if (years >= rules.term_years) return;
  for (const auto& rule : rules.across_years) {
    if (!rule.over_term) continue;
    const std::string label = rule.label.empty() || rule.label == rule.id
                                  ? "" : " (" + rule.label + ")";
    warnings.warning(rule.where,
                     "across-years rule '" + rule.id + "'" + label +
                         " counts over the term, but the run covers " + std::to_string(years) +
                         " year(s), " + std::to_string(from_year) + ".." +
                         std::to_string(to_year) + ", of a " + std::to_string(rules.term_years) +
                         "-year term ('term_years'): its counts cover part of a term; run "
                         "every year of the term");
  }
}

void check_list_lengths(const RuleSet& rules, const std::vector<CommendationList>& lists,
                        Problems& warnings) {
  for (const auto& list : lists) {
    for (const auto& c : rules.commendations) {
      if (c.id != list.id || static_cast<std::int64_t>(list.members.size()) <= c.top) continue;
      warnings.warning(c.where, "commendation list '" + c.id + "' (" + list.label + ") has " +
                                    std::to_string(list.members.size()) + " members for top " +
                                    std::to_string(c.top) +
                                    ": members tied at the boundary are all let in "
                                    "(ties: include)");
    }
  }
}

}  // namespace dutyscore
