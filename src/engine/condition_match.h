// A rule-set Condition bound to one batch's and member table's codes, for
// the features that count records outside the evaluation (across years,
// groups). Same meaning as in docs/rules.md §6, and the same binding as the
// evaluation's (condition_binding.h).
#pragma once

#include <vector>

#include "engine/condition_binding.h"
#include "dutyscore/members.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

class ConditionMatcher {
 public:
  // Any of `conditions`; an empty list never matches. `blank_position`:
  // RuleSet::blank_position.
  ConditionMatcher(const std::vector<Condition>& conditions, const MemberTable& members,
                   const RecordBatch& records, std::uint16_t blank_position);

  // Row `row` of the batch, a record of member `m`.
  bool matches(std::size_t row, MemberIndex m) const;

 private:
  struct Bound {
    ClassTest by_class;
    RowCondition by_row;
  };
  std::vector<Bound> bound_;
  const MemberTable& members_;
  const RecordBatch& records_;
};

}  // namespace dutyscore::detail
