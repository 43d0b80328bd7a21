// Internal: ids that are a prefix and a number ("M000123", "R2025000456"),
// which members and records keep as numbers when every id of a file
// follows one such pattern.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dutyscore::detail {

// "prefix + 1 to 9 digits": the prefix, the digits' count and the number;
// false for any other id. The count is part of the pattern, so numeric and
// text order agree for ids of one pattern.
inline bool split_numeric_id(std::string_view id, std::string_view& prefix, std::size_t& digits,
                             std::uint32_t& number) {
  std::size_t start = id.size();
  while (start > 0 && id[start - 1] >= '0' && id[start - 1] <= '9') --start;
  digits = id.size() - start;
  if (digits == 0 || digits > 9) return false;
  prefix = id.substr(0, start);
  number = 0;
  for (std::size_t i = start; i < id.size(); ++i)
    number = number * 10 + static_cast<std::uint32_t>(id[i] - '0');
  return true;
}

}  // namespace dutyscore::detail
