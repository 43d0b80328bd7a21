#include "dutyscore/rank.h"

#include <algorithm>
#include <numeric>

namespace dutyscore {

void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores) {
  const std::size_t n = scores.totals.size();
  std::vector<int> tie_break;
  for (const auto& id : rules.ranking.tie_break) {
    const int c = rules.category_index(id);
    if (c >= 0) tie_break.push_back(c);
  }
  const VetoedRank vetoed_mode = rules.ranking.vetoed;
  // 0: ranked first, 1: ranked after them (vetoed, when "last"), 2: unranked.
  auto group_of = [&](std::size_t m) {
    if (scores.flags[m] & kNotServing) return 2;
    if (scores.flags[m] & kVetoed) {
      if (vetoed_mode == VetoedRank::Unranked) return 2;
      if (vetoed_mode == VetoedRank::Last) return 1;
    }
    return 0;
  };
  // Equal for ranking purposes: same group, total and tie-break subtotals.
  auto same_standing = [&](std::size_t a, std::size_t b) {
    if (group_of(a) != group_of(b) || scores.totals[a] != scores.totals[b]) return false;
    for (int c : tie_break)
      if (scores.subtotals(static_cast<Eigen::Index>(a), c) !=
          scores.subtotals(static_cast<Eigen::Index>(b), c))
        return false;
    return true;
  };
  auto before = [&](std::size_t a, std::size_t b) {
    if (group_of(a) != group_of(b)) return group_of(a) < group_of(b);
    if (scores.totals[a] != scores.totals[b]) return scores.totals[a] > scores.totals[b];
    for (int c : tie_break) {
      const Points x = scores.subtotals(static_cast<Eigen::Index>(a), c);
      const Points y = scores.subtotals(static_cast<Eigen::Index>(b), c);
      if (x != y) return x > y;
    }
    return members.id(static_cast<MemberIndex>(a)) < members.id(static_cast<MemberIndex>(b));
  };
  std::vector<MemberIndex> order(n);
  std::iota(order.begin(), order.end(), MemberIndex{0});
  std::sort(order.begin(), order.end(), before);

  scores.rank.assign(n, 0);
  std::int32_t position = 0;  // members placed so far among the ranked
  std::int32_t dense = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const MemberIndex m = order[i];
    if (group_of(m) == 2) break;  // the unranked are last and stay 0
    ++position;
    const bool tied = i > 0 && same_standing(order[i - 1], m);
    switch (rules.ranking.ties) {
      case TieMode::Competition:
        scores.rank[m] = tied ? scores.rank[order[i - 1]] : position;
        break;
      case TieMode::Dense:
        if (!tied) ++dense;
        scores.rank[m] = dense;
        break;
      case TieMode::Ordinal:
        scores.rank[m] = position;
        break;
    }
  }
  scores.order = std::move(order);
}

}  // namespace dutyscore
