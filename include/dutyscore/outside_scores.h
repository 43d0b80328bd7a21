// File: outside_scores.h
// Scores that do not come from duty records (民主测评, 组织评价, a group's
// rating): a column of the members file, or of a separate CSV keyed by
// member_id, that a category of the rule set names with `outside`
// (docs/rules.md §4, §18).
//
// Example:
//   std::vector<OutsideSource> sources{{"members.csv", members_text},
//                                      {"survey.csv", survey_text}};
//   if (!attach_outside_scores(rules, period, sources, Encoding::Auto, members, problems))
//     ... report problems ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/encoding.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// A CSV file that may hold outside score columns, with a member_id column:
// the members file, or a separate scores file. `text` is the file's bytes
// and must outlive the call.
struct OutsideSource {
  std::string file;  // named in messages
  std::string_view text;
};

// For every category of `rules` with an `outside` score, reads its column
// from the first of `sources` whose header has it, and keeps it in
// `members` (MemberTable::set_outside_column), replacing an earlier read.
// Errors, each with file:line and column, naming the member: no source has
// the column; a value that is not a number, has more decimals than the
// rule set's precision, or lies outside the category's min..max; a member
// who served in `period` without a value when the rule set gives no
// default (members who did not serve need none); a member id the members
// table lacks, or one listed twice in a separate file. Returns true when
// there is no error. Any number of threads may read different tables; one
// table must not be read while this runs.
bool attach_outside_scores(const RuleSet& rules, const Period& period,
                           const std::vector<OutsideSource>& sources, Encoding encoding,
                           MemberTable& members, Problems& problems);

// True when some category of `rules` takes an outside score.
bool needs_outside_scores(const RuleSet& rules);

}  // namespace dutyscore
