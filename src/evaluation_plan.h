// Internal: a rule set compiled against one batch's dictionaries. Names
// become codes and conditions become lookup tables, so that matching a
// record is table lookups and integer tests.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

// The attributes of the member whose records are being matched.
struct MemberFacts {
  RoleMask roles = 0;
  Code sector = kAbsent;
  Code group = kAbsent;
};

// A Condition with its names resolved to this batch's codes. An empty
// table means "any value".
struct BoundCondition {
  std::vector<std::uint8_t> kind_ok, subtype_ok, status_ok, level_ok;
  FlagMask flags_all = 0;
  FlagMask flags_none = 0;
  std::uint16_t position_min = 0;
  std::uint16_t position_max = 0;
  bool never = false;  // names a flag the batch never has, or similar
  bool test_roles = false;
  RoleMask roles = 0;
  bool test_sectors = false;
  std::vector<Code> sectors;
  bool test_groups = false;
  std::vector<Code> groups;
};

// One rule, minimum or veto as it appears in a kind's candidate list; it
// matches when any of its conditions [condition_begin, condition_end) does.
struct Matcher {
  enum Type : std::uint8_t { kRule, kMinimum, kVeto };
  Type type = kRule;
  int index = 0;
  std::uint32_t condition_begin = 0;
  std::uint32_t condition_end = 0;
};

struct BoundRule {
  // For `points: {by: ...}`: the column read, and points per code of it.
  Code (*points_by_column)(const RecordBatch&, std::size_t) = nullptr;
  std::vector<Points> points_by_code;
};

struct Plan {
  const RuleSet* rules = nullptr;
  const MemberTable* members = nullptr;
  const RecordBatch* records = nullptr;
  Period period;

  std::vector<BoundCondition> conditions;
  std::vector<std::vector<Matcher>> candidates;  // by kind code
  std::vector<BoundRule> bound_rules;
  std::vector<int> rule_category;
  std::vector<std::vector<int>> exclusive_rules;

  std::vector<std::vector<Period>> minimum_subperiods;
  std::vector<std::size_t> minimum_offset;
  std::size_t minimum_slots = 0;
  std::vector<int> minimum_category;  // -1: no penalty
  std::vector<int> minimum_grade;     // -1: no forced grade
  std::vector<int> veto_grade;
  // Day offset in the period -> sub-period index, per Granularity.
  std::array<std::vector<std::uint16_t>, 4> subperiod_of_day;

  void build(const RuleSet& rs, const MemberTable& ms, const RecordBatch& batch,
             const Period& p);

  bool matches(const Matcher& matcher, const RecordBatch& batch, std::size_t row,
               const MemberFacts& member) const {
    for (std::uint32_t c = matcher.condition_begin; c < matcher.condition_end; ++c)
      if (condition_holds(conditions[c], batch, row, member)) return true;
    return false;
  }

  std::size_t minimum_slot(int minimum, Day day) const {
    const auto i = static_cast<std::size_t>(minimum);
    const auto g = static_cast<std::size_t>(rules->minimums[i].per);
    const std::size_t sub =
        g == 0 ? 0 : subperiod_of_day[g][static_cast<std::size_t>(day - period.first)];
    return minimum_offset[i] + sub;
  }

 private:
  static bool condition_holds(const BoundCondition& c, const RecordBatch& batch,
                              std::size_t row, const MemberFacts& member) {
    if (c.never) return false;
    if (!c.kind_ok.empty() && !c.kind_ok[batch.kind(row)]) return false;
    if (!c.subtype_ok.empty() && !c.subtype_ok[batch.subtype(row)]) return false;
    if (!c.status_ok.empty() && !c.status_ok[batch.status(row)]) return false;
    if (!c.level_ok.empty() && !c.level_ok[batch.level(row)]) return false;
    const FlagMask flags = batch.flags(row);
    if ((flags & c.flags_all) != c.flags_all || (flags & c.flags_none) != 0) return false;
    const std::uint16_t position = batch.position(row);
    if (c.position_min != 0 && position < c.position_min) return false;
    if (c.position_max != 0 && (position == 0 || position > c.position_max)) return false;
    if (c.test_roles && (member.roles & c.roles) == 0) return false;
    if (c.test_sectors && !contains(c.sectors, member.sector)) return false;
    if (c.test_groups && !contains(c.groups, member.group)) return false;
    return true;
  }

  static bool contains(const std::vector<Code>& codes, Code code) {
    for (Code c : codes)
      if (c == code) return true;
    return false;
  }
};

}  // namespace dutyscore::detail
