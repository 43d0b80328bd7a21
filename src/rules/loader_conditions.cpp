// `when` (docs/rules.md §6): the conditions a record and its member must
// meet, used by rules, minimums, vetoes, group quotas and across-years
// counts; their values are checked against the standard vocabulary.
#include "dutyscore/vocabulary.h"
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kConditionKeys{"kind",      "subtype",  "status", "level", "flags",
                           "not_flags", "position", "role",   "sector", "group"};
const Names kPositionKeys{"min", "max"};

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

std::optional<Condition> Loader::read_condition(const YAML::Node& node, const std::string& what) {
  auto map = as_map(node, "a condition in " + what);
  if (!map) return std::nullopt;
  check_keys(*map, kConditionKeys, "the 'when' of " + what);
  Condition c;
  c.where = map->where;
  const std::string in = "the 'when' of " + what;

  auto list = [&](const char* key, std::vector<std::string>& out) -> std::vector<Named> {
    const Entry* e = map->find(key);
    if (!e) return {};
    auto values = names(*e, in);
    if (!values) return {};
    for (const auto& v : *values) out.push_back(v.value);
    return *values;
  };
  const auto kinds = list("kind", c.kinds);
  check_vocabulary(kinds, kKinds, "kind", in);
  const auto subtypes = list("subtype", c.subtypes);
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
  check_vocabulary(list("status", c.statuses), kStatuses, "status", in);
  check_vocabulary(list("level", c.levels), kLevels, "level", in);
  check_vocabulary(list("flags", c.flags_all), kFlags, "flag", in);
  check_vocabulary(list("not_flags", c.flags_none), kFlags, "flag", in);
  check_vocabulary(list("role", c.roles), kRoles, "role", in);
  list("sector", c.sectors);
  list("group", c.groups);

  if (const Entry* p = map->find("position")) read_position(*p, c, what);
  for (const auto& flag : c.flags_all) {
    if (contains(c.flags_none, flag)) {
      warning(c.where, "the 'when' of " + what + " can never match: flag '" + flag +
                           "' is both required and excluded");
    }
  }
  return c;
}

// `position: 1` or `position: {min: 2, max: 5}`: the member's place among
// the participants of a joint item.
void Loader::read_position(const Entry& p, Condition& c, const std::string& what) {
  constexpr std::int64_t kMaxPosition = 65535;
  const std::string in = "the 'when' of " + what;
  if (p.value.IsMap()) {
    auto range = as_map(p.value, "'position' of " + what, kPositionKeys);
    if (range) {
      if (const Entry* lo = range->find("min")) {
        if (auto v = integer(*lo, in, 1, kMaxPosition)) c.position_min = static_cast<std::uint16_t>(*v);
      }
      if (const Entry* hi = range->find("max")) {
        if (auto v = integer(*hi, in, 1, kMaxPosition)) c.position_max = static_cast<std::uint16_t>(*v);
      }
      if (!range->find("min") && !range->find("max")) {
        error(range->where, "'position' in " + in + " needs 'min' and/or 'max'");
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
