#include "rules/rule_lint.h"

#include <algorithm>
#include <limits>
#include <map>
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

// Every record (and member) that `narrow` matches, `wide` matches too.
bool subsumes(const Condition& wide, const Condition& narrow) {
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
         r.limit == 0 && !r.max;
}

bool earns_nothing(const Rule& r) {
  if (!r.tiers.empty())
    return std::all_of(r.tiers.begin(), r.tiers.end(), [](const Tier& t) { return t.points == 0; });
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
  if (!rules.grades.empty()) {
    const GradeBand& last = rules.grades.back();
    if (last.min) {
      problems.warning(last.where, "the last grade '" + last.label + "' has 'min: " +
                                       format_points(*last.min, rules.precision) +
                                       "': totals below it get no grade; leave 'min' out of the"
                                       " last grade to cover them");
    }
    // With every category capped, totals above the caps' sum cannot occur.
    bool all_capped = !rules.categories.empty();
    WideInt highest = 0;  // 128 bits: maxima near the limit must not wrap
    for (const auto& c : rules.categories) {
      if (!c.max) {
        all_capped = false;
        break;
      }
      highest += *c.max;
    }
    if (all_capped && highest <= std::numeric_limits<Points>::max()) {
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
