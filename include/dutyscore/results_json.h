// Every result as JSON, for programs and the language bindings. Each
// document has a JSON Schema in docs/schemas/ (named after the command that
// writes it) that the tests validate real output against. Points are exact
// decimal numbers with the rule set's decimals ("95.50"); member order is
// the ranking order unless said otherwise; a value that does not exist (an
// unranked member's rank, a grade not given) is null. Never a BOM.
#pragma once

#include <string>
#include <vector>

#include "dutyscore/archive.h"
#include "dutyscore/audit.h"
#include "dutyscore/audit_notes.h"
#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/members.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"
#include "dutyscore/whatif.h"

namespace dutyscore {

// One member's audit (explain.schema.json): the member, its total, grade,
// rank and flags, each category's subtotal and label, then every line with
// its kind, category and rule (ids and labels), record, points, base,
// share ("1/3"), quantity and note (in `language`). `audit` comes from
// Evaluation::explain(member, &scores).
std::string audit_json(const RuleSet& rules, const MemberTable& members,
                       const RecordBatch& records, const Period& period, const Scores& scores,
                       const Audit& audit, Language language = Language::Chinese);

// The commendation lists (commend.schema.json): per list its id, label,
// top and tie rule, and its members with position, total, grade and rank.
std::string commendations_json(const RuleSet& rules, const MemberTable& members,
                               const Scores& scores, const Period& period,
                               const std::vector<CommendationList>& lists);

// The groups or sectors in ranking order (groups.schema.json), each with
// its members' results and every quota's outcome.
std::string groups_json(const RuleSet& rules, const Period& period, const GroupScores& groups);

// Several years (years.schema.json): per member (member order) each year's
// total, grade and rank (null when not serving), and the across-years
// rules that flagged it, with the reason. `flagged_only` keeps the flagged.
std::string years_json(const RuleSet& rules, const MemberTable& members,
                       const MultiYearResult& result, bool flagged_only = false);

// A what-if comparison (whatif.schema.json): the summary, then every
// member in the new ranking order with old and new total, rank, grade and
// the lists entered and left.
std::string whatif_json(const WhatIf& result, const RuleSet& old_rules, const RuleSet& new_rules,
                        const MemberTable& members, const Period& period);

// A list of problems as a JSON array (problems.schema.json): file, line,
// column, field, severity, message; unknown line, column or field are null.
std::string problems_json(const std::vector<Problem>& problems);

// One rule file as `dutyscore check` saw it: its rule set when it loaded
// (null otherwise) and every problem, warnings included.
struct RuleFileCheck {
  std::string file;
  const RuleSet* rules = nullptr;
  std::vector<Problem> problems;
};

// `dutyscore check` (check.schema.json): per file valid or not, counts of
// categories, rules, errors and warnings, and the problems.
std::string check_json(const std::vector<RuleFileCheck>& files);

// What verify_archive() found (verify.schema.json), for the archive read
// from `archive_file`.
std::string verify_json(const std::string& archive_file, const EvaluationArchive& archive,
                        const VerifyOutcome& outcome);

}  // namespace dutyscore
