#include "dutyscore/groups.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "dutyscore/chinese_order.h"
#include "engine/condition_match.h"

namespace dutyscore {
namespace {

Code group_of(const MemberTable& members, MemberIndex m, bool by_sector) {
  return by_sector ? members.sector(m) : members.group(m);
}

const Dictionary& names_of(const MemberTable& members, bool by_sector) {
  return by_sector ? members.sector_names() : members.group_names();
}

// Index of the sub-period holding `day` (sub-periods are consecutive).
std::size_t sub_period_of(const std::vector<Period>& subs, Day day) {
  auto it = std::upper_bound(subs.begin(), subs.end(), day,
                             [](Day d, const Period& p) { return d < p.first; });
  return static_cast<std::size_t>(it - subs.begin()) - 1;
}

// The map's entries, names in natural Chinese order.
std::vector<std::pair<std::string, std::vector<MemberIndex>>> in_chinese_order(
    const std::map<std::string, std::vector<MemberIndex>>& members_of) {
  std::vector<std::pair<std::string, std::vector<MemberIndex>>> out(members_of.begin(),
                                                                     members_of.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return chinese_less(a.first, b.first); });
  return out;
}

}  // namespace

GroupScores score_groups(const RuleSet& rules, const MemberTable& members,
                         const RecordBatch& records, const Period& period, const Scores& scores) {
  const GroupScoring& cfg = rules.groups;
  GroupScores out;
  out.by_sector = cfg.by_sector;
  const Dictionary& dict = names_of(members, cfg.by_sector);

  // Groups sorted by name so output does not depend on member order.
  std::map<std::string, std::vector<MemberIndex>> by_name;
  for (MemberIndex m = 0; m < members.size(); ++m) {
    const Code c = group_of(members, m, cfg.by_sector);
    if (c != kAbsent) by_name[std::string(dict.text(c))].push_back(m);
  }

  std::vector<detail::ConditionMatcher> matchers;
  std::vector<std::vector<Period>> subs;
  for (const auto& q : cfg.quotas) {
    matchers.emplace_back(q.when, members, records, rules.blank_position);
    subs.push_back(period.split(q.per));
  }

  for (const auto& [name, list] : by_name) {
    GroupResult g;
    g.name = name;
    g.members = list;
    WideInt sum = 0;
    for (MemberIndex m : list) {
      if (scores.flags[m] & kNotServing) continue;
      ++g.serving;
      sum += scores.totals[m];
      if (!(scores.flags[m] & kMinimumUnmet)) ++g.meeting_minimums;
    }
    if (g.serving > 0) {
      g.average_total = divide_half_up(sum, g.serving);
      if (cfg.members_total) g.members_points += g.average_total;
      g.members_points += divide_half_up(static_cast<WideInt>(cfg.minimums_points) * g.meeting_minimums,
                                         g.serving);
    }
    g.total = g.members_points;
    for (std::size_t qi = 0; qi < cfg.quotas.size(); ++qi) {
      const GroupQuota& q = cfg.quotas[qi];
      const auto& sp = subs[qi];
      // Distinct items per sub-period: a joint item (kind, ref) counts once.
      std::vector<std::int64_t> counts(sp.size(), 0);
      std::vector<std::set<std::pair<Code, Code>>> seen(sp.size());
      for (MemberIndex m : list) {
        for (std::size_t row = records.member_begin(m); row < records.member_end(m); ++row) {
          const Day d = records.date(row);
          if (!period.contains(d) || !matchers[qi].matches(row, m)) continue;
          const std::size_t s = sub_period_of(sp, d);
          const Code ref = records.ref(row);
          if (ref != kAbsent && !seen[s].insert({records.kind(row), ref}).second) continue;
          ++counts[s];
        }
      }
      QuotaOutcome o;
      o.periods = static_cast<int>(sp.size());
      o.required = q.at_least * (q.per_member ? static_cast<std::int64_t>(g.serving) : 1);
      for (std::size_t s = 0; s < sp.size(); ++s) {
        o.items += counts[s];
        if (counts[s] >= o.required) ++o.met;
      }
      o.points = q.points * o.met - q.penalty * (o.periods - o.met);
      if (g.serving > 0) g.total += o.points;
      g.quotas.push_back(o);
    }
    if (g.serving == 0) g.total = 0;
    out.groups.push_back(std::move(g));
  }

  // Competition ranking of groups with serving members; ties share a rank.
  for (std::size_t i = 0; i < out.groups.size(); ++i) out.order.push_back(i);
  std::stable_sort(out.order.begin(), out.order.end(), [&](std::size_t a, std::size_t b) {
    const auto& ga = out.groups[a];
    const auto& gb = out.groups[b];
    if ((ga.serving > 0) != (gb.serving > 0)) return ga.serving > 0;
    return ga.total > gb.total;  // names already ascending: stable keeps them
  });
  for (std::size_t i = 0; i < out.order.size(); ++i) {
    GroupResult& g = out.groups[out.order[i]];
    if (g.serving == 0) continue;
    if (i > 0 && out.groups[out.order[i - 1]].serving > 0 &&
        out.groups[out.order[i - 1]].total == g.total) {
      g.rank = out.groups[out.order[i - 1]].rank;
    } else {
      g.rank = static_cast<std::int32_t>(i + 1);
    }
  }
  return out;
}


CategoryAverages category_averages(const RuleSet& rules, const MemberTable& members,
                                   const Scores& scores, bool by_sector) {
  const Dictionary& dict = names_of(members, by_sector);
  std::map<std::string, std::vector<MemberIndex>> members_of;
  for (MemberIndex m = 0; m < members.size(); ++m) {
    const Code c = group_of(members, m, by_sector);
    if (c != kAbsent && !(scores.flags[m] & kNotServing)) members_of[std::string(dict.text(c))].push_back(m);
  }
  const auto by_name = in_chinese_order(members_of);
  CategoryAverages out;
  const std::size_t nc = rules.categories.size();
  for (const auto& [name, list] : by_name) {
    out.names.push_back(name);
    out.counts.push_back(static_cast<std::uint32_t>(list.size()));
    std::vector<Points> avg(nc, 0);
    for (std::size_t c = 0; c < nc; ++c) {
      WideInt sum = 0;
      for (MemberIndex m : list) sum += scores.subtotals(m, static_cast<Eigen::Index>(c));
      avg[c] = divide_half_up(sum, static_cast<WideInt>(list.size()));
    }
    out.averages.push_back(std::move(avg));
    WideInt total = 0;
    for (MemberIndex m : list) total += scores.totals[m];
    out.totals.push_back(divide_half_up(total, static_cast<WideInt>(list.size())));
  }
  return out;
}

}  // namespace dutyscore
