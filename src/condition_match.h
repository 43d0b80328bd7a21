// A rule-set Condition bound to one batch's and member table's codes, for
// the features that count records outside the evaluation (across years,
// groups). Same meaning as in docs/rules.md §6.
#pragma once

#include <cstdint>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

class ConditionMatcher {
 public:
  // Any of `conditions`; an empty list never matches.
  ConditionMatcher(const std::vector<Condition>& conditions, const MemberTable& members,
                   const RecordBatch& records);

  bool matches(std::size_t row) const;

 private:
  struct Bound {
    bool never = false;  // names a value the batch does not hold
    std::vector<Code> kinds, subtypes, statuses, levels, sectors, groups;
    bool any_kind = true, any_subtype = true, any_status = true, any_level = true;
    bool any_sector = true, any_group = true, any_role = true;
    FlagMask flags_all = 0, flags_none = 0;
    RoleMask roles = 0;
    std::uint16_t position_min = 0, position_max = 0;
  };
  std::vector<Bound> bound_;
  const MemberTable& members_;
  const RecordBatch& records_;
};

}  // namespace dutyscore::detail
