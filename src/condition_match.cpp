#include "condition_match.h"

#include <algorithm>

namespace dutyscore::detail {
namespace {

// Codes of the listed names in `dict`; names the dictionary lacks are
// dropped (they match no row). `any` stays true only for an empty list.
std::vector<Code> codes_of(const std::vector<std::string>& names, const Dictionary& dict,
                           bool& any) {
  std::vector<Code> out;
  any = names.empty();
  for (const auto& n : names) {
    const Code c = dict.find(n);
    if (c != kAbsent) out.push_back(c);
  }
  return out;
}

bool has(const std::vector<Code>& codes, Code c) {
  return std::find(codes.begin(), codes.end(), c) != codes.end();
}

}  // namespace

ConditionMatcher::ConditionMatcher(const std::vector<Condition>& conditions,
                                   const MemberTable& members, const RecordBatch& records)
    : members_(members), records_(records) {
  for (const auto& c : conditions) {
    Bound b;
    b.kinds = codes_of(c.kinds, records.kinds(), b.any_kind);
    b.subtypes = codes_of(c.subtypes, records.subtypes(), b.any_subtype);
    b.statuses = codes_of(c.statuses, records.statuses(), b.any_status);
    b.levels = codes_of(c.levels, records.levels(), b.any_level);
    b.sectors = codes_of(c.sectors, members.sector_names(), b.any_sector);
    b.groups = codes_of(c.groups, members.group_names(), b.any_group);
    for (const auto& f : c.flags_all) {
      const Code code = records.flag_names().find(f);
      if (code == kAbsent) b.never = true;
      else b.flags_all |= FlagMask{1} << (code - 1);
    }
    for (const auto& f : c.flags_none) {
      const Code code = records.flag_names().find(f);
      if (code != kAbsent) b.flags_none |= FlagMask{1} << (code - 1);
    }
    b.any_role = c.roles.empty();
    for (const auto& r : c.roles) {
      const Code code = members.role_names().find(r);
      if (code != kAbsent && code < 64) b.roles |= RoleMask{1} << code;
    }
    b.position_min = c.position_min;
    b.position_max = c.position_max;
    bound_.push_back(std::move(b));
  }
}

bool ConditionMatcher::matches(std::size_t row) const {
  const MemberIndex m = records_.member(row);
  for (const Bound& b : bound_) {
    if (b.never) continue;
    if (!b.any_kind && !has(b.kinds, records_.kind(row))) continue;
    if (!b.any_subtype && !has(b.subtypes, records_.subtype(row))) continue;
    if (!b.any_status && !has(b.statuses, records_.status(row))) continue;
    if (!b.any_level && !has(b.levels, records_.level(row))) continue;
    const FlagMask flags = records_.flags(row);
    if ((flags & b.flags_all) != b.flags_all) continue;
    if ((flags & b.flags_none) != 0) continue;
    const std::uint16_t pos = records_.position(row);
    if (b.position_min != 0 && pos < b.position_min) continue;
    if (b.position_max != 0 && (pos == 0 || pos > b.position_max)) continue;
    if (!b.any_sector && !has(b.sectors, members_.sector(m))) continue;
    if (!b.any_group && !has(b.groups, members_.group(m))) continue;
    if (!b.any_role && (members_.roles(m) & b.roles) == 0) continue;
    return true;
  }
  return false;
}

}  // namespace dutyscore::detail
