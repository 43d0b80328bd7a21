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
// the position on the item, and the member's roles, sector and group.
struct RowCondition {
  std::uint16_t position_min = 0;  // 0 = no bound
  std::uint16_t position_max = 0;
  bool test_roles = false;
  RoleMask roles = 0;
  bool test_sectors = false;
  std::vector<Code> sectors;
  bool test_groups = false;
  std::vector<Code> groups;

  bool holds(std::uint16_t position, const MemberFacts& member) const {
    if (position_min != 0 && position < position_min) return false;
    if (position_max != 0 && (position == 0 || position > position_max)) return false;
    if (test_roles && (member.roles & roles) == 0) return false;
    if (test_sectors && !contains(sectors, member.sector)) return false;
    if (test_groups && !contains(groups, member.group)) return false;
    return true;
  }
  bool trivial() const {
    return position_min == 0 && position_max == 0 && !test_roles && !test_sectors && !test_groups;
  }

 private:
  static bool contains(const std::vector<Code>& codes, Code code) {
    for (Code c : codes)
      if (c == code) return true;
    return false;
  }
};

// A condition's class-level part, with names resolved to the batch's codes.
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
RowCondition bind_row_condition(const Condition& c, const MemberTable& members);

}  // namespace dutyscore::detail
