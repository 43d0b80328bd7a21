#include "engine/condition_binding.h"

namespace dutyscore::detail {
namespace {

// A table over a dictionary's codes, 1 where the attribute holds: the
// listed names (a listed name the batch never uses simply never matches),
// or every code but the excluded names, and kAbsent (blank) as the
// condition says. Empty when the condition does not test the attribute.
std::vector<std::uint8_t> allowed_codes(const Dictionary& dict, const Condition& c,
                                        ConditionAttribute attribute,
                                        const std::vector<std::string>& is,
                                        const std::vector<std::string>& is_not) {
  const bool listed = !is.empty(), negated = !is_not.empty();
  if (!listed && !negated && !(c.blank_stated & attribute)) return {};
  std::vector<std::uint8_t> ok(dict.size(), c.other_matches(attribute, listed, negated) ? 1 : 0);
  for (const auto& name : is) {
    const Code code = dict.find(name);
    if (code != kAbsent) ok[code] = 1;
  }
  for (const auto& name : is_not) {
    const Code code = dict.find(name);
    if (code != kAbsent) ok[code] = 0;
  }
  ok[kAbsent] = c.blank_matches(attribute, listed, negated) ? 1 : 0;
  return ok;
}

RoleMask role_mask(const Dictionary& dict, const std::vector<std::string>& names) {
  RoleMask mask = 0;
  for (const auto& role : names) {
    const Code code = dict.find(role);
    if (code != kAbsent && code < 64) mask |= RoleMask{1} << code;
  }
  return mask;
}

}  // namespace

ClassTest bind_class_test(const Condition& c, const RecordBatch& batch) {
  ClassTest t;
  t.kind_ok = allowed_codes(batch.kinds(), c, kAttrKind, c.kinds, c.not_kinds);
  t.subtype_ok = allowed_codes(batch.subtypes(), c, kAttrSubtype, c.subtypes, c.not_subtypes);
  t.status_ok = allowed_codes(batch.statuses(), c, kAttrStatus, c.statuses, c.not_statuses);
  t.level_ok = allowed_codes(batch.levels(), c, kAttrLevel, c.levels, c.not_levels);
  for (const auto& flag : c.flags_all) {
    const Code code = batch.flag_names().find(flag);
    if (code == kAbsent) t.never = true;
    else t.flags_all |= FlagMask{1} << (code - 1);
  }
  for (const auto& flag : c.flags_none) {
    const Code code = batch.flag_names().find(flag);
    if (code != kAbsent) t.flags_none |= FlagMask{1} << (code - 1);
  }
  return t;
}

RowCondition bind_row_condition(const Condition& c, const MemberTable& members,
                                std::uint16_t blank_position) {
  RowCondition r;
  const bool range = c.position_min != 0 || c.position_max != 0;
  const bool excluded = !c.not_positions.empty();
  r.test_position = range || excluded || (c.blank_stated & kAttrPosition);
  r.position_min = c.position_min;
  r.position_max = c.position_max;
  r.not_positions = c.not_positions;
  r.blank_position_holds = c.blank_matches(kAttrPosition, range, excluded);
  r.other_position_holds = c.other_matches(kAttrPosition, range, excluded);
  r.blank_as = blank_position;

  r.roles_listed = !c.roles.empty();
  r.roles_negated = !c.not_roles.empty();
  r.test_roles = r.roles_listed || r.roles_negated || (c.blank_stated & kAttrRole);
  r.roles = role_mask(members.role_names(), c.roles);
  r.not_roles = role_mask(members.role_names(), c.not_roles);
  r.blank_roles_hold = c.blank_matches(kAttrRole, r.roles_listed, r.roles_negated);
  r.other_roles_hold = c.other_matches(kAttrRole, r.roles_listed, r.roles_negated);

  r.sector_ok = allowed_codes(members.sector_names(), c, kAttrSector, c.sectors, c.not_sectors);
  r.group_ok = allowed_codes(members.group_names(), c, kAttrGroup, c.groups, c.not_groups);
  return r;
}

}  // namespace dutyscore::detail
