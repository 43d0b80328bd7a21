#include "engine/parts.h"

#include <algorithm>
#include <cstdint>
#include <limits>
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

// The category indexes of a part, in the order listed.
std::vector<int> part_columns(const RuleSet& rs, const Part& part) {
  std::vector<int> columns;
  for (const auto& id : part.categories) {
    const int c = rs.category_index(id);
    if (c >= 0) columns.push_back(c);
  }
  return columns;
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
    // The part's total per member: the sum of its category columns, in 128
    // bits (a part's categories alone may pass what a score holds).
    const std::vector<int> columns = part_columns(rs, part);
    bool any = false;
    WideInt highest = 0;
    MemberIndex holder = 0;
    for (Eigen::Index m = 0; m < n; ++m) {
      if (!eligible(m)) continue;
      WideInt total = 0;
      for (const int c : columns) total += scores.subtotals(m, c);
      if (!any || total > highest) {
        highest = total;
        holder = static_cast<MemberIndex>(m);
      }
      any = true;
    }
    if (highest > std::numeric_limits<Points>::max() || highest < std::numeric_limits<Points>::min())
      plan.overflow(holder, "the points of part '" + part.id + "'");
    best[p] = static_cast<Points>(highest);
  }
  return best;
}

PartScaling part_scaling(const Plan& plan, const std::vector<Points>& best) {
  const RuleSet& rs = *plan.rules;
  PartScaling scaling;
  for (std::size_t p = 0; p < rs.parts.size(); ++p) {
    PartScaling::Scaled& s = scaling.parts.emplace_back();
    s.part = &rs.parts[p];
    s.best = best[p];
    s.factor = factor_of(rs.parts[p], best[p]);
    if (s.factor) {
      const std::int64_t g = std::gcd(s.factor->num, s.factor->den);
      if (g > 1) s.factor = Fraction{s.factor->num / g, s.factor->den / g};
    }
    s.columns = part_columns(rs, rs.parts[p]);
  }
  return scaling;
}

namespace {

// round(value x factor), half away from zero, as divide_half_up_wide(); in
// 64-bit arithmetic when the product allows, which is nearly always (a
// 128-bit division per category and member cost more than the rest of
// rescaling).
WideInt scale_half_up(WideInt value, Fraction factor) {
  std::int64_t product = 0;
  if (value >= std::numeric_limits<std::int64_t>::min() &&
      value <= std::numeric_limits<std::int64_t>::max() &&
      !__builtin_mul_overflow(static_cast<std::int64_t>(value), factor.num, &product)) {
    const bool negative = product < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(product) : static_cast<std::uint64_t>(product);
    const auto den = static_cast<std::uint64_t>(factor.den);
    if (magnitude <= (std::numeric_limits<std::uint64_t>::max() - den) / 2 &&
        den <= std::numeric_limits<std::uint64_t>::max() / 2) {
      const auto q = static_cast<std::int64_t>((magnitude * 2 + den) / (den * 2));
      return negative ? -q : q;
    }
  }
  // |value| < 2^64·categories and num < 2^63: the product fits 128 bits.
  return divide_half_up_wide(value * factor.num, factor.den);
}

bool fits(WideInt v) {
  return v >= std::numeric_limits<Points>::min() && v <= std::numeric_limits<Points>::max();
}

}  // namespace

void rescale_member(const Plan& plan, const PartScaling& scaling, MemberIndex member,
                    Points* category, std::vector<AuditLine>* lines) {
  for (const PartScaling::Scaled& s : scaling.parts) {
    if (!s.factor) continue;
    const Fraction factor = *s.factor;
    const auto too_large = [&] { plan.overflow(member, "the points of part '" + s.part->id + "', rescaled,"); };
    // What the audit's lines show of the whole part: its raw and its
    // rescaled total (the scoring path needs neither).
    Points part_raw = 0, part_scaled = 0;
    if (lines != nullptr) {
      WideInt raw_total = 0;
      for (const int c : s.columns) raw_total += category[c];
      const WideInt scaled_total = scale_half_up(raw_total, factor);
      if (!fits(raw_total) || !fits(scaled_total)) too_large();
      part_raw = static_cast<Points>(raw_total);
      part_scaled = static_cast<Points>(scaled_total);
    }
    // Running total: rounded once per step, so the steps add up to the
    // part's total rounded once.
    WideInt running = 0;
    WideInt rounded_before = 0;
    bool first = true;
    for (const int c : s.columns) {
      const Points raw = category[c];
      running += raw;
      const WideInt rounded = scale_half_up(running, factor);
      const WideInt scaled = rounded - rounded_before;
      if (!fits(rounded) || !fits(scaled) || !fits(scaled - raw)) too_large();
      rounded_before = rounded;
      category[c] = static_cast<Points>(scaled);
      if (lines != nullptr && (scaled != raw || first)) {
        AuditLine line;
        line.kind = AuditKind::Rescale;
        line.category = c;
        line.points = static_cast<Points>(scaled - raw);
        line.part = static_cast<int>(s.part - plan.rules->parts.data());
        line.part_raw = part_raw;
        line.part_best = s.best;
        line.part_scaled = part_scaled;
        line.raw = raw;
        line.factor = factor;
        lines->push_back(std::move(line));
      }
      first = false;
    }
  }
}

Points rescaled_total(const Plan& plan, MemberIndex member, const Points* category) {
  Points total = 0;
  for (std::size_t c = 0; c < plan.rules->categories.size(); ++c)
    if (__builtin_add_overflow(total, category[c], &total))
      plan.overflow(member, "the points of its categories, rescaled,");
  return total;
}

}  // namespace dutyscore::detail
