#include "rules/rule_lint.h"

#include <algorithm>
#include <map>
#include <string>

#include "dutyscore/decimal.h"

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

void lint_rules(const RuleSet& rules, Problems& problems) {
  std::map<std::string, const Rule*> by_id;
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
    for (std::size_t j = 0; j < i; ++j) {
      const Rule& earlier = rules.rules[j];
      if (earlier.category != rule.category || rule.when.empty()) continue;
      if (rule_subsumes(earlier, rule) && rule_subsumes(rule, earlier) && is_plain(rule) &&
          is_plain(earlier) && earlier.points == rule.points) {
        problems.warning(rule.where, "rule '" + rule.id + "' matches the same records as the earlier rule '" +
                                         earlier.id + "' with the same points: each record counts twice");
        break;
      }
    }
  }
  // In an exclusive group only the rule with the highest total is kept
  // (ties: the first listed). A later rule that matches only records an
  // earlier one matches, for no more points each, can never be kept.
  for (const auto& group : rules.exclusives) {
    for (std::size_t i = 0; i < group.rules.size(); ++i) {
      const auto later = by_id.find(group.rules[i]);
      if (later == by_id.end() || !is_plain(*later->second)) continue;
      for (std::size_t j = 0; j < i; ++j) {
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
    Points highest = 0;
    for (const auto& c : rules.categories) {
      if (!c.max) {
        all_capped = false;
        break;
      }
      highest += *c.max;
    }
    if (all_capped) {
      for (const auto& band : rules.grades) {
        if (band.min && *band.min > highest) {
          problems.warning(band.where, "grade '" + band.label + "' needs a total of at least " +
                                           format_points(*band.min, rules.precision) +
                                           " but the categories' maxima add up to " +
                                           format_points(highest, rules.precision) +
                                           ": no member can reach it");
        }
      }
    }
  }
}

}  // namespace dutyscore
