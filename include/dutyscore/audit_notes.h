// The words of an audit line: its kind, its record, how its points were
// reached and why (the note), in Chinese for members, employers and clerks,
// or in English for engineers. Written here, in one place, from what the
// audit states as data (audit.h); the engine writes no text for people.
//
//   Language::Chinese  "第6条：从第6条起计分", "5.00 × 1/14（联名提案，第3人，共8人）"
//   Language::English  "#1: counts from #6 on", "5.00 × 1/14"
#pragma once

#include <cstdint>
#include <string>

#include "dutyscore/audit.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

enum class Language {
  Chinese,  // what people read (the default everywhere)
  English,  // for engineers: codes and English notes, as `explain --lang en`
};

// "记录得分" / "record" (to_string(kind)).
std::string audit_kind_name(AuditKind kind, Language language);

// The rule (or minimum, or veto) a line is about, by its label; English adds
// its id first ("proposal_joint 联名提案"). "" when the line has none.
std::string audit_rule_name(const RuleSet& rules, const AuditLine& line, Language language);

// The record of row `row` (none for row < 0):
//   Chinese: "联名提案 P20250363 立案" (names from rules.name_of; the caller
//            shows the date and the record id where it wants them)
//   English: "R017 2025-01-17 proposal/joint P20250363 position 3 of 8 [filed]"
std::string audit_record_words(const RuleSet& rules, const RecordBatch& records, std::int64_t row,
                               Language language);

// How a Record line's points were reached when that is more than the
// rule's points: the points times the share and the quantity, and (in
// Chinese) the share's basis: "5.00 × 1/14（联名提案，第3人，共8人）",
// "0.20 × 7（按数量计）", "按位次计分（第1人，共4人）". "" otherwise.
std::string audit_calculation(const RuleSet& rules, const RecordBatch& records,
                              const AuditLine& line, Language language);

// Why the line adds what it adds: the n-th record, the tier reached, the
// pro-rated start, the cap or floor, the minimum missed, the veto, the
// grade quota. In Chinese the calculation above comes first; in English it
// is left to the caller (as `explain` always printed it). "" when there is
// nothing to say.
std::string audit_note(const RuleSet& rules, const RecordBatch& records, const AuditLine& line,
                       Language language);

// "2025年1月1日" / "2025-01-01".
std::string day_words(Day day, Language language);

// "2025年1月1日至12月31日" / "2025-01-01..2025-12-31".
std::string period_words(const Period& period, Language language);

// Points with their sign: "+2.50", "-1.00", "0.00".
std::string signed_points(Points points, int precision);

}  // namespace dutyscore
