#include "engine/parts.h"

#include <algorithm>
#include <numeric>

namespace dutyscore::detail {
namespace {

// The factor of a part for these bests; nothing when the part is left as
// it is (rescaled to a best that is not positive).
std::optional<Fraction> factor_of(const Part& part, Points best) {
  if (!part.to_best) return part.factor;
  if (best <= 0) return std::nullopt;
  return Fraction{part.best_points, best};
}

// "3/10", reduced.
std::string fraction_text(Fraction f) {
  const std::int64_t g = std::gcd(f.num, f.den);
  if (g > 1) f = Fraction{f.num / g, f.den / g};
  return f.den == 1 ? std::to_string(f.num) : std::to_string(f.num) + "/" + std::to_string(f.den);
}

}  // namespace

std::vector<Points> part_bests(const Plan& plan, const Scores& scores) {
  const RuleSet& rs = *plan.rules;
  const auto n = static_cast<Eigen::Index>(scores.member_count());
  // Members who may set the best: served in the period, no veto.
  Eigen::Matrix<bool, Eigen::Dynamic, 1> eligible(n);
  for (Eigen::Index m = 0; m < n; ++m)
    eligible(m) = (scores.flags[static_cast<std::size_t>(m)] & (kNotServing | kVetoed)) == 0;
  std::vector<Points> best(rs.parts.size(), 0);
  for (std::size_t p = 0; p < rs.parts.size(); ++p) {
    const Part& part = rs.parts[p];
    if (!part.to_best || n == 0) continue;
    // The part's total per member: the sum of its category columns.
    Eigen::Matrix<Points, Eigen::Dynamic, 1> total = Eigen::Matrix<Points, Eigen::Dynamic, 1>::Zero(n);
    for (const auto& id : part.categories) {
      const int c = rs.category_index(id);
      if (c >= 0) total += scores.subtotals.col(c);
    }
    bool any = false;
    Points highest = 0;
    for (Eigen::Index m = 0; m < n; ++m) {
      if (!eligible(m)) continue;
      highest = any ? std::max(highest, total(m)) : total(m);
      any = true;
    }
    best[p] = highest;
  }
  return best;
}

void rescale_member(const Plan& plan, const std::vector<Points>& best, Points* category,
                    std::vector<AuditLine>* lines) {
  const RuleSet& rs = *plan.rules;
  for (std::size_t p = 0; p < rs.parts.size(); ++p) {
    const Part& part = rs.parts[p];
    const auto factor = factor_of(part, best[p]);
    if (!factor) continue;
    Points raw_total = 0;
    for (const auto& id : part.categories) {
      const int c = rs.category_index(id);
      if (c >= 0) raw_total += category[c];
    }
    // Running total: rounded once per step, so the steps add up to the
    // part's total rounded once.
    WideInt running = 0;
    Points rounded_before = 0;
    bool first = true;
    for (const auto& id : part.categories) {
      const int c = rs.category_index(id);
      if (c < 0) continue;
      const Points raw = category[c];
      running += raw;
      const Points rounded = divide_half_up(running * factor->num, factor->den);
      const Points scaled = rounded - rounded_before;
      rounded_before = rounded;
      category[c] = scaled;
      if (lines != nullptr && (scaled != raw || first)) {
        AuditLine line;
        line.kind = AuditKind::Rescale;
        line.category = c;
        line.points = scaled - raw;
        const int precision = rs.precision;
        std::string how = part.to_best
                              ? "x " + format_points(part.best_points, precision) + " / " +
                                    format_points(best[p], precision) +
                                    " (the best member's points)"
                              : "x " + fraction_text(*factor);
        line.note = "part '" + part.id + "' " + format_points(raw_total, precision) + " " + how +
                    " = " + format_points(divide_half_up(static_cast<WideInt>(raw_total) *
                                                             factor->num,
                                                         factor->den),
                                          precision) +
                    "; this category " + format_points(raw, precision) + " -> " +
                    format_points(scaled, precision);
        lines->push_back(std::move(line));
      }
      first = false;
    }
  }
}

}  // namespace dutyscore::detail
