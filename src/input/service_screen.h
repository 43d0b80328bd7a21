// Internal: which members served from one day on without an end, so that
// a records row of theirs dated that day or later is inside their service
// without a look at their dates. A joint item's other members come in no
// order, and reading their dates (8 bytes a member, megabytes in all)
// missed the cache on every such row: 7% of CSV -> ranking's time on
// bench/compare, where a bit a member stays in the cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"

namespace dutyscore::detail {

class ServiceScreen {
 public:
  explicit ServiceScreen(const MemberTable& members);

  // A record of member `m` dated `day` is inside the member's service.
  // False says only "maybe not": the member's dates decide.
  bool surely_inside(MemberIndex m, Day day) const {
    return day >= from_ && m < count_ && ((bits_[m >> 6] >> (m & 63)) & 1) != 0;
  }

  // The day from which the screened members are known to serve: the day by
  // which seven in eight of the members without a left day had joined (of a
  // sample), so that one who joined late does not push it past the records'.
  Day from() const { return from_; }

 private:
  Day from_ = std::numeric_limits<Day>::max();
  std::size_t count_ = 0;
  std::vector<std::uint64_t> bits_;
};

}  // namespace dutyscore::detail
