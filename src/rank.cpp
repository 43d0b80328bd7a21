#include "dutyscore/rank.h"

#include "dutyscore/quota.h"

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
  // Ties are listed by member id. Member files are almost always sorted by
  // id already; then the index is the id order and no string is compared.
  std::vector<std::uint32_t> id_rank(n);
  std::iota(id_rank.begin(), id_rank.end(), 0u);
  bool sorted_ids = true;
  for (std::size_t m = 1; m < n && sorted_ids; ++m)
    sorted_ids = members.id(static_cast<MemberIndex>(m - 1)) < members.id(static_cast<MemberIndex>(m));
  if (!sorted_ids) {
    std::vector<MemberIndex> by_id(n);
    std::iota(by_id.begin(), by_id.end(), MemberIndex{0});
    std::sort(by_id.begin(), by_id.end(),
              [&](MemberIndex a, MemberIndex b) { return members.id(a) < members.id(b); });
    for (std::size_t i = 0; i < n; ++i) id_rank[by_id[i]] = static_cast<std::uint32_t>(i);
  }
  // Sort keys: group, then total descending (as an unsigned number that
  // grows as the total falls), then the id order.
  struct Key {
    int group;
    std::uint64_t total_desc;
    std::uint32_t id_rank;
    MemberIndex member;
  };
  std::vector<Key> keys(n);
  for (std::size_t m = 0; m < n; ++m)
    keys[m] = Key{group_of(m), ~(static_cast<std::uint64_t>(scores.totals[m]) ^ (std::uint64_t{1} << 63)),
                  id_rank[m], static_cast<MemberIndex>(m)};
  auto before = [&](const Key& a, const Key& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.total_desc != b.total_desc) return a.total_desc < b.total_desc;
    for (int c : tie_break) {
      const Points x = scores.subtotals(static_cast<Eigen::Index>(a.member), c);
      const Points y = scores.subtotals(static_cast<Eigen::Index>(b.member), c);
      if (x != y) return x > y;
    }
    return a.id_rank < b.id_rank;
  };
  std::sort(keys.begin(), keys.end(), before);
  std::vector<MemberIndex> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = keys[i].member;

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
  // Quotas need the ranking order; they are part of grading, not scoring.
  apply_grade_quotas(rules, scores);
}

}  // namespace dutyscore
