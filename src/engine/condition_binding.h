// Internal: a rule-set Condition bound to one batch's and member table's
// codes (docs/rules.md §6), split the way the evaluation uses it: the part
// that depends only on a record's class (kind, subtype, status, level,
// flags) and the part tested per row (position, the member's roles, sector
// and group). The evaluation plan and the per-row matcher of groups and
// across-years rules both bind conditions here.
#pragma once

#include <cstdint>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

// The attributes of the member whose records are being matched.
struct MemberFacts {
  RoleMask roles = 0;
  Code sector = kAbsent;
  Code group = kAbsent;
};

// The part of a Condition that depends on the row rather than its class:
// the position on the item, and the member's roles, sector and group
// (docs/rules.md §6: listed values, `not` lists, blank values).
struct RowCondition {
  // Position: a range (min/max, 0 = no bound) or values excluded; a blank
  // position (0) is read as blank_as first (RuleSet::blank_position).
  bool test_position = false;
  std::uint16_t position_min = 0;
  std::uint16_t position_max = 0;
  std::vector<std::uint16_t> not_positions;
  bool blank_position_holds = false;  // a position still blank holds
  bool other_position_holds = false;  // any position holds (only blank: false said)
  std::uint16_t blank_as = 0;
  // Roles: the member has any of `roles` (when listed), none of
  // `not_roles` (when negated); a member without roles is blank.
  bool test_roles = false;
  bool roles_listed = false;
  bool roles_negated = false;
  RoleMask roles = 0;
  RoleMask not_roles = 0;
  bool blank_roles_hold = false;
  bool other_roles_hold = false;
  // Sector and group: by code (kAbsent = blank), 1 where it holds; empty =
  // not tested.
  std::vector<std::uint8_t> sector_ok;
  std::vector<std::uint8_t> group_ok;

  bool holds(std::uint16_t position, const MemberFacts& member) const {
    return (!test_position || position_holds(position)) && member_holds(member);
  }
  bool position_holds(std::uint16_t position) const {
    if (position == 0) position = blank_as;
    if (position == 0) return blank_position_holds;
    if (position_min == 0 && position_max == 0 && not_positions.empty())
      return other_position_holds;
    if (position_min != 0 && position < position_min) return false;
    if (position_max != 0 && position > position_max) return false;
    for (const std::uint16_t p : not_positions)
      if (p == position) return false;
    return true;
  }
  bool member_holds(const MemberFacts& member) const {
    if (test_roles && !roles_hold(member.roles)) return false;
    if (!sector_ok.empty() && !sector_ok[member.sector]) return false;
    if (!group_ok.empty() && !group_ok[member.group]) return false;
    return true;
  }
  bool tests_member() const { return test_roles || !sector_ok.empty() || !group_ok.empty(); }
  bool trivial() const { return !test_position && !tests_member(); }
  // The same test of the member (the position part aside).
  bool same_member_test(const RowCondition& o) const {
    return test_roles == o.test_roles && roles_listed == o.roles_listed &&
           roles_negated == o.roles_negated && roles == o.roles && not_roles == o.not_roles &&
           blank_roles_hold == o.blank_roles_hold && other_roles_hold == o.other_roles_hold &&
           sector_ok == o.sector_ok && group_ok == o.group_ok;
  }
  // This condition without its position test.
  RowCondition member_part() const {
    RowCondition r = *this;
    r.test_position = false;
    r.position_min = r.position_max = 0;
    r.not_positions.clear();
    return r;
  }

 private:
  bool roles_hold(RoleMask held) const {
    if (held == 0) return blank_roles_hold;
    if (roles_listed) return (held & roles) != 0;
    if (roles_negated) return (held & not_roles) == 0;
    return other_roles_hold;
  }
};

// A condition's class-level part, with names resolved to the batch's codes.
// The tables cover every code of their dictionary, kAbsent (blank)
// included, so `not` lists and blank tests cost nothing per row.
struct ClassTest {
  std::vector<std::uint8_t> kind_ok, subtype_ok, status_ok, level_ok;  // empty: any
  FlagMask flags_all = 0;
  FlagMask flags_none = 0;
  bool never = false;  // names a flag no record of the batch carries

  bool holds(const RecordClass& c) const {
    if (never) return false;
    if (!kind_ok.empty() && !kind_ok[c.kind]) return false;
    if (!subtype_ok.empty() && !subtype_ok[c.subtype]) return false;
    if (!status_ok.empty() && !status_ok[c.status]) return false;
    if (!level_ok.empty() && !level_ok[c.level]) return false;
    return (c.flags & flags_all) == flags_all && (c.flags & flags_none) == 0;
  }
};

ClassTest bind_class_test(const Condition& c, const RecordBatch& batch);
// `blank_position`: what a blank position is read as (RuleSet::
// blank_position; 0 = it stays blank).
RowCondition bind_row_condition(const Condition& c, const MemberTable& members,
                                std::uint16_t blank_position);

}  // namespace dutyscore::detail
