// `parts` (docs/rules.md §18): categories rescaled or weighted together once
// every member is scored: "以最高分为基准折算为70分", "按满分100分折算为30分",
// "民主测评占30%".
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kPartKeys{"id", "label", "categories", "rescale", "weight"};
const Names kRescaleKeys{"to", "from"};

}  // namespace

void Loader::read_parts(const Entry& e, RuleSet& set) {
  std::map<std::string, std::string> part_of;  // category id -> part id
  read_list(e, "the rule file", "a part", kPartKeys, set.parts,
            [&](Part& part, const MapView& map, const std::string& what) {
    if (const Entry* c = map.find("categories")) {
      if (auto refs = names(*c, what)) {
        for (const auto& ref : *refs) {
          check_category_ref(ref, set, what);
          if (set.category_index(ref.value) < 0) continue;
          const auto [it, added] = part_of.emplace(ref.value, part.id);
          if (!added) {
            error(ref.where, "category '" + ref.value + "' is already in part '" + it->second +
                                 "'; a category belongs to one part at most");
            continue;
          }
          part.categories.push_back(ref.value);
        }
      }
    } else {
      error(map.where, what + " needs 'categories': the categories rescaled or weighted together");
    }
    const Entry* rescale = map.find("rescale");
    const Entry* weight = map.find("weight");
    if ((rescale != nullptr) == (weight != nullptr)) {
      error(map.where, what + " needs exactly one of 'rescale' ({to: 70}: the best member gets 70;"
                              " {to: 30, from: 100}: points x 30 / 100) and 'weight' (30%)");
      return;
    }
    if (weight) {
      if (auto w = share_value(*weight, what, false)) part.factor = *w;
      return;
    }
    const std::string in = "'rescale' of " + what;
    auto r = as_map(rescale->value, in, kRescaleKeys);
    if (!r) return;
    const Entry* to = r->find("to");
    if (!to) {
      error(r->where, in + " needs 'to': the points the best member (or, with 'from', that many"
                           " points) is rescaled to");
      return;
    }
    const auto target = points(to->value, "to", in);
    if (target && *target <= 0) error(at(to->value), "'to' in " + in + " must be above 0");
    if (!target || *target <= 0) return;
    if (const Entry* from = r->find("from")) {
      const auto full = points(from->value, "from", in);
      if (full && *full <= 0) error(at(from->value), "'from' in " + in + " must be above 0");
      if (full && *full > 0) part.factor = Fraction{*target, *full};
      return;
    }
    part.to_best = true;
    part.best_points = *target;
  });
}

}  // namespace dutyscore::detail
