#include "dutyscore/rule_set.h"

#include <stdexcept>

namespace dutyscore {

namespace {

// Rule sets hold tens of items, so a linear scan is cheaper than keeping an
// index in sync with public vectors that callers may edit.
template <typename Items, typename Key>
int index_of(const Items& items, const std::string& wanted, Key key) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (key(items[i]) == wanted) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

int RuleSet::category_index(const std::string& category_id) const {
  return index_of(categories, category_id, [](const Category& c) -> const std::string& { return c.id; });
}

int RuleSet::rule_index(const std::string& rule_id) const {
  return index_of(rules, rule_id, [](const Rule& r) -> const std::string& { return r.id; });
}

int RuleSet::grade_index(const std::string& label) const {
  return index_of(grades, label, [](const GradeBand& g) -> const std::string& { return g.label; });
}

const std::string& RuleSet::category_label(int category) const {
  if (category < 0 || static_cast<std::size_t>(category) >= categories.size())
    throw std::out_of_range("category index " + std::to_string(category) + " is not one of the " +
                            std::to_string(categories.size()) + " categories");
  const Category& c = categories[static_cast<std::size_t>(category)];
  return c.label.empty() ? c.id : c.label;
}

const std::string& RuleSet::grade_label(int grade) const {
  static const std::string kNone;
  if (grade == -1) return kNone;
  if (grade < -1 || static_cast<std::size_t>(grade) >= grades.size())
    throw std::out_of_range("grade index " + std::to_string(grade) + " is not one of the " +
                            std::to_string(grades.size()) + " grades");
  return grades[static_cast<std::size_t>(grade)].label;
}

std::string RuleSet::name_of(VocabularyField field, std::string_view code,
                             std::string_view kind) const {
  // The most specific of the rule set's names: the kind's own subtype, then
  // the subtype of any kind.
  const VocabularyName* general = nullptr;
  for (const VocabularyName& n : names) {
    if (n.field != field || n.code != code) continue;
    if (field != VocabularyField::Subtype || n.kind == kind) return n.name;
    if (n.kind.empty()) general = &n;
  }
  if (general != nullptr) return general->name;
  return std::string(chinese_name(field, code, kind));
}

}  // namespace dutyscore
