#include "dutyscore/members.h"

#include <algorithm>

#include "base/huge_pages.h"
#include "base/numeric_id.h"

namespace dutyscore {
namespace {

using detail::split_numeric_id;

// Numbers above this many per member (plus some slack) make the array
// mostly empty: the text index alone is kept then.
constexpr std::size_t kMaxNumbersPerMember = 8;
constexpr std::size_t kNumberSlack = 1 << 16;

}  // namespace

void MemberTable::reserve(std::size_t members, std::size_t text_bytes) {
  text_.reserve(text_bytes);
  detail::advise_huge_pages(text_.data(), text_.capacity());
  using detail::reserve_on_huge_pages;
  reserve_on_huge_pages(text_ends_, 3 * members);  // id, name, unit
  reserve_on_huge_pages(sectors_, members);
  reserve_on_huge_pages(groups_, members);
  reserve_on_huge_pages(roles_, members);
  reserve_on_huge_pages(service_, members);
}

std::optional<MemberIndex> MemberTable::add(std::string_view id, std::string_view name,
                                            std::string_view unit, std::string_view sector,
                                            std::string_view group,
                                            const std::vector<std::string>& roles,
                                            std::optional<Day> joined, std::optional<Day> left) {
  // An id is required and unique.
  if (id.empty() || find(id)) return std::nullopt;
  const std::vector<std::string_view> role_views(roles.begin(), roles.end());
  return add_new(id, name, unit, sector, group, role_mask(role_views), joined, left);
}

RoleMask MemberTable::role_mask(const std::vector<std::string_view>& roles) {
  RoleMask mask = 0;
  for (const auto& role : roles) {
    // A RoleMask holds codes 1..63. Beyond that a role cannot be represented,
    // so it is not interned at all: the reader reports such tables as errors
    // before they get here, and a role no rule can name changes no score.
    Code code = role_dict_.find(role);
    if (code == kAbsent && !role.empty() && role_dict_.size() < 64) code = role_dict_.intern(role);
    if (code != kAbsent && code < 64) mask |= RoleMask{1} << code;
  }
  return mask;
}

MemberIndex MemberTable::add_new(std::string_view id, std::string_view name,
                                 std::string_view unit, std::string_view sector,
                                 std::string_view group, RoleMask mask,
                                 std::optional<Day> joined, std::optional<Day> left) {
  const auto index = static_cast<MemberIndex>(size());
  if (index > 0 && !(this->id(index - 1) < id)) ids_in_order_ = false;
  for (const std::string_view field : {id, name, unit}) {
    text_ += field;
    text_ += '\0';
    text_ends_.push_back(text_.size());
  }
  sectors_.push_back(sector_dict_.intern(sector));
  groups_.push_back(group_dict_.intern(group));
  roles_.push_back(mask);
  service_.push_back({joined.value_or(kNoDay), left.value_or(kNoDay)});
  if (numeric_ids_) {
    std::string_view prefix;
    std::size_t digits = 0;
    std::uint32_t number = 0;
    if (index == 0 && split_numeric_id(id, prefix, digits, number)) {
      id_prefix_ = std::string(prefix);
      id_digits_ = digits;
    }
    if (split_numeric_id(id, prefix, digits, number) && prefix == id_prefix_ &&
        digits == id_digits_ && number < kMaxNumbersPerMember * size() + kNumberSlack) {
      if (index == 0) first_number_ = number;
      if (consecutive_ && std::uint64_t{number} != std::uint64_t{first_number_} + index) {
        // The numbers stop running on: from here on by_number_, which the
        // members so far enter first (while they ran on, find() needed
        // none, and the table was not kept).
        consecutive_ = false;
        by_number_.assign(std::size_t{first_number_} + index, 0);
        for (MemberIndex m = 0; m < index; ++m) by_number_[std::size_t{first_number_} + m] = m + 1;
      }
      if (!consecutive_) {
        // resize() grows the capacity geometrically but zeroes only what is
        // used: a table of n members touches about n numbers, not 2n.
        if (number >= by_number_.size()) by_number_.resize(std::size_t{number} + 1, 0);
        by_number_[number] = index + 1;
      }
    } else {
      // From here on ids are looked up by text: index them all, in index
      // order, so that each id's code is its index + 1.
      numeric_ids_ = false;
      std::vector<MemberIndex>().swap(by_number_);
      for (MemberIndex m = 0; m <= index; ++m) id_codes_.intern(this->id(m));
    }
  } else {
    id_codes_.intern(id);  // code index + 1
  }
  return index;
}

std::optional<MemberIndex> MemberTable::find(std::string_view id) const {
  if (numeric_ids_) {
    // Every id has the pattern: an id without it is no member's.
    std::string_view prefix;
    std::size_t digits = 0;
    std::uint32_t number = 0;
    if (!split_numeric_id(id, prefix, digits, number) || prefix != id_prefix_ ||
        digits != id_digits_)
      return std::nullopt;
    if (consecutive_) {
      // The number's distance from the first is its index: no table to
      // read, which missed the cache for a joint item's other members, in
      // no order (5% of CSV -> ranking's time on bench/compare, perf).
      const std::uint64_t index = std::uint64_t{number} - first_number_;
      if (number < first_number_ || index >= size()) return std::nullopt;
      return static_cast<MemberIndex>(index);
    }
    if (number >= by_number_.size() || by_number_[number] == 0) return std::nullopt;
    return by_number_[number] - 1;
  }
  const Code code = id_codes_.find(id);
  if (code == kAbsent) return std::nullopt;
  return static_cast<MemberIndex>(code - 1);
}

std::size_t MemberTable::memory_bytes() const {
  std::size_t bytes = text_.size() + text_ends_.size() * sizeof(std::uint64_t) +
                      (sectors_.size() + groups_.size()) * sizeof(Code) +
                      roles_.size() * sizeof(RoleMask) + service_.size() * sizeof(Service) +
                      by_number_.size() * sizeof(MemberIndex);
  for (const Dictionary* d : {&sector_dict_, &group_dict_, &role_dict_, &id_codes_})
    bytes += d->memory_bytes();
  for (const auto& [name, column] : outside_)
    bytes += name.size() + column.file.size() +
             column.values.size() * sizeof(std::optional<Points>) +
             column.lines.size() * sizeof(std::uint32_t);
  return bytes;
}

void MemberTable::set_outside_column(const std::string& name, OutsideColumn column) {
  for (auto& [kept, values] : outside_) {
    if (kept == name) {
      values = std::move(column);
      return;
    }
  }
  outside_.emplace_back(name, std::move(column));
}

const MemberTable::OutsideColumn* MemberTable::outside_column(const std::string& name) const {
  for (const auto& [kept, values] : outside_)
    if (kept == name) return &values;
  return nullptr;
}

}  // namespace dutyscore
