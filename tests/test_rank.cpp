// rank_members against a ranking computed straight from its definition, on
// many generated committees: ties, tie-break categories, vetoed and
// non-serving members, ids out of order, and totals spread too wide for the
// packed sort keys (the comparison fallback).
#include <gtest/gtest.h>

#include <algorithm>
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
Committee random_committee(std::mt19937_64& random, std::size_t n, std::int64_t spread) {
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
    c.members.add("M" + std::to_string(1000 + numbers[i]), "n", "u", "s", "g", {"member"},
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

// The ranking the scoring asks for, told the totals' extremes and flags
// instead of passing over them (rank_with's `seen`): the same order and
// ranks as rank_members on its own, with groups (vetoed, not serving) and
// without any (then no group pass at all), on one thread and several, by
// counting and by sorting.
TEST(Rank, RankingToldWhatTheScoringSawMatchesRankingAfresh) {
  std::mt19937_64 random(23);
  for (const char* ranking : {"{ties: competition}", "{ties: dense, vetoed: last}",
                              "{ties: ordinal, tie_break: [b], vetoed: unranked}",
                              "{ties: competition, vetoed: normal}"}) {
    const RuleSet rules = ranking_rules(ranking);
    for (const bool flagged : {true, false}) {
      for (const std::int64_t spread : {std::int64_t{3000}, std::int64_t{1} << 40}) {
        for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{300}, std::size_t{120'000}}) {
          SCOPED_TRACE(std::string(ranking) + (flagged ? " flagged" : " unflagged") + " spread " +
                       std::to_string(spread) + " n " + std::to_string(n));
          Committee c = random_committee(random, n, spread);
          if (!flagged) c.scores.flags.assign(n, 0);
          Committee afresh = c;
          rank_members(rules, afresh.members, afresh.scores, 1);
          for (const unsigned threads : {1u, 2u, 3u}) {
            Committee told = c;
            told.scores.rank.assign(n, -7);  // anything left unwritten shows
            detail::rank_members(rules, told.members, told.scores, threads, seen_in(told.scores));
            ASSERT_EQ(told.scores.order, afresh.scores.order) << threads;
            ASSERT_EQ(told.scores.rank, afresh.scores.rank) << threads;
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
