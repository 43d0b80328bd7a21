#include "engine/totals_seen.h"

namespace dutyscore::detail {

unsigned ranking_shares(std::size_t members, unsigned threads) {
  // Below this many members a thread costs more than it saves.
  return members < 100'000 ? 1u : std::max(1u, threads);
}

TotalCounts::TotalCounts(std::size_t members, unsigned shares)
    : members_(members), shares_(std::max(1u, shares)) {}

void TotalCounts::enter_share(MemberIndex m) {
  const auto shares = static_cast<unsigned>(shares_.size());
  // The share whose start is the last at or before m.
  auto s = static_cast<unsigned>(std::min<std::size_t>(
      shares - 1, members_ == 0 ? 0 : std::size_t{m} * shares / members_));
  while (s > 0 && ranking_share_start(members_, s, shares) > m) --s;
  while (s + 1 < shares && ranking_share_start(members_, s + 1, shares) <= m) ++s;
  share_ = s;
  share_begin_ = ranking_share_start(members_, s, shares);
  share_size_ = ranking_share_start(members_, s + 1, shares) - share_begin_;
}

namespace {

// How far a total (as 64 unsigned bits) is above the lowest there can be:
// how far a room may reach below it.
std::uint64_t above_lowest(std::uint64_t total) {
  return total - static_cast<std::uint64_t>(std::numeric_limits<Points>::min());
}

}  // namespace

void TotalCounts::widen(Share& share, Points total) {
  if (abandoned_) return;
  const auto t = static_cast<std::uint64_t>(total);
  if (share.counts.empty()) {
    // Room for some totals either side of the first one seen.
    constexpr std::uint64_t kFirst = 1024;
    const std::uint64_t below = std::min<std::uint64_t>(kFirst / 2, above_lowest(t));
    share.low = static_cast<Points>(t - below);
    share.counts.assign(kFirst, 0);
    ++share.counts[below];
    return;
  }
  // Unsigned differences throughout: totals may be anywhere in 64 bits.
  const auto low = static_cast<std::uint64_t>(share.low);
  const std::uint64_t size = share.counts.size();
  const bool below = total < share.low;
  const std::uint64_t needed = below ? low + size - t : t - low + 1;  // the span with `total`
  std::uint64_t new_size = std::min(kMaxSpan, std::max(needed, 2 * size));
  std::uint64_t new_low = low;
  if (needed > kMaxSpan) {
    // The room has spare slots at its ends: the totals seen and this one
    // may still fit kMaxSpan. Then the room is moved to centre them, a few
    // times at most (each move reads the room through).
    const auto first = static_cast<std::uint64_t>(
        std::find_if(share.counts.begin(), share.counts.end(), [](std::uint32_t c) { return c != 0; }) -
        share.counts.begin());
    const auto last = static_cast<std::uint64_t>(
        share.counts.rend() -
        std::find_if(share.counts.rbegin(), share.counts.rend(), [](std::uint32_t c) { return c != 0; }) - 1);
    const std::uint64_t from = below ? t : low + first;  // the lowest total, then the highest
    const std::uint64_t to = below ? low + last : t;
    if (to - from + 1 > kMaxSpan || moves_ == kMostMoves) {
      abandoned_ = true;
      for (Share& each : shares_) std::vector<std::uint32_t>().swap(each.counts);
      return;
    }
    ++moves_;
    new_size = kMaxSpan;
    const std::uint64_t spare =
        std::min<std::uint64_t>((kMaxSpan - (to - from + 1)) / 2, above_lowest(from));
    new_low = from - spare;
  } else if (below) {
    // The room beyond the span goes below `total`, as far as 64 bits go.
    const std::uint64_t spare = std::min<std::uint64_t>(new_size - needed, above_lowest(t));
    new_low = t - spare;
  }
  std::vector<std::uint32_t> counts(new_size, 0);
  // The old room's slots from new_low on (a move may drop empty ones at
  // either end).
  for (std::uint64_t i = 0; i < size; ++i)
    if (share.counts[i] != 0) counts[low + i - new_low] += share.counts[i];
  share.counts.swap(counts);
  share.low = static_cast<Points>(new_low);
  ++share.counts[t - new_low];
}

}  // namespace dutyscore::detail
