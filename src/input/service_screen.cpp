#include "input/service_screen.h"

#include <algorithm>

namespace dutyscore::detail {

ServiceScreen::ServiceScreen(const MemberTable& members) {
  const std::size_t count = members.size();
  // About 4,096 members sampled evenly: enough for the day, and a national
  // committee's millions are read once more below, not sorted.
  const std::size_t step = std::max<std::size_t>(1, count / 4096);
  std::vector<Day> joined;
  for (std::size_t m = 0; m < count; m += step) {
    const auto index = static_cast<MemberIndex>(m);
    if (members.left(index)) continue;
    const auto day = members.joined(index);
    joined.push_back(day ? *day : std::numeric_limits<Day>::min());
  }
  if (joined.empty()) return;  // every one left: no one is screened
  const std::size_t nth = (joined.size() - 1) * 7 / 8;
  std::nth_element(joined.begin(), joined.begin() + static_cast<std::ptrdiff_t>(nth), joined.end());
  from_ = joined[nth];
  bits_.assign((count + 63) / 64, 0);
  for (std::size_t m = 0; m < count; ++m) {
    const auto index = static_cast<MemberIndex>(m);
    if (members.left(index)) continue;
    const auto day = members.joined(index);
    if (!day || *day <= from_) bits_[m >> 6] |= std::uint64_t{1} << (m & 63);
  }
  count_ = count;
}

}  // namespace dutyscore::detail
