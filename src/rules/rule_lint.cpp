#include "rules/rule_lint.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "dutyscore/decimal.h"
#include "dutyscore/period.h"
#include "rules/point_bounds.h"

namespace dutyscore {
namespace {

// True when every value `narrow` allows, `wide` allows too (an empty list
// allows everything).
bool allows_all_of(const std::vector<std::string>& wide, const std::vector<std::string>& narrow) {
  if (wide.empty()) return true;
  if (narrow.empty()) return false;
  return std::all_of(narrow.begin(), narrow.end(), [&](const std::string& v) {
    return std::find(wide.begin(), wide.end(), v) != wide.end();
  });
}

bool contains_all(const std::vector<std::string>& big, const std::vector<std::string>& small) {
  return std::all_of(small.begin(), small.end(), [&](const std::string& v) {
    return std::find(big.begin(), big.end(), v) != big.end();
  });
}

// A condition with a `not` list or a stated blank: the simple comparison
// below does not cover it (the lint then says nothing rather than guess).
bool negates(const Condition& c) {
  return !c.not_kinds.empty() || !c.not_subtypes.empty() || !c.not_statuses.empty() ||
         !c.not_levels.empty() || !c.not_positions.empty() || !c.not_roles.empty() ||
         !c.not_sectors.empty() || !c.not_groups.empty() || c.blank_stated != 0;
}

// Every record (and member) that `narrow` matches, `wide` matches too.
bool subsumes(const Condition& wide, const Condition& narrow) {
  if (negates(wide) || negates(narrow)) return false;
  if (!allows_all_of(wide.kinds, narrow.kinds) || !allows_all_of(wide.subtypes, narrow.subtypes) ||
      !allows_all_of(wide.statuses, narrow.statuses) || !allows_all_of(wide.levels, narrow.levels) ||
      !allows_all_of(wide.roles, narrow.roles) || !allows_all_of(wide.sectors, narrow.sectors) ||
      !allows_all_of(wide.groups, narrow.groups))
    return false;
  if (!contains_all(narrow.flags_all, wide.flags_all)) return false;
  if (!contains_all(narrow.flags_none, wide.flags_none)) return false;
  if (wide.position_min != 0 && (narrow.position_min == 0 || narrow.position_min < wide.position_min))
    return false;
  if (wide.position_max != 0 && (narrow.position_max == 0 || narrow.position_max > wide.position_max))
    return false;
  return true;
}

// Every record rule `narrow` matches, rule `wide` matches.
bool rule_subsumes(const Rule& wide, const Rule& narrow) {
  if (narrow.when.empty()) return false;
  return std::all_of(narrow.when.begin(), narrow.when.end(), [&](const Condition& n) {
    return std::any_of(wide.when.begin(), wide.when.end(),
                       [&](const Condition& w) { return subsumes(w, n); });
  });
}

// A rule whose value for a member is a plain sum of fixed points per
// record, so that two such rules can be compared record by record.
bool is_plain(const Rule& r) {
  return r.points_by.empty() && r.tiers.empty() && !r.per_quantity &&
         r.share.mode == ShareMode::Full && r.count == CountMode::All && r.from_nth == 1 &&
         r.limit == 0 && !r.max && r.otherwise.empty() && !r.per_period;
}

bool earns_nothing(const Rule& r) {
  if (!r.tiers.empty())
    return r.no_records == 0 &&
           std::all_of(r.tiers.begin(), r.tiers.end(), [](const Tier& t) { return t.points == 0; });
  if (!r.points_by.empty()) {
    return std::all_of(r.points_table.begin(), r.points_table.end(),
                       [](const auto& kv) { return kv.second == 0; });
  }
  if (r.share.mode == ShareMode::ByPosition) {
    return r.share.other_points == 0 &&
           std::all_of(r.share.position_points.begin(), r.share.position_points.end(),
                       [](const auto& kv) { return kv.second == 0; });
  }
  return r.points == 0;
}

// Conditions that can never hold on data the readers accept: a record's
// kind is never blank, and with `blank_position` no position is.
void lint_blank_tests(const RuleSet& rules, const std::vector<Condition>& when,
                      const std::string& owner, Problems& problems) {
  for (const Condition& c : when) {
    const bool blank_only_kind = (c.blank_stated & kAttrKind) && (c.blank_holds & kAttrKind) &&
                                 c.kinds.empty() && c.not_kinds.empty();
    if (blank_only_kind)
      problems.warning(c.where, "the 'when' of " + owner +
                                    " can never match: 'kind: {blank: true}', but every record"
                                    " has a kind");
    const bool blank_only_position = (c.blank_stated & kAttrPosition) &&
                                     (c.blank_holds & kAttrPosition) && c.position_min == 0 &&
                                     c.position_max == 0 && c.not_positions.empty();
    if (blank_only_position && rules.blank_position != 0)
      problems.warning(c.where, "the 'when' of " + owner +
                                    " can never match: 'position: {blank: true}', but"
                                    " 'blank_position: " + std::to_string(rules.blank_position) +
                                    "' reads every blank position as a position");
  }
}

// The highest total the categories allow, after parts: nothing when some
// category it depends on has no maximum.
std::optional<Points> highest_total(const RuleSet& rules) {
  std::vector<int> part_of(rules.categories.size(), -1);
  for (std::size_t p = 0; p < rules.parts.size(); ++p)
    for (const auto& id : rules.parts[p].categories) {
      const int c = rules.category_index(id);
      if (c >= 0) part_of[static_cast<std::size_t>(c)] = static_cast<int>(p);
    }
  WideInt highest = 0;  // 128 bits: maxima near the limit must not wrap
  std::vector<WideInt> part_max(rules.parts.size(), 0);
  for (std::size_t c = 0; c < rules.categories.size(); ++c) {
    const Category& cat = rules.categories[c];
    const int p = part_of[c];
    if (p >= 0 && rules.parts[static_cast<std::size_t>(p)].to_best) continue;  // the best's points
    if (!cat.max) return std::nullopt;
    if (p >= 0) part_max[static_cast<std::size_t>(p)] += *cat.max;
    else highest += *cat.max;
  }
  for (std::size_t p = 0; p < rules.parts.size(); ++p) {
    const Part& part = rules.parts[p];
    highest += part.to_best ? part.best_points
                            : divide_half_up_wide(part_max[p] * part.factor.num,
                                             part.factor.den);
  }
  if (highest > std::numeric_limits<Points>::max()) return std::nullopt;
  return static_cast<Points>(highest);
}

}  // namespace

namespace {

// Pairs of rules are compared only among the this many nearest earlier
// ones of the same kind: a copy pasted and left unedited sits near its
// original, and a rule file of 20,000 rules must not take 10^8 comparisons.
constexpr std::size_t kNearestCompared = 256;

// The records per member `check` assumes when it warns that a rule set's
// totals could overflow (a member's records over a 5-year term are a few
// hundred; the engine proves each real batch itself).
constexpr std::int64_t kManyRecords = 10'000'000;

void warn_if_totals_can_overflow(const RuleSet& rules, Problems& problems) {
  std::size_t subperiods = 1;
  for (const Minimum& m : rules.minimums)
    if (m.penalty != 0) subperiods = static_cast<std::size_t>(kMaxPeriodYears) * 12 + 1;
  if (detail::fits_in_points(rules, kManyRecords, subperiods)) return;
  const Rule* largest = nullptr;
  WideInt most = 0;
  for (const Rule& r : rules.rules) {
    const WideInt m = detail::max_points_per_record(r);
    if (m > most) {
      most = m;
      largest = &r;
    }
  }
  const Points limit = std::numeric_limits<Points>::max();
  std::string message = "the points of this rule set can add up to more than " +
                        format_points(limit, rules.precision) +
                        ", the largest amount a score can hold at precision " +
                        std::to_string(rules.precision) + ", for a member with " +
                        std::to_string(kManyRecords) + " records";
  if (largest != nullptr)
    message += " (rule '" + largest->id + "' alone gives up to " +
               (most > limit ? "more than " + format_points(limit, rules.precision)
                             : format_points(static_cast<Points>(most), rules.precision)) +
               " points a record)";
  message += ": scoring such a member stops with an error; lower the points";
  problems.warning(largest != nullptr ? largest->where : Location{rules.source_file, 1, 1, {}},
                   message);
}

}  // namespace

void lint_rules(const RuleSet& rules, Problems& problems) {
  for (const auto& r : rules.rules) lint_blank_tests(rules, r.when, "rule '" + r.id + "'", problems);
  for (const auto& m : rules.minimums)
    lint_blank_tests(rules, m.when, "minimum '" + m.id + "'", problems);
  for (const auto& v : rules.vetoes) lint_blank_tests(rules, v.when, "veto '" + v.id + "'", problems);
  std::map<std::string, const Rule*> by_id;
  // Earlier plain rules by (category, points): only those can be copies.
  std::map<std::pair<std::string, Points>, std::vector<const Rule*>> plain_rules;
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    by_id.emplace(rule.id, &rule);
    if (earns_nothing(rule)) {
      problems.warning(rule.where, "rule '" + rule.id +
                                       "' gives 0 points for every record: it can never change a"
                                       " score");
    } else if (rule.max && *rule.max == 0) {
      problems.warning(rule.where, "rule '" + rule.id +
                                       "' has 'max: 0': it can never change a score");
    }
    // An exact copy of an earlier rule's 'when' in the same category counts
    // the same records twice; usually a rule pasted and not edited.
    if (!is_plain(rule)) continue;
    auto& same = plain_rules[{rule.category, rule.points}];
    for (std::size_t k = same.size(), seen = 0; k > 0 && seen < kNearestCompared; --k, ++seen) {
      const Rule& earlier = *same[k - 1];
      if (rule.when.empty()) break;
      if (rule_subsumes(earlier, rule) && rule_subsumes(rule, earlier)) {
        problems.warning(rule.where, "rule '" + rule.id + "' matches the same records as the earlier rule '" +
                                         earlier.id + "' with the same points: each record counts twice");
        break;
      }
    }
    same.push_back(&rule);
  }
  // In an exclusive group only the rule with the highest total is kept
  // (ties: the first listed). A later rule that matches only records an
  // earlier one matches, for no more points each, can never be kept.
  for (const auto& group : rules.exclusives) {
    for (std::size_t i = 0; i < group.rules.size(); ++i) {
      const auto later = by_id.find(group.rules[i]);
      if (later == by_id.end() || !is_plain(*later->second)) continue;
      for (std::size_t j = i > kNearestCompared ? i - kNearestCompared : 0; j < i; ++j) {
        const auto earlier = by_id.find(group.rules[j]);
        if (earlier == by_id.end() || !is_plain(*earlier->second)) continue;
        if (earlier->second->points >= later->second->points && later->second->points > 0 &&
            rule_subsumes(*earlier->second, *later->second)) {
          problems.warning(group.where,
                           "rule '" + later->first + "' is shadowed by the earlier rule '" +
                               earlier->first + "' in exclusive group '" + group.id +
                               "': every record it matches also earns at least as much under '" +
                               earlier->first + "', so it is never the one kept");
          break;
        }
      }
    }
  }
  warn_if_totals_can_overflow(rules, problems);
  // Grade bands are thresholds listed highest first, so they cannot
  // overlap; they leave a gap when the last band has a 'min'.
  // The bands (the not-serving grade, after them, is no band).
  const auto bands_end = std::find_if(rules.grades.begin(), rules.grades.end(),
                                      [](const GradeBand& g) { return g.not_serving; });
  if (bands_end != rules.grades.begin()) {
    const GradeBand& last = *(bands_end - 1);
    if (last.min) {
      problems.warning(last.where, "the last grade '" + last.label + "' has 'min: " +
                                       format_points(*last.min, rules.precision) +
                                       "': totals below it get no grade; leave 'min' out of the"
                                       " last grade to cover them");
    }
    // With every category capped (or rescaled), totals above the caps'
    // sum (after parts) cannot occur.
    const auto ceiling = rules.categories.empty() ? std::nullopt : highest_total(rules);
    if (ceiling) {
      const Points highest = *ceiling;
      for (const auto& band : rules.grades) {
        if (band.min && *band.min > highest) {
          problems.warning(band.where, "grade '" + band.label + "' needs a total of at least " +
                                           format_points(*band.min, rules.precision) +
                                           " but the categories' maxima add up to " +
                                           format_points(static_cast<Points>(highest), rules.precision) +
                                           ": no member can reach it");
        }
      }
    }
  }
}

}  // namespace dutyscore
