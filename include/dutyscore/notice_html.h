// The result notice a member and the member's employer receive
// (考评结果通报委员个人和所在单位), entirely in Chinese: the member, total,
// grade and rank, each category against its maximum, any minimum unmet or
// veto, where to ask and by when, the seal line; the full form adds every
// audit line with its note. One member's notice, or every notice of a run
// in one print file (each member on a new page).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/audit.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/report_options.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// The file name of a member's notice: "<member_id>.html", every character
// but ASCII letters, digits, '.', '_' and '-' replaced by '_' (and '_'
// before a leading '.'), so that no id can name a path outside the folder.
std::string notice_file_name(std::string_view member_id);

// One member's notice as a whole HTML page, in options.form. `audit` comes
// from Evaluation::explain(member, &scores).
std::string member_notice_html(const RuleSet& rules, const MemberTable& members,
                               const RecordBatch& records, const Period& period,
                               const Scores& scores, const Audit& audit,
                               const ReportOptions& options = {});

// The notices of `notices` (in that order) in one HTML page, each starting
// on a new page, so that one print gives one PDF for the whole run.
// `evaluation` is the one `scores` came from; it explains each member.
std::string notices_print_html(const RuleSet& rules, const MemberTable& members,
                               const RecordBatch& records, const Evaluation& evaluation,
                               const Scores& scores, const std::vector<MemberIndex>& notices,
                               const ReportOptions& options = {});

}  // namespace dutyscore
