#include "engine/condition_match.h"

namespace dutyscore::detail {

ConditionMatcher::ConditionMatcher(const std::vector<Condition>& conditions,
                                   const MemberTable& members, const RecordBatch& records,
                                   std::uint16_t blank_position)
    : members_(members), records_(records) {
  for (const auto& c : conditions)
    bound_.push_back({bind_class_test(c, records), bind_row_condition(c, members, blank_position)});
}

bool ConditionMatcher::matches(std::size_t row, MemberIndex m) const {
  const RecordClass& cls = records_.classes()[records_.class_column()[row]];
  const MemberFacts facts{members_.roles(m), members_.sector(m), members_.group(m)};
  const std::uint16_t position = records_.position(row);
  for (const Bound& b : bound_)
    if (b.by_class.holds(cls) && b.by_row.holds(position, facts)) return true;
  return false;
}

}  // namespace dutyscore::detail
