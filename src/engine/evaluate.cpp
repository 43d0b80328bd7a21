// The evaluation: one code path for the fast scores and for the audit. The
// per-member work is a template over a trace sink; the scoring sink is empty
// and compiles away, the audit sink records every line.
#include "dutyscore/evaluate.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "base/huge_pages.h"
#include "base/parallel.h"
#include "dutyscore/rank.h"
#include "engine/evaluation_plan.h"
#include "engine/line_value.h"
#include "engine/parts.h"
#include "engine/totals_seen.h"

namespace dutyscore {
namespace {

using detail::Hit;
using detail::Plan;
using detail::kRowBanks;

// Drops every line: the fast path, taken when the plan has proved that no
// sum can overflow (Plan::checked is false), so it adds without checks.
struct NullSink {
  static constexpr bool kActive = false;
  static constexpr bool kChecked = false;
  void add(AuditLine&&) {}
};

// Keeps every line: the audit. Every sum is checked.
struct RecordingSink {
  static constexpr bool kActive = true;
  static constexpr bool kChecked = true;
  std::vector<AuditLine> lines;
  void add(AuditLine&& line) { lines.push_back(std::move(line)); }
};

// Scoring when the plan could not rule out an overflow (points near the
// 64-bit limit): the audit's row-by-row walk with every sum checked, its
// lines dropped. Slower, and only for such rule sets.
struct CheckedSink {
  static constexpr bool kActive = true;
  static constexpr bool kChecked = true;
  void add(AuditLine&&) {}
};

// Who made a sum overflow, for the message: a rule, a minimum's penalty or
// a category's sum (-1: not that).
struct Culprit {
  int rule = -1;
  int minimum = -1;
  int category = -1;
};

// Per-rule totals of one member while its records stream past: the
// rule's fields among the workspace's counters (Plan::RuleField).
struct RuleAccumulator {
  Points& sum;
  std::int64_t& matched;   // records that matched, counted or not
  std::int64_t& counted;   // records that count
  std::int64_t& quantity;  // quantity sum (tiers by quantity)
  Points& best;            // count: highest
};

// The rules a member touched, each once, in the order of first touch.
class TouchedRules {
 public:
  // One slot more than rules: a branch-free fill writes a slot before
  // deciding whether to keep it.
  explicit TouchedRules(std::size_t rules) : list_(rules + 1) {}
  int* begin() { return list_.data(); }
  int* end() { return list_.data() + count_; }
  bool empty() const { return count_ == 0; }
  void clear() { count_ = 0; }
  void push_back(int r) { list_[count_++] = r; }
  // For filling without a branch: the slots, the count, and the new count.
  int* data() { return list_.data(); }
  std::size_t size() const { return count_; }
  void resize(std::size_t count) { count_ = count; }

 private:
  std::vector<int> list_;
  std::size_t count_ = 0;
};

// The scoring path takes a member's rows in blocks of this many.
constexpr std::size_t kBlockRows = 1024;

// How many members ahead the scoring path asks for the day column
// (MemberScorer::prefetch_days).
constexpr std::size_t kDaysAhead = 4;

// Scratch space reused from member to member (one per thread).
struct Workspace {
  const Plan& plan;
  // The category rows, the rules' totals and the minimums' counters
  // (Plan::counter_slots). The category rows are the scoring path's direct
  // sums: points straight to a category, with a scratch slot per class;
  // kRowBanks copies, one after the other (see score_rows), which the
  // member's finish reads together.
  std::vector<std::int64_t> counters;
  // By rule, then one more that is always set: GroupAdd's rule for none.
  std::vector<std::uint8_t> rule_touched;
  TouchedRules touched;
  std::vector<Points> rule_net;
  std::vector<Points> category;
  std::vector<std::int64_t> veto_row;
  // The scoring path's rows per group of once-per-class ops (ClassPlan::
  // group) of the current member, then the scratch slots; and the groups
  // (or scratch slots) whose counter the member's rows took from 0.
  std::vector<std::int64_t> group_rows;
  std::vector<std::uint32_t> groups_seen;
  // The scoring path's rows of the current block with more to do than the
  // direct adds, as offsets from its first row.
  std::vector<std::uint32_t> busy_rows;

  explicit Workspace(const Plan& p)
      : plan(p),
        counters(p.counter_slots, 0),
        rule_touched(p.rules->rules.size() + 1, 0),
        touched(p.rules->rules.size()),
        rule_net(p.rules->rules.size(), 0),
        category(p.rules->categories.size(), 0),
        veto_row(p.rules->vetoes.size(), -1),
        group_rows(p.group_ops.size() + p.class_count, 0),
        groups_seen(group_rows.size() + 1, 0),  // + 1: written before the count moves
        busy_rows(kBlockRows, 0) {
    rule_touched.back() = 1;
  }
  Points* category_rows() { return counters.data(); }
  Points* second_bank() { return counters.data() + plan.rule_counters / kRowBanks; }
  std::int64_t* minimum_counts() { return counters.data() + plan.minimum_counters; }
  RuleAccumulator rule(int r) {
    std::int64_t* f = counters.data() + plan.rule_counter(Plan::kRuleSum, static_cast<std::size_t>(r));
    return RuleAccumulator{f[Plan::kRuleSum], f[Plan::kRuleMatched], f[Plan::kRuleCounted],
                           f[Plan::kRuleQuantity], f[Plan::kRuleBest]};
  }
};

// What score_member() hands back for one member.
struct MemberOutcome {
  Points total = 0;
  int grade = -1;
  std::uint8_t flags = 0;
  std::uint64_t unmet = 0;
  std::uint64_t vetoes = 0;
  std::uint64_t in_period = 0, outside = 0, unmatched = 0;
};

using detail::counted_records;
std::int64_t counted_records(const Rule& rule, std::int64_t matched) {
  return counted_records(rule.from_nth, rule.limit, matched);
}

template <class Sink>
class MemberScorer {
 public:
  // `parts`: the rescaling of Scores::part_best, for the audit's rescale
  // lines (the scoring path rescales in Evaluation::score, once every
  // member is in).
  MemberScorer(const Plan& plan, Workspace& ws, Sink& sink,
               const detail::PartScaling* parts = nullptr)
      : plan_(plan), ws_(ws), sink_(sink), parts_(parts) {}

  // Apart from the thread's loop: inlined there, the plain row pass ran
  // 10% slower on bench/compare (measured, in alternation).
  [[gnu::noinline]] MemberOutcome run(MemberIndex m, Points* subtotals_out) {
    member_ = m;
    const RuleSet& rs = *plan_.rules;
    const RecordBatch& batch = *plan_.records;
    const MemberTable& members = *plan_.members;
    MemberOutcome out;
    const auto served = served_part(plan_.period, members.joined(m), members.left(m));
    if (!served) out.flags |= kNotServing;

    const detail::MemberFacts facts{members.roles(m), members.sector(m), members.group(m)};
    const std::uint16_t* days = batch.day_column().data();
    // A member's rows are in date order: the period is one contiguous range.
    const std::size_t begin = batch.member_begin(m), end = batch.member_end(m);
    if constexpr (!Sink::kActive) {
      if (m + kDaysAhead < members.size()) prefetch_days(static_cast<MemberIndex>(m + kDaysAhead));
    }
    std::size_t first = begin, last = end;
    while (first < last && days[first] < plan_.first_offset) ++first;
    while (last > first && days[last - 1] > plan_.last_offset) --last;
    out.outside = (first - begin) + (end - last);
    out.in_period = last - first;
    if constexpr (Sink::kActive) {
      audit_rows(first, last, facts, out);
    } else {
      // The member's profile: its record classes' plans.
      const std::size_t profile =
          plan_.member_profile.empty() ? 0 : plan_.member_profile[m] * plan_.class_count;
      if (plan_.indexed) {
        const std::uint32_t* index = plan_.plan_index.data() + profile;
        score_rows(first, last, Indexed{index}, facts, out);
      } else {
        score_rows(first, last, Direct{profile}, facts, out);
      }
    }

    if (!Sink::kActive && ws_.touched.empty() && plan_.simple_finish) {
      // The scoring path when every point went straight to a category and
      // the method has no pro-rated start, minimum or veto: start, rows,
      // maximum, floor and the result in one pass (as below). Measured: the
      // separate steps below cost 4% more on bench/compare.
      const std::size_t categories = plan_.category_start.size();
      const Points* start = plan_.category_start.data();
      Points* rows = ws_.category_rows();
      Points* second_bank = ws_.second_bank();
      for (std::size_t c = 0; c < categories; ++c) {
        Points sum = start[c] + rows[c] + second_bank[c];
        rows[c] = 0;
        second_bank[c] = 0;
        sum = plan_.bounded(c, sum);
        subtotals_out[c] = sum;
        out.total += sum;
      }
    } else if constexpr (!Sink::kActive) {
      finish_member(served, m, out, subtotals_out);
    } else {
      finish_rules();
      apply_exclusives();
      start_categories(served, m);
      if (served) apply_minimums(*served, out);
      cap_categories();
      apply_vetoes(out);
      // The audit rescales here; the scoring paths (also the checked one,
      // which keeps no lines) rescale in Evaluation::score.
      if constexpr (std::is_same_v<Sink, RecordingSink>) {
        if (parts_ != nullptr) detail::rescale_member(plan_, *parts_, m, ws_.category.data(), &sink_.lines);
      }
      const std::size_t categories = rs.categories.size();
      const Points* category = ws_.category.data();
      for (std::size_t c = 0; c < categories; ++c) {
        subtotals_out[c] = category[c];
        out.total = plus(out.total, category[c], Culprit{-1, -1, static_cast<int>(c)});
      }
    }
    // No flags: no veto, no unmet minimum (each sets one), served.
    out.grade = out.flags == 0 ? plan_.band_of(out.total)
                               : plan_.grade_of(out.total, out.flags, out.vetoes, out.unmet);
    reset();
    return out;
  }

 private:
  // The scoring path reads the day column only at a member's first and
  // last rows, too sparsely for the hardware to fetch it ahead: each
  // member's row pass waited for them. (Asking ahead for the positions and
  // item sizes of its busy rows too was slower on bench/compare: 46.8 ->
  // 49.5 ms on one thread.)
  void prefetch_days(MemberIndex m) const {
    const RecordBatch& batch = *plan_.records;
    __builtin_prefetch(batch.day_column().data() + batch.member_begin(m));
  }

  // The audit walks every hit of every row, so that it can show each one.
  void audit_rows(std::size_t first, std::size_t last, const detail::MemberFacts& facts,
                  MemberOutcome& out) {
    const RecordBatch& batch = *plan_.records;
    const std::uint16_t* days = batch.day_column().data();
    const std::uint16_t* classes = batch.class_column().data();
    const std::uint16_t* positions = batch.position_column().data();
    for (std::size_t row = first; row < last; ++row) {
      bool matched = false;
      const detail::HitSpan span = plan_.class_hits[classes[row]];
      for (std::uint32_t h = span.begin; h < span.end; ++h)
        matched |= apply_hit(plan_.hits[h], row, days[row], positions[row], facts);
      if (!matched) {
        ++out.unmatched;
        AuditLine line;
        line.kind = AuditKind::Unmatched;
        line.row = static_cast<std::int64_t>(row);
        sink_.add(std::move(line));
      }
    }
  }

  // The scoring path over a member's rows in the period (see ClassPlan).
  // What the first pass reads of a row's class: Plan::row_pass.
  // Where a member's class plans are (Plan::indexed): through the profile's
  // index, or at the profile's offset in the table by profile and class.
  // `offset` is added to the tables' start once per member.
  struct Indexed {
    const std::uint32_t* index;
    std::size_t offset() const { return 0; }
    std::uint32_t operator[](std::uint16_t cls) const { return index[cls]; }
  };
  struct Direct {
    std::size_t profile;
    std::size_t offset() const { return profile; }
    std::uint16_t operator[](std::uint16_t cls) const { return cls; }
  };

  template <class Index>
  void score_rows(std::size_t first, std::size_t last, Index index,
                  const detail::MemberFacts& facts, MemberOutcome& out) {
    // The plain pass inline, the others apart: the plain one is the
    // fastest path, and a call per member cost it 10% (bench/compare).
    switch (plan_.row_pass) {
      case detail::RowPass::kPlain:
        return score_rows<detail::RowPass::kPlain>(first, last, index, facts, out);
      case detail::RowPass::kGroups:
        return score_rows_apart<detail::RowPass::kGroups>(first, last, index, facts, out);
      case detail::RowPass::kFull:
        return score_rows_apart<detail::RowPass::kFull>(first, last, index, facts, out);
    }
  }

  template <detail::RowPass kPass, class Index>
  [[gnu::noinline]] void score_rows_apart(std::size_t first, std::size_t last, Index index,
                                          const detail::MemberFacts& facts, MemberOutcome& out) {
    score_rows<kPass>(first, last, index, facts, out);
  }

  template <detail::RowPass kPass, class Index>
  [[gnu::always_inline]] void score_rows(std::size_t first, std::size_t last, Index index,
                                         const detail::MemberFacts& facts, MemberOutcome& out) {
    const RecordBatch& batch = *plan_.records;
    const std::uint16_t* days = batch.day_column().data();
    const std::uint16_t* classes = batch.class_column().data();
    const std::uint16_t* positions = batch.position_column().data();
    const std::uint16_t* item_sizes = batch.item_size_column().data();
    const detail::ClassPlan* plans = plan_.class_plans.data() + index.offset();
    [[maybe_unused]] const detail::RowAdd* adds = plan_.row_adds.data() + index.offset();
    [[maybe_unused]] const detail::ShareAdd* share_adds = plan_.share_adds.data() + index.offset();
    [[maybe_unused]] const std::uint32_t* row_groups = plan_.row_groups.data() + index.offset();
    [[maybe_unused]] std::int64_t* group_rows = ws_.group_rows.data();
    Points* category_rows = ws_.category_rows();
    Points* second_bank = ws_.second_bank();
    std::int64_t* minimum_counts = ws_.minimum_counts();
    const std::array<const std::uint16_t*, 4> subperiod_of_day{
        plan_.subperiod_of_day[0].data(), plan_.subperiod_of_day[1].data(),
        plan_.subperiod_of_day[2].data(), plan_.subperiod_of_day[3].data()};
    // Each group once, when its counter leaves 0 (no branch: the slot is
    // written every row and kept only then). Scratch slots are listed the
    // first time too and skipped below; they are never reset.
    [[maybe_unused]] std::uint32_t* seen = ws_.groups_seen.data();
    std::size_t seen_count = 0;
    std::uint64_t unmatched = 0;
    // Two passes a block of rows: the direct adds for every row, listing
    // the rows that need more; then those rows. Deciding per row in one pass
    // mispredicted on the mix of kinds (a tenth of the rows, in no pattern)
    // and cost more than the rest of the loop.
    std::uint32_t* busy = ws_.busy_rows.data();
    for (std::size_t block = first; block < last; block += kBlockRows) {
      const std::size_t block_end = std::min(last, block + kBlockRows);
      std::size_t busy_count = 0;
      if constexpr (kPass == detail::RowPass::kFull) {
        for (std::size_t row = block; row < block_end; ++row) {
          const detail::ClassPlan& cp = plans[index[classes[row]]];
          const auto day = static_cast<std::size_t>(days[row] - plan_.first_offset);
          const std::size_t slot = cp.minimum_slot + subperiod_of_day[cp.minimum_per][day];
          ++minimum_counts[slot];
          category_rows[cp.category] += cp.category_value;
          const std::uint32_t group = cp.group;
          seen[seen_count] = group;
          seen_count += group_rows[group]++ == 0 ? 1 : 0;
          busy[busy_count] = static_cast<std::uint32_t>(row - block);
          busy_count += cp.busy ? 1 : 0;
        }
      } else {
        // Rows in pairs, the second to the second bank; with groups, each
        // row's group counted (the ClassPlan's minimum counters are all
        // scratch slots then, not worth a cache line a row).
        const auto count_group = [&](std::uint32_t i) {
          if constexpr (kPass == detail::RowPass::kGroups) {
            const std::uint32_t group = row_groups[i];
            seen[seen_count] = group;
            seen_count += group_rows[group]++ == 0 ? 1 : 0;
          } else {
            (void)i;
          }
        };
        std::size_t row = block;
        for (; row + 1 < block_end; row += 2) {
          const auto i = index[classes[row]], j = index[classes[row + 1]];
          const detail::RowAdd& add = adds[i];
          const detail::RowAdd& next = adds[j];
          category_rows[add.slot] += add.value;
          second_bank[next.slot] += next.value;
          count_group(i);
          count_group(j);
          busy[busy_count] = static_cast<std::uint32_t>(row - block);
          busy_count += add.busy != detail::RowAdd::kIdle ? 1 : 0;
          busy[busy_count] = static_cast<std::uint32_t>(row + 1 - block);
          busy_count += next.busy != detail::RowAdd::kIdle ? 1 : 0;
        }
        if (row < block_end) {
          const auto i = index[classes[row]];
          const detail::RowAdd& add = adds[i];
          category_rows[add.slot] += add.value;
          count_group(i);
          busy[busy_count] = static_cast<std::uint32_t>(row - block);
          busy_count += add.busy != detail::RowAdd::kIdle ? 1 : 0;
        }
      }
      for (std::size_t b = 0; b < busy_count; ++b) {
        const std::size_t row = block + busy[b];
        const std::uint16_t cls = classes[row];
        if constexpr (kPass != detail::RowPass::kFull) {
          // A row whose class has only its shares' table, inside the table:
          // one add, without the ClassPlan (what the code below does for it).
          const auto i = index[cls];
          if (adds[i].busy == detail::RowAdd::kShareOnly) {
            const std::uint16_t position = positions[row], size = item_sizes[row];
            if (Plan::in_share_table(position, size)) {
              const detail::ShareAdd& share = share_adds[i];
              (b & 1 ? second_bank : category_rows)[share.category] +=
                  plan_.table_share(share.table, position, size);
              continue;
            }
          }
        }
        const detail::ClassPlan& cp = plans[index[cls]];
        const std::uint32_t begin = cp.begin, end = cp.end;
        const bool always_matched = cp.always_matched;
        if (end != cp.share_end) {
          const std::uint16_t position = positions[row], size = item_sizes[row];
          if (Plan::in_share_table(position, size)) {
            category_rows[cp.share_category] += plan_.table_share(cp.share_table, position, size);
          } else {
            for (std::uint32_t i = end; i < cp.share_end; ++i)
              category_rows[cp.share_category] +=
                  plan_.share_points(plan_.fast_ops[i], position, size);
          }
        }
        bool matched = false;
        const std::int32_t offset = days[row];
        for (std::uint32_t i = begin; i < end; ++i) {
          const detail::FastOp& op = plan_.fast_ops[i];
          switch (op.code) {
            case detail::FastOp::kCount: {
              const auto day = static_cast<std::size_t>(offset - plan_.first_offset);
              ++minimum_counts[op.target + subperiod_of_day[op.per][day]];
              break;
            }
            case detail::FastOp::kShare: {
              const Points value = plan_.share_points(op, positions[row], item_sizes[row]);
              if (op.per) category_rows[plan_.rule_category[op.target]] += value;
              else add_sum(static_cast<int>(op.target), value);
              break;
            }
            case detail::FastOp::kQuantity: {
              const auto day = static_cast<std::size_t>(offset - plan_.first_offset);
              const std::int32_t q = batch.quantity(row);
              minimum_counts[op.target + subperiod_of_day[op.per][day]] += q == kNoQuantity ? 0 : q;
              break;
            }
            default:
              matched |= apply_hit(plan_.hits[op.target], row, offset, positions[row], facts);
              break;
          }
        }
        if (!matched && !always_matched) ++unmatched;
      }
    }
    out.unmatched += unmatched + static_cast<std::uint64_t>(category_rows[plan_.unmatched_slot] +
                                                           second_bank[plan_.unmatched_slot]);
    category_rows[plan_.unmatched_slot] = 0;
    second_bank[plan_.unmatched_slot] = 0;
    if constexpr (kPass != detail::RowPass::kPlain) settle_groups(seen, seen_count);
  }

  // The once-per-class ops of the groups the member's rows reached, times
  // its rows of their classes (`seen`: the groups, and scratch slots to
  // skip). Every op is one add to a counter and a rule marked touched,
  // whatever its kind: no branch on the kind, which mispredicted in no
  // pattern on rule sets with many kinds of rules. Pointers and the count
  // are kept in locals: the flags' byte stores may alias anything, and
  // reloading them each op cost a third of this loop.
  void settle_groups(const std::uint32_t* seen, std::size_t seen_count) {
    const std::size_t groups = plan_.group_ops.size();
    const detail::HitSpan* spans = plan_.group_ops.data();
    const detail::GroupAdd* adds = plan_.group_adds.data();
    std::int64_t* group_rows = ws_.group_rows.data();
    std::int64_t* counters = ws_.counters.data();
    std::uint8_t* rule_touched = ws_.rule_touched.data();
    int* touched = ws_.touched.data();
    std::size_t touched_count = ws_.touched.size();
    for (std::size_t i = 0; i < seen_count; ++i) {
      const std::uint32_t g = seen[i];
      if (g >= groups) continue;
      const std::int64_t rows = group_rows[g];
      group_rows[g] = 0;
      for (std::uint32_t a = spans[g].begin; a < spans[g].end; ++a) {
        const detail::GroupAdd& add = adds[a];
        counters[add.slot] += add.value * rows;
        touched[touched_count] = static_cast<int>(add.rule);
        touched_count += rule_touched[add.rule] == 0 ? 1 : 0;
        rule_touched[add.rule] = 1;
      }
    }
    ws_.touched.resize(touched_count);
  }

  // Applies one hit to a row; false when its row conditions do not hold.
  bool apply_hit(const Hit& hit, std::size_t row, std::int32_t offset, std::uint16_t position,
                 const detail::MemberFacts& facts) {
    if (hit.row_tested() && !plan_.row_matches(hit, position, facts)) return false;
    switch (hit.type) {
      case Hit::kRule:
        on_rule_record(hit, row, offset, position, facts);
        break;
      case Hit::kMinimum: {
        std::int64_t add = 1;
        if (hit.quantity) {
          const std::int32_t q = plan_.records->quantity(row);
          add = q == kNoQuantity ? 0 : q;
        }
        ws_.minimum_counts()[plan_.minimum_slot(hit, offset)] += add;
        break;
      }
      case Hit::kVeto:
        if (ws_.veto_row[static_cast<std::size_t>(hit.index)] < 0)
          ws_.veto_row[static_cast<std::size_t>(hit.index)] = static_cast<std::int64_t>(row);
        break;
    }
    return true;
  }

  // A constant rule's row, on the scoring path: what on_rule_record does
  // for it, without the trace.
  void add_constant(int r, Points value) {
    RuleAccumulator acc = touch(r);
    ++acc.matched;
    ++acc.counted;
    acc.sum = plus(acc.sum, value, Culprit{r});
  }

  // The points of a constant rule's rows summed by the scoring path: only
  // the sum matters to a constant rule's total (no tiers, order or highest).
  void add_sum(int r, Points sum) { touch(r).sum += sum; }

  RuleAccumulator touch(int r) {
    std::uint8_t& touched = ws_.rule_touched[static_cast<std::size_t>(r)];
    if (!touched) {
      touched = 1;
      ws_.touched.push_back(r);
    }
    return ws_.rule(r);
  }

  void on_rule_record(const Hit& hit, std::size_t row, std::int32_t offset, std::uint16_t position,
                      const detail::MemberFacts& facts) {
    const int r = hit.index;
    if (hit.constant) {  // the common case: no share, no order, no rounding
      add_constant(r, hit.base);
      if constexpr (Sink::kActive) {
        AuditLine line = record_line(r, row, AuditKind::Record);
        line.points = hit.base;
        line.base = hit.base;
        sink_.add(std::move(line));
      }
      return;
    }
    const Rule& rule = plan_.rules->rules[static_cast<std::size_t>(r)];
    RuleAccumulator acc = touch(r);
    ++acc.matched;
    const RecordBatch& batch = *plan_.records;
    if (rule.per_period) {
      const std::size_t slot = plan_.minimum_slot(hit, offset);
      ++ws_.minimum_counts()[slot];
      if constexpr (Sink::kActive) {
        AuditLine line = record_line(r, row, AuditKind::Counting);
        const Period& sub = plan_.rule_subperiods[static_cast<std::size_t>(r)]
                                                 [slot - plan_.rule_counter_offset[static_cast<std::size_t>(r)]];
        line.why = NotCountedReason::TowardSubPeriod;
        line.sub = sub;
        line.nth = ws_.minimum_counts()[slot];
        sink_.add(std::move(line));
      }
      return;
    }
    if (rule.tiers_by_rate) {
      const bool meets = plan_.in_rate(hit, position, facts);
      if (meets) ++acc.counted;
      if constexpr (Sink::kActive) {
        AuditLine line = record_line(r, row, AuditKind::Counting);
        line.why = NotCountedReason::TowardRate;
        line.meets = meets;
        line.nth = acc.matched;
        sink_.add(std::move(line));
      }
      return;
    }
    const bool before_from = acc.matched < rule.from_nth;
    const bool beyond_limit = rule.limit > 0 && acc.counted >= rule.limit;
    if (before_from || beyond_limit) {
      if constexpr (Sink::kActive) {
        AuditLine line = record_line(r, row, AuditKind::NotCounted);
        line.why = before_from ? NotCountedReason::BeforeFrom : NotCountedReason::BeyondLimit;
        line.nth = acc.matched;
        sink_.add(std::move(line));
      }
      return;
    }
    // Tiers measure the records that count after `from` and `limit`.
    if (!rule.tiers.empty()) {
      ++acc.counted;
      const std::int32_t q = batch.quantity(row);
      acc.quantity = plus(acc.quantity, q == kNoQuantity ? 0 : q, Culprit{r});
      if constexpr (Sink::kActive) {
        AuditLine line = record_line(r, row, AuditKind::Counting);
        line.why = NotCountedReason::TowardTiers;
        line.nth = acc.matched;
        sink_.add(std::move(line));
      }
      return;
    }
        const detail::LineValue v = detail::line_value(
            rule, hit.base, plan_.position_of(batch.position(row)), batch.item_size(row), batch.quantity(row));
    if constexpr (Sink::kChecked) {
      if (v.overflow) overflow(Culprit{r});
    }
    ++acc.counted;
    acc.sum = plus(acc.sum, v.value, Culprit{r});
    if (rule.count == CountMode::Highest && (acc.counted == 1 || v.value > acc.best))
      acc.best = v.value;
    if constexpr (Sink::kActive) {
      AuditLine line = record_line(r, row, AuditKind::Record);
      line.points = v.value;
      line.base = v.base;
      line.share = v.share;
      if (rule.per_quantity) line.quantity = batch.quantity(row);
      if (rule.from_nth > 1 || rule.limit > 0) line.nth = acc.matched;
      sink_.add(std::move(line));
    }
  }

  AuditLine record_line(int r, std::size_t row, AuditKind kind) const {
    AuditLine line;
    line.kind = kind;
    line.rule = r;
    line.category = plan_.rule_category[static_cast<std::size_t>(r)];
    line.row = static_cast<std::int64_t>(row);
    return line;
  }

  // A line that is not a record's: a cut, a start, a tier. `detail` fills
  // in what its note needs; it runs only on the audit path.
  template <class Detail>
  void emit_cut(AuditKind kind, int category, int rule, Points points, Detail&& detail) {
    if constexpr (Sink::kActive) {
      AuditLine line;
      line.kind = kind;
      line.category = category;
      line.rule = rule;
      line.points = points;
      detail(line);
      sink_.add(std::move(line));
    } else {
      (void)kind, (void)category, (void)rule, (void)points, (void)detail;
    }
  }
  void emit_cut(AuditKind kind, int category, int rule, Points points) {
    emit_cut(kind, category, rule, points, [](AuditLine&) {});
  }

  // The scoring path's finish of a member whose points did not all go
  // straight to categories: what the audit's steps below do (rules,
  // exclusives, starts, minimums, bounds, vetoes, the total), with the
  // touched rules and the categories each taken in one loop (a rule's
  // counters are cleared as its net is added, not in reset()).
  void finish_member(const std::optional<Period>& served, MemberIndex m, MemberOutcome& out,
                     Points* subtotals_out) {
    static_assert(!Sink::kActive && !Sink::kChecked);
    finish_rules();
    apply_exclusives();
    start_categories(served, m);
    Points* category = ws_.category.data();
    std::int64_t* fields = ws_.counters.data() + plan_.rule_counter(Plan::kRuleSum, 0);
    for (const int r : ws_.touched) {
      const auto i = static_cast<std::size_t>(r);
      category[plan_.rule_category[i]] += ws_.rule_net[i];
      clear_rule(i, fields);
    }
    ws_.touched.clear();
    if (served) apply_minimums(*served, out);
    const bool zero_total = mark_vetoes(out);
    const std::size_t categories = plan_.category_high.size();
    for (std::size_t c = 0; c < categories; ++c) {
      const Points points = zero_total ? 0 : plan_.bounded(c, category[c]);
      subtotals_out[c] = points;
      out.total += points;
    }
  }

  void finish_rules() {
    const RuleSet& rs = *plan_.rules;
    // Points per period and rates with points for no records are settled
    // for every member, whether a record touched them or not.
    for (const int r : plan_.settled_rules) touch(r);
    if constexpr (!Sink::kActive) {
      // The scoring path: what the code below does, from RuleFinish for the
      // common kinds (no lines to write, order free).
      const std::int64_t* fields = ws_.counters.data() + plan_.rule_counter(Plan::kRuleSum, 0);
      Points* rule_net = ws_.rule_net.data();
      for (const int r : ws_.touched) {
        const auto i = static_cast<std::size_t>(r);
        const detail::RuleFinish& f = plan_.rule_finish[i];
        const std::int64_t* acc = fields + i * Plan::kRuleFields;
        const std::int64_t matched = acc[Plan::kRuleMatched];
        Points total = acc[Plan::kRuleSum];
        if (f.mode == detail::RuleFinish::kTable) {
          total += plan_.table_points(f, matched);
        } else if (f.mode != detail::RuleFinish::kOther) {  // too long to tabulate
          total = plan_.count_points(f, matched);
        } else {
          finish_rule(rs, r);
          continue;
        }
        rule_net[i] = total > f.max ? f.max : total;
      }
      return;
    }
    // Rule order, not the order of first match, keeps the audit stable.
    // Without a trace the order does not matter: sums are exact.
    if constexpr (Sink::kActive) std::sort(ws_.touched.begin(), ws_.touched.end());
    for (int r : ws_.touched) finish_rule(rs, r);
  }

  // One rule's net points for the member (rule_net), with its lines.
  void finish_rule(const RuleSet& rs, int r) {
    const Rule& rule = rs.rules[static_cast<std::size_t>(r)];
    RuleAccumulator acc = ws_.rule(r);
    const int category = plan_.rule_category[static_cast<std::size_t>(r)];
    if constexpr (!Sink::kActive) {
      if (const auto& base = plan_.ordinal_base[static_cast<std::size_t>(r)]) {
        // Rows #from .. #from+limit-1 count, each for `base`.
        acc.counted = counted_records(rule, acc.matched);
        acc.sum = *base * acc.counted;
      }
    }
    Points total = acc.sum;
    if (rule.per_period) {
      total = settle_per_period(r, category);
    } else if (rule.tiers_by_rate) {
      total = settle_rate(r, acc, category);
    } else if (!rule.tiers.empty()) {
      // The scoring path tallies a count rule's rows without `from` and
      // `limit`: they are applied here, as the audit applied them per row.
      const std::int64_t measure =
          rule.tiers_by_quantity ? acc.quantity : counted_records(rule, acc.matched);
      total = 0;
      const Tier* tiers = rule.tiers.data();
      if (const Tier* tier = detail::tier_reached(tiers, tiers + rule.tiers.size(), measure)) {
        total = tier->points;
        emit_cut(AuditKind::Tier, category, r, total, [&](AuditLine& line) {
          line.reached = measure;
          line.tier_at_least = tier->at_least;
        });
      }
    } else if (rule.count == CountMode::Highest && acc.counted > 1 && acc.best != total) {
      const Points cut = minus(acc.best, total, Culprit{r});
      total = acc.best;
      emit_cut(AuditKind::NotHighest, category, r, cut,
               [&](AuditLine& line) { line.reached = acc.best; });
    }
    if (rule.max && total > *rule.max) {
      emit_cut(AuditKind::RuleMax, category, r, minus(*rule.max, total, Culprit{r}));
      total = *rule.max;
    }
    ws_.rule_net[static_cast<std::size_t>(r)] = total;
  }

  // Points per period: the rule's points for each sub-period whose counter
  // reached `per: ... at_least`.
  Points settle_per_period(int r, int category) {
    const Rule& rule = plan_.rules->rules[static_cast<std::size_t>(r)];
    const auto& subs = plan_.rule_subperiods[static_cast<std::size_t>(r)];
    const std::int64_t* counts =
        ws_.minimum_counts() + plan_.rule_counter_offset[static_cast<std::size_t>(r)];
    Points total = 0;
    for (std::size_t s = 0; s < subs.size(); ++s) {
      if (counts[s] < rule.period_at_least) continue;
      total += rule.points;
      emit_cut(AuditKind::PerPeriod, category, r, rule.points, [&](AuditLine& line) {
        line.sub = subs[s];
        line.reached = counts[s];
        line.tier_at_least = rule.period_at_least;
      });
    }
    return total;
  }

  // Tiers by rate: matching records meeting `rate_of` against all matching
  // records, compared with each tier's share exactly (cross-multiplied).
  Points settle_rate(int r, const RuleAccumulator& acc, int category) {
    const Rule& rule = plan_.rules->rules[static_cast<std::size_t>(r)];
    if (acc.matched == 0) {
      emit_cut(AuditKind::Tier, category, r, rule.no_records);
      return rule.no_records;
    }
    const auto rate = [&](AuditLine& line) {
      line.reached = acc.counted;
      line.rate_of = acc.matched;
    };
    for (const Tier& tier : rule.tiers) {
      if (static_cast<WideInt>(acc.counted) * tier.rate.den <
          static_cast<WideInt>(tier.rate.num) * acc.matched)
        continue;
      emit_cut(AuditKind::Tier, category, r, tier.points, [&](AuditLine& line) {
        rate(line);
        line.rate = tier.rate;
      });
      return tier.points;
    }
    emit_cut(AuditKind::Tier, category, r, 0, rate);
    return 0;
  }

  void apply_exclusives() {
    for (const auto& group : plan_.exclusive_rules) {
      int keep = -1;
      for (int r : group) {
        if (keep < 0 || ws_.rule_net[static_cast<std::size_t>(r)] >
                            ws_.rule_net[static_cast<std::size_t>(keep)])
          keep = r;
      }
      for (int r : group) {
        const Points net = ws_.rule_net[static_cast<std::size_t>(r)];
        if (r == keep || net == 0) continue;
        emit_cut(AuditKind::Exclusive, plan_.rule_category[static_cast<std::size_t>(r)], r,
                 minus(0, net, Culprit{r}), [&](AuditLine& line) { line.kept_rule = keep; });
        ws_.rule_net[static_cast<std::size_t>(r)] = 0;
      }
    }
  }

  void start_categories(const std::optional<Period>& served, MemberIndex m) {
    const RuleSet& rs = *plan_.rules;
    if constexpr (!Sink::kActive) {
      // The scoring path: no lines to write, starts and bounds tabulated.
      const std::size_t categories = plan_.category_start.size();
      Points* category = ws_.category.data();
      Points* rows = ws_.category_rows();
      Points* second_bank = ws_.second_bank();
      for (std::size_t c = 0; c < categories; ++c) {
        category[c] = plan_.category_start[c] + rows[c] + second_bank[c];
        rows[c] = 0;
        second_bank[c] = 0;
      }
      // Most members served the whole period: their start is the full one
      // (what the division gives), without a 128-bit division each.
      const std::int32_t days = served ? served->days() : 0;
      const bool whole = days == plan_.period.days();
      for (const int c : plan_.prorated_categories) {
        const Points start = rs.categories[static_cast<std::size_t>(c)].start;
        category[c] += whole ? start
                             : divide_rounded(static_cast<WideInt>(start) * days,
                                              plan_.period.days(), rs.prorate_rounding);
      }
      for (const int c : plan_.outside_categories)
        category[c] += plan_.outside_values[static_cast<std::size_t>(c)][m];
      return;  // the touched rules' nets: finish_member
    }
    for (std::size_t c = 0; c < rs.categories.size(); ++c) {
      const Category& cat = rs.categories[c];
      if (cat.outside) {
        ws_.category[c] = plan_.outside_values[c][m];
        emit_cut(AuditKind::Outside, static_cast<int>(c), -1, ws_.category[c]);
        continue;
      }
      Points start = cat.start;
      const std::int32_t days = served ? served->days() : 0;
      const bool prorated = cat.prorate_start && start != 0;
      if (prorated)
        start = divide_rounded(static_cast<WideInt>(cat.start) * days, plan_.period.days(),
                               rs.prorate_rounding);
      ws_.category[c] = start;
      if (start != 0)
        emit_cut(AuditKind::Start, static_cast<int>(c), -1, start, [&](AuditLine& line) {
          if (!prorated) return;
          line.days_served = days;
          line.period_days = plan_.period.days();
        });
    }
    for (int r : ws_.touched) {
      Points& sum =
          ws_.category[static_cast<std::size_t>(plan_.rule_category[static_cast<std::size_t>(r)])];
      sum = plus(sum, ws_.rule_net[static_cast<std::size_t>(r)], Culprit{r});
    }
  }

  void apply_minimums(const Period& served, MemberOutcome& out) {
    const RuleSet& rs = *plan_.rules;
    const bool whole = served.days() == plan_.period.days();
    for (std::size_t i = 0; i < rs.minimums.size(); ++i) {
      const Minimum& minimum = rs.minimums[i];
      const auto& subs = plan_.minimum_subperiods[i];
      const std::int64_t* counts = ws_.minimum_counts() + plan_.minimum_offset[i];
      std::int64_t unmet = 0;
      std::vector<UnmetPeriod> missed, met;  // met: required -1 when not required
      // The scoring path, for a member who owes `at_least` in every
      // sub-period (most members): only the count of those short of it.
      const bool as_written = !Sink::kActive && (whole || !minimum.prorate);
      for (std::size_t s = 0; as_written && s < subs.size(); ++s)
        unmet += counts[s] < minimum.at_least ? 1 : 0;
      for (std::size_t s = 0; !as_written && s < subs.size(); ++s) {
        const Period& sub = subs[s];
        std::int64_t required = minimum.at_least;
        // Pro-rating is for a member who served part of the period: one who
        // served all of it owes `at_least` as written, also a quantity such
        // as 7.5 that rounding to a whole number would change.
        if (minimum.prorate && !whole) {
          if (minimum.per == Granularity::Whole) {
            // Rounded to a whole number of records, or of quantity units.
            const std::int64_t unit = minimum.by_quantity ? kQuantityScale : 1;
            required = unit * divide_rounded(static_cast<WideInt>(minimum.at_least) * served.days(),
                                             static_cast<WideInt>(plan_.period.days()) * unit,
                                             rs.prorate_rounding);
          } else if (served.first > sub.first || served.last < sub.last) {
            if constexpr (Sink::kActive) met.push_back(UnmetPeriod{sub, 0, -1});
            continue;  // not served in full: not required
          }
        }
        const std::int64_t have = counts[s];
        if (have < required) ++unmet;
        if constexpr (Sink::kActive)
          (have < required ? missed : met).push_back(UnmetPeriod{sub, have, required});
      }
      if (unmet == 0) {
        if constexpr (Sink::kActive) {
          AuditLine line;
          line.kind = AuditKind::MinimumMet;
          line.rule = static_cast<int>(i);
          line.unmet = std::move(met);
          sink_.add(std::move(line));
        }
        continue;
      }
      out.flags |= kMinimumUnmet;
      out.unmet |= std::uint64_t{1} << i;
      const int category = plan_.minimum_category[i];
      const Culprit culprit{-1, static_cast<int>(i)};
      const Points lost = category >= 0 ? times(minimum.penalty, unmet, culprit) : 0;
      if (category >= 0) {
        Points& sum = ws_.category[static_cast<std::size_t>(category)];
        sum = minus(sum, lost, culprit);
      }
      if constexpr (Sink::kActive) {
        AuditLine line;
        line.kind = AuditKind::MinimumUnmet;
        line.category = category;
        line.rule = static_cast<int>(i);
        line.points = minus(0, lost, culprit);
        line.unmet = std::move(missed);
        sink_.add(std::move(line));
      }
    }
  }

  // The audit's bounds (the scoring path's: finish_member).
  void cap_categories() {
    const RuleSet& rs = *plan_.rules;
    for (std::size_t c = 0; c < rs.categories.size(); ++c) {
      const Category& cat = rs.categories[c];
      Points& sum = ws_.category[c];
      const Culprit culprit{-1, -1, static_cast<int>(c)};
      if (cat.max && sum > *cat.max) {
        emit_cut(AuditKind::CategoryMax, static_cast<int>(c), -1, minus(*cat.max, sum, culprit));
        sum = *cat.max;
      }
      if (cat.floor && sum < *cat.floor) {
        emit_cut(AuditKind::CategoryFloor, static_cast<int>(c), -1, minus(*cat.floor, sum, culprit));
        sum = *cat.floor;
      }
    }
  }

  // The vetoes the member's rows set, into its flags; true when one of
  // them makes the total 0.
  bool mark_vetoes(MemberOutcome& out) const {
    const RuleSet& rs = *plan_.rules;
    bool zero_total = false;
    for (std::size_t v = 0; v < rs.vetoes.size(); ++v) {
      if (ws_.veto_row[v] < 0) continue;
      out.flags |= kVetoed;
      out.vetoes |= std::uint64_t{1} << v;
      zero_total |= rs.vetoes[v].zero_total;
    }
    return zero_total;
  }

  // The audit's vetoes, after the bounds: their lines, and the zeroed
  // categories' cuts (the scoring path's: finish_member).
  void apply_vetoes(MemberOutcome& out) {
    const RuleSet& rs = *plan_.rules;
    mark_vetoes(out);
    for (std::size_t v = 0; v < rs.vetoes.size(); ++v) {
      const std::int64_t row = ws_.veto_row[v];
      if (row < 0) continue;
      const Veto& veto = rs.vetoes[v];
      AuditLine line;
      line.kind = AuditKind::Veto;
      line.rule = static_cast<int>(v);
      line.row = row;
      sink_.add(std::move(line));
      if (!veto.zero_total) continue;
      for (std::size_t c = 0; c < rs.categories.size(); ++c) {
        if (ws_.category[c] == 0) continue;
        emit_cut(AuditKind::Veto, static_cast<int>(c), static_cast<int>(v),
                 minus(0, ws_.category[c], Culprit{-1, -1, static_cast<int>(c)}));
        ws_.category[c] = 0;
      }
    }
  }

  // A touched rule's counters (from `fields`, its first rule's), mark and
  // net back to 0 for the next member.
  void clear_rule(std::size_t i, std::int64_t* fields) {
    std::fill_n(fields + i * Plan::kRuleFields, Plan::kRuleFields, 0);
    ws_.rule_touched[i] = 0;
    ws_.rule_net[i] = 0;
  }

  void reset() {
    std::int64_t* fields = ws_.counters.data() + plan_.rule_counter(Plan::kRuleSum, 0);
    for (int r : ws_.touched) clear_rule(static_cast<std::size_t>(r), fields);
    ws_.touched.clear();
    std::fill_n(ws_.minimum_counts(), plan_.minimum_slots, 0);  // not the scratch slots
    std::fill(ws_.veto_row.begin(), ws_.veto_row.end(), -1);
  }

  // Sums and products of points: plain on the proved fast path; checked
  // on the others, where an overflow stops the evaluation with an error
  // naming the member and the rule (never a wrapped-around score).
  Points plus(Points a, Points b, Culprit who) const {
    if constexpr (Sink::kChecked) {
      Points r = 0;
      if (__builtin_add_overflow(a, b, &r)) overflow(who);
      return r;
    } else {
      return a + b;
    }
  }
  Points minus(Points a, Points b, Culprit who) const {
    if constexpr (Sink::kChecked) {
      Points r = 0;
      if (__builtin_sub_overflow(a, b, &r)) overflow(who);
      return r;
    } else {
      return a - b;
    }
  }
  Points times(Points a, std::int64_t b, Culprit who) const {
    if constexpr (Sink::kChecked) {
      Points r = 0;
      if (__builtin_mul_overflow(a, b, &r)) overflow(who);
      return r;
    } else {
      return a * b;
    }
  }
  [[noreturn]] void overflow(Culprit who) const {
    const RuleSet& rs = *plan_.rules;
    std::string what;
    if (who.rule >= 0) what = "the points of rule '" + rs.rules[static_cast<std::size_t>(who.rule)].id + "'";
    else if (who.minimum >= 0)
      what = "the penalty of minimum '" + rs.minimums[static_cast<std::size_t>(who.minimum)].id + "'";
    else
      what = "the points of category '" + rs.categories[static_cast<std::size_t>(who.category)].id + "'";
    plan_.overflow(member_, what);
  }

  const Plan& plan_;
  Workspace& ws_;
  Sink& sink_;
  MemberIndex member_ = 0;
  const detail::PartScaling* parts_;
};

// Member ranges of about equal numbers of records, not of members: the
// first member of part t is the first whose rows start at or after t/parts
// of the rows. bounds[0] = 0, bounds[parts] = n.
std::vector<std::size_t> member_ranges(const RecordBatch& batch, std::size_t n, std::size_t parts) {
  std::vector<std::size_t> bounds(parts + 1, n);
  bounds[0] = 0;
  for (std::size_t t = 1; t < parts; ++t) {
    const std::size_t target = detail::share_start(batch.size(), t, parts);
    std::size_t lo = bounds[t - 1], hi = n;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (batch.member_begin(static_cast<MemberIndex>(mid)) < target) lo = mid + 1;
      else hi = mid;
    }
    bounds[t] = lo;
  }
  return bounds;
}

// The scoring threads take members in chunks, many more than threads, one
// after another as each thread is free: a core the host slows, or a chunk
// that faults fresh memory in, then holds up only its chunk, not half the
// members (a static half each left one thread alone for half of a CSV ->
// ranking run's scoring, in a profile). Chunks of at least this many members.
constexpr std::size_t kChunksPerThread = 16;
constexpr std::size_t kMinChunkMembers = 256;

// Up to this many threads the scoring counts the totals for the ranking
// (detail::TotalCounts): a thread keeps a histogram a ranking share, up to
// 256 KiB each, threads x shares of them; more threads count quickly
// enough in the ranking's own pass.
constexpr unsigned kMostThreadsCounting = 4;

}  // namespace

struct Evaluation::Impl {
  Plan plan;
  // Scores::part_best for explain() without scores, computed once.
  std::once_flag part_best_once;
  std::vector<Points> part_best;
};

Evaluation::Evaluation(const RuleSet& rules, const MemberTable& members,
                       const RecordBatch& records, const Period& period)
    : impl_(std::make_unique<Impl>()) {
  // Every entry checks the period with the same words; a library caller
  // that skipped it gets them as an exception, never a wrong plan.
  if (auto problem = period_problem(period)) throw std::invalid_argument(*problem);
  impl_->plan.build(rules, members, records, period);
}

Evaluation::~Evaluation() = default;
Evaluation::Evaluation(Evaluation&&) noexcept = default;
Evaluation& Evaluation::operator=(Evaluation&&) noexcept = default;

const Period& Evaluation::period() const { return impl_->plan.period; }

Scores Evaluation::score(const EvaluateOptions& options) const {
  Scores scores;
  score_into(scores, options);
  return scores;
}

void Evaluation::score_into(Scores& scores, const EvaluateOptions& options) const {
  const Plan& plan = impl_->plan;
  const std::size_t n = plan.members->size();
  const std::size_t categories = plan.rules->categories.size();
  // As a fresh Scores but for the room its columns keep: emptied, not
  // freed, so that every step below sizes them as it would a new one's
  // (the ranking takes columns of the members' count as sized by the
  // scoring) without the system's fresh, zeroed pages.
  scores.totals.clear();
  scores.part_best.clear();
  scores.grade.clear();
  scores.flags.clear();
  scores.unmet.clear();
  scores.vetoes.clear();
  scores.rank.clear();
  scores.order.clear();
  scores.records_in_period = scores.records_outside_period = scores.records_unmatched = 0;
  scores.precision = plan.rules->precision;
  // Not zeroed: every member's row is written below. The other columns
  // are sized by the scoring threads (size_columns).
  scores.subtotals.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(categories));
  detail::advise_huge_pages(scores.subtotals.data(),
                            static_cast<std::size_t>(scores.subtotals.size()) * sizeof(Points));

  // Members are independent, so threads take contiguous member ranges
  // (chunks, taken in turn) and write disjoint slots: the result cannot
  // depend on the thread count.
  const unsigned threads = static_cast<unsigned>(
      std::max<std::size_t>(1, std::min<std::size_t>(options.threads, std::max<std::size_t>(n, 1))));
  const RecordBatch& batch = *plan.records;
  const std::size_t chunk_count =
      threads == 1 ? 1
                   : std::min(n, std::clamp<std::size_t>(n / kMinChunkMembers, threads,
                                                         std::size_t{threads} * kChunksPerThread));
  const std::vector<std::size_t> chunks = member_ranges(batch, n, chunk_count);
  std::atomic<std::size_t> next_chunk{0};
  std::vector<MemberOutcome> counts(threads);
  // What the ranking would pass over every member to learn, seen as the
  // members are written.
  std::vector<detail::TotalsSeen> seen(threads);
  std::atomic<std::size_t> done{0};
  constexpr std::size_t kProgressStep = 4096;  // members between reports
  // An overflow on a checked plan stops its chunk at its member, and the
  // chunks after it are skipped; the first member's error (in member
  // order: the first failed chunk's) is the one thrown, whatever the
  // thread count. The skip also keeps a thread whose scorer threw (its
  // workspace left mid-member) from scoring again: it takes only later
  // chunks.
  std::vector<std::exception_ptr> failures(chunk_count);
  std::atomic<std::size_t> first_failed{chunk_count};
  std::vector<std::exception_ptr> sizing_failures(threads);
  // The totals counted for the ranking's counting sort as they are written
  // (detail::TotalCounts), when it can place by them: by the total alone
  // (no tie-break, no rescaling after), members in id order.
  const unsigned shares = detail::ranking_shares(n, threads);
  const bool count_totals = threads <= kMostThreadsCounting && plan.rules->ranking.tie_break.empty() &&
                            plan.rules->parts.empty() && plan.members->ids_in_order();
  std::vector<detail::TotalCounts> counted(count_totals ? threads : 0);
  auto run_chunks = [&](unsigned t, auto& scorer) {
    // Counted here and stored once: the threads' counts share a cache line.
    MemberOutcome mine;
    detail::TotalsSeen seen_mine;
    detail::TotalCounts counted_mine(count_totals ? n : 0, shares);
    std::size_t since_report = 0;
    for (std::size_t c; (c = next_chunk.fetch_add(1)) < chunk_count;) {
      if (c > first_failed.load(std::memory_order_acquire)) continue;
      try {
        for (std::size_t m = chunks[c]; m < chunks[c + 1]; ++m) {
          const MemberOutcome o = scorer.run(static_cast<MemberIndex>(m),
                                             scores.subtotals.data() + m * categories);
          scores.totals[m] = o.total;
          scores.grade[m] = o.grade;
          seen_mine.add(o.total, o.flags);
          // Zero as filled: left unwritten, their lines are never read again.
          if (o.flags != 0) scores.flags[m] = o.flags;
          if (o.unmet != 0) scores.unmet[m] = o.unmet;
          if (o.vetoes != 0) scores.vetoes[m] = o.vetoes;
          mine.in_period += o.in_period;
          mine.outside += o.outside;
          mine.unmatched += o.unmatched;
          if (options.progress && ++since_report == kProgressStep) {
            since_report = 0;
            const std::size_t so_far = done.fetch_add(kProgressStep) + kProgressStep;
            if (t == 0) options.progress(so_far, n);  // one thread reports: never concurrently
          }
        }
        // Counted after the chunk, its totals still in this core's cache:
        // counted as each was written, the counts' lines pushed the
        // scorer's out (0.7 ms more of bench/compare's 25).
        if (count_totals) counted_mine.add_range(chunks[c], chunks[c + 1], scores.totals.data());
      } catch (...) {
        failures[c] = std::current_exception();
        std::size_t first = first_failed.load();
        while (c < first && !first_failed.compare_exchange_weak(first, c)) {
        }
      }
    }
    counts[t] = mine;
    seen[t] = seen_mine;
    if (count_totals) counted[t] = std::move(counted_mine);
  };
  // The per-member columns, a share of them on each thread before any
  // member is scored: std::vector fills them (a fill every member's write
  // makes useless, which it cannot skip), and on one thread that took 2 ms
  // of bench/compare's 27 before the second thread had work.
  std::atomic<unsigned> sized{0};
  std::atomic<bool> sizing_failed{false};
  auto size_columns = [&](unsigned t) {
    unsigned k = 0;
    auto mine = [&] { return k++ % threads == t; };
    // On huge pages when large: at national scale, fresh pages each time.
    using detail::assign_on_huge_pages;
    if (mine()) assign_on_huge_pages(scores.totals, n, 0);
    if (mine()) assign_on_huge_pages(scores.unmet, n, 0);
    if (mine()) assign_on_huge_pages(scores.vetoes, n, 0);
    if (mine()) assign_on_huge_pages(scores.grade, n, -1);
    if (mine()) assign_on_huge_pages(scores.flags, n, 0);
    // The ranking's columns too when it places by the counts: it has no
    // pass of its own to size them in then.
    if (count_totals && mine()) assign_on_huge_pages(scores.order, n, 0);
    if (count_totals && mine()) assign_on_huge_pages(scores.rank, n, 0);
  };
  auto work = [&](unsigned t) {
    try {
      size_columns(t);
    } catch (...) {
      sizing_failures[t] = std::current_exception();
      sizing_failed = true;
    }
    // Every column sized before any thread goes on.
    sized.fetch_add(1, std::memory_order_acq_rel);
    while (sized.load(std::memory_order_acquire) < threads) std::this_thread::yield();
    if (sizing_failed) return;
    Workspace ws(plan);
    if (plan.checked) {
      CheckedSink sink;
      MemberScorer<CheckedSink> scorer(plan, ws, sink);
      run_chunks(t, scorer);
    } else {
      NullSink sink;
      MemberScorer<NullSink> scorer(plan, ws, sink);
      run_chunks(t, scorer);
    }
  };
  // `task(t)` for every thread t, the calling thread taking t = 0.
  auto on_threads = [threads](const auto& task) {
    if (threads == 1) {
      task(0);
      return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(task, t);
    task(0);
    for (auto& th : pool) th.join();
  };
  on_threads(work);
  for (const auto& failure : sizing_failures)
    if (failure) std::rethrow_exception(failure);
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
  if (options.progress) options.progress(n, n);
  for (const auto& c : counts) {
    scores.records_in_period += c.in_period;
    scores.records_outside_period += c.outside;
    scores.records_unmatched += c.unmatched;
  }
  if (!plan.rules->parts.empty()) {
    // Rescaling needs every member's raw points (the best member's), so it
    // runs once all are scored; then totals and grades follow from the
    // rescaled points.
    scores.part_best = detail::part_bests(plan, scores);
    const detail::PartScaling scaling = detail::part_scaling(plan, scores.part_best);
    // Each member on its own again: a range of members a thread.
    const std::vector<std::size_t> bounds = member_ranges(batch, n, threads);
    std::vector<std::exception_ptr> rescale_failures(threads);
    // The totals change: what was seen of them, seen again.
    seen.assign(threads, detail::TotalsSeen());
    on_threads([&](unsigned t) {
      detail::TotalsSeen rescaled_seen;
      try {
        for (std::size_t m = bounds[t]; m < bounds[t + 1]; ++m) {
          Points* row = scores.subtotals.data() + m * categories;
          detail::rescale_member(plan, scaling, static_cast<MemberIndex>(m), row, nullptr);
          scores.totals[m] = detail::rescaled_total(plan, static_cast<MemberIndex>(m), row);
          scores.grade[m] =
              plan.grade_of(scores.totals[m], scores.flags[m], scores.vetoes[m], scores.unmet[m]);
          rescaled_seen.add(scores.totals[m], scores.flags[m]);
        }
      } catch (...) {
        rescale_failures[t] = std::current_exception();
      }
      seen[t] = rescaled_seen;
    });
    for (const auto& failure : rescale_failures)
      if (failure) std::rethrow_exception(failure);
  }
  detail::TotalsSeen all_seen;
  for (const auto& s : seen) all_seen.add(s);
  detail::rank_members(*plan.rules, *plan.members, scores, threads, all_seen,
                       count_totals ? &counted : nullptr);
}

Audit Evaluation::explain(MemberIndex member, const Scores* scores) const {
  const Plan& plan = impl_->plan;
  if (member >= plan.members->size())
    throw std::out_of_range("explain: member index " + std::to_string(member) +
                            " is not one of the " + std::to_string(plan.members->size()) +
                            " members");
  if (scores != nullptr && (scores->member_count() != plan.members->size() ||
                            scores->rank.size() != plan.members->size() ||
                            scores->grade.size() != plan.members->size()))
    throw std::out_of_range("explain: the scores hold " + std::to_string(scores->member_count()) +
                            " members, the evaluation " + std::to_string(plan.members->size()));
  // Rescaled parts need the best member's points: from the scores given,
  // else from one scoring of everybody, kept for later calls.
  std::optional<detail::PartScaling> parts;
  if (!plan.rules->parts.empty()) {
    if (scores != nullptr && scores->part_best.size() == plan.rules->parts.size()) {
      parts = detail::part_scaling(plan, scores->part_best);
    } else {
      std::call_once(impl_->part_best_once, [&] { impl_->part_best = score().part_best; });
      parts = detail::part_scaling(plan, impl_->part_best);
    }
  }
  Workspace ws(plan);
  RecordingSink sink;
  MemberScorer<RecordingSink> scorer(plan, ws, sink, parts ? &*parts : nullptr);
  std::vector<Points> subtotals(plan.rules->categories.size(), 0);
  const MemberOutcome o = scorer.run(member, subtotals.data());
  Audit audit;
  audit.member = member;
  audit.lines = std::move(sink.lines);
  audit.total = o.total;
  audit.grade = o.grade;
  audit.flags = o.flags;
  if (scores != nullptr) {
    audit.rank = scores->rank[member];
    // Quotas are applied across members after ranking: the audit takes the
    // final grade and says why it differs from the bands'.
    const int final_grade = scores->grade[member];
    if (final_grade != audit.grade) {
      AuditLine line;
      line.kind = AuditKind::GradeQuota;
      line.grade_from = audit.grade;
      line.grade_to = final_grade;
      audit.lines.push_back(std::move(line));
      audit.grade = final_grade;
    }
  }
  return audit;
}

Scores evaluate(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
                const Period& period, const EvaluateOptions& options) {
  return Evaluation(rules, members, records, period).score(options);
}

}  // namespace dutyscore
