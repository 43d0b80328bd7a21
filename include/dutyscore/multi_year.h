// Several years in one run, and the rules over them (`across_years`):
// "below 60 two years in a row: warning talk", "fewer than 3 proposals in
// the term: not re-nominated".
#pragma once

#include <string>
#include <vector>

#include "dutyscore/evaluate.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// What one test of an across-years rule found for a member, in one year
// (or over the whole run): the facts a reason is written from.
struct AcrossEvidence {
  int test = 0;            // index in the rule's tests
  int year = 0;            // the year; 0 = the whole run (a count over the term)
  Points total = 0;        // TotalBelow: the year's total
  int grade = -1;          // Grade: the year's grade
  std::int64_t count = 0;  // Count: the member's matching records
};

// A member flagged by one across-years rule, and why: in plain English
// words ("2023 total 55.00 < 60.00; 2024 total 58.00 < 60.00") and as the
// facts behind them (for reasons in Chinese: across_reason in
// result_tables.h).
struct AcrossFlag {
  int rule = -1;       // RuleSet::across_years index
  std::string reason;
  std::vector<AcrossEvidence> evidence;  // in test order, then year order
};

struct MultiYearResult {
  std::vector<int> years;                        // ascending, consecutive
  std::vector<Period> periods;                   // one per year
  std::vector<Scores> scores;                    // one Evaluation per year
  std::vector<std::vector<AcrossFlag>> flags;    // per member, rules in file order
};

// Scores every calendar year from `from_year` to `to_year` (inclusive) over
// the same members and records, then applies rules.across_years. A year in
// which a member did not serve breaks a "years in a row" chain.
MultiYearResult evaluate_years(const RuleSet& rules, const MemberTable& members,
                               const RecordBatch& records, int from_year, int to_year,
                               const EvaluateOptions& options = {});

// table_csv() of the result's table (result_tables.h; src/output/results_csv.cpp).
// One row per member (member order): member_id, name, per year
// <year>_total and <year>_grade, then flags (rule ids, ';') and reasons
// ("label: reason", ' | ').
std::string multi_year_csv(const RuleSet& rules, const MemberTable& members,
                           const MultiYearResult& result, bool flagged_only = false);

}  // namespace dutyscore
