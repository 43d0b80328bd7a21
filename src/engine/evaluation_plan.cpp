#include "engine/evaluation_plan.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <stdexcept>

#include "base/open_table.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/scores.h"
#include "engine/line_value.h"
#include "rules/point_bounds.h"

namespace dutyscore::detail {
namespace {

// The text of the class attribute a `points: {by: ...}` rule reads.
std::string_view points_key(const Rule& rule, const RecordClass& c, const RecordBatch& batch) {
  if (rule.points_by == "level") return batch.levels().text(c.level);
  if (rule.points_by == "status") return batch.statuses().text(c.status);
  if (rule.points_by == "subtype") return batch.subtypes().text(c.subtype);
  return batch.kinds().text(c.kind);
}

// Rows of the class earn exactly the rule's points, one after the other.
bool is_constant(const Rule& rule) {
  return rule.share.mode == ShareMode::Full && !rule.per_quantity && rule.tiers.empty() &&
         rule.from_nth <= 1 && rule.limit == 0 && rule.count == CountMode::All &&
         !rule.per_period;
}

// The conditions of a list bound for one record class: empty and `always`
// when one of them holds for every row of the class, else the row
// conditions to test (none: the list never holds for the class).
struct ClassBound {
  bool always = false;
  std::vector<RowCondition> rows;
};
ClassBound bind_for_class(const std::vector<ClassTest>& class_tests,
                          const std::vector<RowCondition>& row_tests, const RecordClass& cls) {
  ClassBound out;
  for (std::size_t c = 0; c < class_tests.size(); ++c) {
    if (!class_tests[c].holds(cls)) continue;
    if (row_tests[c].trivial()) {
      out.always = true;
      out.rows.clear();
      return out;
    }
    out.rows.push_back(row_tests[c]);
  }
  return out;
}

// Member profiles by the facts the member tests read (roles, sector,
// group), in one flat table: the lookup runs for every member whose facts
// differ from the member's before (most do), and a node-based map's
// division and pointer chase made binding rules/default.yaml at 2x10^7
// records take 16.6 ms instead of 4.7 (on one thread, before any scoring).
class ProfileByFacts {
 public:
  // The profile of the facts, or null when they have none yet.
  const std::uint32_t* find(RoleMask roles, Code sector, Code group) const {
    const Slot& slot = slots_[slot_of(roles, sector, group)];
    return slot.free() ? nullptr : &slot.profile;
  }
  // Gives the facts (find() said they have none) `profile`.
  void insert(RoleMask roles, Code sector, Code group, std::uint32_t profile) {
    slots_[slot_of(roles, sector, group)] = Slot{roles, sector, group, profile, true};
    if (open_table::over_half(slots_, ++count_))
      open_table::grow(slots_, shift_,
                       [](const Slot& slot) { return hash(slot.roles, slot.sector, slot.group); });
  }

 private:
  struct Slot {
    RoleMask roles = 0;
    Code sector = 0, group = 0;
    std::uint32_t profile = 0;
    bool used = false;
    bool free() const { return !used; }
  };
  static std::uint64_t hash(RoleMask roles, Code sector, Code group) {
    return roles ^ (std::uint64_t{sector} << 32 | group);  // open_table's home spreads it
  }
  std::size_t slot_of(RoleMask roles, Code sector, Code group) const {
    return open_table::probe(slots_, shift_, hash(roles, sector, group), [&](const Slot& slot) {
      return slot.roles == roles && slot.sector == sector && slot.group == group;
    });
  }
  std::vector<Slot> slots_ = std::vector<Slot>(256);
  unsigned shift_ = open_table::shift_for(256);
  std::size_t count_ = 0;
};

// An outside score in points at `precision` (columns hold 10^-kMaxPrecision
// units; the reader refused values finer than the rule set's precision).
Points at_precision(Points micro, int precision) {
  return divide_half_up(micro, scale_of(kMaxPrecision) / scale_of(precision));
}

}  // namespace

void Plan::build(const RuleSet& rs, const MemberTable& ms, const RecordBatch& batch,
                 const Period& p) {
  rules = &rs;
  members = &ms;
  records = &batch;
  period = p;
  first_offset = period.first - batch.day_base();
  last_offset = period.last - batch.day_base();

  struct Source {
    Hit::Type type;
    int index;
    const std::vector<Condition>* when;
  };
  std::vector<Source> sources;
  for (std::size_t r = 0; r < rs.rules.size(); ++r)
    sources.push_back({Hit::kRule, static_cast<int>(r), &rs.rules[r].when});
  for (std::size_t i = 0; i < rs.minimums.size(); ++i)
    sources.push_back({Hit::kMinimum, static_cast<int>(i), &rs.minimums[i].when});
  for (std::size_t v = 0; v < rs.vetoes.size(); ++v)
    sources.push_back({Hit::kVeto, static_cast<int>(v), &rs.vetoes[v].when});
  std::vector<std::vector<ClassTest>> class_tests(sources.size());
  std::vector<std::vector<RowCondition>> row_tests(sources.size());
  for (std::size_t s = 0; s < sources.size(); ++s)
    for (const auto& c : *sources[s].when) {
      class_tests[s].push_back(bind_class_test(c, batch));
      row_tests[s].push_back(bind_row_condition(c, ms, rs.blank_position));
    }
  // The `rate_of` of rules with tiers by rate, and the rules each rule's
  // `otherwise` lists (sources and rules share indices).
  std::vector<std::vector<ClassTest>> rate_class_tests(rs.rules.size());
  std::vector<std::vector<RowCondition>> rate_row_tests(rs.rules.size());
  std::vector<std::vector<int>> otherwise(rs.rules.size());
  for (std::size_t r = 0; r < rs.rules.size(); ++r) {
    for (const auto& c : rs.rules[r].rate_of) {
      rate_class_tests[r].push_back(bind_class_test(c, batch));
      rate_row_tests[r].push_back(bind_row_condition(c, ms, rs.blank_position));
    }
    for (const auto& id : rs.rules[r].otherwise) {
      const int listed = rs.rule_index(id);
      if (listed >= 0) otherwise[r].push_back(listed);
    }
  }

  rule_category.assign(rs.rules.size(), 0);
  for (std::size_t r = 0; r < rs.rules.size(); ++r)
    rule_category[r] = std::max(0, rs.category_index(rs.rules[r].category));

  category_start.clear();
  prorated_categories.clear();
  category_high.clear();
  category_low.clear();
  for (std::size_t c = 0; c < rs.categories.size(); ++c) {
    const Category& cat = rs.categories[c];
    const bool prorated = cat.prorate_start && cat.start != 0;
    if (prorated) prorated_categories.push_back(static_cast<int>(c));
    category_start.push_back(prorated ? 0 : cat.start);
    category_high.push_back(cat.max ? *cat.max : std::numeric_limits<Points>::max());
    category_low.push_back(cat.floor ? *cat.floor : std::numeric_limits<Points>::min());
  }
  // Outside scores by member, at the rule set's precision.
  outside_values.assign(rs.categories.size(), {});
  outside_categories.clear();
  for (std::size_t c = 0; c < rs.categories.size(); ++c) {
    const auto& outside = rs.categories[c].outside;
    if (!outside) continue;
    const MemberTable::OutsideColumn* column = ms.outside_column(outside->column);
    if (column == nullptr)
      throw std::invalid_argument("category '" + rs.categories[c].id +
                                  "' takes the outside score '" + outside->column +
                                  "', which the members table does not hold: read it with "
                                  "attach_outside_scores() (dutyscore/outside_scores.h)");
    auto& values = outside_values[c];
    values.assign(ms.size(), outside->fallback.value_or(0));
    for (MemberIndex m = 0; m < ms.size() && m < column->values.size(); ++m)
      if (column->values[m]) values[m] = at_precision(*column->values[m], rs.precision);
    outside_categories.push_back(static_cast<int>(c));
  }
  settled_rules.clear();
  for (std::size_t r = 0; r < rs.rules.size(); ++r) {
    const Rule& rule = rs.rules[r];
    if (rule.per_period || (rule.tiers_by_rate && rule.no_records != 0))
      settled_rules.push_back(static_cast<int>(r));
  }
  simple_finish = prorated_categories.empty() && rs.minimums.empty() && rs.vetoes.empty() &&
                  outside_categories.empty() && settled_rules.empty();
  not_serving_grade = -1;
  for (std::size_t g = 0; g < rs.grades.size(); ++g)
    if (rs.grades[g].not_serving) not_serving_grade = static_cast<int>(g);
  grade_min.clear();
  // The not-serving band is never reached by a total.
  for (const auto& band : rs.grades)
    grade_min.push_back(band.not_serving ? std::numeric_limits<Points>::max()
                        : band.min       ? *band.min
                                         : std::numeric_limits<Points>::min());

  // Counter slots of the minimums: one per sub-period.
  minimum_subperiods.clear();
  minimum_offset.clear();
  minimum_category.clear();
  minimum_grade.clear();
  minimum_slots = 0;
  for (const auto& minimum : rs.minimums) {
    minimum_subperiods.push_back(period.split(minimum.per));
    minimum_offset.push_back(minimum_slots);
    minimum_slots += minimum_subperiods.back().size();
    minimum_category.push_back(minimum.penalty != 0 && !minimum.category.empty()
                                   ? rs.category_index(minimum.category)
                                   : -1);
    minimum_grade.push_back(minimum.grade.empty() ? -1 : rs.grade_index(minimum.grade));
  }
  // Rules with points per period count their rows per sub-period in
  // counters of their own, after the minimums'.
  rule_counter_offset.assign(rs.rules.size(), 0);
  rule_subperiods.assign(rs.rules.size(), {});
  for (std::size_t r = 0; r < rs.rules.size(); ++r) {
    if (!rs.rules[r].per_period) continue;
    rule_subperiods[r] = period.split(rs.rules[r].per);
    rule_counter_offset[r] = static_cast<std::uint32_t>(minimum_slots);
    minimum_slots += rule_subperiods[r].size();
  }

  // Per class, in rule-set order (rules, then minimums, then vetoes): the
  // hits, each unconditional or with the row conditions to test.
  row_conditions.clear();
  hits.clear();
  class_hits.assign(batch.classes().size(), {});
  for (std::size_t k = 0; k < batch.classes().size(); ++k) {
    const RecordClass& cls = batch.classes()[k];
    class_hits[k].begin = static_cast<std::uint32_t>(hits.size());
    for (std::size_t s = 0; s < sources.size(); ++s) {
      Hit hit;
      hit.type = sources[s].type;
      hit.index = sources[s].index;
      hit.condition_begin = static_cast<std::uint32_t>(row_conditions.size());
      bool matches = false, always = false;
      for (std::size_t c = 0; c < class_tests[s].size() && !always; ++c) {
        if (!class_tests[s][c].holds(cls)) continue;
        matches = true;
        if (row_tests[s][c].trivial()) always = true;
        else row_conditions.push_back(row_tests[s][c]);
      }
      if (always) row_conditions.resize(hit.condition_begin);
      if (!matches) continue;
      hit.condition_end = static_cast<std::uint32_t>(row_conditions.size());
      if (hit.type == Hit::kRule) {
        const auto r = static_cast<std::size_t>(hit.index);
        const Rule& rule = rs.rules[r];
        // Otherwise: a listed rule that holds for every row of the class
        // leaves this rule nothing; one with row tests is tested per row.
        bool excluded = false;
        hit.except_begin = hit.except_end = hit.condition_end;
        for (const int listed : otherwise[r]) {
          const auto l = static_cast<std::size_t>(listed);
          ClassBound bound = bind_for_class(class_tests[l], row_tests[l], cls);
          if (bound.always) excluded = true;
          row_conditions.insert(row_conditions.end(), bound.rows.begin(), bound.rows.end());
        }
        if (excluded) {
          row_conditions.resize(hit.condition_begin);
          continue;
        }
        hit.except_end = static_cast<std::uint32_t>(row_conditions.size());
        hit.rate_begin = hit.rate_end = hit.except_end;
        if (rule.tiers_by_rate) {
          ClassBound bound = bind_for_class(rate_class_tests[r], rate_row_tests[r], cls);
          hit.rate_always = bound.always;
          row_conditions.insert(row_conditions.end(), bound.rows.begin(), bound.rows.end());
          hit.rate_end = static_cast<std::uint32_t>(row_conditions.size());
        }
        hit.base = rule.points;
        if (!rule.points_by.empty()) {
          const auto it = rule.points_table.find(std::string(points_key(rule, cls, batch)));
          hit.base = it != rule.points_table.end() ? it->second : 0;
        }
        hit.constant = is_constant(rule);
        if (rule.per_period) {
          hit.slot = rule_counter_offset[r];
          hit.per = static_cast<std::uint8_t>(rule.per);
        }
      } else if (hit.type == Hit::kMinimum) {
        const auto i = static_cast<std::size_t>(hit.index);
        hit.slot = static_cast<std::uint32_t>(minimum_offset[i]);
        hit.per = static_cast<std::uint8_t>(rs.minimums[i].per);
        hit.quantity = rs.minimums[i].by_quantity;
      }
      hits.push_back(hit);
    }
    class_hits[k].end = static_cast<std::uint32_t>(hits.size());
  }

  exclusive_rules.clear();
  for (const auto& group : rs.exclusives) {
    std::vector<int> ids;
    for (const auto& id : group.rules) {
      const int r = rs.rule_index(id);
      if (r >= 0) ids.push_back(r);
    }
    exclusive_rules.push_back(std::move(ids));
  }

  // Sub-periods for per-half/quarter/month minimums, and a day -> index map.
  // Granularity 0 (the whole period) maps every day to 0, so the scoring
  // path can look up any minimum's slot the same way.
  subperiod_of_day[0].assign(static_cast<std::size_t>(std::max(0, period.days())), 0);
  for (std::size_t g = 1; g < subperiod_of_day.size(); ++g) {
    subperiod_of_day[g].assign(static_cast<std::size_t>(std::max(0, period.days())), 0);
    const auto subs = period.split(static_cast<Granularity>(g));
    for (std::size_t s = 0; s < subs.size(); ++s)
      for (Day d = subs[s].first; d <= subs[s].last; ++d)
        subperiod_of_day[g][static_cast<std::size_t>(d - period.first)] =
            static_cast<std::uint16_t>(s);
  }
  build_fast_ops(ms);
  // Whether any sum could overflow: bounded by the most records one member
  // has and the most sub-periods a minimum penalises. No member has more
  // records than the batch: when that many fit (any real method), the pass
  // over every member for the exact most is not needed (0.3 ms of the
  // binding at 5 x 10^5 members).
  std::size_t most_subperiods = 1;
  for (const auto& subs : minimum_subperiods) most_subperiods = std::max(most_subperiods, subs.size());
  checked = !fits_in_points(rs, static_cast<WideInt>(batch.size()), most_subperiods);
  if (checked) {
    std::size_t most_rows = 0;
    for (MemberIndex m = 0; m < batch.member_count(); ++m)
      most_rows = std::max(most_rows, batch.member_end(m) - batch.member_begin(m));
    checked = !fits_in_points(rs, static_cast<WideInt>(most_rows), most_subperiods);
  }
  veto_grade.clear();
  for (const auto& veto : rs.vetoes)
    veto_grade.push_back(veto.grade.empty() ? -1 : rs.grade_index(veto.grade));
}

void Plan::overflow(MemberIndex member, const std::string& what) const {
  throw PointsOverflow("member '" + std::string(members->id(member)) + "': " + what + " add up to more than " +
                       format_points(std::numeric_limits<Points>::max(), rules->precision) +
                       ", the largest amount a score can hold at precision " +
                       std::to_string(rules->precision) +
                       ": the rule file's points are too large; nothing was scored");
}

int Plan::grade_of(Points total, std::uint8_t flags, std::uint64_t vetoes,
                   std::uint64_t unmet) const {
  const RuleSet& rs = *rules;
  if (flags & kNotServing) {
    if (rs.not_serving == NotServing::Grade) return not_serving_grade;
    if (rs.not_serving != NotServing::Ranked) return -1;
  }
  if (vetoes != 0)
    for (std::size_t v = 0; v < rs.vetoes.size(); ++v)
      if ((vetoes >> v & 1) && veto_grade[v] >= 0) return veto_grade[v];
  if (unmet != 0)
    for (std::size_t i = 0; i < rs.minimums.size(); ++i)
      if ((unmet >> i & 1) && minimum_grade[i] >= 0) return minimum_grade[i];
  return band_of(total);
}

void Plan::build_fast_ops(const MemberTable& ms) {
  // Distinct member tests. A member's profile is the set of them it
  // passes: members with the same profile share one table of class plans,
  // so member conditions cost nothing per row, however many there are.
  std::vector<RowCondition> tests;  // member parts only (no position)
  std::vector<int> test_of(row_conditions.size(), -1);
  for (std::size_t c = 0; c < row_conditions.size(); ++c) {
    const RowCondition& rc = row_conditions[c];
    if (!rc.tests_member()) continue;
    std::size_t t = 0;
    while (t < tests.size() && !tests[t].same_member_test(rc)) ++t;
    if (t == tests.size()) tests.push_back(rc.member_part());
    test_of[c] = static_cast<int>(t);
  }
  // Profiles as bit sets of `words` words each, one after the other.
  const std::size_t words = std::max<std::size_t>(1, (tests.size() + 63) / 64);
  std::vector<std::uint64_t> profile_masks;
  auto passes = [&](std::size_t p, int t) {
    return (profile_masks[p * words + static_cast<std::size_t>(t) / 64] >> (t % 64) & 1) != 0;
  };
  member_profile.clear();
  if (!tests.empty()) {
    member_profile.assign(ms.size(), 0);
    // The tests read only a member's roles, sector and group: each distinct
    // triple is tested once, and triples passing the same tests share a
    // profile.
    ProfileByFacts by_facts;
    std::map<std::vector<std::uint64_t>, std::uint32_t> by_mask;
    std::vector<std::uint64_t> mask(words);
    RoleMask last_roles = 0;
    Code last_sector = 0, last_group = 0;
    std::uint32_t last_profile = 0;
    bool have_last = false;
    for (MemberIndex m = 0; m < ms.size(); ++m) {
      const RoleMask roles = ms.roles(m);
      const Code sector = ms.sector(m), group = ms.group(m);
      // Neighbours often share a sector and group.
      if (have_last && roles == last_roles && sector == last_sector && group == last_group) {
        member_profile[m] = last_profile;
        continue;
      }
      const std::uint32_t* found = by_facts.find(roles, sector, group);
      if (found == nullptr) {
        const MemberFacts facts{roles, sector, group};
        std::fill(mask.begin(), mask.end(), 0);
        for (std::size_t t = 0; t < tests.size(); ++t)
          if (tests[t].member_holds(facts)) mask[t / 64] |= std::uint64_t{1} << (t % 64);
        const auto [it, added] =
            by_mask.emplace(mask, static_cast<std::uint32_t>(profile_masks.size() / words));
        if (added) profile_masks.insert(profile_masks.end(), mask.begin(), mask.end());
        by_facts.insert(roles, sector, group, it->second);
        found = &it->second;
      }
      member_profile[m] = last_profile = *found;
      last_roles = roles;
      last_sector = sector;
      last_group = group;
      have_last = true;
    }
  }
  class_count = class_hits.size();
  unmatched_slot = static_cast<std::uint32_t>(rules->categories.size() + class_count);
  rule_counters = kRowBanks * (std::size_t{unmatched_slot} + 1);
  minimum_counters = rule_counters + kRuleFields * rules->rules.size();
  counter_slots = minimum_counters + minimum_slots + class_count;
  if (profile_masks.empty()) profile_masks.assign(words, 0);  // no member test at all
  std::size_t profile_count = profile_masks.size() / words;
  if (profile_count * class_count > (std::size_t{1} << 22)) {
    // Too many profiles to tabulate: settle member conditions per row.
    profile_masks.assign(words, 0);
    profile_count = 1;
    member_profile.clear();
    std::fill(test_of.begin(), test_of.end(), -2);
  }

  // Rules whose per-member total is just the sum of their rows' points go
  // straight to their category: no maximum of their own, no exclusive group.
  std::vector<std::uint8_t> in_exclusive(rules->rules.size(), 0);
  for (const auto& group : exclusive_rules)
    for (const int r : group) in_exclusive[static_cast<std::size_t>(r)] = 1;
  auto sums_to_category = [&](std::size_t r) { return !rules->rules[r].max && !in_exclusive[r]; };

  // Rules with `limit` or `from` whose rows all earn the same points and
  // need no row test: which rows count depends only on how many match, so
  // the scoring path counts them per class and settles the rule at the
  // member's end (MemberScorer::finish_rules).
  ordinal_base.assign(rules->rules.size(), std::nullopt);
  for (std::size_t r = 0; r < rules->rules.size(); ++r) {
    const Rule& rule = rules->rules[r];
    if (rule.tiers.empty() && rule.share.mode == ShareMode::Full && !rule.per_quantity &&
        rule.count == CountMode::All && rule.points_by.empty() &&
        (rule.from_nth > 1 || rule.limit > 0))
      ordinal_base[r] = rule.points;
  }
  for (const Hit& hit : hits) {
    if (hit.type != Hit::kRule) continue;
    auto& base = ordinal_base[static_cast<std::size_t>(hit.index)];
    bool row_tested = hit.except_begin != hit.except_end;
    for (std::uint32_t c = hit.condition_begin; c < hit.condition_end; ++c)
      row_tested |= test_of[c] == -2 || row_conditions[c].test_position;
    if (row_tested || (base && *base != hit.base)) base.reset();
  }

  rule_finish.assign(rules->rules.size(), {});
  finish_tiers.clear();
  finish_values.clear();
  for (std::size_t r = 0; r < rules->rules.size(); ++r) {
    const Rule& rule = rules->rules[r];
    RuleFinish& f = rule_finish[r];
    f.from_nth = rule.from_nth;
    f.limit = rule.limit;
    f.max = rule.max ? *rule.max : std::numeric_limits<Points>::max();
    if (rule.per_period || rule.tiers_by_rate || rule.count == CountMode::Highest) {
      f.mode = RuleFinish::kOther;
    } else if (!rule.tiers.empty()) {
      f.mode = rule.tiers_by_quantity ? RuleFinish::kOther : RuleFinish::kTiers;
      f.tier_begin = static_cast<std::uint32_t>(finish_tiers.size());
      finish_tiers.insert(finish_tiers.end(), rule.tiers.begin(), rule.tiers.end());
      f.tier_end = static_cast<std::uint32_t>(finish_tiers.size());
    } else if (ordinal_base[r]) {
      f.mode = RuleFinish::kOrdinal;
      f.base = *ordinal_base[r];
    } else {
      f.mode = RuleFinish::kTable;  // a sum: a table of one 0
    }
    tabulate_finish(f);
  }

  fast_ops.clear();
  class_plans.clear();
  plan_index.assign(profile_count * class_count, 0);
  // One table per share hit, shared by the profiles.
  share_values.clear();
  std::vector<std::int64_t> table_of_hit(hits.size(), -1);
  auto share_table = [&](std::uint32_t h) {
    if (table_of_hit[h] < 0) {
      table_of_hit[h] = static_cast<std::int64_t>(share_values.size());
      const Hit& hit = hits[h];
      const Rule& rule = rules->rules[static_cast<std::size_t>(hit.index)];
      for (std::uint16_t position = 0; position < kShareTableSide; ++position)
        for (std::uint16_t size = 0; size < kShareTableSide; ++size)
          share_values.push_back(
              line_value(rule, hit.base, position_of(position), size, kNoQuantity).value);
    }
    return static_cast<std::uint32_t>(table_of_hit[h]);
  };
  // A class's table: the sum of its shares' tables (exact: integers).
  constexpr std::size_t kTableSize = std::size_t{kShareTableSide} * kShareTableSide;
  std::map<std::vector<std::uint32_t>, std::uint32_t> summed_tables;
  auto summed_table = [&](const std::vector<FastOp>& shares) {
    if (shares.size() == 1) return shares.front().table;
    std::vector<std::uint32_t> key;
    for (const FastOp& op : shares) key.push_back(op.table);
    std::sort(key.begin(), key.end());
    const auto [it, added] =
        summed_tables.emplace(key, static_cast<std::uint32_t>(share_values.size()));
    if (added) {
      for (std::size_t cell = 0; cell < kTableSize; ++cell) {
        Points sum = 0;
        // Saturates instead of wrapping (undefined): a sum that large means
        // the plan is checked, which never reads these tables.
        for (const std::uint32_t t : key)
          if (__builtin_add_overflow(sum, share_values[t + cell], &sum))
            sum = share_values[t + cell] < 0 ? std::numeric_limits<Points>::min()
                                             : std::numeric_limits<Points>::max();
        share_values.push_back(sum);
      }
    }
    return it->second;
  };
  std::vector<FastOp> row_ops, class_ops, shares;
  // Classes with the same once-per-class ops share a group.
  using OpKey = std::tuple<std::uint8_t, std::uint8_t, std::uint32_t, Points>;
  std::map<std::vector<OpKey>, std::uint32_t> groups;
  std::vector<std::uint8_t> grouped;  // by ClassPlan: it has a real group
  group_ops.clear();
  group_adds.clear();
  // Profiles mostly differ in a few classes: equal op lists are stored
  // once, and so are equal ClassPlans, which keeps the plans a member's
  // rows read in cache however many profiles the member tests make.
  std::map<std::vector<std::tuple<std::uint8_t, std::uint8_t, std::uint32_t, Points, std::uint32_t>>,
           std::uint32_t>
      op_lists;
  std::map<std::vector<std::uint64_t>, std::uint32_t> distinct_plans;
  // A class's plan depends on the profile only through the member tests
  // its hits read: profiles that agree on those get the plan made for the
  // first of them (the same one the tables above would find again; for the
  // benchmarks' 200 rules, 192 profiles at 10^6 records, this function took
  // 52 M instructions without it).
  const bool profiled = profile_count > 1;
  std::vector<std::vector<int>> tests_read(profiled ? class_count : 0);
  for (std::size_t k = 0; k < tests_read.size(); ++k) {
    std::vector<int>& read = tests_read[k];
    for (std::uint32_t h = class_hits[k].begin; h < class_hits[k].end; ++h)
      for (std::uint32_t c = hits[h].condition_begin; c < hits[h].condition_end; ++c)
        if (test_of[c] >= 0) read.push_back(test_of[c]);
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
  }
  // By class: the plans made, by the profile's answers to its tests (bits).
  std::vector<std::map<std::vector<std::uint64_t>, std::uint32_t>> made(tests_read.size());
  std::vector<std::uint64_t> answers;
  for (std::size_t p = 0; p < profile_count; ++p) {
    for (std::size_t k = 0; k < class_count; ++k) {
      if (profiled) {
        const std::vector<int>& read = tests_read[k];
        if (p > 0 && read.empty()) {
          plan_index[p * class_count + k] = plan_index[k];
          continue;
        }
        answers.assign((read.size() + 63) / 64, 0);
        for (std::size_t i = 0; i < read.size(); ++i)
          answers[i / 64] |= std::uint64_t{passes(p, read[i])} << (i % 64);
        if (const auto found = made[k].find(answers); found != made[k].end()) {
          plan_index[p * class_count + k] = found->second;
          continue;
        }
      }
      ClassPlan cp;
      row_ops.clear();
      class_ops.clear();
      for (std::uint32_t h = class_hits[k].begin; h < class_hits[k].end; ++h) {
        const Hit& hit = hits[h];
        // For this profile: does the hit apply, and does it still need a
        // per-row test (of the position, or of an untabulated member test)?
        bool applies = hit.condition_begin == hit.condition_end;
        bool row_test = false;
        for (std::uint32_t c = hit.condition_begin; c < hit.condition_end && !applies; ++c) {
          const RowCondition& rc = row_conditions[c];
          const int t = test_of[c];
          if (t == -2) {
            row_test = true;  // not profiled
            continue;
          }
          if (t >= 0 && !passes(p, t)) continue;  // member fails
          if (!rc.test_position) applies = true;
          else row_test = true;
        }
        if (!applies && !row_test) continue;
        // A rule's exceptions (`otherwise`) are tested per row, so its hit
        // alone does not make every row of the class matched.
        if (applies && hit.except_begin == hit.except_end) cp.always_matched = true;
        FastOp op;
        // A rule with `otherwise` tests its exceptions per row.
        if (applies && hit.type == Hit::kRule && hit.except_begin == hit.except_end) {
          const auto r = static_cast<std::size_t>(hit.index);
          const Rule& rule = rules->rules[r];
          // Points per period: only the count per sub-period matters, as
          // for a minimum.
          if (rule.per_period) {
            op.code = FastOp::kCount;
            op.target = hit.slot;
            op.per = hit.per;
            class_ops.push_back(op);
            continue;
          }
          // A rate: only how many rows there are, and whether they meet
          // `rate_of`, when the class decides it.
          if (rule.tiers_by_rate && hit.rate_begin == hit.rate_end) {
            op.code = FastOp::kRate;
            op.target = static_cast<std::uint32_t>(r);
            op.per = hit.rate_always ? 1 : 0;
            class_ops.push_back(op);
            continue;
          }
          if (hit.constant) {
            if (hit.base == 0) continue;
            op.value = hit.base;
            if (sums_to_category(r)) {
              op.code = FastOp::kCategory;
              op.target = static_cast<std::uint32_t>(rule_category[r]);
              const auto same = std::find_if(class_ops.begin(), class_ops.end(), [&](const FastOp& o) {
                return o.code == FastOp::kCategory && o.target == op.target;
              });
              // Merged only while the sum fits: two rules at the largest
              // amount stay two ops, and the checked path names the rule.
              Points merged = 0;
              if (same != class_ops.end() && !__builtin_add_overflow(same->value, op.value, &merged))
                same->value = merged;
              else
                class_ops.push_back(op);
            } else {
              op.code = FastOp::kAdd;
              op.target = static_cast<std::uint32_t>(r);
              class_ops.push_back(op);
            }
            continue;
          }
          // Tiers by record count need only the count; rows of an
          // ordinal rule only their number (see ordinal_base).
          if ((!rule.tiers.empty() && !rule.tiers_by_quantity && !rule.tiers_by_rate) ||
              ordinal_base[r]) {
            op.code = FastOp::kTally;
            op.target = static_cast<std::uint32_t>(r);
            class_ops.push_back(op);
            continue;
          }
          // A share whose rows' points depend only on position and item
          // size, summed like a constant rule's.
          if (rule.share.mode != ShareMode::Full && !rule.per_quantity && rule.tiers.empty() &&
              rule.from_nth <= 1 && rule.limit == 0 && rule.count == CountMode::All) {
            op.code = FastOp::kShare;
            op.target = static_cast<std::uint32_t>(r);
            op.value = hit.base;
            op.per = sums_to_category(r) ? 1 : 0;
            op.table = share_table(h);
            row_ops.push_back(op);
            continue;
          }
        }
        if (applies && hit.type == Hit::kMinimum) {
          op.code = hit.quantity ? FastOp::kQuantity : FastOp::kCount;
          op.target = hit.slot;
          op.per = hit.per;
          if (hit.quantity) row_ops.push_back(op);  // reads the row's quantity
          else class_ops.push_back(op);
          continue;
        }
        op.code = FastOp::kGeneral;  // re-tests the row conditions itself
        op.target = h;
        row_ops.push_back(op);
      }
      const bool never_matched = !cp.always_matched && row_ops.empty();

      // The first op of each direct kind leaves the list: the row loop
      // does it unconditionally (into a scratch slot when there is none).
      auto take = [&](FastOp::Code code) -> std::optional<FastOp> {
        const auto it = std::find_if(class_ops.begin(), class_ops.end(),
                                     [&](const FastOp& o) { return o.code == code; });
        if (it == class_ops.end()) return std::nullopt;
        const FastOp op = *it;
        class_ops.erase(it);
        return op;
      };
      // Scratch slots are one per class, past the real ones: rows of
      // different classes then never wait on each other's stores.
      cp.category = static_cast<std::uint32_t>(rules->categories.size() + k);
      if (never_matched) {  // so it has no category op either
        cp.category = unmatched_slot;
        cp.category_value = 1;
      } else if (const auto op = take(FastOp::kCategory)) {
        cp.category = op->target;
        cp.category_value = op->value;
      }
      // Shares to one category (the first one's) leave the per-row ops for
      // the class's summed table.
      shares.clear();
      for (auto it = row_ops.begin(); it != row_ops.end();) {
        if (it->code == FastOp::kShare && it->per == 1 &&
            (shares.empty() || rule_category[it->target] == rule_category[shares.front().target])) {
          shares.push_back(*it);
          it = row_ops.erase(it);
        } else {
          ++it;
        }
      }
      if (!shares.empty()) {
        cp.share_category = static_cast<std::uint32_t>(rule_category[shares.front().target]);
        cp.share_table = summed_table(shares);
      }
      cp.minimum_slot = static_cast<std::uint32_t>(minimum_slots + k);
      // A counter by sub-period first: it depends on the row's day, while
      // a whole-period one can wait for the member's end (a group op).
      const auto by_subperiod = std::find_if(class_ops.begin(), class_ops.end(), [](const FastOp& o) {
        return o.code == FastOp::kCount && o.per != 0;
      });
      if (by_subperiod != class_ops.end()) std::rotate(class_ops.begin(), by_subperiod, by_subperiod + 1);
      if (const auto op = take(FastOp::kCount)) {
        cp.minimum_slot = op->target;
        cp.minimum_per = op->per;
      }
      // Further sub-period counts depend on the row's day: per row.
      for (auto it = class_ops.begin(); it != class_ops.end();) {
        if (it->code == FastOp::kCount && it->per != 0) {
          row_ops.push_back(*it);
          it = class_ops.erase(it);
        } else {
          ++it;
        }
      }
      {
        // The per-row ops and the shares, each ended by a marker that no op
        // has (the once-per-class ops are the group's, below).
        std::vector<std::tuple<std::uint8_t, std::uint8_t, std::uint32_t, Points, std::uint32_t>> key;
        for (const auto* list : {&row_ops, &shares}) {
          for (const FastOp& op : *list) key.emplace_back(op.code, op.per, op.target, op.value, op.table);
          key.emplace_back(0xFF, 0, 0, 0, 0);
        }
        const auto [it, added] =
            op_lists.emplace(std::move(key), static_cast<std::uint32_t>(fast_ops.size()));
        if (added) {
          fast_ops.insert(fast_ops.end(), row_ops.begin(), row_ops.end());
          fast_ops.insert(fast_ops.end(), shares.begin(), shares.end());
        }
        cp.begin = it->second;
        cp.end = cp.begin + static_cast<std::uint32_t>(row_ops.size());
        cp.share_end = cp.end + static_cast<std::uint32_t>(shares.size());
      }
      cp.busy = cp.begin != cp.share_end;
      cp.group = static_cast<std::uint32_t>(k);  // the class's scratch counter, offset below
      bool has_group = false;
      if (!class_ops.empty()) {
        std::vector<OpKey> key;
        for (const FastOp& op : class_ops) key.emplace_back(op.code, op.per, op.target, op.value);
        const auto [it, added] =
            groups.emplace(std::move(key), static_cast<std::uint32_t>(group_ops.size()));
        if (added) add_group(class_ops);
        cp.group = it->second;
        has_group = true;
      }
      const std::vector<std::uint64_t> fields{
          static_cast<std::uint64_t>(cp.category_value),
          cp.category, cp.minimum_slot, cp.share_table, cp.share_category, cp.begin, cp.end,
          cp.share_end, cp.group, cp.minimum_per, cp.always_matched, cp.busy,
          has_group};
      const auto [it, added] =
          distinct_plans.emplace(fields, static_cast<std::uint32_t>(class_plans.size()));
      if (added) {
        class_plans.push_back(cp);
        grouped.push_back(has_group ? 1 : 0);
      }
      plan_index[p * class_count + k] = it->second;
      if (profiled) made[k].emplace(answers, it->second);
    }
  }
  // Scratch row counters come after the groups'.
  for (std::size_t i = 0; i < class_plans.size(); ++i)
    if (!grouped[i]) class_plans[i].group += static_cast<std::uint32_t>(group_ops.size());
  // When sharing saves little (one profile, or a few), a table by profile
  // and class spares the row loop the index's load.
  indexed = class_plans.size() * 2 < plan_index.size();
  if (!indexed) {
    std::vector<ClassPlan> table(plan_index.size());
    for (std::size_t i = 0; i < plan_index.size(); ++i) table[i] = class_plans[plan_index[i]];
    class_plans = std::move(table);
  }
  row_adds.resize(class_plans.size());
  row_groups.resize(class_plans.size());
  share_adds.resize(class_plans.size());
  for (std::size_t i = 0; i < class_plans.size(); ++i) {
    const ClassPlan& cp = class_plans[i];
    // Only the shares' table per row: no row op, and no row of the class is
    // unmatched (a share's hit always matches).
    const bool share_only = cp.begin == cp.end && cp.end != cp.share_end && cp.always_matched;
    const auto busy = !cp.busy     ? RowAdd::kIdle
                      : share_only ? RowAdd::kShareOnly
                                   : RowAdd::kOps;
    row_adds[i] = RowAdd{cp.category_value, cp.category, busy};
    row_groups[i] = cp.group;
    share_adds[i] = ShareAdd{cp.share_table, cp.share_category};
  }
  row_pass = minimum_slots > 0        ? RowPass::kFull
             : !group_ops.empty() ? RowPass::kGroups
                                  : RowPass::kPlain;
}

namespace {

// Past this many entries a rule's finish is computed, not tabulated.
constexpr std::int64_t kFinishTableLast = 255;

}  // namespace

Points Plan::count_points(const RuleFinish& f, std::int64_t matched) const {
  const std::int64_t counted = counted_records(f.from_nth, f.limit, matched);
  if (f.mode == RuleFinish::kOrdinal) {
    Points points = 0;
    if (__builtin_mul_overflow(f.base, counted, &points))
      points = f.base < 0 ? std::numeric_limits<Points>::min() : std::numeric_limits<Points>::max();
    return points;
  }
  if (f.mode == RuleFinish::kTiers) {
    const Tier* tiers = finish_tiers.data();
    const Tier* tier = tier_reached(tiers + f.tier_begin, tiers + f.tier_end, counted);
    return tier ? tier->points : 0;
  }
  return 0;
}

void Plan::tabulate_finish(RuleFinish& f) {
  std::int64_t last = 0;  // from here on the points grow by `slope` a row
  Points slope = 0;
  if (f.mode == RuleFinish::kOrdinal) {
    last = f.from_nth - 1 + (f.limit > 0 ? f.limit : 1);
    slope = f.limit > 0 ? 0 : f.base;
  } else if (f.mode == RuleFinish::kTiers) {
    // Once every tier is reached (or the limit stops the count) the first
    // tier listed holds for ever.
    std::int64_t highest = 0;
    for (std::uint32_t t = f.tier_begin; t < f.tier_end; ++t)
      highest = std::max(highest, finish_tiers[t].at_least);
    last = f.from_nth - 1 + (f.limit > 0 ? std::min<std::int64_t>(f.limit, highest) : highest);
  } else if (f.mode != RuleFinish::kTable) {
    return;
  }
  last = std::max<std::int64_t>(last, 0);
  if (last > kFinishTableLast) return;  // computed at the member's end
  f.values_begin = static_cast<std::uint32_t>(finish_values.size());
  f.values_last = static_cast<std::uint32_t>(last);
  f.slope = slope;
  for (std::int64_t n = 0; n <= last; ++n) finish_values.push_back(count_points(f, n));
  f.mode = RuleFinish::kTable;
}

void Plan::add_group(const std::vector<FastOp>& ops) {
  const auto begin = static_cast<std::uint32_t>(group_adds.size());
  const auto none = static_cast<std::uint32_t>(rules->rules.size());
  for (const FastOp& op : ops) {
    const auto counter = [&](RuleField field) {
      return static_cast<std::uint32_t>(rule_counter(field, op.target));
    };
    switch (op.code) {
      case FastOp::kCategory:
        group_adds.push_back(GroupAdd{op.value, op.target, none});
        break;
      case FastOp::kAdd:
        group_adds.push_back(GroupAdd{op.value, counter(kRuleSum), op.target});
        break;
      case FastOp::kTally:
        group_adds.push_back(GroupAdd{1, counter(kRuleMatched), op.target});
        break;
      case FastOp::kCount:  // a whole-period counter
        group_adds.push_back(
            GroupAdd{1, static_cast<std::uint32_t>(minimum_counters + op.target), none});
        break;
      case FastOp::kRate:
        group_adds.push_back(GroupAdd{1, counter(kRuleMatched), op.target});
        if (op.per) group_adds.push_back(GroupAdd{1, counter(kRuleCounted), op.target});
        break;
      case FastOp::kShare:
      case FastOp::kQuantity:
      case FastOp::kGeneral:
        break;  // per row only
    }
  }
  group_ops.push_back(HitSpan{begin, static_cast<std::uint32_t>(group_adds.size())});
}

}  // namespace dutyscore::detail
