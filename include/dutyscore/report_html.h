// Reports people read: a per-member result notice and an office summary, as
// self-contained HTML (inline CSS and SVG, no script, no fetched font or
// image) that prints to A4 PDF from any browser. Chinese text renders with
// the CJK fonts Debian ships (Noto Sans CJK SC, WenQuanYi Zen Hei).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/audit.h"
#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

struct ReportOptions {
  std::string committee;  // issuing office, e.g. "政协安远县委员会办公室"; may be empty
};

// The file name of a member's notice: "<member_id>.html", every character
// but ASCII letters, digits, '.', '_' and '-' replaced by '_' (and '_'
// before a leading '.'), so that no id can name a path outside the folder.
std::string notice_file_name(std::string_view member_id);

// `text` with & < > " ' escaped for HTML text and attribute values.
std::string html_escape(std::string_view text);

// One member's notice: header (name, id, unit, sector, group), each category
// as a bar of its subtotal against its maximum, the audit lines, then total,
// grade, rank and any minimum unmet or veto. `audit` comes from
// Evaluation::explain(member, &scores).
std::string member_notice_html(const RuleSet& rules, const MemberTable& members,
                               const RecordBatch& records, const Period& period,
                               const Scores& scores, const Audit& audit,
                               const ReportOptions& options = {});

// What the office summary shows beyond the scores. Both may be empty.
struct SummaryExtras {
  std::vector<CommendationList> commendations;  // from commendation_lists()
  const GroupScores* groups = nullptr;          // from score_groups(), or none
};

// The office summary: members and records counted, a histogram of totals
// (bins of 10 points), grade counts, category averages by sector and by
// group, the group ranking and the commendation lists.
std::string office_summary_html(const RuleSet& rules, const MemberTable& members,
                                const Scores& scores, const Period& period,
                                const SummaryExtras& extras, const ReportOptions& options = {});

}  // namespace dutyscore
