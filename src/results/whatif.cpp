#include "dutyscore/whatif.h"

#include <algorithm>
#include <set>

#include "dutyscore/csv.h"
#include "base/text_util.h"

namespace dutyscore {

namespace {

// Per member, the ids of the lists it is on.
std::vector<std::set<std::string>> memberships(const std::vector<CommendationList>& lists,
                                               std::size_t n) {
  std::vector<std::set<std::string>> on(n);
  for (const auto& list : lists)
    for (MemberIndex m : list.members) on[m].insert(list.id);
  return on;
}

}  // namespace

WhatIf compare_sides(const WhatIfSide& old_side, const WhatIfSide& new_side,
                     const MemberTable& members) {
  WhatIf out;
  const int p_old = old_side.scores.precision, p_new = new_side.scores.precision;
  out.precision = std::max(p_old, p_new);
  const std::int64_t up_old = scale_of(out.precision - p_old);
  const std::int64_t up_new = scale_of(out.precision - p_new);
  const std::size_t n = members.size();
  const auto on_old = memberships(old_side.lists, n);
  const auto on_new = memberships(new_side.lists, n);

  WhatIfSummary& s = out.summary;
  WideInt change_sum = 0;
  for (MemberIndex m : new_side.scores.order) {
    WhatIfRow r;
    r.member = m;
    r.old_total = old_side.scores.totals[m] * up_old;
    r.new_total = new_side.scores.totals[m] * up_new;
    r.old_rank = old_side.scores.rank[m];
    r.new_rank = new_side.scores.rank[m];
    r.old_grade = grade_label(*old_side.rules, old_side.scores, m);
    r.new_grade = grade_label(*new_side.rules, new_side.scores, m);
    for (const auto& id : on_new[m])
      if (!on_old[m].count(id)) r.lists_entered.push_back(id);
    for (const auto& id : on_old[m])
      if (!on_new[m].count(id)) r.lists_left.push_back(id);

    ++s.members;
    const Points d = r.change();
    change_sum += d;
    if (d != 0) ++s.totals_changed;
    s.max_increase = std::max(s.max_increase, d);
    s.max_decrease = std::min(s.max_decrease, d);
    if (r.old_rank != r.new_rank) ++s.ranks_changed;
    if (r.old_grade != r.new_grade) {
      ++s.grades_changed;
      ++s.grade_moves[{r.old_grade, r.new_grade}];
    }
    s.lists_entered += r.lists_entered.size();
    s.lists_left += r.lists_left.size();
    out.rows.push_back(std::move(r));
  }
  if (s.members > 0) s.mean_change = divide_half_up(change_sum, static_cast<WideInt>(s.members));
  return out;
}

WhatIf what_if(const RuleSet& old_rules, const RuleSet& new_rules, const MemberTable& members,
               const RecordBatch& records, const Period& period, const EvaluateOptions& options) {
  WhatIfSide old_side{&old_rules, evaluate(old_rules, members, records, period, options), {}};
  old_side.lists = commendation_lists(old_rules, members, old_side.scores, period);
  WhatIfSide new_side{&new_rules, evaluate(new_rules, members, records, period, options), {}};
  new_side.lists = commendation_lists(new_rules, members, new_side.scores, period);
  return compare_sides(old_side, new_side, members);
}


std::string whatif_summary(const WhatIf& result) {
  const WhatIfSummary& s = result.summary;
  auto signed_points = [&](Points v) {
    return (v > 0 ? "+" : "") + format_points(v, result.precision);
  };
  std::string out = std::to_string(s.members) + " members: " + std::to_string(s.totals_changed) +
                    " totals changed, " + std::to_string(s.ranks_changed) + " ranks changed, " +
                    std::to_string(s.grades_changed) + " grades changed, " +
                    std::to_string(s.lists_entered) + " list entries, " +
                    std::to_string(s.lists_left) + " list exits\n";
  out += "change: mean " + signed_points(s.mean_change) + ", largest increase " +
         signed_points(s.max_increase) + ", largest decrease " + signed_points(s.max_decrease) +
         "\n";
  for (const auto& [move, count] : s.grade_moves) {
    out += "grade " + (move.first.empty() ? std::string("(none)") : move.first) + " -> " +
           (move.second.empty() ? std::string("(none)") : move.second) + ": " +
           std::to_string(count) + "\n";
  }
  return out;
}

std::string whatif_table(const WhatIf& result, const MemberTable& members) {
  using detail::display_width;
  using detail::pad;
  std::vector<std::vector<std::string>> rows = {
      {"member", "name", "old", "new", "change", "old rank", "new rank", "old grade", "new grade",
       "lists"}};
  for (const auto& r : result.rows) {
    if (!r.crosses()) continue;
    std::string lists;
    for (const auto& id : r.lists_entered) lists += (lists.empty() ? "+" : " +") + id;
    for (const auto& id : r.lists_left) lists += (lists.empty() ? "-" : " -") + id;
    rows.push_back({std::string(members.id(r.member)), std::string(members.name(r.member)),
                    format_points(r.old_total, result.precision),
                    format_points(r.new_total, result.precision),
                    format_points(r.change(), result.precision), std::to_string(r.old_rank),
                    std::to_string(r.new_rank), r.old_grade, r.new_grade, lists});
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], display_width(row[k]));
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const bool right = k >= 2 && k <= 6;
      line += (k > 0 ? "  " : "") + pad(row[k], widths[k], right);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out + "\n" + whatif_summary(result);
}

}  // namespace dutyscore
