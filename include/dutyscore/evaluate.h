// Scoring: a rule set bound to members and records over a period.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>

#include "dutyscore/audit.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// Thrown by Evaluation::score() and explain() when a member's points do
// not fit in Points (a rule file's amounts near the 64-bit limit): what()
// names the member and the rule, and nothing is scored. A rule set whose
// amounts cannot get there for the batch's records is proved safe when the
// evaluation is built and scored without any check.
class PointsOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

struct EvaluateOptions {
  unsigned threads = 1;  // results are identical for any thread count
  // Called now and then from the scoring threads (never concurrently) with
  // the members scored so far and the member count, and once at the end
  // with done == total. Must not throw.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// The rule set compiled against one batch's dictionaries (names become
// codes, conditions become bit sets). Build once, then score and explain
// as often as needed. The referenced objects must outlive it and must not
// change while it is in use. score() and explain() are const and keep
// their working state to themselves: several threads may call them on one
// Evaluation at the same time.
//
// Example:
//   Problems problems;
//   auto rules = load_rules_file("rules/default.yaml", problems);
//   ... read_members / read_records (input.h) ...
//   Evaluation evaluation(*rules, *members, *records, Period::calendar_year(2025));
//   Scores scores = evaluation.score();
//   Audit audit = evaluation.explain(scores.order[0], &scores);
class Evaluation {
 public:
  // Throws std::invalid_argument (with period_problem()'s words) when the
  // period is outside the supported dates or longer than kMaxPeriodYears.
  Evaluation(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
             const Period& period);
  ~Evaluation();
  Evaluation(Evaluation&&) noexcept;
  Evaluation& operator=(Evaluation&&) noexcept;

  // Every member's subtotals, total, grade, flags and rank.
  Scores score(const EvaluateOptions& options = {}) const;
  // score() into `scores`, in the room its columns have (from an earlier
  // score() of any evaluation): the same result, for a program that scores
  // again (another period, a what-if) without fresh memory each time. At
  // 2.6 million members the result takes 200 MB, whose pages the system
  // hands out zeroed, one fault at a time. On a throw (as score()'s),
  // `scores` holds no result, only room.
  void score_into(Scores& scores, const EvaluateOptions& options = {}) const;

  // The audit of one member: the same evaluation with its trace recorded.
  // With `scores` from score() of this evaluation, the audit also carries
  // the member's rank and final grade (after quotas).
  // REQUIRES member < the member table's size, and `scores` (when given)
  // scored the same members; otherwise std::out_of_range, naming the index.
  Audit explain(MemberIndex member, const Scores* scores = nullptr) const;

  const Period& period() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-call form: bind, score.
Scores evaluate(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
                const Period& period, const EvaluateOptions& options = {});

}  // namespace dutyscore
