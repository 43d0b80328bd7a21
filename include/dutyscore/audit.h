// The lines that explain a member's total, point by point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"

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

// Why a NotCounted record earns nothing, or what a Counting record counts
// toward.
enum class NotCountedReason : std::uint8_t {
  None,
  TowardTiers,      // the rule gives tier points for the count, not points per record
  BeforeFrom,       // the record comes before the rule's from_nth
  BeyondLimit,      // the rule's limit of counted records is reached
  TowardRate,       // Counting: the rule's tiers go by a rate (`rate_of`)
  TowardSubPeriod,  // Counting: the rule gives points per sub-period (`per`)
};

// One sub-period of a minimum duty that a member did not meet (or, on a
// MinimumMet line, met).
struct UnmetPeriod {
  Period period;
  std::int64_t have = 0;      // matching records in it (quantity, 1/10000, by_quantity)
  std::int64_t required = 0;  // records required (pro-rated when the minimum says so)
};

// One line of an audit. The engine states what happened as data; the notes
// people read are written from it by audit_note() (audit_notes.h), in
// Chinese or English, so that one audit serves every reader.
struct AuditLine {
  AuditKind kind = AuditKind::Record;
  int category = -1;          // RuleSet::categories index; -1 for none
  int rule = -1;              // RuleSet::rules index (or minimum / veto
                              // index for MinimumUnmet, MinimumMet / Veto);
                              // -1 for none
  std::int64_t row = -1;      // RecordBatch row; -1 for none
  Points points = 0;          // what this line adds to the total
  Points base = 0;            // Record: the rule's points before share
  Fraction share{1, 1};       // Record: the share taken
  std::int32_t quantity = 0;  // Record with per_quantity: units of 1/10000

  // What a note says, by kind (0 / -1 / empty when not used):
  std::int64_t nth = 0;       // Record, NotCounted, Counting: the record's place
                              // among the rule's matching records (toward a
                              // sub-period: in it); 0 = not shown
  NotCountedReason why = NotCountedReason::None;  // NotCounted, Counting
  bool meets = false;         // Counting toward a rate: the record meets `rate_of`
  std::int64_t reached = 0;   // Tier: the count (or quantity, 1/10000) reached;
                              // by rate: the records meeting `rate_of`;
                              // PerPeriod: the sub-period's records;
                              // NotHighest: the highest record's points
  std::int64_t tier_at_least = 0;  // Tier: the tier's threshold, as `reached`;
                                   // PerPeriod: the rule's `at_least`
  std::int64_t rate_of = 0;   // Tier by rate: all matching records (0: none)
  Fraction rate{0, 0};        // Tier by rate: the tier reached ({0, 0}: none)
  Period sub{};               // Counting toward / PerPeriod: the sub-period
  std::int32_t days_served = 0;    // Start: days served in the period
  std::int32_t period_days = 0;    // Start: the period's days; 0 = not pro-rated
  int kept_rule = -1;              // Exclusive: the rule that counts instead
  int grade_from = -1;             // GradeQuota: the grade by the bands
  int grade_to = -1;               // GradeQuota: the grade after the quota
  std::vector<UnmetPeriod> unmet;  // MinimumUnmet: each sub-period missed;
                                   // MinimumMet: each sub-period (all met)
  // Rescale: the part (RuleSet::parts index), its raw total and (rescaled
  // to the best) the best member's raw total, its factor, its total after,
  // and this category's raw points (the line adds new - raw).
  int part = -1;
  Points part_raw = 0, part_best = 0, part_scaled = 0, raw = 0;
  Fraction factor{1, 1};
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
