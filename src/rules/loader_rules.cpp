// `rules` (docs/rules.md §5): what a matching record earns: points, a points
// table by attribute, tiers, shares of joint items, and which records count.
// Also `exclusive` (§7): rules of which only the best counts.
#include <algorithm>

#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kRuleKeys{"id",    "label",    "category", "when",       "points", "per_quantity",
                      "share", "count",    "from",     "limit",      "once",   "max",
                      "tiers", "tiers_by", "rate_of",  "no_records", "per",    "at_least",
                      "otherwise"};
const Names kShareKeys{"first", "first_n", "by_position"};
const Names kTierKeys{"at_least", "points"};
const Names kPointsByAttributes{"level", "status", "subtype", "kind"};
const Names kExclusiveKeys{"id", "label", "rules"};
const Choices<CountMode> kCountModes{{"all", CountMode::All}, {"highest", CountMode::Highest}};
const Choices<TiersBy> kTiersBy{
    {"count", TiersBy::Count}, {"quantity", TiersBy::Quantity}, {"rate", TiersBy::Rate}};
// Keys that say which records count or how one record's points are taken:
// a rule with `per` gives points per sub-period instead.
const Names kPerRecordKeys{"share", "per_quantity", "count", "from", "limit", "once"};

}  // namespace

void Loader::read_rules(const Entry& e, RuleSet& set) {
  // Every rule id of the file, for `otherwise` naming a later rule.
  Names ids;
  ids.reserve(e.value.size());
  if (e.value.IsSequence())
    for (const auto& item : e.value)
      if (const YamlNode id = item.find("id"); id.IsScalar()) ids.push_back(id.Scalar());
  read_list(e, "the rule file", "a rule", kRuleKeys, set.rules,
            [&](Rule& rule, const MapView& map, const std::string& what) {
              read_rule(rule, map, what, set);
              if (const Entry* o = map.find("otherwise")) read_otherwise(*o, rule, ids, what);
            });
}

// `otherwise: [a, b]`: the rule takes the records its `when` matches that
// the `when` of none of these rules matches ("其他10分").
void Loader::read_otherwise(const Entry& e, Rule& rule, const Names& ids,
                            const std::string& what) {
  auto refs = names(e, what);
  if (!refs) return;
  for (const auto& ref : *refs) {
    if (!contains(ids, ref.value)) {
      error(ref.where, "unknown rule '" + ref.value + "' in 'otherwise' of " + what +
                           did_you_mean(ref.value, ids));
    } else if (ref.value == rule.id) {
      error(ref.where, "'otherwise' of " + what + " names the rule itself");
    } else if (contains(rule.otherwise, ref.value)) {
      error(ref.where, "rule '" + ref.value + "' is listed twice in 'otherwise' of " + what);
    } else {
      rule.otherwise.push_back(ref.value);
    }
  }
}

void Loader::read_rule(Rule& rule, const MapView& map, const std::string& what,
                       const RuleSet& set) {
  if (const Entry* c = map.find("category")) {
    if (auto id = scalar(*c, what)) {
      rule.category = *id;
      check_category_ref({*id, at(c->value)}, set, what);
    }
  } else {
    error(map.where, what + " needs a 'category'");
  }
  rule.when = read_when(map, what, true);
  read_rule_points(map, rule, what);

  if (const Entry* c = map.find("count")) {
    if (auto count = choice(*c, what, kCountModes)) rule.count = *count;
  }
  if (const Entry* f = map.find("from")) {
    if (auto n = integer(*f, what, 1, 1000000)) rule.from_nth = static_cast<int>(*n);
  }
  const Entry* limit = map.find("limit");
  if (limit) {
    if (auto n = integer(*limit, what, 1, 1000000)) rule.limit = static_cast<int>(*n);
  }
  if (const Entry* once = map.find("once")) {
    auto b = boolean(*once, what);
    if (b && *b) {
      if (limit) {
        error(at(once->key), what + " has both 'once' and 'limit'; 'once: true' means 'limit: 1'");
      } else {
        rule.limit = 1;
      }
    }
  }
  if (const Entry* m = map.find("max")) {
    rule.max = points(m->value, "max", what);
    if (rule.max && *rule.max < 0) {
      error(at(m->value), "'max' in " + what + " must not be negative");
    }
  }
  read_rule_per_period(map, rule, what);
}

// `per: quarter` (and `at_least`): the rule's points once for each quarter
// (month, half) with at least so many matching records.
void Loader::read_rule_per_period(const MapView& map, Rule& rule, const std::string& what) {
  const Entry* per = map.find("per");
  const Entry* at_least = map.find("at_least");
  if (!per) {
    if (at_least)
      error(at(at_least->key), "'at_least' in " + what +
                                   " needs 'per' (points per month, quarter or half with at least"
                                   " so many records); tiers take 'at_least' in each tier");
    return;
  }
  if (auto granularity = read_per(*per, what)) rule.per = *granularity;
  rule.per_period = true;
  if (at_least) {
    if (auto n = integer(*at_least, what, 1, 1000000)) rule.period_at_least = *n;
  }
  for (const auto& key : kPerRecordKeys) {
    if (const Entry* other = map.find(key)) {
      error(at(other->key), "'" + key + "' in " + what +
                                " does not combine with 'per': the rule gives its points once per"
                                " sub-period, not per record");
    }
  }
  if (const Entry* tiers = map.find("tiers")) {
    error(at(tiers->key), what + " has both 'per' and 'tiers'; use one");
  }
  if (!rule.points_by.empty()) {
    error(at(per->key), "'per' in " + what + " needs a single number of 'points', not a table");
  }
}

// What one record earns: `points` (a number or a table), or `tiers`, or the
// points of `share: {by_position}`; and `per_quantity` and `share`.
void Loader::read_rule_points(const MapView& map, Rule& rule, const std::string& what) {
  const Entry* pts = map.find("points");
  const Entry* tiers = map.find("tiers");
  // share: {by_position: ...} states the points itself, so it stands in for
  // `points` (the Guangshui "first proposer 20, co-signers 15" style).
  const Entry* share = map.find("share");
  const bool by_position = share && share->value.find("by_position").IsDefined();
  if (pts && tiers) {
    error(at(tiers->key), what + " has both 'points' and 'tiers'; use one");
  } else if (tiers && by_position) {
    error(at(tiers->key), what + " has both 'share: {by_position}' and 'tiers'; use one");
  } else if (pts && by_position) {
    warning(at(pts->key), "'points' in " + what + " is not used: 'by_position' gives the points");
  } else if (!pts && !tiers && !by_position) {
    error(map.where, what + " needs 'points' (per record) or 'tiers'");
  }
  if (pts) {
    if (pts->value.IsMap()) {
      read_points_table(*pts, rule, what);
    } else if (auto p = points(pts->value, "points", what)) {
      rule.points = *p;
    }
  }
  TiersBy tiers_by = TiersBy::Count;
  if (const Entry* by = map.find("tiers_by")) {
    if (auto measure = choice(*by, what, kTiersBy)) tiers_by = *measure;
    if (!tiers) warning(at(by->key), "'tiers_by' in " + what + " has no effect without 'tiers'");
  }
  rule.tiers_by_quantity = tiers_by == TiersBy::Quantity;
  rule.tiers_by_rate = tiers_by == TiersBy::Rate && tiers;
  if (tiers && !pts) read_tiers(*tiers, rule, tiers_by, what);
  read_rate(map, rule, what);

  if (const Entry* q = map.find("per_quantity")) {
    if (auto b = boolean(*q, what)) rule.per_quantity = *b;
    if (rule.per_quantity && tiers) {
      warning(at(q->key), "'per_quantity' in " + what +
                              " has no effect with 'tiers'; use 'tiers_by: quantity'");
    }
  }
  if (share) read_share(*share, rule, what);
}

void Loader::read_points_table(const Entry& e, Rule& rule, const std::string& what) {
  auto map = as_map(e.value, "'points' of " + what);
  if (!map) return;
  const Entry* by = map->find("by");
  if (!by) {
    error(map->where, "'points' map in " + what + " needs 'by: level' (or status, subtype, kind)");
    return;
  }
  const auto index = one_of(*by, what, kPointsByAttributes);
  if (!index) return;
  const std::string& attribute = kPointsByAttributes[*index];
  rule.points_by = attribute;
  std::vector<Named> values;
  for (const auto& [name, entry] : map->entries) {
    if (name == "by") continue;
    values.push_back({name, at(entry.key)});
    if (auto p = points(entry.value, name, "'points' of " + what)) rule.points_table[name] = *p;
  }
  if (values.empty()) {
    error(map->where, "'points' map in " + what + " lists no values (e.g. national: 10)");
  }
  check_vocabulary(values, standard_values(attribute), attribute, "'points' of " + what);
}

void Loader::read_share(const Entry& e, Rule& rule, const std::string& what) {
  const std::string in = "'share' of " + what;
  if (e.value.IsScalar()) {
    if (e.value.Scalar() == "full") {
      rule.share.mode = ShareMode::Full;
    } else {
      error(at(e.value), "'share' in " + what + " must be 'full' or a map with first, first_n or "
                             "by_position, got '" + e.value.Scalar() + "'");
    }
    return;
  }
  auto map = as_map(e.value, in, kShareKeys);
  if (!map) return;
  int modes = 0;
  for (const auto& key : kShareKeys) modes += map->find(key) ? 1 : 0;
  if (modes != 1) {
    error(map->where, in + " needs exactly one of first, first_n or by_position");
    return;
  }
  if (const Entry* first = map->find("first")) {
    auto text = scalar(*first, in);
    if (!text) return;
    auto fraction = parse_fraction(*text);
    if (!fraction) {
      error(at(first->value), "'first' in " + in + " must be a fraction like 1/2 or 0.5, got '" +
                                  *text + "'");
      return;
    }
    if (fraction->num > fraction->den) {
      error(at(first->value), "'first' in " + in + " must not be more than 1, got " + *text);
      return;
    }
    rule.share.mode = ShareMode::Split;
    rule.share.first = *fraction;
  } else if (const Entry* n = map->find("first_n")) {
    if (auto v = integer(*n, in, 1, 65535)) {
      rule.share.mode = ShareMode::FirstN;
      rule.share.n = static_cast<int>(*v);
    }
  } else if (const Entry* by = map->find("by_position")) {
    auto table = as_map(by->value, "'by_position' of " + what);
    if (!table) return;
    rule.share.mode = ShareMode::ByPosition;
    for (const auto& [name, entry] : table->entries) {
      auto p = points(entry.value, name, "'by_position' of " + what);
      if (name == "other") {
        if (p) rule.share.other_points = *p;
        continue;
      }
      auto position = parse_points(name, 0);
      if (!position || *position < 1 || *position > 65535) {
        error(at(entry.key), "'by_position' of " + what +
                                 " takes positions 1, 2, ... or 'other', got '" + name + "'");
        continue;
      }
      if (p) rule.share.position_points[static_cast<std::uint16_t>(*position)] = *p;
    }
    if (table->entries.empty()) {
      error(table->where, "'by_position' of " + what + " lists no positions");
    }
  }
}

// `rate_of` and `no_records` of a rule with `tiers_by: rate`.
void Loader::read_rate(const MapView& map, Rule& rule, const std::string& what) {
  const Entry* of = map.find("rate_of");
  const Entry* none = map.find("no_records");
  if (!rule.tiers_by_rate) {
    for (const Entry* e : {of, none}) {
      if (e)
        error(at(e->key), "'" + e->key.Scalar() + "' in " + what + " needs 'tiers_by: rate'");
    }
    return;
  }
  for (const char* key : {"from", "limit", "once", "count"}) {
    if (const Entry* other = map.find(key))
      error(at(other->key), "'" + std::string(key) + "' in " + what +
                                " does not combine with 'tiers_by: rate': the rate is taken over"
                                " every matching record");
  }
  if (!of) {
    error(map.where, what + " has 'tiers_by: rate' and needs 'rate_of': the condition a record of"
                            " its 'when' must also meet to count toward the rate (e.g. "
                            "{status: present})");
  } else {
    rule.rate_of = read_conditions(*of, "'rate_of' of " + what);
  }
  if (none) {
    if (auto p = points(none->value, "no_records", what)) rule.no_records = *p;
  }
}

void Loader::read_tiers(const Entry& e, Rule& rule, TiersBy by, const std::string& what) {
  const bool by_quantity = by == TiersBy::Quantity;
  const std::string in = "'tiers' of " + what;
  for (const YamlNode& node : sequence(e, what)) {
    auto map = as_map(node, "a tier in " + what);
    if (!map) continue;
    check_keys(*map, kTierKeys, in);
    Tier tier;
    bool ok = true;
    const Entry* at_least = map->find("at_least");
    const Entry* tier_points = map->find("points");
    if (!at_least || !tier_points) {
      error(map->where, "each tier in " + what + " needs 'at_least' and 'points'");
      continue;
    }
    if (by == TiersBy::Rate) {
      // A share of the records: compared exactly, as a fraction.
      auto rate = share_value(*at_least, in, true);
      if (!rate) ok = false; else tier.rate = *rate;
    } else if (by_quantity) {
      // Quantities are kept in units of 1/10000 (half-days, hours).
      auto text = scalar(*at_least, in);
      auto q = text ? parse_points(*text, 4) : std::nullopt;
      if (text && (!q || *q <= 0)) {
        error(at(at_least->value), "'at_least' in " + in +
                                       " must be a positive quantity with at most 4 decimals, got '" +
                                       *text + "'");
      }
      if (!q || *q <= 0) ok = false; else tier.at_least = *q;
    } else {
      auto n = integer(*at_least, in, 1, 1000000);
      if (!n) ok = false; else tier.at_least = *n;
    }
    auto p = points(tier_points->value, "points", in);
    if (!p) ok = false; else tier.points = *p;
    if (!ok) continue;
    const bool same = std::any_of(rule.tiers.begin(), rule.tiers.end(), [&](const Tier& t) {
      return by == TiersBy::Rate ? compare_fractions(t.rate, tier.rate) == 0
                                 : t.at_least == tier.at_least;
    });
    if (same) {
      error(at(at_least->value), "two tiers in " + what + " have the same 'at_least'");
      continue;
    }
    rule.tiers.push_back(tier);
  }
  std::sort(rule.tiers.begin(), rule.tiers.end(), [&](const Tier& a, const Tier& b) {
    return by == TiersBy::Rate ? compare_fractions(a.rate, b.rate) > 0 : a.at_least > b.at_least;
  });
  if (e.value.IsSequence() && e.value.size() == 0) {
    error(at(e.value), "'tiers' in " + what + " lists no tiers");
  }
}

void Loader::read_exclusives(const Entry& e, RuleSet& set) {
  read_list(e, "the rule file", "an exclusive group", kExclusiveKeys, set.exclusives,
            [&](Exclusive& x, const MapView& map, const std::string& what) {
    const Entry* rules = map.find("rules");
    if (!rules) {
      error(map.where, what + " needs 'rules' listing at least two rule ids");
      return;
    }
    auto refs = names(*rules, what);
    if (!refs) return;
    if (refs->size() < 2) {
      error(at(rules->value), what + " needs at least two rules");
    }
    Names ids;
    for (const auto& r : set.rules) ids.push_back(r.id);
    std::string category;
    std::set<std::string> listed;
    for (const auto& ref : *refs) {
      const int index = set.rule_index(ref.value);
      if (index < 0) {
        error(ref.where, "unknown rule '" + ref.value + "' in " + what + did_you_mean(ref.value, ids));
        continue;
      }
      if (!listed.insert(ref.value).second) {
        error(ref.where, "rule '" + ref.value + "' is listed twice in " + what);
        continue;
      }
      const std::string& c = set.rules[static_cast<std::size_t>(index)].category;
      if (category.empty()) {
        category = c;
      } else if (c != category) {
        error(ref.where, "rule '" + ref.value + "' in " + what + " is in category '" + c +
                             "', the others in '" + category + "'; exclusive rules share a category");
      }
      x.rules.push_back(ref.value);
    }
  });
}

}  // namespace dutyscore::detail
