#include "dutyscore/action_lists.h"

#include <algorithm>

namespace dutyscore {

ActionLists action_lists(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                         const MultiYearResult* years) {
  std::vector<MemberIndex> by_id(members.size());
  for (MemberIndex m = 0; m < members.size(); ++m) by_id[m] = m;
  std::sort(by_id.begin(), by_id.end(),
            [&](MemberIndex a, MemberIndex b) { return members.id(a) < members.id(b); });
  ActionLists out;
  const std::size_t minimums = std::min<std::size_t>(rules.minimums.size(), 64);
  const std::size_t vetoes = std::min<std::size_t>(rules.vetoes.size(), 64);
  for (const MemberIndex m : by_id) {
    if (m >= scores.member_count()) continue;
    MemberAction unmet{m, {}}, vetoed{m, {}};
    if (!(scores.flags[m] & kNotServing))
      for (std::size_t i = 0; i < minimums; ++i)
        if (scores.unmet[m] >> i & 1) unmet.items.push_back(static_cast<int>(i));
    for (std::size_t i = 0; i < vetoes; ++i)
      if (scores.vetoes[m] >> i & 1) vetoed.items.push_back(static_cast<int>(i));
    if (!unmet.items.empty()) out.minimums_unmet.push_back(std::move(unmet));
    if (!vetoed.items.empty()) out.vetoed.push_back(std::move(vetoed));
    if (years != nullptr && m < years->flags.size() && !years->flags[m].empty()) {
      MemberAction flagged{m, {}};
      for (std::size_t f = 0; f < years->flags[m].size(); ++f) flagged.items.push_back(static_cast<int>(f));
      out.across_years.push_back(std::move(flagged));
    }
  }
  return out;
}

}  // namespace dutyscore
