#include "engine/condition_binding.h"

namespace dutyscore::detail {
namespace {

// A table over a dictionary's codes: 1 where the code's text is listed.
// A listed name the batch never uses simply never matches.
std::vector<std::uint8_t> allowed_codes(const Dictionary& dict,
                                        const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::vector<std::uint8_t> ok(dict.size(), 0);
  for (const auto& name : names) {
    const Code code = dict.find(name);
    if (code != kAbsent) ok[code] = 1;
  }
  return ok;
}

}  // namespace

ClassTest bind_class_test(const Condition& c, const RecordBatch& batch) {
  ClassTest t;
  t.kind_ok = allowed_codes(batch.kinds(), c.kinds);
  t.subtype_ok = allowed_codes(batch.subtypes(), c.subtypes);
  t.status_ok = allowed_codes(batch.statuses(), c.statuses);
  t.level_ok = allowed_codes(batch.levels(), c.levels);
  for (const auto& flag : c.flags_all) {
    const Code code = batch.flag_names().find(flag);
    if (code == kAbsent) t.never = true;
    else t.flags_all |= FlagMask{1} << (code - 1);
  }
  for (const auto& flag : c.flags_none) {
    const Code code = batch.flag_names().find(flag);
    if (code != kAbsent) t.flags_none |= FlagMask{1} << (code - 1);
  }
  return t;
}

RowCondition bind_row_condition(const Condition& c, const MemberTable& members) {
  RowCondition r;
  r.position_min = c.position_min;
  r.position_max = c.position_max;
  if (!c.roles.empty()) {
    r.test_roles = true;
    for (const auto& role : c.roles) {
      const Code code = members.role_names().find(role);
      if (code != kAbsent && code < 64) r.roles |= RoleMask{1} << code;
    }
  }
  auto bind_names = [](const Dictionary& dict, const std::vector<std::string>& names,
                       bool& test, std::vector<Code>& codes) {
    if (names.empty()) return;
    test = true;
    for (const auto& name : names) {
      const Code code = dict.find(name);
      if (code != kAbsent) codes.push_back(code);
    }
  };
  bind_names(members.sector_names(), c.sectors, r.test_sectors, r.sectors);
  bind_names(members.group_names(), c.groups, r.test_groups, r.groups);
  return r;
}

}  // namespace dutyscore::detail
