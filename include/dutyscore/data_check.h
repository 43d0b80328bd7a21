// File: data_check.h
// Checks of a rule set against the data it will score (`dutyscore check
// RULES --members M --records R`): what the rule file alone cannot show.
#pragma once

#include <string>

#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// Warns, once per kind, about records with a blank kind or subtype that no
// rule, minimum or veto of `rules` matches while the rule set does test the
// subtype of that kind (docs/rules.md §6, "Blank values"): they would earn
// nothing without anyone noticing. Each warning names `records_file`, the
// number of such records and the first one's id, and says how to fix it.
void check_data(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
                const std::string& records_file, Problems& problems);

}  // namespace dutyscore
