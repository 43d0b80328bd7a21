#include "evaluation_plan.h"

#include <algorithm>

namespace dutyscore::detail {
namespace {

// A table over a dictionary's codes: 1 where the code's text is listed.
// A listed name the batch never uses simply never matches.
std::vector<std::uint8_t> allowed_codes(const Dictionary& dict,
                                        const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::vector<std::uint8_t> ok(dict.size(), 0);
  for (const auto& name : names) {
    const Code code = dict.find(name);
    if (code != kAbsent) ok[code] = 1;
  }
  return ok;
}

Code kind_code(const RecordBatch& b, std::size_t row) { return b.kind(row); }
Code subtype_code(const RecordBatch& b, std::size_t row) { return b.subtype(row); }
Code status_code(const RecordBatch& b, std::size_t row) { return b.status(row); }
Code level_code(const RecordBatch& b, std::size_t row) { return b.level(row); }

BoundCondition bind_condition(const Condition& c, const MemberTable& members,
                              const RecordBatch& batch) {
  BoundCondition b;
  b.kind_ok = allowed_codes(batch.kinds(), c.kinds);
  b.subtype_ok = allowed_codes(batch.subtypes(), c.subtypes);
  b.status_ok = allowed_codes(batch.statuses(), c.statuses);
  b.level_ok = allowed_codes(batch.levels(), c.levels);
  for (const auto& flag : c.flags_all) {
    const Code code = batch.flag_names().find(flag);
    if (code == kAbsent) b.never = true;  // no record carries it
    else b.flags_all |= FlagMask{1} << (code - 1);
  }
  for (const auto& flag : c.flags_none) {
    const Code code = batch.flag_names().find(flag);
    if (code != kAbsent) b.flags_none |= FlagMask{1} << (code - 1);
  }
  b.position_min = c.position_min;
  b.position_max = c.position_max;
  if (!c.roles.empty()) {
    b.test_roles = true;
    for (const auto& role : c.roles) {
      const Code code = members.role_names().find(role);
      if (code != kAbsent && code < 64) b.roles |= RoleMask{1} << code;
    }
  }
  auto bind_names = [](const Dictionary& dict, const std::vector<std::string>& names,
                       bool& test, std::vector<Code>& codes) {
    if (names.empty()) return;
    test = true;
    for (const auto& name : names) {
      const Code code = dict.find(name);
      if (code != kAbsent) codes.push_back(code);
    }
  };
  bind_names(members.sector_names(), c.sectors, b.test_sectors, b.sectors);
  bind_names(members.group_names(), c.groups, b.test_groups, b.groups);
  return b;
}

}  // namespace

void Plan::build(const RuleSet& rs, const MemberTable& ms, const RecordBatch& batch,
                 const Period& p) {
  rules = &rs;
  members = &ms;
  records = &batch;
  period = p;
  candidates.assign(batch.kinds().size(), {});

  // Conditions are appended in matcher order; each matcher is listed under
  // every kind one of its conditions can match, in rule-set order.
  auto add_matcher = [&](Matcher::Type type, int index, const std::vector<Condition>& when) {
    Matcher m;
    m.type = type;
    m.index = index;
    m.condition_begin = static_cast<std::uint32_t>(conditions.size());
    std::vector<std::uint8_t> kinds(batch.kinds().size(), 0);
    for (const auto& c : when) {
      conditions.push_back(bind_condition(c, ms, batch));
      const auto& ok = conditions.back().kind_ok;
      for (std::size_t k = 0; k < kinds.size(); ++k)
        if (ok.empty() || ok[k]) kinds[k] = 1;
    }
    m.condition_end = static_cast<std::uint32_t>(conditions.size());
    for (std::size_t k = 0; k < kinds.size(); ++k)
      if (kinds[k]) candidates[k].push_back(m);
  };

  bound_rules.assign(rs.rules.size(), {});
  rule_category.assign(rs.rules.size(), 0);
  for (std::size_t r = 0; r < rs.rules.size(); ++r) {
    const Rule& rule = rs.rules[r];
    rule_category[r] = std::max(0, rs.category_index(rule.category));
    add_matcher(Matcher::kRule, static_cast<int>(r), rule.when);
    if (!rule.points_by.empty()) {
      BoundRule& bound = bound_rules[r];
      const Dictionary* dict = nullptr;
      if (rule.points_by == "level") {
        bound.points_by_column = level_code;
        dict = &batch.levels();
      } else if (rule.points_by == "status") {
        bound.points_by_column = status_code;
        dict = &batch.statuses();
      } else if (rule.points_by == "subtype") {
        bound.points_by_column = subtype_code;
        dict = &batch.subtypes();
      } else {
        bound.points_by_column = kind_code;
        dict = &batch.kinds();
      }
      bound.points_by_code.assign(dict->size(), 0);
      for (Code code = 1; code < dict->size(); ++code) {
        auto it = rule.points_table.find(dict->text(code));
        if (it != rule.points_table.end()) bound.points_by_code[code] = it->second;
      }
    }
  }
  for (std::size_t i = 0; i < rs.minimums.size(); ++i)
    add_matcher(Matcher::kMinimum, static_cast<int>(i), rs.minimums[i].when);
  for (std::size_t v = 0; v < rs.vetoes.size(); ++v)
    add_matcher(Matcher::kVeto, static_cast<int>(v), rs.vetoes[v].when);

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
  for (std::size_t g = 1; g < subperiod_of_day.size(); ++g) {
    subperiod_of_day[g].assign(static_cast<std::size_t>(std::max(0, period.days())), 0);
    const auto subs = period.split(static_cast<Granularity>(g));
    for (std::size_t s = 0; s < subs.size(); ++s)
      for (Day d = subs[s].first; d <= subs[s].last; ++d)
        subperiod_of_day[g][static_cast<std::size_t>(d - period.first)] =
            static_cast<std::uint16_t>(s);
  }
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
  veto_grade.clear();
  for (const auto& veto : rs.vetoes)
    veto_grade.push_back(veto.grade.empty() ? -1 : rs.grade_index(veto.grade));
}

}  // namespace dutyscore::detail
