// `minimums` (docs/rules.md §8): duties a member must do, and what an unmet
// one costs; `vetoes` (§9): breaches that force a grade.
#include "dutyscore/record_batch.h"
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kMinimumKeys{"id",      "label",   "when",  "at_least", "by",
                         "per",     "prorate", "penalty", "grade"};
const Choices<bool> kMinimumBy{{"records", false}, {"quantity", true}};
const Names kPenaltyKeys{"points", "category"};
const Names kVetoKeys{"id", "label", "when", "grade", "zero_total"};

}  // namespace

void Loader::read_minimums(const Entry& e, RuleSet& set) {
  read_list(e, "the rule file", "a minimum", kMinimumKeys, set.minimums,
            [&](Minimum& m, const MapView& map, const std::string& what) {
    if (const Entry* by = map.find("by")) {
      if (auto quantity = choice(*by, what, kMinimumBy)) m.by_quantity = *quantity;
    }
    read_count_per(map, what, m.when, m.at_least, m.per, m.by_quantity);
    if (const Entry* p = map.find("prorate")) {
      if (auto b = boolean(*p, what)) m.prorate = *b;
    }
    const Entry* penalty = map.find("penalty");
    if (penalty) read_penalty(*penalty, m, set, what);
    const Entry* grade = map.find("grade");
    if (grade) {
      if (auto label = scalar(*grade, what)) {
        m.grade = *label;
        check_grade_ref({*label, at(grade->value)}, set, what);
      }
    }
    if (!penalty && !grade) {
      error(map.where, what + " needs a 'penalty' or a 'grade' (what happens when it is unmet)");
    }
  });
}

void Loader::read_count_per(const MapView& map, const std::string& what,
                            std::vector<Condition>& when, std::int64_t& at_least,
                            Granularity& per, bool quantity) {
  when = read_when(map, what, true);
  if (const Entry* a = map.find("at_least")) {
    if (!quantity) {
      if (auto n = integer(*a, what, 1, 1000000)) at_least = *n;
    } else if (auto text = scalar(*a, what)) {
      // A quantity (people contacted, hours), in units of 1/10000.
      const auto q = parse_points(*text, 4);
      if (!q || *q <= 0 || *q > 1000000 * kQuantityScale) {
        error(at(a->value), "'at_least' in " + what +
                                " must be a positive quantity with at most 4 decimals, got '" +
                                *text + "'");
      } else {
        at_least = *q;
      }
    }
  } else if (quantity) {
    at_least = kQuantityScale;
  }
  if (const Entry* p = map.find("per")) {
    if (auto granularity = read_per(*p, what)) per = *granularity;
  }
}

// `penalty: {points: 2, category: duty}`: the points lost when unmet.
void Loader::read_penalty(const Entry& penalty, Minimum& m, const RuleSet& set,
                          const std::string& what) {
  const std::string in = "'penalty' of " + what;
  auto pm = as_map(penalty.value, in, kPenaltyKeys);
  if (!pm) return;
  const Entry* p = pm->find("points");
  const Entry* c = pm->find("category");
  if (!p || !c) {
    error(pm->where, in + " needs 'points' (lost when unmet) and 'category'");
  }
  if (p) {
    if (auto amount = points(p->value, "points", in)) {
      if (*amount <= 0) {
        error(at(p->value), "'points' in " + in + " is the amount lost: write it as a positive number");
      } else {
        m.penalty = *amount;
      }
    }
  }
  if (c) {
    if (auto id = scalar(*c, in)) {
      m.category = *id;
      check_category_ref({*id, at(c->value)}, set, in);
    }
  }
}

void Loader::read_vetoes(const Entry& e, RuleSet& set) {
  read_list(e, "the rule file", "a veto", kVetoKeys, set.vetoes,
            [&](Veto& v, const MapView& map, const std::string& what) {
    v.when = read_when(map, what, true);
    if (const Entry* g = map.find("grade")) {
      if (auto label = scalar(*g, what)) {
        v.grade = *label;
        check_grade_ref({*label, at(g->value)}, set, what);
      }
    }
    if (const Entry* z = map.find("zero_total")) {
      if (auto b = boolean(*z, what)) v.zero_total = *b;
    }
  });
}

}  // namespace dutyscore::detail
