#include "dutyscore/members.h"

namespace dutyscore {

std::optional<MemberIndex> MemberTable::add(const std::string& id, const std::string& name,
                                            const std::string& unit, const std::string& sector,
                                            const std::string& group,
                                            const std::vector<std::string>& roles,
                                            std::optional<Day> joined, std::optional<Day> left) {
  // An id is required and unique.
  if (id.empty() || id_codes_.find(id) != kAbsent) return std::nullopt;
  RoleMask mask = 0;
  for (const auto& role : roles) {
    // A RoleMask holds codes 1..63. Beyond that a role cannot be represented,
    // so it is not interned at all: the reader reports such tables as errors
    // before they get here, and a role no rule can name changes no score.
    Code code = role_dict_.find(role);
    if (code == kAbsent && !role.empty() && role_dict_.size() < 64) code = role_dict_.intern(role);
    if (code != kAbsent && code < 64) mask |= RoleMask{1} << code;
  }
  const auto index = static_cast<MemberIndex>(ids_.size());
  ids_.push_back(id);
  names_.push_back(name);
  units_.push_back(unit);
  sectors_.push_back(sector_dict_.intern(sector));
  groups_.push_back(group_dict_.intern(group));
  roles_.push_back(mask);
  joined_.push_back(joined);
  left_.push_back(left);
  id_codes_.intern(id);  // code index + 1: ids are interned in index order
  return index;
}

std::optional<MemberIndex> MemberTable::find(std::string_view id) const {
  const Code code = id_codes_.find(id);
  if (code == kAbsent) return std::nullopt;
  return static_cast<MemberIndex>(code - 1);
}

}  // namespace dutyscore
