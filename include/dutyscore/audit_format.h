// Writing a member's audit for a clerk (text) or a program (CSV).
#pragma once

#include <string>

#include "dutyscore/audit.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// Readable text with the rule set's labels: the member, then per category
// its lines (record, rule, points, share, cuts) and subtotal, then the
// total, grade and rank.
std::string audit_text(const RuleSet& rules, const MemberTable& members,
                       const RecordBatch& records, const Period& period, const Audit& audit);

// One CSV row per audit line: kind, category, rule, record_id, date, points,
// base, share, note.
std::string audit_csv(const RuleSet& rules, const RecordBatch& records, const Audit& audit);

}  // namespace dutyscore
