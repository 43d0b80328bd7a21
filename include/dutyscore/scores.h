// The result of an evaluation: per member, category subtotals, total,
// grade, flags and rank.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"

namespace dutyscore {

// Member x category matrix of exact points.
using PointsMatrix = Eigen::Matrix<Points, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

enum MemberFlag : std::uint8_t {
  kMinimumUnmet = 1,  // at least one minimum duty unmet
  kVetoed = 2,        // a veto applied
  kNotServing = 4,    // did not serve at any day of the period: not graded
};

struct Scores {
  int precision = 2;
  PointsMatrix subtotals;               // members x categories
  std::vector<Points> totals;           // = row sums of subtotals, exactly
  std::vector<int> grade;               // index into RuleSet::grades; -1 none
  std::vector<std::uint8_t> flags;      // MemberFlag bits
  std::vector<std::uint64_t> unmet;     // bit i: RuleSet::minimums[i] unmet
  std::vector<std::uint64_t> vetoes;    // bit i: RuleSet::vetoes[i] applied
  std::vector<std::int32_t> rank;       // 1-based; 0 = unranked
  std::vector<MemberIndex> order;       // members in ranking order
  // By RuleSet::parts: the highest raw points of the part among the
  // serving members without a veto, for parts rescaled to the best (0 for
  // the others). explain() takes it from here.
  std::vector<Points> part_best;

  // Record counts over the whole batch.
  std::uint64_t records_in_period = 0;
  std::uint64_t records_outside_period = 0;
  std::uint64_t records_unmatched = 0;  // in period, matched by no rule,
                                        // minimum or veto

  std::size_t member_count() const { return totals.size(); }
};

struct RuleSet;

// Member `m`'s final grade label under `rules` (the rule set that was
// scored): "" when the member was not graded. REQUIRES m <
// scores.member_count(), else std::out_of_range.
const std::string& grade_label(const RuleSet& rules, const Scores& scores, MemberIndex m);

}  // namespace dutyscore
