// Internal: the names of rule-set items by index (minimums, vetoes, ...),
// joined: their labels for people, their ids for programs.
#pragma once

#include <string>
#include <vector>

namespace dutyscore::detail {

template <typename Item>
std::string named_items(const std::vector<Item>& items, const std::vector<int>& indices, bool labels,
                        const char* separator) {
  std::string out;
  for (const int i : indices) {
    const Item& item = items[static_cast<std::size_t>(i)];
    out += (out.empty() ? "" : separator) + (labels && !item.label.empty() ? item.label : item.id);
  }
  return out;
}

}  // namespace dutyscore::detail
