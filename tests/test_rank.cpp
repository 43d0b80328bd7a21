// rank_members against a ranking computed straight from its definition, on
// many generated committees: ties, tie-break categories, vetoed and
// non-serving members, ids out of order, and totals spread too wide for the
// packed sort keys (the comparison fallback).
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "dutyscore/rank.h"
#include "engine/totals_seen.h"
#include "dutyscore/rule_loader.h"
#include "test_support.h"

namespace dutyscore {
namespace {

RuleSet ranking_rules(const std::string& ranking) {
  Problems problems;
  auto rules = load_rules(R"(
id: rank-test
categories:
  - {id: a}
  - {id: b}
  - {id: c}
rules:
  - {id: r, category: a, when: {kind: info}, points: 1}
ranking: )" + ranking + "\n",
                          "rank.yaml", problems);
  EXPECT_TRUE(rules.has_value()) << (problems.all().empty() ? "" : problems.all().front().message);
  return *rules;
}

struct Committee {
  MemberTable members;
  Scores scores;
};

// `spread`: totals and subtotals are drawn from [-spread, spread].
// `id_digits`: member ids zero-padded to this many digits (members in
// index order then are in id order, unless shuffled).
Committee random_committee(std::mt19937_64& random, std::size_t n, std::int64_t spread,
                           int id_digits = 0) {
  Committee c;
  std::vector<std::size_t> numbers(n);
  for (std::size_t i = 0; i < n; ++i) numbers[i] = i;
  if (random() % 2) std::shuffle(numbers.begin(), numbers.end(), random);  // ids out of order
  c.scores.subtotals = PointsMatrix::Zero(static_cast<Eigen::Index>(n), 3);
  auto draw = [&] {
    const auto span = static_cast<std::uint64_t>(spread) * 2 + 1;
    return static_cast<Points>(random() % span) - spread;
  };
  for (std::size_t i = 0; i < n; ++i) {
    std::string number = std::to_string(1000 + numbers[i]);
    if (static_cast<int>(number.size()) < id_digits)
      number.insert(0, static_cast<std::size_t>(id_digits) - number.size(), '0');
    c.members.add("M" + number, "n", "u", "s", "g", {"member"},
                  std::nullopt, std::nullopt);
    Points total = 0;
    for (Eigen::Index k = 0; k < 3; ++k) {
      const Points v = draw() / 3;
      c.scores.subtotals(static_cast<Eigen::Index>(i), k) = v;
      total += v;
    }
    c.scores.totals.push_back(total);
    const auto roll = random() % 10;
    c.scores.flags.push_back(roll == 0 ? kVetoed : roll == 1 ? kNotServing : 0);
    c.scores.grade.push_back(-1);
  }
  c.scores.unmet.assign(n, 0);
  c.scores.vetoes.assign(n, 0);
  return c;
}

// The order and ranks, from the definitions in rank.h and docs/rules.md.
void check_ranking(const RuleSet& rules, const Committee& c) {
  const Scores& s = c.scores;
  const std::size_t n = s.totals.size();
  std::vector<int> tie_break;
  for (const auto& id : rules.ranking.tie_break) tie_break.push_back(rules.category_index(id));
  auto group = [&](std::size_t m) {
    if (s.flags[m] & kNotServing) return 2;
    if (s.flags[m] & kVetoed) {
      if (rules.ranking.vetoed == VetoedRank::Unranked) return 2;
      if (rules.ranking.vetoed == VetoedRank::Last) return 1;
    }
    return 0;
  };
  // Standing: smaller is better.
  auto standing = [&](std::size_t m) {
    std::vector<Points> key{group(m), -s.totals[m]};
    for (int k : tie_break) key.push_back(-s.subtotals(static_cast<Eigen::Index>(m), k));
    return key;
  };
  std::vector<MemberIndex> expected(n);
  for (std::size_t m = 0; m < n; ++m) expected[m] = static_cast<MemberIndex>(m);
  std::sort(expected.begin(), expected.end(), [&](MemberIndex a, MemberIndex b) {
    const auto x = standing(a), y = standing(b);
    if (x != y) return x < y;
    return c.members.id(a) < c.members.id(b);
  });
  ASSERT_EQ(s.order, expected);
  for (std::size_t m = 0; m < n; ++m) {
    std::int32_t rank = 0;
    if (group(m) != 2) {
      std::int32_t better = 0, distinct_better = 0, placed_before = 0;
      std::vector<std::vector<Points>> seen;
      for (std::size_t o = 0; o < n; ++o) {
        if (group(o) == 2) continue;
        if (standing(o) < standing(m)) {
          ++better;
          if (std::find(seen.begin(), seen.end(), standing(o)) == seen.end()) {
            seen.push_back(standing(o));
            ++distinct_better;
          }
        }
      }
      for (std::size_t i = 0; expected[i] != m; ++i) ++placed_before;
      switch (rules.ranking.ties) {
        case TieMode::Competition: rank = better + 1; break;
        case TieMode::Dense: rank = distinct_better + 1; break;
        case TieMode::Ordinal: rank = placed_before + 1; break;
      }
    }
    ASSERT_EQ(s.rank[m], rank) << "member " << c.members.id(static_cast<MemberIndex>(m));
  }
}

TEST(Rank, MatchesTheDefinitionOnGeneratedCommittees) {
  std::mt19937_64 random(20251123);
  const char* rankings[] = {
      "{ties: competition}",
      "{ties: dense, vetoed: last}",
      "{ties: ordinal, tie_break: [b], vetoed: unranked}",
      "{ties: competition, tie_break: [c, a], vetoed: last}",
  };
  for (const char* ranking : rankings) {
    const RuleSet rules = ranking_rules(ranking);
    for (const std::int64_t spread : {std::int64_t{3}, std::int64_t{40}, std::int64_t{1} << 40,
                                      std::int64_t{1} << 61}) {
      SCOPED_TRACE(std::string(ranking) + " spread " + std::to_string(spread));
      for (int round = 0; round < 5; ++round) {
        Committee c = random_committee(random, 1 + random() % 120, spread);
        rank_members(rules, c.members, c.scores);
        check_ranking(rules, c);
      }
    }
  }
}

// A large committee ranked on 2 and 3 threads: the order and ranks of 1.
void expect_threads_agree(const RuleSet& rules, const Committee& committee) {
  Committee one = committee, several = committee;
  rank_members(rules, one.members, one.scores, 1);
  for (const unsigned threads : {2u, 3u}) {
    rank_members(rules, several.members, several.scores, threads);
    EXPECT_EQ(several.scores.order, one.scores.order) << threads;
    EXPECT_EQ(several.scores.rank, one.scores.rank) << threads;
  }
}

// Large committees are sorted on several threads: the same order and ranks.
TEST(Rank, ThreadsGiveTheSameRanking) {
  std::mt19937_64 random(7);
  const RuleSet rules = ranking_rules("{ties: competition, tie_break: [b], vetoed: last}");
  expect_threads_agree(rules, random_committee(random, 150'000, 5000));
}

// Totals within a few thousand units and no tie-break: the keys span few
// values, so the members are placed by one counting sort (rank.cpp,
// rank_by_counting); on several threads too, and with ids out of order.
TEST(Rank, CountingSortOnThreadsMatchesTheDefinition) {
  std::mt19937_64 random(11);
  for (const char* ranking : {"{ties: competition}", "{ties: dense, vetoed: last}",
                              "{ties: ordinal, vetoed: unranked}"}) {
    SCOPED_TRACE(ranking);
    const RuleSet rules = ranking_rules(ranking);
    expect_threads_agree(rules, random_committee(random, 150'000, 3000));
    // The definition's check is quadratic: a sample of the committee.
    Committee part = random_committee(random, 400, 300);
    rank_members(rules, part.members, part.scores, 1);
    check_ranking(rules, part);
  }
}

// What the scoring saw of the totals and flags, as Evaluation::score hands
// it to the ranking.
detail::TotalsSeen seen_in(const Scores& scores) {
  detail::TotalsSeen seen;
  for (std::size_t m = 0; m < scores.totals.size(); ++m) seen.add(scores.totals[m], scores.flags[m]);
  return seen;
}

// What `threads` scoring threads count of the totals (Evaluation::score's
// detail::TotalCounts): chunks of members of random sizes, each taken by a
// thread at random, each in member order.
std::vector<detail::TotalCounts> counted_in(std::mt19937_64& random, const Scores& scores,
                                            unsigned threads) {
  const std::size_t n = scores.totals.size();
  const unsigned shares = detail::ranking_shares(n, threads);
  std::vector<detail::TotalCounts> counted;
  for (unsigned t = 0; t < threads; ++t) counted.emplace_back(n, shares);
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  for (std::size_t begin = 0; begin < n;) {
    const std::size_t end = std::min(n, begin + 1 + random() % 5000);
    chunks.emplace_back(begin, end);
    begin = end;
  }
  std::shuffle(chunks.begin(), chunks.end(), random);
  for (const auto& [begin, end] : chunks) {
    detail::TotalCounts& mine = counted[random() % threads];
    if (random() % 2) {
      mine.add_range(begin, end, scores.totals.data());
    } else {
      for (std::size_t m = begin; m < end; ++m) mine.add_range(m, m + 1, scores.totals.data());
    }
  }
  return counted;
}

// Each share's counts are the number of its members with each total, for
// members added in any order of chunks, totals rising, falling and near
// the ends of 64 bits; a share whose totals spread over more than
// kMaxSpan units abandons the counting.
TEST(TotalCounts, CountEachSharesTotalsInAnyOrder) {
  std::mt19937_64 random(31);
  const Points lowest = std::numeric_limits<Points>::min(), highest = std::numeric_limits<Points>::max();
  for (const Points centre : {Points{0}, lowest + 10, highest - 10, Points{-5'000'000}}) {
    for (const unsigned shares : {1u, 2u, 3u}) {
      SCOPED_TRACE(std::to_string(centre) + " shares " + std::to_string(shares));
      const std::size_t n = 20'000;
      std::vector<Points> totals(n);
      for (std::size_t m = 0; m < n; ++m) {
        // Falling, then rising, then anywhere within 60,000 units.
        const auto offset = static_cast<std::int64_t>(
            m < 5000 ? 5000 - m : m < 10'000 ? m : random() % 60'000);
        totals[m] = centre < 0 ? centre + offset : centre - offset;
      }
      detail::TotalCounts counts(n, shares);
      for (std::size_t begin = 0; begin < n; begin += 1000) {
        // Chunks out of order: the second half first.
        const std::size_t chunk = (begin / 1000 + 10) % 20 * 1000;
        if (chunk % 2000 == 0) {
          counts.add_range(chunk, chunk + 1000, totals.data());
        } else {
          for (std::size_t m = chunk; m < chunk + 1000; ++m) counts.add_range(m, m + 1, totals.data());
        }
      }
      ASSERT_FALSE(counts.abandoned());
      ASSERT_EQ(counts.share_count(), shares);
      for (unsigned s = 0; s < shares; ++s) {
        std::map<Points, std::uint32_t> expected, got;
        for (std::size_t m = detail::ranking_share_start(n, s, shares);
             m < detail::ranking_share_start(n, s + 1, shares); ++m)
          ++expected[totals[m]];
        const auto& share = counts.share(s);
        for (std::size_t i = 0; i < share.counts.size(); ++i)
          if (share.counts[i] != 0)
            got[static_cast<Points>(static_cast<std::uint64_t>(share.low) + i)] = share.counts[i];
        EXPECT_EQ(got, expected) << s;
      }
    }
  }
  // Members 0 to 4: 0 and 65,535 fit 65,536 units, -1 is one too many,
  // and nothing is counted after it.
  const Points wide_totals[] = {0, static_cast<Points>(detail::TotalCounts::kMaxSpan) - 1, -1, 5, 6};
  detail::TotalCounts wide(5, 1);
  wide.add_range(0, 2, wide_totals);
  EXPECT_FALSE(wide.abandoned());
  wide.add_range(2, 3, wide_totals);
  EXPECT_TRUE(wide.abandoned());
  wide.add_range(3, 5, wide_totals);
  EXPECT_TRUE(wide.share(0).counts.empty());
}

// The ranking the scoring asks for, told the totals' extremes and flags
// instead of passing over them (rank_with's `seen`), and placing by the
// scoring threads' counts of the totals instead of counting them itself
// (whatever the chunks' order, the columns sized before or not): the same
// order and ranks as rank_members on its own, with groups (vetoed, not
// serving) and without any (then no group pass at all), on one thread and
// several, by counting and by sorting. Where the counts cannot serve
// (groups, a tie-break, ids out of order, counts abandoned for a spread
// over 65,536 units) it counts for itself, with the same result.
TEST(Rank, RankingToldWhatTheScoringSawMatchesRankingAfresh) {
  std::mt19937_64 random(23);
  for (const char* ranking : {"{ties: competition}", "{ties: dense, vetoed: last}",
                              "{ties: ordinal, vetoed: unranked}",
                              "{ties: ordinal, tie_break: [b], vetoed: unranked}",
                              "{ties: competition, vetoed: normal}"}) {
    const RuleSet rules = ranking_rules(ranking);
    for (const bool flagged : {true, false}) {
      for (const std::int64_t spread : {std::int64_t{300}, std::int64_t{3000}, std::int64_t{200'000},
                                        std::int64_t{1} << 40}) {
        // Flags make groups, where the counts never serve: two spreads do.
        if (flagged && (spread == 300 || spread == 200'000)) continue;
        for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{300}, std::size_t{120'000}}) {
          SCOPED_TRACE(std::string(ranking) + (flagged ? " flagged" : " unflagged") + " spread " +
                       std::to_string(spread) + " n " + std::to_string(n));
          Committee c = random_committee(random, n, spread, 7);
          if (!flagged) c.scores.flags.assign(n, 0);
          Committee afresh = c;
          rank_members(rules, afresh.members, afresh.scores, 1);
          for (const unsigned threads : {1u, 2u, 3u}) {
            for (const bool with_counts : {false, true}) {
              Committee told = c;
              told.scores.rank.assign(n, -7);  // anything left unwritten shows
              if (random() % 2) told.scores.order.assign(n, MemberIndex{7});  // sized already
              const auto counted = counted_in(random, told.scores, threads);
              detail::rank_members(rules, told.members, told.scores, threads, seen_in(told.scores),
                                   with_counts ? &counted : nullptr);
              ASSERT_EQ(told.scores.order, afresh.scores.order) << threads << with_counts;
              ASSERT_EQ(told.scores.rank, afresh.scores.rank) << threads << with_counts;
            }
          }
          if (n <= 300) check_ranking(rules, afresh);
        }
      }
    }
  }
}

TEST(Rank, NoMembers) {
  const RuleSet rules = ranking_rules("{ties: competition}");
  Committee c;
  c.scores.subtotals = PointsMatrix::Zero(0, 3);
  rank_members(rules, c.members, c.scores);
  EXPECT_TRUE(c.scores.order.empty());
  EXPECT_TRUE(c.scores.rank.empty());
}

}  // namespace
}  // namespace dutyscore
