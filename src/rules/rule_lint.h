// Warnings about a rule set that loads but probably does not say what its
// author meant: rules that can never change a score, rules shadowed by an
// earlier rule, grade bands that leave totals without a grade or can never
// be reached. Called at the end of load_rules() on a rule set without
// errors. (Conditions that can never match are warned about by the loader
// itself, where their place is known.)
#pragma once

#include "dutyscore/problem.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

void lint_rules(const RuleSet& rules, Problems& problems);

}  // namespace dutyscore
