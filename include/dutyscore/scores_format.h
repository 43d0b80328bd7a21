// Writing scores for people and programs: CSV, JSON and a terminal table.
#pragma once

#include <string>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

struct ScoresFormatOptions {
  // CSV: add name, unit, sector, group and flags after the standard columns
  // (member_id, one column per category, total, grade, rank).
  bool details = false;
  // Only the first `top` rows of the ranking order; 0 = all.
  std::size_t top = 0;
};

// One row per member in ranking order.
std::string scores_csv(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                       const ScoresFormatOptions& options = {});

// {"ruleset", "period", "summary", "members": [...]}; points as exact
// decimal numbers (docs/schemas/score.schema.json).
std::string scores_json(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                        const Period& period, const ScoresFormatOptions& options = {});

// An aligned table of the ranking (labels from the rule set) for a terminal.
std::string scores_table(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                         const ScoresFormatOptions& options = {});

// One line: members, ranked, records counted, grade counts, flags.
std::string scores_summary(const RuleSet& rules, const Scores& scores);

// A member's flags as "minimum:id;veto:id;not_serving" (empty when none).
std::string member_flags(const RuleSet& rules, const Scores& scores, MemberIndex member);
// The same flags one by one ({"minimum:id", "veto:id", "not_serving"}).
std::vector<std::string> member_flag_list(const RuleSet& rules, const Scores& scores,
                                          MemberIndex member);

}  // namespace dutyscore
