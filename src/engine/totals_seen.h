// Internal: what the scoring threads see of the members' totals and flags
// as they write them, handed to the ranking, which would otherwise pass
// over every member again to learn it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore::detail {

struct TotalsSeen {
  // The lowest and highest total; low > high while no member was seen.
  Points low = std::numeric_limits<Points>::max();
  Points high = std::numeric_limits<Points>::min();
  std::uint8_t flags = 0;  // every member's MemberFlag bits, or-ed

  bool any() const { return low <= high; }
  void add(Points total, std::uint8_t member_flags) {
    low = std::min(low, total);
    high = std::max(high, total);
    flags |= member_flags;
  }
  void add(const TotalsSeen& other) {
    low = std::min(low, other.low);
    high = std::max(high, other.high);
    flags |= other.flags;
  }
};

// The shares of the members the ranking's passes take a thread each:
// share s is [ranking_share_start(n, s, shares), ranking_share_start(n,
// s + 1, shares)).
unsigned ranking_shares(std::size_t members, unsigned threads);
inline std::size_t ranking_share_start(std::size_t members, std::size_t s, unsigned shares) {
  return members * s / shares;
}

// How many members have each total, by share of the ranking (above),
// counted by one scoring thread as it finishes each chunk of members, the
// chunk's totals still in its core's cache: the ranking's counting sort
// then does not read every total again to count them (its count pass took
// 1.2-1.4 ms of bench/compare's 25: the totals it read had just been
// written, half of them by the other core). A thread's chunks may come in
// any order.
// The counting stops (abandoned()) when a share's totals spread over more
// than kMaxSpan units (or its full room had to move more than a few times
// to follow them), and the ranking then counts for itself.
class TotalCounts {
 public:
  static constexpr std::uint64_t kMaxSpan = std::uint64_t{1} << 16;

  // A share's counts: counts[i] members with total low + i.
  struct Share {
    Points low = 0;
    std::vector<std::uint32_t> counts;
  };

  TotalCounts() = default;
  TotalCounts(std::size_t members, unsigned shares);

  // Counts members [begin, end), whose totals are totals[begin, end).
  void add_range(std::size_t begin, std::size_t end, const Points* totals) {
    while (begin < end && !abandoned_) {
      // (Unsigned: also when begin is below the share.)
      if (begin - share_begin_ >= share_size_) enter_share(static_cast<MemberIndex>(begin));
      const std::size_t stop = std::min(end, share_begin_ + share_size_);
      // The share's room in locals: the counts' stores may alias nothing
      // else then, and nothing is reloaded a member.
      Share& share = shares_[share_];
      const auto low = static_cast<std::uint64_t>(share.low);
      const std::uint64_t span = share.counts.size();
      std::uint32_t* counts = share.counts.data();
      std::size_t m = begin;
      for (; m < stop; ++m) {
        const std::uint64_t at = static_cast<std::uint64_t>(totals[m]) - low;
        if (at >= span) break;
        ++counts[at];
      }
      if (m < stop) widen(share, totals[m++]);
      begin = m;
    }
  }

  bool abandoned() const { return abandoned_; }
  unsigned share_count() const { return static_cast<unsigned>(shares_.size()); }
  const Share& share(unsigned s) const { return shares_[s]; }

 private:
  void enter_share(MemberIndex m);
  // Room for `total` in `share` (the first total, or one outside its span).
  void widen(Share& share, Points total);

  std::size_t members_ = 0;
  std::vector<Share> shares_;
  // The share of the last member added, and its members.
  unsigned share_ = 0;
  std::size_t share_begin_ = 0, share_size_ = 0;
  // A full room moved to fit its totals (widen), at most kMostMoves times.
  static constexpr int kMostMoves = 8;
  int moves_ = 0;
  bool abandoned_ = false;
};

// dutyscore::rank_members() for scores whose every member's total and
// flags `seen` saw (the same order and ranks, fewer passes). `counted`:
// the scoring threads' counts of the totals, or null; used when the
// ranking can place by the totals alone.
void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores,
                  unsigned threads, const TotalsSeen& seen,
                  const std::vector<TotalCounts>* counted = nullptr);

}  // namespace dutyscore::detail
