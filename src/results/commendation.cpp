#include "dutyscore/commendation.h"

#include <algorithm>

#include "dutyscore/csv.h"
#include "dutyscore/quota.h"
#include "base/text_util.h"

namespace dutyscore {

namespace {

}  // namespace

std::string commendation_ineligibility(const Commendation& list, const RuleSet& rules,
                                       const MemberTable& members, const Scores& scores,
                                       const Period& period, MemberIndex member) {
  const std::uint8_t flags = scores.flags[member];
  if ((flags & kNotServing) || scores.rank[member] == 0) return "not ranked";
  if (list.no_veto && (flags & kVetoed)) return "vetoed";
  if (list.minimums_met && (flags & kMinimumUnmet)) return "minimum unmet";
  if (list.served_at_least) {
    const auto served = served_part(period, members.joined(member), members.left(member));
    const std::int64_t days = served ? served->days() : 0;
    // days / period days >= num / den, exactly.
    if (static_cast<WideInt>(days) * list.served_at_least->den <
        static_cast<WideInt>(list.served_at_least->num) * period.days())
      return "served " + std::to_string(days) + " of " + std::to_string(period.days()) + " days";
  }
  if (!list.grades.empty()) {
    const std::string g = grade_label(rules, scores, member);
    if (std::find(list.grades.begin(), list.grades.end(), g) == list.grades.end())
      return "grade " + (g.empty() ? std::string("none") : g);
  }
  return "";
}

std::vector<CommendationList> commendation_lists(const RuleSet& rules, const MemberTable& members,
                                                 const Scores& scores, const Period& period) {
  std::vector<CommendationList> out;
  for (const auto& c : rules.commendations) {
    CommendationList list{c.id, c.label.empty() ? c.id : c.label, {}};
    std::vector<MemberIndex> eligible;
    for (MemberIndex m : scores.order)
      if (commendation_ineligibility(c, rules, members, scores, period, m).empty())
        eligible.push_back(m);
    std::size_t keep = std::min<std::size_t>(static_cast<std::size_t>(c.top), eligible.size());
    if (keep > 0 && keep < eligible.size() &&
        same_standing(rules, scores, eligible[keep - 1], eligible[keep])) {
      if (c.ties == BoundaryTies::Exclude) {
        const MemberIndex first_out = eligible[keep];
        while (keep > 0 && same_standing(rules, scores, eligible[keep - 1], first_out)) --keep;
      } else {
        const MemberIndex last_in = eligible[keep - 1];
        while (keep < eligible.size() && same_standing(rules, scores, eligible[keep], last_in)) ++keep;
      }
    }
    list.members.assign(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(keep));
    out.push_back(std::move(list));
  }
  return out;
}


std::string commendations_table(const MemberTable& members, const RuleSet& rules,
                                const Scores& scores, const std::vector<CommendationList>& lists) {
  using detail::display_width;
  using detail::pad;
  std::string out;
  for (const auto& list : lists) {
    if (!out.empty()) out += '\n';
    out += list.label + " (" + list.id + "): " + std::to_string(list.members.size()) + " member(s)\n";
    std::vector<std::vector<std::string>> rows = {{"#", "member", "name", "total", "grade", "rank"}};
    std::size_t position = 0;
    for (MemberIndex m : list.members)
      rows.push_back({std::to_string(++position), std::string(members.id(m)), std::string(members.name(m)),
                      format_points(scores.totals[m], scores.precision),
                      grade_label(rules, scores, m), std::to_string(scores.rank[m])});
    std::vector<std::size_t> widths(rows[0].size(), 0);
    for (const auto& row : rows)
      for (std::size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], display_width(row[k]));
    for (const auto& row : rows) {
      std::string line;
      for (std::size_t k = 0; k < row.size(); ++k) {
        const bool right = k == 0 || k == 3 || k == 5;
        line += (k > 0 ? "  " : "") + pad(row[k], widths[k], right);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + '\n';
    }
  }
  return out;
}

}  // namespace dutyscore
