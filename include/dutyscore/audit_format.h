// Writing a member's audit for a clerk (text) or a program (CSV).
#pragma once

#include <string>

#include "dutyscore/audit.h"
#include "dutyscore/audit_notes.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// Readable text with the rule set's labels: the member, then per category
// its lines (record, rule, points, share, cuts) and subtotal, then the
// total, grade and rank. In Chinese by default (names for codes, notes in
// Chinese); Language::English gives the engineers' text with codes.
std::string audit_text(const RuleSet& rules, const MemberTable& members,
                       const RecordBatch& records, const Period& period, const Audit& audit,
                       Language language = Language::Chinese);

// One CSV row per audit line: kind, category, rule, record_id, date, points,
// base, share, note (the note in `language`). Kind, category and rule are
// codes, for programs.
std::string audit_csv(const RuleSet& rules, const RecordBatch& records, const Audit& audit,
                      Language language = Language::Chinese);

}  // namespace dutyscore
