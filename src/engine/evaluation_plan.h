// Internal: a rule set compiled against one batch. Every rule, minimum and
// veto is matched once per record class (kind, subtype, status, level,
// flags) when the plan is built, so scoring a row is one table lookup, then
// integer adds; only position and member conditions are tested per row.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "engine/condition_binding.h"
#include "engine/line_value.h"

namespace dutyscore::detail {

// A rule, minimum or veto that matches rows of one class: always, or when
// one of its row conditions [condition_begin, condition_end) holds.
struct Hit {
  enum Type : std::uint8_t { kRule, kMinimum, kVeto };
  Type type = kRule;
  // Rules only: every row of the class earns `base` exactly, in order,
  // without share, quantity, ordinal, limit, highest-only or tiers.
  bool constant = false;
  // Minimums by quantity: a row adds its quantity to the counter, not 1.
  bool quantity = false;
  // Rules with tiers by rate: every row of the class counts toward the
  // rate (meets `rate_of`) without a row test.
  bool rate_always = false;
  int index = 0;
  std::uint32_t condition_begin = 0;
  std::uint32_t condition_end = 0;
  // Rules with `otherwise`: the row conditions of the listed rules for
  // this class; the hit applies only when none of them holds.
  std::uint32_t except_begin = 0;
  std::uint32_t except_end = 0;
  // Rules with tiers by rate: the row conditions of `rate_of` for this
  // class; a row counts toward the rate when one holds (or rate_always).
  std::uint32_t rate_begin = 0;
  std::uint32_t rate_end = 0;
  Points base = 0;  // rules: the points for this class (before any share)
  // Minimums and rules with points per period: the first counter slot and
  // the sub-period cut.
  std::uint32_t slot = 0;
  std::uint8_t per = 0;  // Granularity

  bool row_tested() const { return condition_begin != condition_end || except_begin != except_end; }
};

struct HitSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// The scoring path's compiled form of a class's hits: the same effects,
// fewer steps. Integer sums do not depend on order, so a rule's constant
// points, a minimum's count or an ordinal rule's tally can be added in any
// order: most of a row's work becomes a few unconditional adds, and what
// does not depend on the row at all is applied once per group of classes
// with the same such ops at the member's end, multiplied by their rows (a
// row adds 1 to its group's counter). Only ops that read the row
// (position, share, order, a second sub-period count) run per row. Rules
// that earn nothing for the class disappear (the audit path, which walks
// the hits themselves, still shows them).
struct FastOp {
  enum Code : std::uint8_t {
    kCategory,  // constant points straight to a category (no rule total needed)
    kAdd,       // constant points to a rule's total (it has a maximum or an exclusive group)
    kTally,     // rows counted for tiers by count or an ordinal rule, settled at the end
    kCount,     // a counter: a minimum's, or a rule's with points per period
    kShare,     // a share of an item's points, from a table by (position, item size)
    kRate,      // rows of a rate rule, counted at the end (per: 1 = they meet `rate_of`)
    kQuantity,  // a minimum by quantity: the row's quantity to its counter
    kGeneral,   // a hit evaluated in full
  };
  Code code = kGeneral;
  // kCount, kQuantity: Granularity; kShare: 1 = to the rule's category
  // directly; kRate: 1 = the rows meet `rate_of`.
  std::uint8_t per = 0;
  // kCategory: category; kAdd, kTally, kShare, kRate: rule; kCount,
  // kQuantity: first slot; kGeneral: hit.
  std::uint32_t target = 0;
  Points value = 0;         // kCategory, kAdd; kShare: the class's points (for line_value)
  std::uint32_t table = 0;  // kShare: into Plan::share_values
};

// Copies of the direct sums the row pass adds to in turn: consecutive rows
// of one category then add to different slots and do not wait for each
// other's store (one copy: each such add waited for the last).
constexpr std::size_t kRowBanks = 2;  // the row pass alternates between two

// kShare tables cover positions and item sizes below this; other rows are
// computed by line_value itself.
constexpr std::uint16_t kShareTableSide = 16;

// One cache line each (alignas): a class's fields never straddle two.
struct alignas(64) ClassPlan {
  // Done for every row of the class, without a test: add category_value to
  // `category`, 1 to the minimum counter `minimum_slot` + the sub-period of
  // the row's day. Each index is a scratch slot past the real ones (real
  // count + class) when the class has nothing for it; scratch slots are
  // never read. A class no hit can match adds 1 to Plan::unmatched_slot
  // instead, so the row loop keeps no counter of its own. (A rule's own
  // total, for its maximum or exclusive group, is added to once per member
  // by a group op, kAdd: rows times points.)
  Points category_value = 0;
  std::uint32_t category = 0;
  std::uint32_t minimum_slot = 0;
  // The class's shares to one category, as one table: Plan::share_values
  // from share_table, the sum of the kShare ops [end, share_end)'s
  // tables, added to share_category. Rows whose position or item size is
  // past the table have the ops computed by line_value.
  std::uint32_t share_table = 0;
  std::uint32_t share_category = 0;
  // Into Plan::fast_ops: [begin, end) per row, [end, share_end) the
  // shares.
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t share_end = 0;
  // The row counter of the class's once-per-class ops: classes with the
  // same ops share one (Plan::group_ops, settled from Plan::group_adds), so
  // a row only adds 1 to it and the member's end settles each group it saw
  // once. A scratch slot past the real ones when the class has no such ops.
  std::uint32_t group = 0;
  std::uint8_t minimum_per = 0;
  // Some hit of the class always matches: no row of it is unmatched, so
  // the fast path need not track matching for it.
  bool always_matched = false;
  // Rows of the class have per-row ops or shares: the second pass.
  bool busy = false;
};

// How the scoring path settles a rule at a member's end, from its
// accumulator alone: the few fields of the Rule that this reads, kept
// together (a Rule is hundreds of bytes, most of which the finish never
// reads).
struct RuleFinish {
  enum Mode : std::uint8_t {
    // The sum of its rows' points plus what its number of matched rows
    // earns, from a table: a sum (nothing), or one of the two below while
    // the table stays small (Plan::finish_values). One formula for the
    // three: the scoring path does not branch on the kind of each rule a
    // member touched, which mispredicted in no pattern.
    kTable,
    kOrdinal,  // rows #from .. #from+limit-1 count, each for `base`
    kTiers,    // tiers by the count of its rows after from and limit
    kOther,    // per period, rate, by quantity, highest only: the Rule
  };
  Mode mode = kOther;
  // kTable: points for n matched rows = finish_values[values_begin +
  // min(n, values_last)] + slope * (n - min(n, values_last)).
  std::uint32_t values_begin = 0;
  std::uint32_t values_last = 0;
  Points slope = 0;
  std::int32_t from_nth = 1;
  std::int32_t limit = 0;
  std::uint32_t tier_begin = 0, tier_end = 0;  // kTiers: into Plan::finish_tiers
  Points base = 0;                              // kOrdinal
  Points max = 0;                               // the rule's maximum, or the type's largest
};

// How many of a rule's `matched` records count after `from` and `limit`
// (docs/rules.md §12 step 3): #from .. #from+limit-1.
inline std::int64_t counted_records(int from_nth, int limit, std::int64_t matched) {
  std::int64_t counted = matched - (std::max(from_nth, 1) - 1);
  if (counted < 0) counted = 0;
  return limit > 0 && counted > limit ? limit : counted;
}

// The first tier, in the order listed, whose `at_least` `measure` reaches;
// null when it reaches none.
inline const Tier* tier_reached(const Tier* begin, const Tier* end, std::int64_t measure) {
  for (; begin != end; ++begin)
    if (measure >= begin->at_least) return begin;
  return nullptr;
}

// What the first pass of the scoring path reads of a ClassPlan when the
// plan has no direct extras (no minimum, no group): a quarter of a cache
// line instead of a whole.
struct RowAdd {
  // What else a row of the class does (busy): nothing; the ClassPlan's
  // ops; or only its shares' table (ShareAdd), when the row is inside it.
  enum Busy : std::uint32_t { kIdle = 0, kOps = 1, kShareOnly = 2 };
  Points value = 0;          // ClassPlan::category_value
  std::uint32_t slot = 0;    // ClassPlan::category
  std::uint32_t busy = kIdle;
};

// A once-per-class op of a group (Plan::group_ops) in the form the
// member's end settles without a branch: `value` times the group's rows
// added to one of the workspace's counters (Plan::counter_slots), and the
// rule whose total that counter feeds marked as touched (the rule count,
// a flag that is always set, when none).
struct GroupAdd {
  Points value = 0;
  std::uint32_t slot = 0;
  std::uint32_t rule = 0;
};

// How the first pass of the scoring path reads a row's class: the RowAdd
// alone (no minimum, no group); the RowAdd and its group (row_groups); or
// the whole ClassPlan (minimum counters by sub-period).
enum class RowPass : std::uint8_t { kPlain, kGroups, kFull };

// The second pass of a class whose only per-row work is its shares' table
// (joint and collective proposals, most of the busy rows): the two fields
// it reads of a ClassPlan, so those rows skip the ClassPlan and its op
// loop.
struct ShareAdd {
  std::uint32_t table = 0;     // ClassPlan::share_table
  std::uint32_t category = 0;  // ClassPlan::share_category
};

// The layouts the comments above promise; a new field must not break them
// silently (the scoring path's speed was measured with these sizes).
static_assert(sizeof(ClassPlan) == 64, "a ClassPlan is one cache line");
static_assert(sizeof(RowAdd) == 16, "a RowAdd is a quarter of a cache line");

struct Plan {
  const RuleSet* rules = nullptr;
  const MemberTable* members = nullptr;
  const RecordBatch* records = nullptr;
  Period period;
  // The period in the batch's day offsets (may lie outside 0..65535).
  std::int32_t first_offset = 0;
  std::int32_t last_offset = -1;

  std::vector<RowCondition> row_conditions;
  std::vector<Hit> hits;
  std::vector<HitSpan> class_hits;  // by record class
  std::vector<FastOp> fast_ops;
  // The groups of once-per-class ops (ClassPlan::group): each one's ops in
  // fast_ops. Row counters: the groups, then one scratch slot per class.
  // A member's rows list each group they reach once (its counter goes
  // from 0), so the member's end settles those groups alone, however many
  // the rule set makes. The spans are into group_adds.
  std::vector<HitSpan> group_ops;
  std::vector<GroupAdd> group_adds;
  // The scoring path's counters, one array per thread (the workspace):
  // the category rows' kRowBanks banks (unmatched_slot + 1 each), then by
  // rule its points, matched rows, counted rows, quantity and highest
  // points, then the minimums' and per-period rules' counters with one
  // scratch slot per class. One array, so that a GroupAdd names any of
  // them by one index.
  std::size_t rule_counters = 0;     // first rule field; field f of rule r: + r * kRuleFields + f
  std::size_t minimum_counters = 0;  // first minimum counter
  std::size_t counter_slots = 0;     // all of them
  enum RuleField : std::size_t { kRuleSum, kRuleMatched, kRuleCounted, kRuleQuantity, kRuleBest, kRuleFields };
  // A rule's fields side by side: its finish reads them in one cache line
  // and the member's reset clears them in one.
  std::size_t rule_counter(RuleField field, std::size_t rule) const {
    return rule_counters + rule * kRuleFields + field;
  }
  // By member profile, then record class (profile * class_count + class):
  // the class's plan in class_plans. A profile is the set of member tests
  // (roles, sector, group) a member passes, so member conditions are
  // settled once per member, not per row. Equal plans are stored once
  // when that saves most of the table (`indexed`); otherwise class_plans is
  // by profile and class itself.
  std::vector<std::uint32_t> plan_index;
  bool indexed = false;
  std::vector<ClassPlan> class_plans;
  std::vector<RowAdd> row_adds;  // the same index as class_plans
  // The same index: ClassPlan::group, for RowPass::kGroups. Apart from
  // RowAdd: packed into it, the plain pass paid a mask a row (7% of
  // bench/compare's in-memory time).
  std::vector<std::uint32_t> row_groups;
  std::vector<ShareAdd> share_adds;  // the same index; for RowAdd::kShareOnly
  std::size_t class_count = 0;
  // The category_rows slot counting rows of never-matched classes: past
  // the categories and their scratch slots.
  std::uint32_t unmatched_slot = 0;
  // By member; empty when every member's is 0 (no member test, or too
  // many profiles): a national committee's 10 MB of zeros were written
  // at every binding.
  std::vector<std::uint32_t> member_profile;
  std::vector<int> rule_category;
  // By category, for the scoring path's member finish: the starting
  // points (0 for pro-rated ones, listed apart), the maximum and the floor
  // (the type's extremes when there is none).
  std::vector<Points> category_start;
  std::vector<int> prorated_categories;
  std::vector<Points> category_high;
  std::vector<Points> category_low;
  // A category's points after its maximum, then its floor.
  Points bounded(std::size_t c, Points points) const {
    points = points > category_high[c] ? category_high[c] : points;
    return points < category_low[c] ? category_low[c] : points;
  }
  // No pro-rated start, outside score, minimum, veto or rule settled for
  // every member: a member whose points all went straight to categories
  // is finished in one pass over them.
  bool simple_finish = false;
  // The rule set's amounts and the batch's sizes (the most records of a
  // member, the sub-periods of the minimums) do not prove that every sum
  // of a member stays within Points: scoring then checks every sum
  // (rule_set bounds: rules/point_bounds.h). False for any real method.
  bool checked = false;
  // By category: the members' outside scores at the rule set's precision
  // (the fallback, or 0, for a member with none); empty for the others.
  std::vector<std::vector<Points>> outside_values;
  std::vector<int> outside_categories;
  // Rules finish_rules settles for every member, records or not: points
  // per period (from their counters) and rates with `no_records` points.
  std::vector<int> settled_rules;
  // By rule: the first counter slot of a rule with points per period (in
  // the minimums' counters, after theirs) and its sub-periods.
  std::vector<std::uint32_t> rule_counter_offset;
  std::vector<std::vector<Period>> rule_subperiods;
  // The grade of members who did not serve (not_serving: {grade}); -1.
  int not_serving_grade = -1;
  // By grade band: its minimum (the type's lowest when it has none).
  std::vector<Points> grade_min;
  // By rule: the points of every row of an ordinal rule (limit/from) the
  // scoring path settles from the number of matching rows; empty for the
  // others.
  std::vector<std::optional<Points>> ordinal_base;
  // By rule: see RuleFinish; the tiers of kTiers rules, one after another.
  std::vector<RuleFinish> rule_finish;
  std::vector<Tier> finish_tiers;
  std::vector<Points> finish_values;
  // What `matched` rows earn a kOrdinal or kTiers rule (0 for the other
  // modes): tabulate_finish's entries, and the finish of the rules whose
  // table would be too long. An ordinal product saturates instead of
  // wrapping (undefined): points that large make the plan checked, whose
  // scoring does not read it.
  Points count_points(const RuleFinish& f, std::int64_t matched) const;
  // A RuleFinish::kTable's points for `matched` rows, besides its sum.
  Points table_points(const RuleFinish& f, std::int64_t matched) const {
    const std::int64_t last = f.values_last;
    const std::int64_t k = matched < last ? matched : last;
    return finish_values[f.values_begin + static_cast<std::size_t>(k)] + f.slope * (matched - k);
  }
  // kShare tables: line_value for every (position, item size) below
  // kShareTableSide, position-major; a class's table (ClassPlan::
  // share_table) may be the sum of several.
  std::vector<Points> share_values;
  static bool in_share_table(std::uint16_t position, std::uint16_t size) {
    return position < kShareTableSide && size < kShareTableSide;
  }
  Points table_share(std::uint32_t table, std::uint16_t position, std::uint16_t size) const {
    return share_values[table + std::size_t{position} * kShareTableSide + size];
  }
  // A kShare op's points for a row: from its table, or by line_value past it.
  Points share_points(const FastOp& op, std::uint16_t position, std::uint16_t size) const {
    return in_share_table(position, size)
               ? table_share(op.table, position, size)
               : line_value(rules->rules[op.target], op.value, position_of(position), size,
                            kNoQuantity)
                     .value;
  }
  RowPass row_pass = RowPass::kPlain;
  std::vector<std::vector<int>> exclusive_rules;

  std::vector<std::vector<Period>> minimum_subperiods;
  std::vector<std::size_t> minimum_offset;
  // Counter slots: every minimum's sub-periods, then every per-period
  // rule's (rule_counter_offset).
  std::size_t minimum_slots = 0;
  std::vector<int> minimum_category;  // -1: no penalty
  std::vector<int> minimum_grade;     // -1: no forced grade
  std::vector<int> veto_grade;
  // Day offset in the period -> sub-period index, per Granularity.
  std::array<std::vector<std::uint16_t>, 4> subperiod_of_day;

  void build(const RuleSet& rs, const MemberTable& ms, const RecordBatch& batch,
             const Period& p);

  // The scoring path's ops (after the hits and minimum slots are known).
  void build_fast_ops(const MemberTable& ms);
  // A rule's finish as a table of points by matched rows, when small
  // (RuleFinish::kTable); otherwise it stays as it is.
  void tabulate_finish(RuleFinish& f);
  // A new group of once-per-class ops (group_ops, group_adds).
  void add_group(const std::vector<FastOp>& ops);

  // The hit's own conditions (any; none = always) hold and none of its
  // exceptions (`otherwise`) does.
  bool row_matches(const Hit& hit, std::uint16_t position, const MemberFacts& member) const {
    if (hit.condition_begin != hit.condition_end &&
        !any_holds(hit.condition_begin, hit.condition_end, position, member))
      return false;
    return !any_holds(hit.except_begin, hit.except_end, position, member);
  }
  // A rate rule's row counts toward the rate.
  bool in_rate(const Hit& hit, std::uint16_t position, const MemberFacts& member) const {
    return hit.rate_always || any_holds(hit.rate_begin, hit.rate_end, position, member);
  }
  bool any_holds(std::uint32_t begin, std::uint32_t end, std::uint16_t position,
                 const MemberFacts& member) const {
    for (std::uint32_t c = begin; c < end; ++c)
      if (row_conditions[c].holds(position, member)) return true;
    return false;
  }
  // A row's position as the rules read it: a blank one as
  // RuleSet::blank_position.
  std::uint16_t position_of(std::uint16_t position) const {
    return position == 0 ? rules->blank_position : position;
  }

  // A member's grade: a veto's, else that of the first unmet minimum that
  // forces one, else the band the total falls in; a member who did not
  // serve as RuleSet::not_serving says.
  int grade_of(Points total, std::uint8_t flags, std::uint64_t vetoes, std::uint64_t unmet) const;
  // The grade band `total` falls in (-1: none): grade_of for a member
  // without flags, which have no vetoes or unmet minimums either. Inline:
  // the scoring path asks it for most members.
  int band_of(Points total) const {
    const std::size_t grades = grade_min.size();
    for (std::size_t g = 0; g < grades; ++g)
      if (total >= grade_min[g]) return static_cast<int>(g);
    return -1;
  }

  // Stops scoring: `what` of `member` ("the points of rule 'x'") add up to
  // more than a score can hold (dutyscore::PointsOverflow).
  [[noreturn]] void overflow(MemberIndex member, const std::string& what) const;

  // The counter of a minimum hit for a row on day `offset` (batch offset,
  // inside the period).
  std::size_t minimum_slot(const Hit& hit, std::int32_t offset) const {
    if (hit.per == 0) return hit.slot;
    return hit.slot + subperiod_of_day[hit.per][static_cast<std::size_t>(offset - first_offset)];
  }
};

}  // namespace dutyscore::detail
