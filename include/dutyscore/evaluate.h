// Scoring: a rule set bound to members and records over a period.
#pragma once

#include <functional>
#include <memory>

#include "dutyscore/audit.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

struct EvaluateOptions {
  unsigned threads = 1;  // results are identical for any thread count
  // Called now and then from the scoring threads (never concurrently) with
  // the members scored so far and the member count, and once at the end
  // with done == total. Must not throw.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// The rule set compiled against one batch's dictionaries (names become
// codes, conditions become bit sets). Build once, then score and explain
// as often as needed. The referenced objects must outlive it.
class Evaluation {
 public:
  Evaluation(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
             const Period& period);
  ~Evaluation();
  Evaluation(Evaluation&&) noexcept;
  Evaluation& operator=(Evaluation&&) noexcept;

  // Every member's subtotals, total, grade, flags and rank.
  Scores score(const EvaluateOptions& options = {}) const;

  // The audit of one member: the same evaluation with its trace recorded.
  // With `scores` from score(), the audit also carries the member's rank.
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
