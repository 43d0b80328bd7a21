// `categories` (docs/rules.md §4): the parts of the score, each with its
// start, cap and floor.
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kCategoryKeys{"id", "label", "start", "prorate_start", "max", "floor"};

// The scores file's own columns (scores_csv, with --details): a category
// with one of these ids would give the file two columns of that name.
const Names kOutputColumns{"member_id", "name", "unit", "sector", "group", "flags",
                           "total", "grade", "rank"};

}  // namespace

void Loader::read_categories(const Entry& e, RuleSet& set) {
  read_list(e, "the rule file", "a category", kCategoryKeys, set.categories,
            [&](Category& c, const MapView& map, const std::string& what) {
    if (contains(kOutputColumns, c.id)) {
      error(at(map.find("id")->value),
            "category id '" + c.id + "' is a column of the scores file (member_id, name, unit, "
            "sector, group, flags, total, grade, rank): choose another id");
    }
    if (const Entry* s = map.find("start")) {
      if (auto p = points(s->value, "start", what)) c.start = *p;
    }
    if (const Entry* p = map.find("prorate_start")) {
      if (auto b = boolean(*p, what)) c.prorate_start = *b;
      if (c.prorate_start && c.start == 0) {
        warning(at(p->key), "'prorate_start' in " + what + " has no effect without 'start'");
      }
    }
    if (const Entry* m = map.find("max")) {
      c.max = points(m->value, "max", what);
      if (c.max && *c.max < 0) {
        error(at(m->value), "'max' in " + what + " must not be negative");
      }
    }
    if (const Entry* f = map.find("floor")) {
      c.floor = points(f->value, "floor", what);
      if (c.floor && c.max && *c.floor > *c.max) {
        error(at(f->value), "'floor' in " + what + " is above its 'max'");
      }
    }
    if (c.max && c.start > *c.max) {
      warning(c.where, what + " starts above its 'max'; the start is cut to the max");
    }
  });
}

}  // namespace dutyscore::detail
