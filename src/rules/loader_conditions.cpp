// `when` (docs/rules.md §6): the conditions a record and its member must
// meet, used by rules, minimums, vetoes, group quotas and across-years
// counts; their values are checked against the standard vocabulary.
#include "dutyscore/vocabulary.h"
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kConditionKeys{"kind",      "subtype",  "status", "level", "flags",
                           "not_flags", "position", "role",   "sector", "group"};
const Names kPositionKeys{"min", "max", "not", "blank"};
const Names kAttributeKeys{"is", "not", "blank"};

// The interchange vocabulary (dutyscore/vocabulary.h, in its order, which
// did-you-mean hints depend on). Values outside it only warn: committees may
// invent their own kinds and flags.
Names codes_of(VocabularyField field) {
  Names codes;
  for (const Term& t : standard_vocabulary()) {
    if (t.field == field) codes.emplace_back(t.code);
  }
  return codes;
}

// The subtypes of each standard kind. The table's kind-less 'other' (any
// other kind's) is left out: a subtype is checked against the kinds named
// with it, and only meetings list 'other' as their own.
std::map<std::string, Names> subtypes_by_kind() {
  std::map<std::string, Names> by_kind;
  for (const Term& t : standard_vocabulary()) {
    if (t.field == VocabularyField::Subtype && !t.kind.empty()) {
      by_kind[std::string(t.kind)].emplace_back(t.code);
    }
  }
  return by_kind;
}

const Names kKinds = codes_of(VocabularyField::Kind);
const std::map<std::string, Names> kSubtypesByKind = subtypes_by_kind();
const Names kStatuses = codes_of(VocabularyField::Status);
const Names kFlags = codes_of(VocabularyField::Flag);
const Names kLevels = codes_of(VocabularyField::Level);
const Names kRoles = codes_of(VocabularyField::Role);

}  // namespace

Names Loader::standard_values(const std::string& attribute) {
  if (attribute == "kind") return kKinds;
  if (attribute == "subtype") {
    Names all;
    for (const auto& [kind, subs] : kSubtypesByKind) all.insert(all.end(), subs.begin(), subs.end());
    return all;
  }
  if (attribute == "status") return kStatuses;
  if (attribute == "level") return kLevels;
  return {};
}

std::vector<Condition> Loader::read_when(const MapView& owner, const std::string& what,
                                         bool required) {
  const Entry* e = owner.find("when");
  if (!e) {
    if (required) error(owner.where, what + " needs a 'when' saying which records it applies to");
    return {};
  }
  if (e->value.IsSequence() && e->value.size() == 0) {
    warning(at(e->value), what + " can never match: its 'when' list is empty");
    return {};
  }
  return read_conditions(*e, what);
}

std::vector<Condition> Loader::read_conditions(const Entry& e, const std::string& what) {
  std::vector<Condition> out;
  if (e.value.IsSequence() && e.value.size() > 0) {
    for (const auto& item : e.value) {
      if (auto c = read_condition(item, what)) out.push_back(std::move(*c));
    }
  } else if (e.value.IsMap()) {
    if (auto c = read_condition(e.value, what)) out.push_back(std::move(*c));
  } else {
    error(e.value.IsNull() ? at(e.key) : at(e.value),
          "'" + e.key.Scalar() + "' in " + what +
              " must be a map (kind: ..., status: ...) or a list of such maps");
  }
  return out;
}

std::optional<Condition> Loader::read_condition(const YamlNode& node, const std::string& what) {
  auto map = as_map(node, "a condition in " + what);
  if (!map) return std::nullopt;
  check_keys(*map, kConditionKeys, "the 'when' of " + what);
  Condition c;
  c.where = map->where;
  const std::string in = "the 'when' of " + what;

  // Each attribute: the values listed (`is`), the values excluded (`not`),
  // and whether a blank value holds; both lists are checked against the
  // vocabulary.
  auto attribute = [&](const char* key, ConditionAttribute bit, std::vector<std::string>& is,
                       std::vector<std::string>& is_not) -> std::vector<Named> {
    const Entry* e = map->find(key);
    if (!e) return {};
    const auto values = read_attribute(*e, in, bit, c);
    for (const auto& v : values.is) is.push_back(v.value);
    for (const auto& v : values.is_not) is_not.push_back(v.value);
    std::vector<Named> all = values.is;
    all.insert(all.end(), values.is_not.begin(), values.is_not.end());
    return all;
  };
  const auto kinds = attribute("kind", kAttrKind, c.kinds, c.not_kinds);
  check_vocabulary(kinds, kKinds, "kind", in);
  const auto subtypes = attribute("subtype", kAttrSubtype, c.subtypes, c.not_subtypes);
  {
    // Check subtypes against the kinds named here when they are standard.
    Names allowed;
    bool standard_kinds = !c.kinds.empty();
    for (const auto& k : c.kinds) {
      if (!contains(kKinds, k)) standard_kinds = false;
      auto it = kSubtypesByKind.find(k);
      if (it != kSubtypesByKind.end()) allowed.insert(allowed.end(), it->second.begin(), it->second.end());
    }
    if (!standard_kinds) allowed = standard_values("subtype");
    check_vocabulary(subtypes, allowed, "subtype", in);
  }
  check_vocabulary(attribute("status", kAttrStatus, c.statuses, c.not_statuses), kStatuses, "status",
                   in);
  check_vocabulary(attribute("level", kAttrLevel, c.levels, c.not_levels), kLevels, "level", in);
  auto flag_list = [&](const char* key, std::vector<std::string>& out) -> std::vector<Named> {
    const Entry* e = map->find(key);
    if (!e) return {};
    auto values = names(*e, in);
    if (!values) return {};
    for (const auto& v : *values) out.push_back(v.value);
    return *values;
  };
  check_vocabulary(flag_list("flags", c.flags_all), kFlags, "flag", in);
  check_vocabulary(flag_list("not_flags", c.flags_none), kFlags, "flag", in);
  check_vocabulary(attribute("role", kAttrRole, c.roles, c.not_roles), kRoles, "role", in);
  attribute("sector", kAttrSector, c.sectors, c.not_sectors);
  attribute("group", kAttrGroup, c.groups, c.not_groups);

  if (const Entry* p = map->find("position")) read_position(*p, c, what);
  for (const auto& flag : c.flags_all) {
    if (contains(c.flags_none, flag)) {
      warning(c.where, "the 'when' of " + what + " can never match: flag '" + flag +
                           "' is both required and excluded");
    }
  }
  return c;
}

// `kind: a`, `kind: [a, b]`, or `kind: {is: ..., not: ..., blank: ...}`
// (docs/rules.md §6): the values that hold, the values that do not, and
// whether a blank value holds (stated in `c`'s blank bits for `bit`).
Loader::AttributeValues Loader::read_attribute(const Entry& e, const std::string& in,
                                               ConditionAttribute bit, Condition& c) {
  AttributeValues out;
  const std::string key = e.key.Scalar();
  if (!e.value.IsMap()) {
    if (auto values = names(e, in)) out.is = std::move(*values);
    return out;
  }
  auto map = as_map(e.value, "'" + key + "' in " + in, kAttributeKeys);
  if (!map) return out;
  const Entry* is = map->find("is");
  const Entry* is_not = map->find("not");
  const Entry* blank = map->find("blank");
  if (is && is_not) {
    error(at(is_not->key), "'" + key + "' in " + in +
                               " takes 'is' or 'not', not both: list the values that hold, or"
                               " the values that do not");
    return out;
  }
  if (!is && !is_not && !blank) {
    error(map->where, "'" + key + "' in " + in + " needs 'is', 'not' or 'blank'");
    return out;
  }
  if (is) {
    if (auto values = names(*is, in)) out.is = std::move(*values);
  }
  if (is_not) {
    if (auto values = names(*is_not, in)) out.is_not = std::move(*values);
  }
  if (blank) {
    if (auto holds = boolean(*blank, in)) {
      c.blank_stated |= bit;
      if (*holds) c.blank_holds |= bit;
    }
  }
  return out;
}

// `position: 1`, `position: {min: 2, max: 5}`, `position: {not: 1}` or
// `position: {blank: true}`: the member's place among the participants of a
// joint item.
void Loader::read_position(const Entry& p, Condition& c, const std::string& what) {
  constexpr std::int64_t kMaxPosition = 65535;
  const std::string in = "the 'when' of " + what;
  if (p.value.IsMap()) {
    auto range = as_map(p.value, "'position' of " + what, kPositionKeys);
    if (range) {
      const Entry* lo = range->find("min");
      const Entry* hi = range->find("max");
      const Entry* is_not = range->find("not");
      const Entry* blank = range->find("blank");
      if (lo) {
        if (auto v = integer(*lo, in, 1, kMaxPosition)) c.position_min = static_cast<std::uint16_t>(*v);
      }
      if (hi) {
        if (auto v = integer(*hi, in, 1, kMaxPosition)) c.position_max = static_cast<std::uint16_t>(*v);
      }
      if (is_not) {
        if ((lo || hi)) {
          error(at(is_not->key), "'position' in " + in +
                                     " takes 'min'/'max' or 'not', not both");
        } else if (auto values = names(*is_not, in)) {
          for (const auto& v : *values) {
            const auto n = parse_points(v.value, 0);
            if (!n || *n < 1 || *n > kMaxPosition) {
              error(v.where, "'not' in the 'position' of " + what +
                                 " takes positions 1, 2, ..., got '" + v.value + "'");
              continue;
            }
            c.not_positions.push_back(static_cast<std::uint16_t>(*n));
          }
        }
      }
      if (blank) {
        if (auto holds = boolean(*blank, in)) {
          c.blank_stated |= kAttrPosition;
          if (*holds) c.blank_holds |= kAttrPosition;
        }
      }
      if (!lo && !hi && !is_not && !blank) {
        error(range->where, "'position' in " + in + " needs 'min' and/or 'max', 'not' or 'blank'");
      }
    }
  } else if (auto v = integer(p, in, 1, kMaxPosition)) {
    c.position_min = c.position_max = static_cast<std::uint16_t>(*v);
  }
  if (c.position_min != 0 && c.position_max != 0 && c.position_min > c.position_max) {
    warning(at(p.value), "the 'when' of " + what + " can never match: position min " +
                             std::to_string(c.position_min) + " is above max " +
                             std::to_string(c.position_max));
  }
}

}  // namespace dutyscore::detail
