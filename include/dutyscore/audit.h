// The lines that explain a member's total, point by point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"

namespace dutyscore {

enum class AuditKind {
  Start,          // a category's starting points (perhaps pro-rated)
  Record,         // a record matched a rule: points x share (x quantity)
  NotCounted,     // a record matched but does not count (ordinal, limit)
  Tier,           // a tier reached by the count of matching records
  NotHighest,     // only the highest record of the rule counts: the rest cut
  RuleMax,        // the rule's total cut to its maximum
  Exclusive,      // the rule lost to a higher one in its exclusive group
  MinimumUnmet,   // a minimum duty unmet: penalty and/or forced grade
  CategoryMax,    // the category cut to its maximum
  CategoryFloor,  // the category raised back to its floor
  Veto,           // a veto: grade forced, total perhaps set to 0
  Unmatched,      // a record in the period that no rule covers (0 points)
  GradeQuota,     // the grade moved down by a band's quota (0 points)
  Counting,       // a record counts toward tiers, a rate or a sub-period (0 points)
  PerPeriod,      // a sub-period with enough records: the rule's points
  MinimumMet,     // a minimum duty met, with what it required (0 points)
  Outside,        // a category's outside score (民主测评), as its start
  Rescale,        // a part rescaled or weighted (折算): new points - raw points
};

const char* to_string(AuditKind kind);

struct AuditLine {
  AuditKind kind = AuditKind::Record;
  int category = -1;          // RuleSet::categories index; -1 for none
  int rule = -1;              // RuleSet::rules index (or minimum / veto
                              // index for MinimumUnmet / Veto); -1 for none
  std::int64_t row = -1;      // RecordBatch row; -1 for none
  Points points = 0;          // what this line adds to the total
  Points base = 0;            // Record: the rule's points before share
  Fraction share{1, 1};       // Record: the share taken
  std::int32_t quantity = 0;  // Record with per_quantity: units of 1/10000
  std::string note;           // detail in plain words
};

struct Audit {
  MemberIndex member = 0;
  std::vector<AuditLine> lines;  // their points add up exactly to total
  Points total = 0;
  int grade = -1;
  std::int32_t rank = 0;
  std::uint8_t flags = 0;
};

}  // namespace dutyscore
