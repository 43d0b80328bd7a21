// What the totals turn into: `grades` and their quotas (docs/rules.md §10),
// `ranking` (§11), and `commendations`, lists of the first members in
// ranking order (§16).
#include <algorithm>
#include <limits>

#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kGradeKeys{"label", "min", "quota", "quota_ties"};
const Names kRankingKeys{"ties", "tie_break", "vetoed"};
const Names kCommendationKeys{"id", "label", "top", "eligible", "ties"};
const Names kEligibleKeys{"no_veto", "minimums_met", "served_at_least", "grades"};
const Choices<TieMode> kTieModes{
    {"competition", TieMode::Competition}, {"dense", TieMode::Dense}, {"ordinal", TieMode::Ordinal}};
const Choices<VetoedRank> kVetoedRanks{
    {"normal", VetoedRank::Normal}, {"last", VetoedRank::Last}, {"unranked", VetoedRank::Unranked}};
const Choices<BoundaryTies> kBoundaryTies{{"exclude", BoundaryTies::Exclude},
                                          {"include", BoundaryTies::Include}};
const Choices<NotServing> kNotServingModes{{"unranked", NotServing::Unranked},
                                           {"ranked", NotServing::Ranked}};
const Names kNotServingKeys{"grade"};

}  // namespace

void Loader::read_grades(const Entry& e, RuleSet& set) {
  const auto items = sequence(e, "the rule file");
  std::set<std::string> labels;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string what = "grade band " + std::to_string(i + 1);
    auto map = as_map(items[i], what, kGradeKeys);
    if (!map) continue;
    GradeBand band;
    band.where = map->where;
    const Entry* label = map->find("label");
    if (!label) {
      error(map->where, what + " needs a 'label'");
    } else if (auto text = scalar(*label, what)) {
      band.label = *text;
      if (!labels.insert(band.label).second) {
        error(at(label->value), "duplicate grade '" + band.label + "'");
      }
    }
    if (const Entry* min = map->find("min")) {
      band.min = points(min->value, "min", "grade '" + band.label + "'");
      // Compare with the nearest band above that states a min.
      auto above = std::find_if(set.grades.rbegin(), set.grades.rend(),
                                [](const GradeBand& g) { return g.min.has_value(); });
      if (band.min && above != set.grades.rend() && *band.min >= *above->min) {
        error(at(min->value), "grade '" + band.label + "' must have a lower 'min' than grade '" +
                                  above->label + "' above it (list grades highest first)");
      }
    } else if (i + 1 != items.size()) {
      error(map->where, "grade '" + band.label +
                            "' has no 'min'; only the last grade may leave it out (it takes every "
                            "lower total)");
    }
    if (const Entry* q = map->find("quota")) {
      if (i + 1 == items.size()) {
        error(at(q->key), "grade '" + band.label +
                              "' is the last grade and cannot have a 'quota' (there is no lower "
                              "grade for the members over it)");
      } else {
        band.quota = read_quota(*q, "grade '" + band.label + "'");
      }
    }
    if (const Entry* t = map->find("quota_ties")) {
      if (!map->find("quota")) {
        error(at(t->key), "'quota_ties' in grade '" + band.label + "' needs a 'quota'");
      } else if (auto ties = read_boundary_ties(*t, "grade '" + band.label + "'")) {
        if (band.quota) band.quota->ties = *ties;
      }
    }
    set.grades.push_back(std::move(band));
  }
}

std::optional<Quota> Loader::read_quota(const Entry& e, const std::string& what) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  Quota quota;
  quota.where = at(e.value);
  if (!text->empty() && text->back() == '%') {
    // A share: "15%" or "12.5%", of the graded members, rounded down.
    auto f = parse_fraction(text->substr(0, text->size() - 1));
    if (!f || f->den > std::numeric_limits<std::int64_t>::max() / 100 || f->num > f->den * 100) {
      error(at(e.value), "'quota' in " + what + " must be a share from 0% to 100% or a whole "
                             "number of members, got '" + *text + "'");
      return std::nullopt;
    }
    quota.share = Fraction{f->num, f->den * 100};
    return quota;
  }
  auto n = parse_points(*text, 0);
  if (!n || *n < 0) {
    error(at(e.value), "'quota' in " + what + " must be a share like 15% or a whole number of "
                           "members, got '" + *text + "'");
    return std::nullopt;
  }
  quota.is_count = true;
  quota.count = *n;
  return quota;
}

// Members tied at a quota or list boundary: all left out or all let in.
std::optional<BoundaryTies> Loader::read_boundary_ties(const Entry& e, const std::string& what) {
  return choice(e, what, kBoundaryTies);
}

void Loader::read_ranking(const Entry& e, RuleSet& set) {
  const std::string what = "'ranking'";
  auto map = as_map(e.value, what, kRankingKeys);
  if (!map) return;
  if (const Entry* t = map->find("ties")) {
    if (auto ties = choice(*t, what, kTieModes)) set.ranking.ties = *ties;
  }
  if (const Entry* tb = map->find("tie_break")) {
    if (auto refs = names(*tb, what)) {
      for (const auto& ref : *refs) {
        check_category_ref(ref, set, "'tie_break'");
        set.ranking.tie_break.push_back(ref.value);
      }
    }
  }
  if (const Entry* v = map->find("vetoed")) {
    if (auto vetoed = choice(*v, what, kVetoedRanks)) set.ranking.vetoed = *vetoed;
  }
}

// `not_serving: unranked | ranked | {grade: 不参评}`: what happens to a
// member who did not serve on any day of the period. The grade is added
// after the bands: no total reaches it.
void Loader::read_not_serving(const Entry& e, RuleSet& set) {
  const std::string what = "'not_serving'";
  if (!e.value.IsMap()) {
    if (auto mode = choice(e, "the rule file", kNotServingModes)) set.not_serving = *mode;
    return;
  }
  auto map = as_map(e.value, what, kNotServingKeys);
  if (!map) return;
  const Entry* grade = map->find("grade");
  if (!grade) {
    error(map->where, what + " needs 'grade' (the grade they are listed under, e.g. 不参评), or"
                             " is 'unranked' or 'ranked'");
    return;
  }
  auto label = scalar(*grade, what);
  if (!label) return;
  if (set.grade_index(*label) >= 0) {
    error(at(grade->value), "'grade' in " + what + " is '" + *label +
                                "', which is already a grade band; members who did not serve"
                                " are listed under a grade of their own");
    return;
  }
  GradeBand band;
  band.label = *label;
  band.not_serving = true;
  band.where = at(grade->value);
  set.grades.push_back(std::move(band));
  set.not_serving = NotServing::Grade;
}

void Loader::read_commendations(const Entry& e, RuleSet& set) {
  read_list(e, "the rule file", "a commendation list", kCommendationKeys, set.commendations,
            [&](Commendation& c, const MapView& map, const std::string& what) {
    if (const Entry* top = map.find("top")) {
      if (auto n = integer(*top, what, 1, 1000000)) c.top = *n;
    } else {
      error(map.where, what + " needs 'top' (how many members the list names)");
    }
    if (const Entry* t = map.find("ties")) {
      if (auto ties = read_boundary_ties(*t, what)) c.ties = *ties;
    }
    if (const Entry* el = map.find("eligible")) read_eligible(*el, c, set, what);
  });
}

// Who may be on a commendation list: no veto, every minimum met, served
// long enough, holds one of some grades.
void Loader::read_eligible(const Entry& e, Commendation& c, const RuleSet& set,
                           const std::string& what) {
  const std::string in = "'eligible' of " + what;
  auto rules = as_map(e.value, in, kEligibleKeys);
  if (!rules) return;
  if (const Entry* v = rules->find("no_veto")) {
    if (auto b = boolean(*v, in)) c.no_veto = *b;
  }
  if (const Entry* v = rules->find("minimums_met")) {
    if (auto b = boolean(*v, in)) c.minimums_met = *b;
  }
  if (const Entry* v = rules->find("served_at_least")) {
    if (auto text = scalar(*v, in)) {
      auto f = parse_fraction(*text);
      if (!f || f->num > f->den) {
        error(at(v->value), "'served_at_least' in " + in + " must be a part of the period "
                                "from 0 to 1 (like 0.5 or 1/2), got '" + *text + "'");
      } else {
        c.served_at_least = *f;
      }
    }
  }
  if (const Entry* v = rules->find("grades")) {
    if (auto refs = names(*v, in)) {
      for (const auto& ref : *refs) {
        check_grade_ref(ref, set, in);
        c.grades.push_back(ref.value);
      }
    }
  }
}

}  // namespace dutyscore::detail
