#include "dutyscore/quota.h"

#include <algorithm>
#include <vector>

namespace dutyscore {

bool same_standing(const RuleSet& rules, const Scores& scores, MemberIndex a, MemberIndex b) {
  if (scores.totals[a] != scores.totals[b]) return false;
  for (const auto& id : rules.ranking.tie_break) {
    const int c = rules.category_index(id);
    if (c < 0 || c >= scores.subtotals.cols()) continue;
    if (scores.subtotals(static_cast<Eigen::Index>(a), c) !=
        scores.subtotals(static_cast<Eigen::Index>(b), c))
      return false;
  }
  return true;
}

std::size_t quota_limit(const Quota& quota, std::size_t graded) {
  if (quota.is_count) return static_cast<std::size_t>(quota.count);
  if (quota.share.den <= 0) return 0;
  // Rounded down: a quota is a ceiling ("at most").
  const WideInt allowed = static_cast<WideInt>(graded) * quota.share.num / quota.share.den;
  return static_cast<std::size_t>(allowed);
}

void apply_grade_quotas(const RuleSet& rules, Scores& scores) {
  const std::size_t n = scores.member_count();
  if (scores.grade.size() != n || scores.order.size() != n) return;
  // Most methods have no quota: then the count of graded members below
  // (a pass over every member) is not needed.
  if (std::none_of(rules.grades.begin(), rules.grades.end(),
                   [](const auto& grade) { return grade.quota.has_value(); }))
    return;
  // Members who did not serve count only where the rule set ranks them.
  const bool count_not_serving = rules.not_serving == NotServing::Ranked;
  auto graded = [&](MemberIndex m) {
    return scores.grade[m] >= 0 &&
           (count_not_serving || !(scores.flags.size() == n && (scores.flags[m] & kNotServing)));
  };
  std::size_t graded_count = 0;
  for (MemberIndex m = 0; m < n; ++m) graded_count += graded(m) ? 1 : 0;

  // The last band has no band below it (the loader refuses a quota there).
  for (std::size_t g = 0; g + 1 < rules.grades.size(); ++g) {
    const auto& quota = rules.grades[g].quota;
    if (!quota) continue;
    std::vector<MemberIndex> holders;
    for (MemberIndex m : scores.order)
      if (graded(m) && scores.grade[m] == static_cast<int>(g)) holders.push_back(m);
    const std::size_t limit = quota_limit(*quota, graded_count);
    if (holders.size() <= limit) continue;
    std::size_t keep = limit;
    if (keep > 0 && same_standing(rules, scores, holders[keep - 1], holders[keep])) {
      if (quota->ties == BoundaryTies::Exclude) {
        const MemberIndex first_out = holders[keep];
        while (keep > 0 && same_standing(rules, scores, holders[keep - 1], first_out)) --keep;
      } else {
        const MemberIndex last_in = holders[keep - 1];
        while (keep < holders.size() && same_standing(rules, scores, holders[keep], last_in)) ++keep;
      }
    }
    for (std::size_t i = keep; i < holders.size(); ++i)
      scores.grade[holders[i]] = static_cast<int>(g + 1);
  }
}

}  // namespace dutyscore
