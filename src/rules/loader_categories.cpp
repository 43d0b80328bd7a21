// `categories` (docs/rules.md §4): the parts of the score, each with its
// start, cap and floor.
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kCategoryKeys{"id", "label", "start", "prorate_start", "max", "floor", "outside"};
const Names kOutsideKeys{"column", "min", "max", "default"};

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
    if (const Entry* o = map.find("outside")) read_outside(*o, c, map, what);
  });
}

// `outside: 民主测评` or `outside: {column: 民主测评, min: 0, max: 100,
// default: 60}`: the category starts with the member's score from that
// column of the members file or of a separate scores file.
void Loader::read_outside(const Entry& e, Category& c, const MapView& map,
                          const std::string& what) {
  const std::string in = "'outside' of " + what;
  OutsideScore outside;
  outside.where = at(e.value);
  if (e.value.IsMap()) {
    auto m = as_map(e.value, in, kOutsideKeys);
    if (!m) return;
    if (const Entry* column = m->find("column")) {
      if (auto text = scalar(*column, in)) outside.column = *text;
    } else {
      error(m->where, in + " needs 'column': the header of the column that holds the score");
      return;
    }
    if (const Entry* lo = m->find("min")) {
      if (auto p = points(lo->value, "min", in)) outside.min = *p;
    }
    if (const Entry* hi = m->find("max")) {
      outside.max = points(hi->value, "max", in);
      if (outside.max && *outside.max < outside.min)
        error(at(hi->value), "'max' in " + in + " is below its 'min'");
    }
    if (const Entry* d = m->find("default")) {
      outside.fallback = points(d->value, "default", in);
      if (outside.fallback &&
          (*outside.fallback < outside.min || (outside.max && *outside.fallback > *outside.max)))
        error(at(d->value), "'default' in " + in + " is outside its 'min'..'max'");
    }
  } else if (auto text = scalar(e, what)) {
    outside.column = *text;
  }
  if (outside.column.empty()) {
    if (!e.value.IsMap()) return;  // scalar() has reported it
    error(at(e.value), "'column' in " + in + " must name a column");
    return;
  }
  for (const char* key : {"start", "prorate_start"}) {
    if (const Entry* other = map.find(key))
      error(at(other->key), "'" + std::string(key) + "' in " + what +
                                " does not combine with 'outside': the category starts with the"
                                " member's outside score");
  }
  c.outside = std::move(outside);
}

}  // namespace dutyscore::detail
