// File: loader.h
// The reader behind load_rules() (include/dutyscore/rule_loader.h): one
// class, Loader, whose methods are spread over one source file per section
// of the rule file, in the order of docs/rules.md:
//
//   rule_loader.cpp             load_rules(); the top level and `period` (§3)
//   loader_values.cpp           the value types (§2), shared by every section:
//                               maps and their keys, single values, true/false,
//                               whole numbers, points, names, lists, one-of
//                               words, ids, labels, references, `per`,
//                               did-you-mean, and line:column of a node
//   loader_categories.cpp       `categories` (§4)
//   loader_rules.cpp            `rules` (§5: points tables, shares, tiers) and
//                               `exclusive` (§7)
//   loader_conditions.cpp       `when` and its conditions (§6), checked against
//                               the standard vocabulary (dutyscore/vocabulary.h)
//   loader_minimums_vetoes.cpp  `minimums` (§8) and `vetoes` (§9)
//   loader_grades_ranking.cpp   `grades` and their quotas (§10), `ranking`
//                               and `not_serving` (§11), `commendations`
//                               (§16)
//   loader_across_years.cpp     `across_years` (§14)
//   loader_groups.cpp           `groups` (§15)
//   loader_parts.cpp            `parts`: categories rescaled or weighted
//                               together (§18)
//   loader_names_office.cpp     `names` and `office` (§17), and an office
//                               block in a file of its own (load_office)
//
// To add a key to a section (say to a rule): add the field to the model in
// include/dutyscore/rule_set.h; in the section's file, add the key to the
// section's key list (kRuleKeys) and read it in the section's reader
// (read_rule) with the value readers below, which place every message at
// the key or value. Nothing else in the loader changes. A new top-level
// section adds its key to kTopKeys and a call in load() (rule_loader.cpp),
// its reader below, and a file of its own.
//
// A Loader reads one file once; it is not shared between threads.
#pragma once

#include <yaml-cpp/exceptions.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/text_util.h"
#include "base/yaml_tree.h"
#include "dutyscore/problem.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

using Names = std::vector<std::string>;  // keys, words, vocabulary
// The words a key may take, each with what it means: {{"all", CountMode::All}, ...}.
template <typename T>
using Choices = std::vector<std::pair<std::string, T>>;

class Loader {
 public:
  // `file` names the file in messages; `text` is its content. Both must
  // outlive the Loader.
  // `noun` names the kind of file in the text's own messages ("rule file",
  // "office file").
  Loader(const std::string& file, const std::string& text, Problems& problems,
         std::string noun = "rule file");

  // Reads the whole file, collecting every problem. Returns the rule set
  // only when there is no error (warnings are fine).
  std::optional<RuleSet> load();

  // Reads the whole file as an office block (`office` at the top level):
  // the office file of `report --office`. Only when there is no error.
  std::optional<OfficeInfo> load_office();

 private:
  // One 'key: value' of a YAML map, with both nodes (for their places).
  struct Entry {
    YamlNode key;
    YamlNode value;
  };
  // A YAML map by key, checked for non-text and duplicate keys.
  struct MapView {
    Location where;
    std::map<std::string, Entry> entries;
    const Entry* find(const std::string& key) const {
      auto it = entries.find(key);
      return it == entries.end() ? nullptr : &it->second;
    }
  };
  // A name as written, with its place (a reference, a listed value).
  struct Named {
    std::string value;
    Location where;
  };

  // --- Value readers and checks (loader_values.cpp). Each reports its own
  // problem at the key or value and returns nothing (or "") on error.
  // `what` names the owner in messages ("rule 'x'", "'ranking'").

  // Line and column of a node; columns count characters, not bytes.
  Location at(const YamlNode& node) const { return at(node.Mark()); }
  Location at(const YAML::Mark& mark) const;
  // Line and column of a byte of the text.
  Location at_byte(std::size_t offset) const;

  // --- Before and around the YAML parse (rule_loader.cpp).
  // The text's own problems: NUL bytes (UTF-16), invalid UTF-8, lone CRs.
  bool check_text();
  // A syntax error in words that say what to fix, where we can tell.
  void explain_syntax_error(const YAML::Exception& e);
  // Every value, aliases expanded, within a budget; no control characters.
  bool check_tree(const YamlNode& root);
  void error(const Location& where, const std::string& message) {
    problems_.error(where, message);
  }
  void warning(const Location& where, const std::string& message) {
    problems_.warning(where, message);
  }

  std::optional<MapView> as_map(const YamlNode& node, const std::string& what);
  // A map whose keys must be among `keys`.
  std::optional<MapView> as_map(const YamlNode& node, const std::string& what, const Names& keys);
  void check_keys(const MapView& map, const Names& allowed, const std::string& what);
  std::optional<std::string> scalar(const Entry& e, const std::string& what);
  std::optional<bool> boolean(const Entry& e, const std::string& what);
  std::optional<std::int64_t> integer(const Entry& e, const std::string& what, std::int64_t min,
                                      std::int64_t max);
  // Points at the file's precision; `key` names the value in messages.
  std::optional<Points> points(const YamlNode& value, const std::string& key,
                               const std::string& what);
  // One value or a list of values (at least one).
  std::optional<std::vector<Named>> names(const Entry& e, const std::string& what);
  // The items of a '- ' list; none for an empty value.
  std::vector<YamlNode> sequence(const Entry& e, const std::string& what);
  // One of the words of `choices`, as what it means.
  template <typename T>
  std::optional<T> choice(const Entry& e, const std::string& what, const Choices<T>& choices);
  std::optional<std::size_t> one_of(const Entry& e, const std::string& what, const Names& words);
  std::optional<Granularity> read_per(const Entry& p, const std::string& what);
  // A share: "90%", "9/10" or "0.9" (not negative; with at_most_one, at
  // most 1).
  std::optional<Fraction> share_value(const Entry& e, const std::string& what, bool at_most_one);

  std::string read_id(const MapView& map, const std::string& what, std::set<std::string>* seen);
  std::string read_label(const MapView& map, const std::string& id, const std::string& what);
  // A list of items with ids under `e` (`what` names its owner): reads each
  // item's map, its id (unique in the list), its keys against `keys` and its
  // label, lets `read(T& item, const MapView& map, const std::string& what)`
  // read the rest, and keeps the item in `out` when it has an id. `a_noun`
  // is "a rule", "an exclusive group", ...; the `what` given to `read` is
  // "rule 'x'" (or "a rule" when the id is missing).
  template <typename T, typename Read>
  void read_list(const Entry& e, const std::string& what, const std::string& a_noun,
                 const Names& keys, std::vector<T>& out, Read read);

  void check_vocabulary(const std::vector<Named>& values, const Names& vocabulary,
                        const std::string& noun, const std::string& what);
  void check_category_ref(const Named& ref, const RuleSet& set, const std::string& what);
  void check_grade_ref(const Named& ref, const RuleSet& set, const std::string& what);
  static bool contains(const Names& names, const std::string& value);
  // "; did you mean 'x'?" for the closest name within 2 edits, else "".
  static std::string did_you_mean(const std::string& word, const Names& candidates);

  // The file as YAML; nothing, after an error, when it is not YAML or is
  // empty (`if_empty` is the message then).
  std::optional<YamlNode> parse(const std::string& if_empty);

  // --- Sections, one file each (see the top of this file).

  void read_period(const Entry& e, RuleSet& set);  // rule_loader.cpp

  // loader_categories.cpp
  void read_categories(const Entry& e, RuleSet& set);
  void read_outside(const Entry& e, Category& c, const MapView& map, const std::string& what);

  // loader_rules.cpp
  void read_rules(const Entry& e, RuleSet& set);
  void read_rule(Rule& rule, const MapView& map, const std::string& what, const RuleSet& set);
  void read_rule_points(const MapView& map, Rule& rule, const std::string& what);
  void read_points_table(const Entry& e, Rule& rule, const std::string& what);
  void read_share(const Entry& e, Rule& rule, const std::string& what);
  void read_tiers(const Entry& e, Rule& rule, TiersBy by, const std::string& what);
  void read_rate(const MapView& map, Rule& rule, const std::string& what);
  void read_rule_per_period(const MapView& map, Rule& rule, const std::string& what);
  void read_otherwise(const Entry& e, Rule& rule, const Names& ids, const std::string& what);
  void read_exclusives(const Entry& e, RuleSet& set);

  // loader_conditions.cpp
  // The owner's 'when': one condition or a list of them.
  std::vector<Condition> read_when(const MapView& owner, const std::string& what,
                                   bool required);
  // A condition or a list of conditions under any key (`count` of a test).
  std::vector<Condition> read_conditions(const Entry& e, const std::string& what);
  std::optional<Condition> read_condition(const YamlNode& node, const std::string& what);
  void read_position(const Entry& p, Condition& c, const std::string& what);
  // One attribute of a condition: its listed and excluded values (the
  // blank rule goes straight into `c`).
  struct AttributeValues {
    std::vector<Named> is, is_not;
  };
  AttributeValues read_attribute(const Entry& e, const std::string& in, ConditionAttribute bit,
                                 Condition& c);
  // The standard values of "kind", "subtype", "status" or "level".
  static Names standard_values(const std::string& attribute);

  // loader_minimums_vetoes.cpp
  void read_minimums(const Entry& e, RuleSet& set);
  // `when`, `at_least` and `per`: at least so many matching records (or,
  // with `quantity`, that much of their quantity, in 1/kQuantityScale) in
  // each sub-period (a minimum's, and a group quota's in loader_groups.cpp).
  void read_count_per(const MapView& map, const std::string& what, std::vector<Condition>& when,
                      std::int64_t& at_least, Granularity& per, bool quantity = false);
  void read_penalty(const Entry& penalty, Minimum& m, const RuleSet& set,
                    const std::string& what);
  void read_vetoes(const Entry& e, RuleSet& set);

  // loader_grades_ranking.cpp
  void read_grades(const Entry& e, RuleSet& set);
  std::optional<Quota> read_quota(const Entry& e, const std::string& what);
  std::optional<BoundaryTies> read_boundary_ties(const Entry& e, const std::string& what);
  void read_ranking(const Entry& e, RuleSet& set);
  void read_commendations(const Entry& e, RuleSet& set);
  void read_eligible(const Entry& e, Commendation& c, const RuleSet& set,
                     const std::string& what);

  // loader_across_years.cpp
  void read_across_years(const Entry& e, RuleSet& set);
  std::optional<AcrossTest> read_across_test(const YamlNode& node, const RuleSet& set,
                                             const std::string& what);

  // loader_parts.cpp
  void read_parts(const Entry& e, RuleSet& set);
  // loader_grades_ranking.cpp: `not_serving` (after grades and everything
  // that names them)
  void read_not_serving(const Entry& e, RuleSet& set);

  // loader_groups.cpp
  void read_groups(const Entry& e, RuleSet& set);
  void read_group_quota(GroupQuota& quota, const MapView& map, const std::string& what);

  // loader_names_office.cpp
  void read_names(const Entry& e, RuleSet& set);
  void read_office(const MapView& map, OfficeInfo& office, const std::string& what);

  const std::string& file_;
  const std::string& text_;
  const std::string noun_;
  std::vector<std::size_t> line_starts_;  // byte offset of each line, for at()
  // The last place at() converted: its line, byte and character column.
  struct ColumnMemo {
    std::size_t line = static_cast<std::size_t>(-1);
    std::size_t byte = 0;
    int column = 1;
  };
  mutable ColumnMemo memo_;
  std::optional<YamlTree> tree_;  // the parsed file, from parse() until the rule set is read
  Problems& problems_;
  int precision_ = 2;  // the file's precision, once read: every amount is read at it
};

// The whole file at `path` (a rule file, an office file: `noun` in the
// messages); nothing, with an error at line 0, when it cannot be read.
std::optional<std::string> read_whole_file(const std::string& path, const std::string& noun,
                                           Problems& problems,
                                           std::size_t max_bytes = kDefaultMaxRuleBytes);

template <typename T>
std::optional<T> Loader::choice(const Entry& e, const std::string& what,
                                const Choices<T>& choices) {
  Names words;
  for (const auto& word_meaning : choices) words.push_back(word_meaning.first);
  const auto index = one_of(e, what, words);
  if (!index) return std::nullopt;
  return choices[*index].second;
}

template <typename T, typename Read>
void Loader::read_list(const Entry& e, const std::string& what, const std::string& a_noun,
                       const Names& keys, std::vector<T>& out, Read read) {
  const std::string noun = a_noun.substr(a_noun.find(' ') + 1);
  std::set<std::string> seen;
  const std::vector<YamlNode> items = sequence(e, what);
  out.reserve(out.size() + items.size());  // a long list: no copies while it grows
  for (std::size_t i = 0; i < items.size(); ++i) {
    // The items read so far are not read again: their part of the tree goes.
    if (i > 0) tree_->release(items.front(), items[i]);
    auto map = as_map(items[i], a_noun);
    if (!map) continue;
    T item;
    item.where = map->where;
    item.id = read_id(*map, noun, &seen);
    const std::string item_what = item.id.empty() ? a_noun : noun + " '" + item.id + "'";
    check_keys(*map, keys, item_what);
    item.label = read_label(*map, item.id, item_what);
    read(item, *map, item_what);
    if (!item.id.empty()) out.push_back(std::move(item));
  }
}

}  // namespace dutyscore::detail
