// Warnings about results that look valid but are probably not what was
// meant: a run over the wrong year, a term rule run over part of a term, a
// commendation list longer than its `top`. Each check appends warnings
// (never errors) with their place to `warnings`; the command-line tool
// prints them, and the C API and the bindings hand them to their callers.
#pragma once

#include <string>
#include <vector>

#include "dutyscore/commendation.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// Most records (more than half) are dated outside `period` ("--year 2024"
// on 2025 data grades almost everyone 不称职 without a word). The warning
// is placed at `records_file`.
void check_period_coverage(const RecordBatch& records, const Period& period,
                           const std::string& records_file, Problems& warnings);

// Each across-years rule counted over the term (`over: term`) when the run
// covers fewer years than the rule set's `term_years`. Placed at the rule.
void check_term_coverage(const RuleSet& rules, int from_year, int to_year, Problems& warnings);

// Each commendation list with more members than its `top`, because the
// members tied at the boundary were all let in (`ties: include`). Placed
// at the list in the rule file.
void check_list_lengths(const RuleSet& rules, const std::vector<CommendationList>& lists,
                        Problems& warnings);

}  // namespace dutyscore
