// Each result laid out as a table (result_table.h), once, for every writer:
// the CSV files (ids as headers for programs, or the rule set's Chinese
// labels with --headers labels) and the workbook (results_xlsx.h). The
// *_csv functions of scores_format.h, commendation.h, groups.h,
// multi_year.h, whatif.h and audit_format.h are table_csv() of these.
#pragma once

#include <string>
#include <vector>

#include "dutyscore/action_lists.h"
#include "dutyscore/audit.h"
#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/members.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/result_table.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"
#include "dutyscore/scores_format.h"
#include "dutyscore/whatif.h"

namespace dutyscore {

// Ranking order: member_id, one column per category, total, grade, rank
// (and with options.details name, unit, sector, group, flags).
ResultTable table_of_scores(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                            const ScoresFormatOptions& format, const TableOptions& options);
// The same table's rows [first, last) of scores_table_rows() only (the
// columns are all there): a national committee's table is written in
// slices, never held whole. REQUIRES first <= last <= scores_table_rows().
ResultTable table_of_scores(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                            const ScoresFormatOptions& format, const TableOptions& options,
                            std::size_t first, std::size_t last);
// How many rows table_of_scores() has: every ranked member, or format.top.
std::size_t scores_table_rows(const Scores& scores, const ScoresFormatOptions& format);

// One row per member of each list: list, label, position, member_id, name,
// total, grade, rank.
ResultTable table_of_commendations(const MemberTable& members, const RuleSet& rules,
                                   const Scores& scores,
                                   const std::vector<CommendationList>& lists,
                                   const TableOptions& options);

// One row per group in ranking order (groups_csv in groups.h).
ResultTable table_of_groups(const RuleSet& rules, const GroupScores& groups,
                            const TableOptions& options);

// One row per member (multi_year_csv in multi_year.h); reasons in
// options.language.
ResultTable table_of_years(const RuleSet& rules, const MemberTable& members,
                           const MultiYearResult& result, bool flagged_only,
                           const TableOptions& options);

// One row per member in the new ranking order (whatif_csv in whatif.h).
// `new_rules` names the lists people read (ids without it).
ResultTable table_of_whatif(const WhatIf& result, const MemberTable& members, bool changed_only,
                            const TableOptions& options, const RuleSet* new_rules = nullptr);

// One row per audit line: kind, category, rule, record_id, date, points,
// base, share, note; with Labels also the record's words ("联名提案 立案").
// With `members`, every row starts with the member's id and name (the
// lines of many members in one table).
ResultTable table_of_audit(const RuleSet& rules, const RecordBatch& records, const Audit& audit,
                           const TableOptions& options, const MemberTable* members = nullptr);

// The members an office acts on (action_lists.h): one row per member and
// list: list, member_id, name, sector, unit, reason, total, grade.
ResultTable table_of_actions(const RuleSet& rules, const MemberTable& members,
                             const Scores& scores, const ActionLists& actions,
                             const MultiYearResult* years, const TableOptions& options);

// Grade counts: grade, members, share of the graded members (percent,
// two decimals), with a last row for members not graded.
ResultTable table_of_grade_counts(const RuleSet& rules, const Scores& scores,
                                  const TableOptions& options);

// Why an across-years rule flagged a member, from its evidence:
//   Chinese: "2023年总分55.00，低于60.00；2024年总分58.00，低于60.00"
//   English: the flag's reason, as `years` has always written it.
std::string across_reason(const RuleSet& rules, const MultiYearResult& years,
                          const AcrossFlag& flag, Language language);

// A member's flags: "minimum:id;veto:id;not_serving" (Ids) or
// "未达最低要求：三个一；一票否决：违纪；考核期间未在任" (Labels).
std::string member_flags(const RuleSet& rules, const Scores& scores, MemberIndex member,
                         HeaderStyle style);

}  // namespace dutyscore
