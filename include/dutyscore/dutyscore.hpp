// dutyscore: the whole C++ API in one include.
//
//   #include <dutyscore/dutyscore.hpp>
//
// A rule set (rule_loader.h) and members and records (input.h) go into an
// Evaluation (evaluate.h), which gives Scores (scores.h) and, per member,
// an Audit (audit.h); the rest works on those: ranking and quotas,
// commendation lists, groups, several years, what-if, formats, reports and
// archives. Each header below is one concept and may be included alone.
// The C API (for C, Python, Java) is dutyscore/dutyscore.h, apart.
#pragma once

// Basics: exact points, periods, problems with their place.
#include "dutyscore/decimal.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/vocabulary.h"
#include "dutyscore/chinese_order.h"

// The rule set.
#include "dutyscore/office_info.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/rule_loader.h"

// Members and records.
#include "dutyscore/dictionary.h"
#include "dutyscore/encoding.h"
#include "dutyscore/csv.h"
#include "dutyscore/members.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/input.h"

// Evaluation, ranking, audit.
#include "dutyscore/scores.h"
#include "dutyscore/audit.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/rank.h"
#include "dutyscore/quota.h"

// Results over the scores.
#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/whatif.h"
#include "dutyscore/action_lists.h"

// Output.
#include "dutyscore/scores_format.h"
#include "dutyscore/audit_notes.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/result_table.h"
#include "dutyscore/result_tables.h"
#include "dutyscore/report_options.h"
#include "dutyscore/notice_html.h"
#include "dutyscore/summary_html.h"
#include "dutyscore/report_html.h"
#include "dutyscore/archive.h"
