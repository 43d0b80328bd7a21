#include "dutyscore/audit.h"

namespace dutyscore {

const char* to_string(AuditKind kind) {
  switch (kind) {
    case AuditKind::Start: return "start";
    case AuditKind::Record: return "record";
    case AuditKind::NotCounted: return "not-counted";
    case AuditKind::Tier: return "tier";
    case AuditKind::NotHighest: return "not-highest";
    case AuditKind::RuleMax: return "rule-max";
    case AuditKind::Exclusive: return "exclusive";
    case AuditKind::MinimumUnmet: return "minimum-unmet";
    case AuditKind::CategoryMax: return "category-max";
    case AuditKind::CategoryFloor: return "category-floor";
    case AuditKind::Veto: return "veto";
    case AuditKind::Unmatched: return "unmatched";
    case AuditKind::GradeQuota: return "grade-quota";
    case AuditKind::Counting: return "counting";
    case AuditKind::PerPeriod: return "per-period";
    case AuditKind::MinimumMet: return "minimum-met";
    case AuditKind::Outside: return "outside";
    case AuditKind::Rescale: return "rescale";
  }
  return "?";
}

}  // namespace dutyscore
