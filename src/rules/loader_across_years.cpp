// `across_years` (docs/rules.md §14): flags on a member from tests over
// several years or a whole term ("below 60 two years in a row").
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kAcrossRuleKeys{"id", "label", "over", "when", "when_all", "when_any"};
const Names kAcrossTestKeys{"total_below", "grade", "count", "fewer_than", "at_least", "years_in_a_row"};
const Choices<bool> kOverTerm{{"year", false}, {"term", true}};

}  // namespace

void Loader::read_across_years(const Entry& e, RuleSet& set) {
  read_list(e, "the rule file", "an across-years rule", kAcrossRuleKeys, set.across_years,
            [&](AcrossYearsRule& r, const MapView& map, const std::string& what) {
    if (const Entry* o = map.find("over")) {
      if (auto term = choice(*o, what, kOverTerm)) r.over_term = *term;
    }
    const Entry* when = map.find("when");
    const Entry* when_any = map.find("when_any");
    const Entry* when_all = map.find("when_all");
    if ((when ? 1 : 0) + (when_any ? 1 : 0) + (when_all ? 1 : 0) != 1) {
      error(map.where, what + " needs exactly one of 'when' (one test), 'when_all' and 'when_any' (lists of tests)");
    }
    if (when) {
      if (auto t = read_across_test(when->value, set, what)) r.tests.push_back(std::move(*t));
    }
    for (const Entry* list : {when_all, when_any}) {
      if (!list) continue;
      r.any = list == when_any;
      const auto items = sequence(*list, what);
      if (items.empty()) error(at(list->key), "'" + list->key.Scalar() + "' in " + what + " needs at least one test");
      for (const YamlNode& test : items) {
        if (auto t = read_across_test(test, set, what)) r.tests.push_back(std::move(*t));
      }
    }
    for (const auto& t : r.tests) {
      if (r.over_term && t.kind == AcrossTest::Kind::Count && t.years_in_a_row != 1) {
        error(t.where, "'years_in_a_row' in " + what + " has no meaning for a count over the term");
      }
    }
  });
}

std::optional<AcrossTest> Loader::read_across_test(const YamlNode& node, const RuleSet& set,
                                                   const std::string& what) {
  const std::string in = "a test of " + what;
  auto map = as_map(node, in, kAcrossTestKeys);
  if (!map) return std::nullopt;
  AcrossTest t;
  t.where = map->where;
  const Entry* below = map->find("total_below");
  const Entry* grade = map->find("grade");
  const Entry* count = map->find("count");
  if ((below ? 1 : 0) + (grade ? 1 : 0) + (count ? 1 : 0) != 1) {
    error(map->where, in + " needs exactly one of 'total_below', 'grade' and 'count'");
    return std::nullopt;
  }
  if (below) {
    t.kind = AcrossTest::Kind::TotalBelow;
    if (auto p = points(below->value, "total_below", in)) t.amount = *p;
  } else if (grade) {
    t.kind = AcrossTest::Kind::Grade;
    if (auto refs = names(*grade, in)) {
      for (const auto& ref : *refs) {
        check_grade_ref(ref, set, in);
        t.grades.push_back(ref.value);
      }
    }
  } else {
    t.kind = AcrossTest::Kind::Count;
    t.count = read_conditions(*count, what);
    const Entry* fewer = map->find("fewer_than");
    const Entry* least = map->find("at_least");
    if ((fewer ? 1 : 0) + (least ? 1 : 0) != 1) {
      error(map->where, in + " with 'count' needs exactly one of 'fewer_than' and 'at_least'");
    }
    if (fewer) {
      if (auto n = integer(*fewer, in, 1, 1000000)) t.fewer_than = *n;
    }
    if (least) {
      if (auto n = integer(*least, in, 1, 1000000)) t.at_least = *n;
    }
  }
  if (!count) {
    if (map->find("fewer_than") || map->find("at_least")) {
      error(map->where, in + ": 'fewer_than' and 'at_least' go with 'count'");
    }
  }
  if (const Entry* y = map->find("years_in_a_row")) {
    if (auto n = integer(*y, in, 1, 100)) t.years_in_a_row = static_cast<int>(*n);
  }
  return t;
}

}  // namespace dutyscore::detail
