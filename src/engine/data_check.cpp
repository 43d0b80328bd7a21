#include "dutyscore/data_check.h"

#include <algorithm>
#include <map>

#include "engine/condition_binding.h"

namespace dutyscore {
namespace {

// Every condition of the rule set (rules, minimums, vetoes) with the rule
// or duty it belongs to.
struct Owned {
  const Condition* condition;
  std::string owner;
};

std::vector<Owned> every_condition(const RuleSet& rules) {
  std::vector<Owned> out;
  for (const auto& r : rules.rules)
    for (const auto& c : r.when) out.push_back({&c, "rule '" + r.id + "'"});
  for (const auto& m : rules.minimums)
    for (const auto& c : m.when) out.push_back({&c, "minimum '" + m.id + "'"});
  for (const auto& v : rules.vetoes)
    for (const auto& c : v.when) out.push_back({&c, "veto '" + v.id + "'"});
  return out;
}

bool names(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

void check_data(const RuleSet& rules, const MemberTable& /*members*/, const RecordBatch& records,
                const std::string& records_file, Problems& problems) {
  const auto conditions = every_condition(rules);
  std::vector<detail::ClassTest> tests;
  for (const auto& o : conditions) tests.push_back(detail::bind_class_test(*o.condition, records));

  // Record classes with a blank kind or subtype that no condition matches.
  struct Blank {
    std::size_t count = 0;
    std::size_t first_row = 0;
    bool subtype = false;  // the subtype is blank (else the kind)
  };
  std::map<Code, Blank> by_kind;
  std::vector<std::uint8_t> unmatched(records.classes().size(), 0);
  for (std::size_t k = 0; k < records.classes().size(); ++k) {
    const RecordClass& cls = records.classes()[k];
    if (cls.kind != kAbsent && cls.subtype != kAbsent) continue;
    const bool matched =
        std::any_of(tests.begin(), tests.end(), [&](const detail::ClassTest& t) { return t.holds(cls); });
    unmatched[k] = matched ? 0 : 1;
  }
  const auto& classes = records.class_column();
  for (std::size_t row = 0; row < records.size(); ++row) {
    if (!unmatched[classes[row]]) continue;
    const RecordClass& cls = records.classes()[classes[row]];
    Blank& b = by_kind[cls.kind];
    if (b.count++ == 0) b.first_row = row;
    b.subtype = cls.kind != kAbsent;
  }
  for (const auto& [kind, blank] : by_kind) {
    const std::string kind_name(records.kinds().text(kind));
    std::string testing;  // rules that test this kind's subtype
    if (blank.subtype) {
      for (const auto& o : conditions) {
        const Condition& c = *o.condition;
        const bool tests_subtype = !c.subtypes.empty() || !c.not_subtypes.empty() ||
                                   (c.blank_stated & kAttrSubtype);
        if (!tests_subtype || !names(c.kinds, kind_name)) continue;
        if (testing.find(o.owner) == std::string::npos)
          testing += (testing.empty() ? "" : ", ") + o.owner;
      }
      if (testing.empty()) continue;  // the kind is simply not scored
    }
    const std::string first = records.record_id(blank.first_row);
    problems.warning(
        Location{records_file, 0, 0, blank.subtype ? "subtype" : "kind"},
        blank.subtype
            ? std::to_string(blank.count) + " record(s) of kind '" + kind_name +
                  "' have a blank subtype and match no rule, minimum or veto (the first is record '" +
                  first + "'), though the rule set tests the subtype of '" + kind_name +
                  "' records (" + testing + "): fill in the subtype, or say what a blank one earns"
                  " with 'subtype: {blank: true}', 'subtype: {not: ...}' or 'otherwise'"
            : std::to_string(blank.count) + " record(s) have a blank kind and match no rule, "
                  "minimum or veto (the first is record '" + first + "'): fill in the kind");
  }
}

}  // namespace dutyscore
