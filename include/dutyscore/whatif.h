// What-if: two rule sets (or two versions of one) on the same members and
// records, compared member by member, so an office sees what a rule change
// does before adopting it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// One side of the comparison: a rule set and what it gives.
struct WhatIfSide {
  const RuleSet* rules = nullptr;
  Scores scores;
  std::vector<CommendationList> lists;
};

struct WhatIfRow {
  MemberIndex member = 0;
  Points old_total = 0, new_total = 0;  // both at WhatIf::precision
  std::int32_t old_rank = 0, new_rank = 0;  // 0 = unranked
  std::string old_grade, new_grade;         // labels ("" = none)
  std::vector<std::string> lists_entered;   // list ids the member is newly on
  std::vector<std::string> lists_left;      // list ids the member drops from
  Points change() const { return new_total - old_total; }
  bool crosses() const {
    return old_grade != new_grade || !lists_entered.empty() || !lists_left.empty();
  }
  // Total, rank, grade or lists changed.
  bool changed() const { return change() != 0 || old_rank != new_rank || crosses(); }
};

struct WhatIfSummary {
  std::size_t members = 0;
  std::size_t totals_changed = 0;
  std::size_t ranks_changed = 0;
  std::size_t grades_changed = 0;
  std::size_t lists_entered = 0;  // member-list pairs
  std::size_t lists_left = 0;
  Points mean_change = 0;         // rounded half away from zero at `precision`
  Points max_increase = 0;        // largest change upward (0 when none)
  Points max_decrease = 0;        // largest change downward, as a negative (0 when none)
  // (old grade, new grade) -> members, only for changed grades.
  std::map<std::pair<std::string, std::string>, std::size_t> grade_moves;
};

struct WhatIf {
  // The finer of the two rule sets' precisions: totals of the coarser one
  // are scaled up exactly, never rounded.
  int precision = 2;
  std::vector<WhatIfRow> rows;  // in the new ranking order
  WhatIfSummary summary;
};

// Compares two evaluated sides over the same member table.
WhatIf compare_sides(const WhatIfSide& old_side, const WhatIfSide& new_side,
                     const MemberTable& members);

// Evaluates both rule sets on the same members, records and period, then
// compares them. `options` (threads, progress) applies to each evaluation.
WhatIf what_if(const RuleSet& old_rules, const RuleSet& new_rules, const MemberTable& members,
               const RecordBatch& records, const Period& period,
               const EvaluateOptions& options = {});

// table_csv() of the result's table (result_tables.h; src/output/results_csv.cpp).
// member_id,name,old_total,new_total,change,old_rank,new_rank,old_grade,
// new_grade,lists_entered,lists_left (ids joined by ';'). `changed_only`
// keeps the rows whose total, rank, grade or lists changed.
std::string whatif_csv(const WhatIf& result, const MemberTable& members, bool changed_only = false);

// An aligned table of the members who cross a grade or list boundary,
// then the summary.
std::string whatif_table(const WhatIf& result, const MemberTable& members);

// A few lines: counts, mean and extreme changes, grade moves.
std::string whatif_summary(const WhatIf& result);

}  // namespace dutyscore
