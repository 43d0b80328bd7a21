#include "dutyscore/rank.h"

#include "dutyscore/quota.h"
#include "engine/totals_seen.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <thread>

namespace dutyscore {
namespace {

// Members in member-id order: the listing order of ties. Member files are
// almost always sorted by id already; then it is the index order, and the
// caller needs no list.
std::vector<MemberIndex> id_order(const MemberTable& members) {
  std::vector<MemberIndex> by_id(members.size());
  std::iota(by_id.begin(), by_id.end(), MemberIndex{0});
  std::sort(by_id.begin(), by_id.end(),
            [&](MemberIndex a, MemberIndex b) { return members.id(a) < members.id(b); });
  return by_id;
}

// The bits needed for values 0..range.
int bit_width(std::uint64_t range) {
  int bits = 0;
  while (range != 0) {
    ++bits;
    range >>= 1;
  }
  return bits;
}

// Runs work(t, begin, end) for the `threads` contiguous shares of [0, n),
// share t on its own thread (share 0 on the caller's). The split depends
// only on n and threads, so passes over the same entries meet the same
// shares, and so do the scoring's counts (detail::TotalCounts).
template <class Work>
void on_shares(std::size_t n, unsigned threads, const Work& work) {
  using detail::ranking_share_start;
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back([&, t] {
      work(t, ranking_share_start(n, t, threads), ranking_share_start(n, t + 1, threads));
    });
  work(0u, std::size_t{0}, ranking_share_start(n, 1, std::max(threads, 1u)));
  for (auto& th : pool) th.join();
}

// A member's standing as one unsigned number that is smaller for a better
// standing: group in the top bits, then the total and each tie-break
// subtotal as its distance below the highest value.
class StandingKeys {
 public:
  // False when the fields need more than 64 bits together (totals spread
  // over more than ~10^17 units); the caller then compares fields one by
  // one. The totals' extremes are taken from `seen` when given, not from a
  // pass of their own.
  bool pack(const std::vector<Points>& totals, const PointsMatrix& subtotals,
            const std::vector<int>& tie_break, unsigned threads, const detail::TotalsSeen* seen) {
    const std::size_t n = totals.size();
    // Each field as a strided column: the totals, then the subtotals of
    // the tie-break categories (the matrix is row-major).
    fields_.assign(1, Field{totals.data(), 1});
    // (No members: the matrix has no data to point into, and nothing reads.)
    for (const int c : tie_break)
      fields_.push_back({n == 0 ? nullptr : subtotals.data() + c,
                         static_cast<std::size_t>(subtotals.cols())});
    int used = 0;  // bits taken by the less significant fields
    for (std::size_t f = fields_.size(); f-- > 0;) {
      Field& field = fields_[f];
      Points low = 0, high = 0;
      if (f == 0 && seen != nullptr && seen->any()) {
        low = seen->low;
        high = seen->high;
      } else {
        // Each thread's share's extremes, then theirs.
        const Points first = n > 0 ? field.values[0] : 0;
        std::vector<Points> lows(threads, first), highs(threads, first);
        on_shares(n, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
          Points share_low = first, share_high = first;
          for (std::size_t m = begin; m < end; ++m) {
            const Points v = field.values[m * field.stride];
            share_low = std::min(share_low, v);
            share_high = std::max(share_high, v);
          }
          lows[t] = share_low;
          highs[t] = share_high;
        });
        low = *std::min_element(lows.begin(), lows.end());
        high = *std::max_element(highs.begin(), highs.end());
      }
      field.high = high;
      field.shift = used;
      used += bit_width(static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low));
      if (used > 62) return false;  // the group takes the top two bits
    }
    group_shift_ = used;
    return true;
  }

  // Every key of members in groups up to `top` is below this.
  std::uint64_t bound(std::uint8_t top) const { return (std::uint64_t{top} + 1) << group_shift_; }

  // No tie-break: the key is the group and the total alone (key_of_total
  // gives it without walking the fields).
  bool total_only() const { return fields_.size() == 1; }
  std::uint64_t key_of_total(Points total, std::uint8_t group) const {
    return static_cast<std::uint64_t>(group) << group_shift_ |
           (static_cast<std::uint64_t>(fields_[0].high) - static_cast<std::uint64_t>(total));
  }

  std::uint64_t key(std::size_t m, std::uint8_t group) const {
    std::uint64_t key = static_cast<std::uint64_t>(group) << group_shift_;
    for (const Field& field : fields_)
      key |= (static_cast<std::uint64_t>(field.high) -
              static_cast<std::uint64_t>(field.values[m * field.stride]))
             << field.shift;
    return key;
  }

 private:
  struct Field {
    const Points* values = nullptr;
    std::size_t stride = 1;
    Points high = 0;
    int shift = 0;
  };
  std::vector<Field> fields_;
  int group_shift_ = 0;
};

// A member in the ranking order, with what placing it needs.
struct Entry {
  std::uint64_t key;  // packed standing (0 when not packed)
  MemberIndex member;
  std::uint8_t group;
};

// Stable LSD radix sort by key, in as few passes of at most 16 bits as the
// keys' width allows (a committee's keys are often 16 bits or fewer: one
// pass); a pass whose digit is the same for every entry is skipped. With
// several threads each takes a contiguous share of the entries and places
// them after the earlier shares' entries of the same digit: the same order
// as one thread.
void radix_sort(std::vector<Entry>& entries, unsigned threads) {
  constexpr int kMaxDigitBits = 16;
  const std::size_t n = entries.size();
  std::uint64_t any_bits = 0;
  for (const auto& e : entries) any_bits |= e.key;
  const int key_bits = bit_width(any_bits);
  if (key_bits == 0) return;  // all keys equal: already in order
  const int passes = (key_bits + kMaxDigitBits - 1) / kMaxDigitBits;
  const int digit_bits = (key_bits + passes - 1) / passes;
  const std::size_t buckets = std::size_t{1} << digit_bits;
  const std::uint64_t mask = buckets - 1;
  std::vector<Entry> scratch(n);
  // Counts, then start offsets, per thread and digit (n fits 32 bits:
  // members are indexed by MemberIndex).
  std::vector<std::vector<std::uint32_t>> start(threads, std::vector<std::uint32_t>(buckets));
  for (int shift = 0; shift < key_bits; shift += digit_bits) {
    on_shares(n, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
      std::uint32_t* count = start[t].data();
      std::fill_n(count, buckets, 0);
      for (std::size_t i = begin; i < end; ++i) ++count[(entries[i].key >> shift) & mask];
    });
    std::uint32_t sum = 0;
    bool one_digit = false;
    for (std::size_t d = 0; d < buckets; ++d) {
      std::size_t in_digit = 0;
      for (auto& count : start) {
        const std::uint32_t c = count[d];
        count[d] = sum;
        sum += c;
        in_digit += c;
      }
      one_digit |= in_digit == n;
    }
    if (one_digit) continue;
    on_shares(n, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
      std::uint32_t* next = start[t].data();
      for (std::size_t i = begin; i < end; ++i) scratch[next[(entries[i].key >> shift) & mask]++] = entries[i];
    });
    entries.swap(scratch);
  }
}

// Below this many distinct key values (and not many more than members),
// rank_by_counting places the members.
constexpr std::uint64_t kCountingBuckets = std::uint64_t{1} << 18;

// When the packed keys span few values (totals within some thousands of
// units, no tie-break: most committees), one counting sort by key places
// every member, and its rank follows from its key's bucket: no entries to
// sort and walk again (on bench/compare, most of the ranking's time). The
// same order and ranks as the general path: members are taken in id order
// and each thread's share goes after the earlier shares' in a bucket.
// `group` empty: every member's group is 0. False, with nothing written,
// when the keys span too many values.
// `counted`: the scoring threads' counts by share (null: counted here);
// given only for keys of the total alone, in id order, with no groups.
bool rank_by_counting(const RuleSet& rules, const StandingKeys& keys,
                      const std::vector<std::uint8_t>& group, std::uint8_t top,
                      const std::vector<MemberIndex>& by_id, unsigned threads,
                      const std::vector<detail::TotalCounts>* counted, Scores& scores) {
  const std::size_t n = scores.totals.size();
  const std::uint64_t bound = keys.bound(top);
  if (bound > kCountingBuckets || bound > 4 * std::uint64_t{n} + 4096) return false;
  const auto buckets = static_cast<std::size_t>(bound);
  const bool in_order = by_id.empty();
  auto member_at = [&](std::size_t i) { return in_order ? static_cast<MemberIndex>(i) : by_id[i]; };
  const bool total_only = keys.total_only();
  const bool grouped = !group.empty();
  const Points* totals = scores.totals.data();
  auto key_of = [&](MemberIndex m) {
    const std::uint8_t g = grouped ? group[m] : 0;
    return static_cast<std::uint32_t>(total_only ? keys.key_of_total(totals[m], g) : keys.key(m, g));
  };
  // Per thread: the counts of its share, then where its next member of
  // each bucket goes.
  std::vector<std::vector<std::uint32_t>> next(threads, std::vector<std::uint32_t>(buckets, 0));
  // A key made of the total alone is made again when placing (a subtraction
  // and an or); one with tie-break fields is kept, by place in id order.
  std::vector<std::uint32_t> key_at;
  if (!total_only) key_at.resize(n);
  // The columns by member may have been sized by the scoring already.
  const bool sized = scores.order.size() == n && scores.rank.size() == n;
  if (counted != nullptr) {
    for (const detail::TotalCounts& thread_counts : *counted)
      for (unsigned t = 0; t < threads; ++t) {
        const detail::TotalCounts::Share& share = thread_counts.share(t);
        std::uint32_t* count = next[t].data();
        for (std::size_t i = 0; i < share.counts.size(); ++i)
          if (share.counts[i] != 0) {
            const auto total = static_cast<Points>(static_cast<std::uint64_t>(share.low) + i);
            count[keys.key_of_total(total, 0)] += share.counts[i];
          }
      }
    if (!sized) {
      scores.order.resize(n);
      scores.rank.assign(n, 0);
    }
  } else {
    on_shares(n, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
      // The columns by member, sized (and so zeroed, which std::vector does
      // not skip) one a thread before it counts its share: on one thread the
      // fills were most of the ranking's serial time, and a pass of their
      // own cost a thread start more.
      for (unsigned k = t; k < 2 && !sized; k += threads) {
        if (k == 0) scores.order.resize(n);
        else scores.rank.assign(n, 0);
      }
      std::uint32_t* count = next[t].data();
      for (std::size_t i = begin; i < end; ++i) {
        const std::uint32_t key = key_of(member_at(i));
        if (!total_only) key_at[i] = key;
        ++count[key];
      }
    });
  }
  // A bucket's rank: its first place + 1 (competition) or the buckets
  // taken so far (dense); 0 for the unranked, whose keys come last.
  const std::uint64_t unranked_from = keys.bound(1);
  const TieMode ties = rules.ranking.ties;
  std::vector<std::int32_t> bucket_rank(buckets, 0);
  std::uint32_t placed = 0;
  std::int32_t dense = 0;
  for (std::size_t d = 0; d < buckets; ++d) {
    const std::uint32_t first = placed;
    for (auto& count : next) {
      const std::uint32_t c = count[d];
      count[d] = placed;
      placed += c;
    }
    if (placed != first) ++dense;
    if (d >= unranked_from) continue;
    bucket_rank[d] = ties == TieMode::Dense ? dense : static_cast<std::int32_t>(first) + 1;
  }
  MemberIndex* order = scores.order.data();
  on_shares(n, threads, [&](unsigned t, std::size_t begin, std::size_t end) {
    std::uint32_t* at = next[t].data();
    for (std::size_t i = begin; i < end; ++i) {
      const MemberIndex m = member_at(i);
      const std::uint32_t key = total_only ? key_of(m) : key_at[i];
      const std::uint32_t place = at[key]++;
      order[place] = m;
      // Ordinal: the place itself (the ranked are placed first).
      scores.rank[m] = ties != TieMode::Ordinal || key >= unranked_from
                           ? bucket_rank[key]
                           : static_cast<std::int32_t>(place) + 1;
    }
  });
  return true;
}

// rank_members(), with what the scoring saw of the totals and flags when
// it is known (null: nothing), and its counts of the totals (null: none).
void rank_with(const RuleSet& rules, const MemberTable& members, Scores& scores, unsigned threads,
               const detail::TotalsSeen* seen, const std::vector<detail::TotalCounts>* counted) {
  const std::size_t n = scores.totals.size();
  std::vector<int> tie_break;
  for (const auto& id : rules.ranking.tie_break) {
    const int c = rules.category_index(id);
    if (c >= 0) tie_break.push_back(c);
  }
  const VetoedRank vetoed_mode = rules.ranking.vetoed;
  const unsigned share_threads = detail::ranking_shares(n, threads);
  // 0: ranked first, 1: ranked after them (vetoed, when "last"), 2: unranked.
  // Left empty (every member's group is 0) when the scoring saw no member
  // vetoed or not serving: no pass over the flags then.
  std::vector<std::uint8_t> group;
  std::uint8_t top = 0;
  if (seen == nullptr || (seen->flags & (kNotServing | kVetoed)) != 0) {
    group.assign(n, 0);
    std::vector<std::uint8_t> tops(share_threads, 0);  // each share's highest group
    const bool rank_not_serving = rules.not_serving == NotServing::Ranked;
    on_shares(n, share_threads, [&](unsigned t, std::size_t begin, std::size_t end) {
      std::uint8_t share_top = 0;
      for (std::size_t m = begin; m < end; ++m) {
        if ((scores.flags[m] & kNotServing) && !rank_not_serving) group[m] = 2;
        else if (scores.flags[m] & kVetoed)
          group[m] = vetoed_mode == VetoedRank::Unranked ? 2 : vetoed_mode == VetoedRank::Last ? 1 : 0;
        share_top = std::max(share_top, group[m]);
      }
      tops[t] = share_top;
    });
    top = *std::max_element(tops.begin(), tops.end());
  }
  // Equal for ranking purposes: same group, total and tie-break subtotals.
  auto same_standing = [&](std::size_t a, std::size_t b) {
    if (group[a] != group[b] || scores.totals[a] != scores.totals[b]) return false;
    for (int c : tie_break)
      if (scores.subtotals(static_cast<Eigen::Index>(a), c) !=
          scores.subtotals(static_cast<Eigen::Index>(b), c))
        return false;
    return true;
  };

  // Group, then total descending, then tie-break subtotals descending, then
  // member id: members start in id order and every sort below is stable.
  const bool in_order = members.ids_in_order();
  const std::vector<MemberIndex> by_id = in_order ? std::vector<MemberIndex>() : id_order(members);
  StandingKeys keys;
  const bool packed = keys.pack(scores.totals, scores.subtotals, tie_break, share_threads, seen);
  // The scoring's counts serve when the key is the total alone, for every
  // member (no group), in index order, by the shares placed here.
  const bool use_counted =
      counted != nullptr && !counted->empty() && group.empty() && in_order && packed &&
      keys.total_only() &&
      std::all_of(counted->begin(), counted->end(), [&](const detail::TotalCounts& c) {
        return !c.abandoned() && c.share_count() == share_threads;
      });
  if (packed && rank_by_counting(rules, keys, group, top, by_id, share_threads,
                                 use_counted ? counted : nullptr, scores)) {
    apply_grade_quotas(rules, scores);
    return;
  }
  if (group.empty()) group.assign(n, 0);
  std::vector<Entry> entries(n);
  on_shares(n, share_threads, [&](unsigned, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const MemberIndex m = in_order ? static_cast<MemberIndex>(i) : by_id[i];
      entries[i] = Entry{packed ? keys.key(m, group[m]) : 0, m, group[m]};
    }
  });
  if (packed) {
    radix_sort(entries, share_threads);
  } else {
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry& x, const Entry& y) {
      const MemberIndex a = x.member, b = y.member;
      if (x.group != y.group) return x.group < y.group;
      if (scores.totals[a] != scores.totals[b]) return scores.totals[a] > scores.totals[b];
      for (int c : tie_break) {
        const Points u = scores.subtotals(static_cast<Eigen::Index>(a), c);
        const Points v = scores.subtotals(static_cast<Eigen::Index>(b), c);
        if (u != v) return u > v;
      }
      return false;
    });
  }

  scores.rank.assign(n, 0);
  std::vector<MemberIndex> order(n);
  std::int32_t position = 0;  // members placed so far among the ranked
  std::int32_t dense = 0;
  std::int32_t previous_rank = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Entry& e = entries[i];
    order[i] = e.member;
    if (e.group == 2) continue;  // the unranked are last and stay 0
    ++position;
    const bool tied = i > 0 && (packed ? entries[i - 1].key == e.key
                                       : same_standing(entries[i - 1].member, e.member));
    std::int32_t rank = position;
    switch (rules.ranking.ties) {
      case TieMode::Competition:
        if (tied) rank = previous_rank;
        break;
      case TieMode::Dense:
        if (!tied) ++dense;
        rank = dense;
        break;
      case TieMode::Ordinal:
        break;
    }
    scores.rank[e.member] = previous_rank = rank;
  }
  scores.order = std::move(order);
  // Quotas need the ranking order; they are part of grading, not scoring.
  apply_grade_quotas(rules, scores);
}

}  // namespace

void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores,
                  unsigned threads) {
  rank_with(rules, members, scores, threads, nullptr, nullptr);
}

namespace detail {

void rank_members(const RuleSet& rules, const MemberTable& members, Scores& scores,
                  unsigned threads, const TotalsSeen& seen,
                  const std::vector<TotalCounts>* counted) {
  rank_with(rules, members, scores, threads, &seen, counted);
}

}  // namespace detail

}  // namespace dutyscore
