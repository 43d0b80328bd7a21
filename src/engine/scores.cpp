#include "dutyscore/scores.h"

#include <stdexcept>

#include "dutyscore/rule_set.h"

namespace dutyscore {

const std::string& grade_label(const RuleSet& rules, const Scores& scores, MemberIndex m) {
  if (m >= scores.member_count())
    throw std::out_of_range("member index " + std::to_string(m) + " is not one of the " +
                            std::to_string(scores.member_count()) + " scored members");
  return rules.grade_label(scores.grade[m]);
}

}  // namespace dutyscore
