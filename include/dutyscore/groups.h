// Activity groups and sectors scored and ranked (`groups` in the rule
// file): from their members' results (average total, share meeting every
// minimum) and from quotas counted over their members' records ("one
// information report a month").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

struct QuotaOutcome {
  int periods = 0;           // sub-periods of the evaluation period
  int met = 0;               // sub-periods with enough items
  std::int64_t items = 0;    // matching items over the whole period
  std::int64_t required = 0; // items required per sub-period
  Points points = 0;         // met x points - unmet x penalty
};

struct GroupResult {
  std::string name;                   // the group's or sector's name
  std::vector<MemberIndex> members;   // every member in it, member order
  std::uint32_t serving = 0;          // members serving in the period
  std::uint32_t meeting_minimums = 0; // serving members with no minimum unmet
  Points average_total = 0;           // of serving members, rounded half up
  Points members_points = 0;          // from the members' results
  std::vector<QuotaOutcome> quotas;   // one per RuleSet::groups.quotas
  Points total = 0;
  std::int32_t rank = 0;              // 1-based, competition; 0 = no serving member
};

struct GroupScores {
  bool by_sector = false;
  std::vector<GroupResult> groups;  // by name (bytes; people's order: chinese_order.h)
  std::vector<std::size_t> order;   // ranking order (total desc, then name)
};

// Scores the groups (or sectors, per rules.groups.by) of `members` from
// `scores` (the same period's evaluation) and the records in `period`.
// Items of one joint or collective item (rows sharing kind and ref) count
// once per group. Members without a group (sector) are left out.
GroupScores score_groups(const RuleSet& rules, const MemberTable& members,
                         const RecordBatch& records, const Period& period, const Scores& scores);

// table_csv() of the result's table (result_tables.h; src/output/results_csv.cpp).
// One row per group in ranking order: group, members, serving,
// average_total, meeting_minimums, per quota <id>_met (as "met/periods")
// and <id>_points, total, rank.
std::string groups_csv(const RuleSet& rules, const GroupScores& groups);

// Category averages over serving members, per group (or sector): rows are
// names in natural Chinese order (chinese_order.h), columns the rule set's categories.
struct CategoryAverages {
  std::vector<std::string> names;
  std::vector<std::vector<Points>> averages;  // [name][category]
  std::vector<Points> totals;                 // [name]: the average total
  std::vector<std::uint32_t> counts;          // serving members per name
};
CategoryAverages category_averages(const RuleSet& rules, const MemberTable& members,
                                   const Scores& scores, bool by_sector);

}  // namespace dutyscore
