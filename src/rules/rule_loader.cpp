// Reads a rule set from YAML into the RuleSet model, checking every key and
// value and placing each problem at its line and column.
#include "dutyscore/rule_loader.h"
#include "rules/rule_lint.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace dutyscore {

namespace {

using YAML::Node;
using YAML::NodeType;
using Names = std::vector<std::string>;

// The interchange vocabulary (docs/rules.md, shared methods README). Values
// outside it only warn: committees may invent their own kinds and flags.
const Names kKinds{"meeting", "proposal", "info",  "history", "activity",
                   "study",   "service",  "charity", "honor", "violation"};
const std::map<std::string, Names> kSubtypesByKind{
    {"meeting", {"plenary", "standing", "consultation", "group_discussion", "other"}},
    {"proposal", {"individual", "joint", "collective"}},
    {"activity",
     {"research", "inspection", "supervision", "seminar", "training", "written_speech", "speech"}},
    {"study", {"session", "notes", "article"}},
    {"service", {"key_project", "pairing_help"}},
    {"charity", {"donation", "volunteer"}},
    {"violation", {"discipline", "law"}},
};
const Names kStatuses{"present", "leave", "absent", "late"};
const Names kFlags{"filed", "key", "excellent", "to_info", "adopted", "instructed"};
const Names kLevels{"county", "city", "prefecture", "province", "national"};
const Names kRoles{"member", "standing"};

const Names kTopKeys{"id",       "name",     "precision", "period", "categories", "rules",
                     "exclusive", "minimums", "vetoes",    "grades", "ranking",
                     "across_years", "groups", "commendations", "term_years"};
const Names kPeriodKeys{"year", "from", "to"};
const Names kCategoryKeys{"id", "label", "start", "prorate_start", "max", "floor"};
const Names kRuleKeys{"id",    "label", "category", "when", "points", "per_quantity", "share",
                      "count", "from",  "limit",    "once", "max",    "tiers",        "tiers_by"};
const Names kConditionKeys{"kind",      "subtype",  "status", "level", "flags",
                           "not_flags", "position", "role",   "sector", "group"};
const Names kPositionKeys{"min", "max"};
const Names kShareKeys{"first", "first_n", "by_position"};
const Names kTierKeys{"at_least", "points"};
const Names kExclusiveKeys{"id", "label", "rules"};
const Names kMinimumKeys{"id", "label", "when", "at_least", "per", "prorate", "penalty", "grade"};
const Names kPenaltyKeys{"points", "category"};
const Names kVetoKeys{"id", "label", "when", "grade", "zero_total"};
const Names kGradeKeys{"label", "min", "quota", "quota_ties"};
const Names kCommendationKeys{"id", "label", "top", "eligible", "ties"};
const Names kEligibleKeys{"no_veto", "minimums_met", "served_at_least", "grades"};
const Names kRankingKeys{"ties", "tie_break", "vetoed"};
const Names kAcrossRuleKeys{"id", "label", "over", "when", "when_all", "when_any"};
const Names kAcrossTestKeys{"total_below", "grade", "count", "fewer_than", "at_least", "years_in_a_row"};
const Names kGroupKeys{"by", "members_total", "members_meeting_minimums", "quotas"};
const Names kGroupQuotaKeys{"id", "label", "when", "at_least", "per", "per_member", "points", "penalty"};
const Names kPointsByAttributes{"level", "status", "subtype", "kind"};

bool contains(const Names& names, const std::string& value) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t replace = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, replace});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "; did you mean 'x'?" for the closest name within 2 edits, else "".
std::string did_you_mean(const std::string& word, const Names& candidates) {
  std::size_t best = 3;
  std::string found;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best) {
      best = d;
      found = candidate;
    }
  }
  return found.empty() ? std::string() : "; did you mean '" + found + "'?";
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Ids end up as CSV column names and in archives, so they stay plain ASCII.
bool is_plain_id(const std::string& id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// A plain decimal, of any number of decimals: tells "too many decimals"
// apart from "not a number".
bool looks_decimal(const std::string& text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      digits = true;
    } else if (text[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

// The entries of a YAML map, by key, with the key's and value's nodes.
struct Entry {
  Node key;
  Node value;
};

class Loader {
 public:
  Loader(const std::string& file, const std::string& text, Problems& problems)
      : file_(file), text_(text), problems_(problems) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  std::optional<RuleSet> load(const std::string& text);

 private:
  struct MapView {
    Location where;
    std::map<std::string, Entry> entries;
    const Entry* find(const std::string& key) const {
      auto it = entries.find(key);
      return it == entries.end() ? nullptr : &it->second;
    }
  };
  struct Named {
    std::string value;
    Location where;
  };

  Location at(const Node& node) const { return at(node.Mark()); }

 public:
  // yaml-cpp counts columns in bytes; clerks' editors count characters, and
  // a Chinese label is 3 bytes a character, so convert.
  Location at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return Location{file_, 0, 0, {}};
    int column = mark.column + 1;
    const auto line = static_cast<std::size_t>(mark.line);
    if (line < line_starts_.size()) {
      const std::size_t begin = line_starts_[line];
      const std::size_t end = std::min(text_.size(), begin + static_cast<std::size_t>(mark.column));
      column = 1;
      for (std::size_t i = begin; i < end; ++i) {
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
      }
    }
    return Location{file_, mark.line + 1, column, {}};
  }

 private:
  void error(const Location& where, const std::string& message) {
    problems_.error(where, message);
  }
  void warning(const Location& where, const std::string& message) {
    problems_.warning(where, message);
  }

  std::optional<MapView> as_map(const Node& node, const std::string& what);
  void check_keys(const MapView& map, const Names& allowed, const std::string& what);
  std::optional<std::string> scalar(const Entry& e, const std::string& what);
  std::optional<bool> boolean(const Entry& e, const std::string& what);
  std::optional<std::int64_t> integer(const Entry& e, const std::string& what, std::int64_t min,
                                      std::int64_t max);
  std::optional<Points> points(const Node& value, const std::string& key,
                               const std::string& what);
  std::optional<std::vector<Named>> names(const Entry& e, const std::string& what);
  std::string read_id(const MapView& map, const std::string& what, std::set<std::string>* seen);
  std::string read_label(const MapView& map, const std::string& id, const std::string& what);

  void read_period(const Entry& e, RuleSet& set);
  void read_grades(const Entry& e, RuleSet& set);
  void read_categories(const Entry& e, RuleSet& set);
  void read_rules(const Entry& e, RuleSet& set);
  void read_rule(const Node& node, RuleSet& set, std::set<std::string>& seen);
  void read_points_table(const Entry& e, Rule& rule, const std::string& what);
  void read_share(const Entry& e, Rule& rule, const std::string& what);
  void read_tiers(const Entry& e, Rule& rule, bool by_quantity, const std::string& what);
  void read_exclusives(const Entry& e, RuleSet& set);
  void read_minimums(const Entry& e, RuleSet& set);
  void read_vetoes(const Entry& e, RuleSet& set);
  void read_ranking(const Entry& e, RuleSet& set);
  // Grade quotas and commendation lists (docs/rules.md §10, §16).
  std::optional<Quota> read_quota(const Entry& e, const std::string& what);
  std::optional<BoundaryTies> read_boundary_ties(const Entry& e, const std::string& what);
  void read_commendations(const Entry& e, RuleSet& set);
  void read_across_years(const Entry& e, RuleSet& set);
  std::optional<AcrossTest> read_across_test(const Node& node, const RuleSet& set,
                                             const std::string& what);
  void read_groups(const Entry& e, RuleSet& set);
  std::vector<Condition> read_conditions(const Entry& e, const std::string& what);
  std::optional<Granularity> read_per(const Entry& p, const std::string& what);
  std::vector<Condition> read_when(const MapView& owner, const std::string& what,
                                   bool required);
  std::optional<Condition> read_condition(const Node& node, const std::string& what);
  void check_vocabulary(const std::vector<Named>& values, const Names& vocabulary,
                        const std::string& noun, const std::string& what);
  void check_category_ref(const Named& ref, const RuleSet& set, const std::string& what);
  void check_grade_ref(const Named& ref, const RuleSet& set, const std::string& what);
  std::vector<Node> sequence(const Entry& e, const std::string& what);

  const std::string& file_;
  const std::string& text_;
  std::vector<std::size_t> line_starts_;
  Problems& problems_;
  int precision_ = 2;
};

std::optional<Loader::MapView> Loader::as_map(const Node& node, const std::string& what) {
  if (!node.IsMap()) {
    error(at(node), what + " must be a map of 'key: value' lines");
    return std::nullopt;
  }
  MapView view;
  view.where = at(node);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const Node key = it->first;
    if (!key.IsScalar()) {
      error(at(key), "a key in " + what + " must be plain text");
      continue;
    }
    const std::string name = key.Scalar();
    if (view.entries.count(name) != 0) {
      error(at(key), "duplicate key '" + name + "' in " + what);
      continue;
    }
    view.entries.emplace(name, Entry{key, it->second});
  }
  return view;
}

void Loader::check_keys(const MapView& map, const Names& allowed, const std::string& what) {
  for (const auto& [name, entry] : map.entries) {
    if (!contains(allowed, name)) {
      error(at(entry.key), "unknown key '" + name + "' in " + what + did_you_mean(name, allowed));
    }
  }
}

std::optional<std::string> Loader::scalar(const Entry& e, const std::string& what) {
  const std::string key = e.key.Scalar();
  if (e.value.IsNull()) {
    error(at(e.key), "'" + key + "' in " + what + " needs a value");
    return std::nullopt;
  }
  if (!e.value.IsScalar()) {
    error(at(e.value), "'" + key + "' in " + what + " must be a single value, not a list or map");
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::optional<bool> Loader::boolean(const Entry& e, const std::string& what) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  const std::string value = lower(*text);
  if (value == "true" || value == "yes") return true;
  if (value == "false" || value == "no") return false;
  error(at(e.value), "'" + e.key.Scalar() + "' in " + what + " must be true or false, got '" +
                         *text + "'");
  return std::nullopt;
}

std::optional<std::int64_t> Loader::integer(const Entry& e, const std::string& what,
                                            std::int64_t min, std::int64_t max) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  const std::string key = e.key.Scalar();
  auto value = parse_points(*text, 0);
  if (!value) {
    error(at(e.value), "'" + key + "' in " + what + " must be a whole number, got '" + *text + "'");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    error(at(e.value), "'" + key + "' in " + what + " must be between " + std::to_string(min) +
                           " and " + std::to_string(max) + ", got " + *text);
    return std::nullopt;
  }
  return value;
}

std::optional<Points> Loader::points(const Node& value, const std::string& key,
                                     const std::string& what) {
  if (value.IsNull()) {
    error(at(value), "'" + key + "' in " + what + " needs a number");
    return std::nullopt;
  }
  if (!value.IsScalar()) {
    error(at(value), "'" + key + "' in " + what + " must be a number, not a list or map");
    return std::nullopt;
  }
  const std::string& text = value.Scalar();
  auto parsed = parse_points(text, precision_);
  if (parsed) return parsed;
  if (looks_decimal(text)) {
    error(at(value), "'" + key + "' in " + what + " is " + text + ", which has more decimals than " +
                         "precision " + std::to_string(precision_) + " allows (or is too large)");
  } else {
    error(at(value), "'" + key + "' in " + what + " must be a number, got '" + text + "'");
  }
  return std::nullopt;
}

std::optional<std::vector<Loader::Named>> Loader::names(const Entry& e, const std::string& what) {
  const std::string key = e.key.Scalar();
  std::vector<Named> out;
  if (e.value.IsScalar()) {
    out.push_back({e.value.Scalar(), at(e.value)});
    return out;
  }
  if (e.value.IsSequence()) {
    bool ok = true;
    for (const auto& item : e.value) {
      if (item.IsScalar()) {
        out.push_back({item.Scalar(), at(item)});
      } else {
        error(at(item), "'" + key + "' in " + what + " must list plain values");
        ok = false;
      }
    }
    if (ok && out.empty()) {
      error(at(e.value), "'" + key + "' in " + what + " needs at least one value");
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return out;
  }
  if (e.value.IsNull()) {
    error(at(e.key), "'" + key + "' in " + what + " needs a value");
  } else {
    error(at(e.value), "'" + key + "' in " + what + " must be a value or a list of values");
  }
  return std::nullopt;
}

std::vector<Node> Loader::sequence(const Entry& e, const std::string& what) {
  if (e.value.IsNull()) return {};  // "rules:" with nothing under it: an empty list
  if (!e.value.IsSequence()) {
    error(at(e.value), "'" + e.key.Scalar() + "' in " + what + " must be a list ('- ' items)");
    return {};
  }
  std::vector<Node> items;
  for (const auto& item : e.value) items.push_back(item);
  return items;
}

// Reads `id`, checks its form and uniqueness; returns "" when missing.
std::string Loader::read_id(const MapView& map, const std::string& what,
                            std::set<std::string>* seen) {
  const Entry* e = map.find("id");
  if (!e) {
    error(map.where, what + " needs an 'id'");
    return {};
  }
  auto id = scalar(*e, what);
  if (!id) return {};
  if (!is_plain_id(*id)) {
    error(at(e->value), "id '" + *id + "' of " + what +
                            " must use only ASCII letters, digits, '_', '-' or '.'");
  }
  if (seen) {
    if (!seen->insert(*id).second) {
      error(at(e->value), "duplicate " + what + " id '" + *id + "'");
    }
  }
  return *id;
}

std::string Loader::read_label(const MapView& map, const std::string& id,
                               const std::string& what) {
  const Entry* e = map.find("label");
  if (!e) return id;
  auto label = scalar(*e, what);
  return label ? *label : id;
}

void Loader::check_vocabulary(const std::vector<Named>& values, const Names& vocabulary,
                              const std::string& noun, const std::string& what) {
  for (const auto& v : values) {
    if (contains(vocabulary, v.value)) continue;
    const std::string hint = did_you_mean(v.value, vocabulary);
    warning(v.where, noun + " '" + v.value + "' in " + what + " is not in the standard vocabulary" +
                         (hint.empty() ? " (fine if your records use it)" : hint));
  }
}

void Loader::check_category_ref(const Named& ref, const RuleSet& set, const std::string& what) {
  if (set.category_index(ref.value) >= 0) return;
  Names ids;
  for (const auto& c : set.categories) ids.push_back(c.id);
  error(ref.where, "unknown category '" + ref.value + "' in " + what + did_you_mean(ref.value, ids));
}

void Loader::check_grade_ref(const Named& ref, const RuleSet& set, const std::string& what) {
  if (set.grade_index(ref.value) >= 0) return;
  Names labels;
  for (const auto& g : set.grades) labels.push_back(g.label);
  if (labels.empty()) {
    error(ref.where, "grade '" + ref.value + "' in " + what + " needs a 'grades' list defining it");
    return;
  }
  std::string known;
  for (const auto& l : labels) known += (known.empty() ? "" : ", ") + l;
  error(ref.where, "unknown grade '" + ref.value + "' in " + what + " (grades are: " + known + ")");
}

// ---------------------------------------------------------------------------

std::optional<RuleSet> Loader::load(const std::string& text) {
  const std::size_t errors_before = problems_.error_count();
  RuleSet set;
  set.source_file = file_;
  set.source_text = text;

  Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    error(at(e.mark), "not valid YAML: " + e.msg);
    return std::nullopt;
  }
  if (!root.IsDefined() || root.IsNull()) {
    error(Location{file_, 1, 1, {}}, "the rule file is empty; it needs at least 'id' and 'categories'");
    return std::nullopt;
  }
  auto top = as_map(root, "the rule file");
  if (!top) return std::nullopt;
  check_keys(*top, kTopKeys, "the rule file");

  set.id = read_id(*top, "the rule file", nullptr);
  if (const Entry* e = top->find("name")) {
    if (auto name = scalar(*e, "the rule file")) set.name = *name;
  }
  if (set.name.empty()) set.name = set.id;

  // Precision first: every amount of points below is read at it.
  if (const Entry* e = top->find("precision")) {
    if (auto p = integer(*e, "the rule file", 0, kMaxPrecision)) set.precision = static_cast<int>(*p);
  }
  precision_ = set.precision;

  if (const Entry* e = top->find("period")) read_period(*e, set);
  if (const Entry* e = top->find("term_years")) {
    if (auto y = integer(*e, "the rule file", 1, 10)) set.term_years = static_cast<int>(*y);
  }

  // Grades and categories before anything that refers to them, whatever the
  // order of keys in the file.
  if (const Entry* e = top->find("grades")) read_grades(*e, set);
  if (const Entry* e = top->find("categories")) {
    read_categories(*e, set);
    if (e->value.IsNull() || (e->value.IsSequence() && e->value.size() == 0)) {
      error(at(e->key), "'categories' needs at least one category");
    }
  } else {
    error(top->where, "the rule file needs a 'categories' list");
  }
  if (const Entry* e = top->find("rules")) read_rules(*e, set);
  if (const Entry* e = top->find("exclusive")) read_exclusives(*e, set);
  if (const Entry* e = top->find("minimums")) read_minimums(*e, set);
  if (const Entry* e = top->find("vetoes")) read_vetoes(*e, set);
  if (const Entry* e = top->find("ranking")) read_ranking(*e, set);
  if (const Entry* e = top->find("commendations")) read_commendations(*e, set);
  if (const Entry* e = top->find("across_years")) read_across_years(*e, set);
  if (const Entry* e = top->find("groups")) read_groups(*e, set);

  if (problems_.error_count() != errors_before) return std::nullopt;
  lint_rules(set, problems_);  // src/rules/rule_lint.cpp: shadowed rules, grade gaps
  return set;
}

void Loader::read_period(const Entry& e, RuleSet& set) {
  const std::string what = "'period'";
  auto map = as_map(e.value, what);
  if (!map) return;
  check_keys(*map, kPeriodKeys, what);
  const Entry* year = map->find("year");
  const Entry* from = map->find("from");
  const Entry* to = map->find("to");
  if (year) {
    if (from || to) {
      error(at((from ? from : to)->key), "'period' takes either 'year' or 'from'/'to', not both");
      return;
    }
    if (auto y = integer(*year, what, 1900, 2999)) {
      set.period = Period::calendar_year(static_cast<int>(*y));
    }
    return;
  }
  if (!from || !to) {
    error(map->where, "'period' needs 'year: 2024' or both 'from' and 'to' dates");
    return;
  }
  std::optional<Day> first, last;
  for (const Entry* d : {from, to}) {
    auto text = scalar(*d, what);
    if (!text) continue;
    auto day = parse_day(*text);
    if (!day) {
      error(at(d->value), "'" + d->key.Scalar() + "' in 'period' must be a date like 2024-01-01, got '" +
                              *text + "'");
      continue;
    }
    (d == from ? first : last) = day;
  }
  if (!first || !last) return;
  if (*first > *last) {
    error(at(to->value), "'period' ends before it starts");
    return;
  }
  set.period = Period{*first, *last};
}

void Loader::read_grades(const Entry& e, RuleSet& set) {
  const auto items = sequence(e, "the rule file");
  std::set<std::string> labels;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string what = "grade band " + std::to_string(i + 1);
    auto map = as_map(items[i], what);
    if (!map) continue;
    check_keys(*map, kGradeKeys, what);
    GradeBand band;
    band.where = map->where;
    const Entry* label = map->find("label");
    if (!label) {
      error(map->where, what + " needs a 'label'");
    } else if (auto text = scalar(*label, what)) {
      band.label = *text;
      if (!labels.insert(band.label).second) {
        error(at(label->value), "duplicate grade '" + band.label + "'");
      }
    }
    if (const Entry* min = map->find("min")) {
      band.min = points(min->value, "min", "grade '" + band.label + "'");
      // Compare with the nearest band above that states a min.
      auto above = std::find_if(set.grades.rbegin(), set.grades.rend(),
                                [](const GradeBand& g) { return g.min.has_value(); });
      if (band.min && above != set.grades.rend() && *band.min >= *above->min) {
        error(at(min->value), "grade '" + band.label + "' must have a lower 'min' than grade '" +
                                  above->label + "' above it (list grades highest first)");
      }
    } else if (i + 1 != items.size()) {
      error(map->where, "grade '" + band.label +
                            "' has no 'min'; only the last grade may leave it out (it takes every "
                            "lower total)");
    }
    if (const Entry* q = map->find("quota")) {
      if (i + 1 == items.size()) {
        error(at(q->key), "grade '" + band.label +
                              "' is the last grade and cannot have a 'quota' (there is no lower "
                              "grade for the members over it)");
      } else {
        band.quota = read_quota(*q, "grade '" + band.label + "'");
      }
    }
    if (const Entry* t = map->find("quota_ties")) {
      if (!map->find("quota")) {
        error(at(t->key), "'quota_ties' in grade '" + band.label + "' needs a 'quota'");
      } else if (auto ties = read_boundary_ties(*t, "grade '" + band.label + "'")) {
        if (band.quota) band.quota->ties = *ties;
      }
    }
    set.grades.push_back(std::move(band));
  }
}

void Loader::read_categories(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) {
    auto map = as_map(node, "a category");
    if (!map) continue;
    Category c;
    c.where = map->where;
    c.id = read_id(*map, "category", &seen);
    const std::string what = c.id.empty() ? "a category" : "category '" + c.id + "'";
    check_keys(*map, kCategoryKeys, what);
    c.label = read_label(*map, c.id, what);
    if (const Entry* s = map->find("start")) {
      if (auto p = points(s->value, "start", what)) c.start = *p;
    }
    if (const Entry* p = map->find("prorate_start")) {
      if (auto b = boolean(*p, what)) c.prorate_start = *b;
      if (c.prorate_start && c.start == 0) {
        warning(at(p->key), "'prorate_start' in " + what + " has no effect without 'start'");
      }
    }
    if (const Entry* m = map->find("max")) {
      c.max = points(m->value, "max", what);
      if (c.max && *c.max < 0) {
        error(at(m->value), "'max' in " + what + " must not be negative");
      }
    }
    if (const Entry* f = map->find("floor")) {
      c.floor = points(f->value, "floor", what);
      if (c.floor && c.max && *c.floor > *c.max) {
        error(at(f->value), "'floor' in " + what + " is above its 'max'");
      }
    }
    if (c.max && c.start > *c.max) {
      warning(c.where, what + " starts above its 'max'; the start is cut to the max");
    }
    if (!c.id.empty()) set.categories.push_back(std::move(c));
  }
}

std::optional<Condition> Loader::read_condition(const Node& node, const std::string& what) {
  auto map = as_map(node, "a condition in " + what);
  if (!map) return std::nullopt;
  check_keys(*map, kConditionKeys, "the 'when' of " + what);
  Condition c;
  c.where = map->where;
  const std::string in = "the 'when' of " + what;

  auto list = [&](const char* key, std::vector<std::string>& out) -> std::vector<Named> {
    const Entry* e = map->find(key);
    if (!e) return {};
    auto values = names(*e, in);
    if (!values) return {};
    for (const auto& v : *values) out.push_back(v.value);
    return *values;
  };
  const auto kinds = list("kind", c.kinds);
  check_vocabulary(kinds, kKinds, "kind", in);
  const auto subtypes = list("subtype", c.subtypes);
  {
    // Check subtypes against the kinds named here when they are standard.
    Names allowed;
    bool standard_kinds = !c.kinds.empty();
    for (const auto& k : c.kinds) {
      if (!contains(kKinds, k)) standard_kinds = false;
      auto it = kSubtypesByKind.find(k);
      if (it != kSubtypesByKind.end()) allowed.insert(allowed.end(), it->second.begin(), it->second.end());
    }
    if (!standard_kinds) {
      allowed.clear();
      for (const auto& [kind, subs] : kSubtypesByKind) allowed.insert(allowed.end(), subs.begin(), subs.end());
    }
    check_vocabulary(subtypes, allowed, "subtype", in);
  }
  check_vocabulary(list("status", c.statuses), kStatuses, "status", in);
  check_vocabulary(list("level", c.levels), kLevels, "level", in);
  check_vocabulary(list("flags", c.flags_all), kFlags, "flag", in);
  check_vocabulary(list("not_flags", c.flags_none), kFlags, "flag", in);
  check_vocabulary(list("role", c.roles), kRoles, "role", in);
  list("sector", c.sectors);
  list("group", c.groups);

  if (const Entry* p = map->find("position")) {
    constexpr std::int64_t kMaxPosition = 65535;
    if (p->value.IsMap()) {
      auto range = as_map(p->value, "'position' of " + what);
      if (range) {
        check_keys(*range, kPositionKeys, "'position' of " + what);
        if (const Entry* lo = range->find("min")) {
          if (auto v = integer(*lo, in, 1, kMaxPosition)) c.position_min = static_cast<std::uint16_t>(*v);
        }
        if (const Entry* hi = range->find("max")) {
          if (auto v = integer(*hi, in, 1, kMaxPosition)) c.position_max = static_cast<std::uint16_t>(*v);
        }
        if (!range->find("min") && !range->find("max")) {
          error(range->where, "'position' in " + in + " needs 'min' and/or 'max'");
        }
      }
    } else if (auto v = integer(*p, in, 1, kMaxPosition)) {
      c.position_min = c.position_max = static_cast<std::uint16_t>(*v);
    }
    if (c.position_min != 0 && c.position_max != 0 && c.position_min > c.position_max) {
      warning(at(p->value), "the 'when' of " + what + " can never match: position min " +
                                std::to_string(c.position_min) + " is above max " +
                                std::to_string(c.position_max));
    }
  }
  for (const auto& flag : c.flags_all) {
    if (contains(c.flags_none, flag)) {
      warning(c.where, "the 'when' of " + what + " can never match: flag '" + flag +
                           "' is both required and excluded");
    }
  }
  return c;
}

std::vector<Condition> Loader::read_when(const MapView& owner, const std::string& what,
                                         bool required) {
  const Entry* e = owner.find("when");
  if (!e) {
    if (required) error(owner.where, what + " needs a 'when' saying which records it applies to");
    return {};
  }
  std::vector<Condition> out;
  if (e->value.IsSequence()) {
    for (const auto& item : e->value) {
      if (auto c = read_condition(item, what)) out.push_back(std::move(*c));
    }
    if (e->value.size() == 0) {
      warning(at(e->value), what + " can never match: its 'when' list is empty");
    }
  } else if (e->value.IsMap()) {
    if (auto c = read_condition(e->value, what)) out.push_back(std::move(*c));
  } else {
    error(e->value.IsNull() ? at(e->key) : at(e->value),
          "'when' in " + what + " must be a map (kind: ..., status: ...) or a list of such maps");
  }
  return out;
}

void Loader::read_rules(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) read_rule(node, set, seen);
}

void Loader::read_points_table(const Entry& e, Rule& rule, const std::string& what) {
  auto map = as_map(e.value, "'points' of " + what);
  if (!map) return;
  const Entry* by = map->find("by");
  if (!by) {
    error(map->where, "'points' map in " + what + " needs 'by: level' (or status, subtype, kind)");
    return;
  }
  auto attribute = scalar(*by, what);
  if (!attribute) return;
  if (!contains(kPointsByAttributes, *attribute)) {
    error(at(by->value), "'by' in " + what + " must be level, status, subtype or kind, got '" +
                             *attribute + "'" + did_you_mean(*attribute, kPointsByAttributes));
    return;
  }
  rule.points_by = *attribute;
  Names vocabulary;
  if (*attribute == "level") vocabulary = kLevels;
  if (*attribute == "status") vocabulary = kStatuses;
  if (*attribute == "kind") vocabulary = kKinds;
  if (*attribute == "subtype") {
    for (const auto& [kind, subs] : kSubtypesByKind) vocabulary.insert(vocabulary.end(), subs.begin(), subs.end());
  }
  std::vector<Named> values;
  for (const auto& [name, entry] : map->entries) {
    if (name == "by") continue;
    values.push_back({name, at(entry.key)});
    if (auto p = points(entry.value, name, "'points' of " + what)) rule.points_table[name] = *p;
  }
  if (values.empty()) {
    error(map->where, "'points' map in " + what + " lists no values (e.g. national: 10)");
  }
  check_vocabulary(values, vocabulary, *attribute, "'points' of " + what);
}

void Loader::read_share(const Entry& e, Rule& rule, const std::string& what) {
  const std::string in = "'share' of " + what;
  if (e.value.IsScalar()) {
    if (e.value.Scalar() == "full") {
      rule.share.mode = ShareMode::Full;
    } else {
      error(at(e.value), "'share' in " + what + " must be 'full' or a map with first, first_n or "
                             "by_position, got '" + e.value.Scalar() + "'");
    }
    return;
  }
  auto map = as_map(e.value, in);
  if (!map) return;
  check_keys(*map, kShareKeys, in);
  int modes = 0;
  for (const auto& key : kShareKeys) modes += map->find(key) ? 1 : 0;
  if (modes != 1) {
    error(map->where, in + " needs exactly one of first, first_n or by_position");
    return;
  }
  if (const Entry* first = map->find("first")) {
    auto text = scalar(*first, in);
    if (!text) return;
    auto fraction = parse_fraction(*text);
    if (!fraction) {
      error(at(first->value), "'first' in " + in + " must be a fraction like 1/2 or 0.5, got '" +
                                  *text + "'");
      return;
    }
    if (fraction->num > fraction->den) {
      error(at(first->value), "'first' in " + in + " must not be more than 1, got " + *text);
      return;
    }
    rule.share.mode = ShareMode::Split;
    rule.share.first = *fraction;
  } else if (const Entry* n = map->find("first_n")) {
    if (auto v = integer(*n, in, 1, 65535)) {
      rule.share.mode = ShareMode::FirstN;
      rule.share.n = static_cast<int>(*v);
    }
  } else if (const Entry* by = map->find("by_position")) {
    auto table = as_map(by->value, "'by_position' of " + what);
    if (!table) return;
    rule.share.mode = ShareMode::ByPosition;
    for (const auto& [name, entry] : table->entries) {
      auto p = points(entry.value, name, "'by_position' of " + what);
      if (name == "other") {
        if (p) rule.share.other_points = *p;
        continue;
      }
      auto position = parse_points(name, 0);
      if (!position || *position < 1 || *position > 65535) {
        error(at(entry.key), "'by_position' of " + what +
                                 " takes positions 1, 2, ... or 'other', got '" + name + "'");
        continue;
      }
      if (p) rule.share.position_points[static_cast<std::uint16_t>(*position)] = *p;
    }
    if (table->entries.empty()) {
      error(table->where, "'by_position' of " + what + " lists no positions");
    }
  }
}

void Loader::read_tiers(const Entry& e, Rule& rule, bool by_quantity, const std::string& what) {
  const std::string in = "'tiers' of " + what;
  std::set<std::int64_t> seen;
  for (const Node& node : sequence(e, what)) {
    auto map = as_map(node, "a tier in " + what);
    if (!map) continue;
    check_keys(*map, kTierKeys, in);
    Tier tier;
    bool ok = true;
    const Entry* at_least = map->find("at_least");
    const Entry* tier_points = map->find("points");
    if (!at_least || !tier_points) {
      error(map->where, "each tier in " + what + " needs 'at_least' and 'points'");
      continue;
    }
    if (by_quantity) {
      // Quantities are kept in units of 1/10000 (half-days, hours).
      auto text = scalar(*at_least, in);
      auto q = text ? parse_points(*text, 4) : std::nullopt;
      if (text && (!q || *q <= 0)) {
        error(at(at_least->value), "'at_least' in " + in +
                                       " must be a positive quantity with at most 4 decimals, got '" +
                                       *text + "'");
      }
      if (!q || *q <= 0) ok = false; else tier.at_least = *q;
    } else {
      auto n = integer(*at_least, in, 1, 1000000);
      if (!n) ok = false; else tier.at_least = *n;
    }
    auto p = points(tier_points->value, "points", in);
    if (!p) ok = false; else tier.points = *p;
    if (!ok) continue;
    if (!seen.insert(tier.at_least).second) {
      error(at(at_least->value), "two tiers in " + what + " have the same 'at_least'");
      continue;
    }
    rule.tiers.push_back(tier);
  }
  std::sort(rule.tiers.begin(), rule.tiers.end(),
            [](const Tier& a, const Tier& b) { return a.at_least > b.at_least; });
  if (e.value.IsSequence() && e.value.size() == 0) {
    error(at(e.value), "'tiers' in " + what + " lists no tiers");
  }
}

void Loader::read_rule(const Node& node, RuleSet& set, std::set<std::string>& seen) {
  auto map = as_map(node, "a rule");
  if (!map) return;
  Rule rule;
  rule.where = map->where;
  rule.id = read_id(*map, "rule", &seen);
  const std::string what = rule.id.empty() ? "a rule" : "rule '" + rule.id + "'";
  check_keys(*map, kRuleKeys, what);
  rule.label = read_label(*map, rule.id, what);

  if (const Entry* c = map->find("category")) {
    if (auto id = scalar(*c, what)) {
      rule.category = *id;
      check_category_ref({*id, at(c->value)}, set, what);
    }
  } else {
    error(map->where, what + " needs a 'category'");
  }
  rule.when = read_when(*map, what, true);

  const Entry* pts = map->find("points");
  const Entry* tiers = map->find("tiers");
  // share: {by_position: ...} states the points itself, so it stands in for
  // `points` (the Guangshui "first proposer 20, co-signers 15" style).
  const Entry* share = map->find("share");
  const bool by_position = share && share->value.IsMap() && share->value["by_position"];
  if (pts && tiers) {
    error(at(tiers->key), what + " has both 'points' and 'tiers'; use one");
  } else if (tiers && by_position) {
    error(at(tiers->key), what + " has both 'share: {by_position}' and 'tiers'; use one");
  } else if (pts && by_position) {
    warning(at(pts->key), "'points' in " + what + " is not used: 'by_position' gives the points");
  } else if (!pts && !tiers && !by_position) {
    error(map->where, what + " needs 'points' (per record) or 'tiers'");
  }
  if (pts) {
    if (pts->value.IsMap()) {
      read_points_table(*pts, rule, what);
    } else if (auto p = points(pts->value, "points", what)) {
      rule.points = *p;
    }
  }
  if (const Entry* by = map->find("tiers_by")) {
    if (auto text = scalar(*by, what)) {
      if (*text == "quantity") {
        rule.tiers_by_quantity = true;
      } else if (*text != "count") {
        error(at(by->value), "'tiers_by' in " + what + " must be count or quantity, got '" + *text +
                                 "'" + did_you_mean(*text, {"count", "quantity"}));
      }
    }
    if (!tiers) warning(at(by->key), "'tiers_by' in " + what + " has no effect without 'tiers'");
  }
  if (tiers && !pts) read_tiers(*tiers, rule, rule.tiers_by_quantity, what);

  if (const Entry* q = map->find("per_quantity")) {
    if (auto b = boolean(*q, what)) rule.per_quantity = *b;
    if (rule.per_quantity && tiers) {
      warning(at(q->key), "'per_quantity' in " + what +
                              " has no effect with 'tiers'; use 'tiers_by: quantity'");
    }
  }
  if (const Entry* s = map->find("share")) read_share(*s, rule, what);
  if (const Entry* c = map->find("count")) {
    if (auto text = scalar(*c, what)) {
      if (*text == "highest") {
        rule.count = CountMode::Highest;
      } else if (*text != "all") {
        error(at(c->value), "'count' in " + what + " must be all or highest, got '" + *text + "'" +
                                did_you_mean(*text, {"all", "highest"}));
      }
    }
  }
  if (const Entry* f = map->find("from")) {
    if (auto n = integer(*f, what, 1, 1000000)) rule.from_nth = static_cast<int>(*n);
  }
  const Entry* limit = map->find("limit");
  if (limit) {
    if (auto n = integer(*limit, what, 1, 1000000)) rule.limit = static_cast<int>(*n);
  }
  if (const Entry* once = map->find("once")) {
    auto b = boolean(*once, what);
    if (b && *b) {
      if (limit) {
        error(at(once->key), what + " has both 'once' and 'limit'; 'once: true' means 'limit: 1'");
      } else {
        rule.limit = 1;
      }
    }
  }
  if (const Entry* m = map->find("max")) {
    rule.max = points(m->value, "max", what);
    if (rule.max && *rule.max < 0) {
      error(at(m->value), "'max' in " + what + " must not be negative");
    }
  }
  if (!rule.id.empty()) set.rules.push_back(std::move(rule));
}

void Loader::read_exclusives(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) {
    auto map = as_map(node, "an exclusive group");
    if (!map) continue;
    Exclusive x;
    x.where = map->where;
    x.id = read_id(*map, "exclusive group", &seen);
    const std::string what = x.id.empty() ? "an exclusive group" : "exclusive group '" + x.id + "'";
    check_keys(*map, kExclusiveKeys, what);
    x.label = read_label(*map, x.id, what);
    const Entry* rules = map->find("rules");
    if (!rules) {
      error(map->where, what + " needs 'rules' listing at least two rule ids");
      continue;
    }
    auto refs = names(*rules, what);
    if (!refs) continue;
    if (refs->size() < 2) {
      error(at(rules->value), what + " needs at least two rules");
    }
    Names ids;
    for (const auto& r : set.rules) ids.push_back(r.id);
    std::string category;
    std::set<std::string> listed;
    for (const auto& ref : *refs) {
      const int index = set.rule_index(ref.value);
      if (index < 0) {
        error(ref.where, "unknown rule '" + ref.value + "' in " + what + did_you_mean(ref.value, ids));
        continue;
      }
      if (!listed.insert(ref.value).second) {
        error(ref.where, "rule '" + ref.value + "' is listed twice in " + what);
        continue;
      }
      const std::string& c = set.rules[static_cast<std::size_t>(index)].category;
      if (category.empty()) {
        category = c;
      } else if (c != category) {
        error(ref.where, "rule '" + ref.value + "' in " + what + " is in category '" + c +
                             "', the others in '" + category + "'; exclusive rules share a category");
      }
      x.rules.push_back(ref.value);
    }
    if (!x.id.empty()) set.exclusives.push_back(std::move(x));
  }
}

void Loader::read_minimums(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) {
    auto map = as_map(node, "a minimum");
    if (!map) continue;
    Minimum m;
    m.where = map->where;
    m.id = read_id(*map, "minimum", &seen);
    const std::string what = m.id.empty() ? "a minimum" : "minimum '" + m.id + "'";
    check_keys(*map, kMinimumKeys, what);
    m.label = read_label(*map, m.id, what);
    m.when = read_when(*map, what, true);
    if (const Entry* a = map->find("at_least")) {
      if (auto n = integer(*a, what, 1, 1000000)) m.at_least = *n;
    }
    if (const Entry* p = map->find("per")) {
      if (auto per = read_per(*p, what)) m.per = *per;
    }
    if (const Entry* p = map->find("prorate")) {
      if (auto b = boolean(*p, what)) m.prorate = *b;
    }
    const Entry* penalty = map->find("penalty");
    if (penalty) {
      const std::string in = "'penalty' of " + what;
      if (auto pm = as_map(penalty->value, in)) {
        check_keys(*pm, kPenaltyKeys, in);
        const Entry* p = pm->find("points");
        const Entry* c = pm->find("category");
        if (!p || !c) {
          error(pm->where, in + " needs 'points' (lost when unmet) and 'category'");
        }
        if (p) {
          if (auto amount = points(p->value, "points", in)) {
            if (*amount <= 0) {
              error(at(p->value), "'points' in " + in + " is the amount lost: write it as a positive number");
            } else {
              m.penalty = *amount;
            }
          }
        }
        if (c) {
          if (auto id = scalar(*c, in)) {
            m.category = *id;
            check_category_ref({*id, at(c->value)}, set, in);
          }
        }
      }
    }
    const Entry* grade = map->find("grade");
    if (grade) {
      if (auto label = scalar(*grade, what)) {
        m.grade = *label;
        check_grade_ref({*label, at(grade->value)}, set, what);
      }
    }
    if (!penalty && !grade) {
      error(map->where, what + " needs a 'penalty' or a 'grade' (what happens when it is unmet)");
    }
    if (!m.id.empty()) set.minimums.push_back(std::move(m));
  }
}

void Loader::read_vetoes(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) {
    auto map = as_map(node, "a veto");
    if (!map) continue;
    Veto v;
    v.where = map->where;
    v.id = read_id(*map, "veto", &seen);
    const std::string what = v.id.empty() ? "a veto" : "veto '" + v.id + "'";
    check_keys(*map, kVetoKeys, what);
    v.label = read_label(*map, v.id, what);
    v.when = read_when(*map, what, true);
    if (const Entry* g = map->find("grade")) {
      if (auto label = scalar(*g, what)) {
        v.grade = *label;
        check_grade_ref({*label, at(g->value)}, set, what);
      }
    }
    if (const Entry* z = map->find("zero_total")) {
      if (auto b = boolean(*z, what)) v.zero_total = *b;
    }
    if (!v.id.empty()) set.vetoes.push_back(std::move(v));
  }
}

std::optional<Quota> Loader::read_quota(const Entry& e, const std::string& what) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  Quota quota;
  quota.where = at(e.value);
  if (!text->empty() && text->back() == '%') {
    // A share: "15%" or "12.5%", of the graded members, rounded down.
    auto f = parse_fraction(text->substr(0, text->size() - 1));
    if (!f || f->den > std::numeric_limits<std::int64_t>::max() / 100 || f->num > f->den * 100) {
      error(at(e.value), "'quota' in " + what + " must be a share from 0% to 100% or a whole "
                             "number of members, got '" + *text + "'");
      return std::nullopt;
    }
    quota.share = Fraction{f->num, f->den * 100};
    return quota;
  }
  auto n = parse_points(*text, 0);
  if (!n || *n < 0) {
    error(at(e.value), "'quota' in " + what + " must be a share like 15% or a whole number of "
                           "members, got '" + *text + "'");
    return std::nullopt;
  }
  quota.is_count = true;
  quota.count = *n;
  return quota;
}

std::optional<BoundaryTies> Loader::read_boundary_ties(const Entry& e, const std::string& what) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  if (*text == "exclude") return BoundaryTies::Exclude;
  if (*text == "include") return BoundaryTies::Include;
  error(at(e.value), "'" + e.key.Scalar() + "' in " + what + " must be exclude or include, got '" +
                         *text + "'" + did_you_mean(*text, {"exclude", "include"}));
  return std::nullopt;
}

void Loader::read_commendations(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) {
    auto map = as_map(node, "a commendation list");
    if (!map) continue;
    Commendation c;
    c.where = map->where;
    c.id = read_id(*map, "commendation list", &seen);
    const std::string what = c.id.empty() ? "a commendation list" : "commendation list '" + c.id + "'";
    check_keys(*map, kCommendationKeys, what);
    c.label = read_label(*map, c.id, what);
    if (const Entry* top = map->find("top")) {
      if (auto n = integer(*top, what, 1, 1000000)) c.top = *n;
    } else {
      error(map->where, what + " needs 'top' (how many members the list names)");
    }
    if (const Entry* t = map->find("ties")) {
      if (auto ties = read_boundary_ties(*t, what)) c.ties = *ties;
    }
    if (const Entry* el = map->find("eligible")) {
      const std::string in = "'eligible' of " + what;
      if (auto rules = as_map(el->value, in)) {
        check_keys(*rules, kEligibleKeys, in);
        if (const Entry* v = rules->find("no_veto")) {
          if (auto b = boolean(*v, in)) c.no_veto = *b;
        }
        if (const Entry* v = rules->find("minimums_met")) {
          if (auto b = boolean(*v, in)) c.minimums_met = *b;
        }
        if (const Entry* v = rules->find("served_at_least")) {
          if (auto text = scalar(*v, in)) {
            auto f = parse_fraction(*text);
            if (!f || f->num > f->den) {
              error(at(v->value), "'served_at_least' in " + in + " must be a part of the period "
                                      "from 0 to 1 (like 0.5 or 1/2), got '" + *text + "'");
            } else {
              c.served_at_least = *f;
            }
          }
        }
        if (const Entry* v = rules->find("grades")) {
          if (auto refs = names(*v, in)) {
            for (const auto& ref : *refs) {
              check_grade_ref(ref, set, in);
              c.grades.push_back(ref.value);
            }
          }
        }
      }
    }
    if (!c.id.empty()) set.commendations.push_back(std::move(c));
  }
}

void Loader::read_ranking(const Entry& e, RuleSet& set) {
  const std::string what = "'ranking'";
  auto map = as_map(e.value, what);
  if (!map) return;
  check_keys(*map, kRankingKeys, what);
  if (const Entry* t = map->find("ties")) {
    if (auto text = scalar(*t, what)) {
      if (*text == "competition") set.ranking.ties = TieMode::Competition;
      else if (*text == "dense") set.ranking.ties = TieMode::Dense;
      else if (*text == "ordinal") set.ranking.ties = TieMode::Ordinal;
      else
        error(at(t->value), "'ties' in 'ranking' must be competition, dense or ordinal, got '" + *text +
                                "'" + did_you_mean(*text, {"competition", "dense", "ordinal"}));
    }
  }
  if (const Entry* tb = map->find("tie_break")) {
    if (auto refs = names(*tb, what)) {
      for (const auto& ref : *refs) {
        check_category_ref(ref, set, "'tie_break'");
        set.ranking.tie_break.push_back(ref.value);
      }
    }
  }
  if (const Entry* v = map->find("vetoed")) {
    if (auto text = scalar(*v, what)) {
      if (*text == "normal") set.ranking.vetoed = VetoedRank::Normal;
      else if (*text == "last") set.ranking.vetoed = VetoedRank::Last;
      else if (*text == "unranked") set.ranking.vetoed = VetoedRank::Unranked;
      else
        error(at(v->value), "'vetoed' in 'ranking' must be normal, last or unranked, got '" + *text +
                                "'" + did_you_mean(*text, {"normal", "last", "unranked"}));
    }
  }
}

// --- across_years (§14) and groups (§15) ---

std::vector<Condition> Loader::read_conditions(const Entry& e, const std::string& what) {
  std::vector<Condition> out;
  if (e.value.IsSequence() && e.value.size() > 0) {
    for (const auto& item : e.value) {
      if (auto c = read_condition(item, what)) out.push_back(std::move(*c));
    }
  } else if (e.value.IsMap()) {
    if (auto c = read_condition(e.value, what)) out.push_back(std::move(*c));
  } else {
    error(e.value.IsNull() ? at(e.key) : at(e.value),
          "'" + e.key.Scalar() + "' in " + what +
              " must be a map (kind: ..., status: ...) or a list of such maps");
  }
  return out;
}

std::optional<Granularity> Loader::read_per(const Entry& p, const std::string& what) {
  auto text = scalar(p, what);
  if (!text) return std::nullopt;
  static const std::map<std::string, Granularity> kPer{{"period", Granularity::Whole},
                                                       {"year", Granularity::Whole},
                                                       {"half", Granularity::HalfYear},
                                                       {"quarter", Granularity::Quarter},
                                                       {"month", Granularity::Month}};
  auto it = kPer.find(*text);
  if (it == kPer.end()) {
    error(at(p.value), "'per' in " + what + " must be period, year, half, quarter or month, got '" +
                           *text + "'" +
                           did_you_mean(*text, {"period", "year", "half", "quarter", "month"}));
    return std::nullopt;
  }
  return it->second;
}

std::optional<AcrossTest> Loader::read_across_test(const Node& node, const RuleSet& set,
                                                   const std::string& what) {
  const std::string in = "a test of " + what;
  auto map = as_map(node, in);
  if (!map) return std::nullopt;
  check_keys(*map, kAcrossTestKeys, in);
  AcrossTest t;
  t.where = map->where;
  const Entry* below = map->find("total_below");
  const Entry* grade = map->find("grade");
  const Entry* count = map->find("count");
  if ((below ? 1 : 0) + (grade ? 1 : 0) + (count ? 1 : 0) != 1) {
    error(map->where, in + " needs exactly one of 'total_below', 'grade' and 'count'");
    return std::nullopt;
  }
  if (below) {
    t.kind = AcrossTest::Kind::TotalBelow;
    if (auto p = points(below->value, "total_below", in)) t.amount = *p;
  } else if (grade) {
    t.kind = AcrossTest::Kind::Grade;
    if (auto refs = names(*grade, in)) {
      for (const auto& ref : *refs) {
        check_grade_ref(ref, set, in);
        t.grades.push_back(ref.value);
      }
    }
  } else {
    t.kind = AcrossTest::Kind::Count;
    t.count = read_conditions(*count, what);
    const Entry* fewer = map->find("fewer_than");
    const Entry* least = map->find("at_least");
    if ((fewer ? 1 : 0) + (least ? 1 : 0) != 1) {
      error(map->where, in + " with 'count' needs exactly one of 'fewer_than' and 'at_least'");
    }
    if (fewer) {
      if (auto n = integer(*fewer, in, 1, 1000000)) t.fewer_than = *n;
    }
    if (least) {
      if (auto n = integer(*least, in, 1, 1000000)) t.at_least = *n;
    }
  }
  if (!count) {
    if (map->find("fewer_than") || map->find("at_least")) {
      error(map->where, in + ": 'fewer_than' and 'at_least' go with 'count'");
    }
  }
  if (const Entry* y = map->find("years_in_a_row")) {
    if (auto n = integer(*y, in, 1, 100)) t.years_in_a_row = static_cast<int>(*n);
  }
  return t;
}

void Loader::read_across_years(const Entry& e, RuleSet& set) {
  std::set<std::string> seen;
  for (const Node& node : sequence(e, "the rule file")) {
    auto map = as_map(node, "an across-years rule");
    if (!map) continue;
    AcrossYearsRule r;
    r.where = map->where;
    r.id = read_id(*map, "across-years rule", &seen);
    const std::string what = r.id.empty() ? "an across-years rule" : "across-years rule '" + r.id + "'";
    check_keys(*map, kAcrossRuleKeys, what);
    r.label = read_label(*map, r.id, what);
    if (const Entry* o = map->find("over")) {
      if (auto text = scalar(*o, what)) {
        if (*text == "term") r.over_term = true;
        else if (*text != "year")
          error(at(o->value), "'over' in " + what + " must be year or term, got '" + *text + "'" +
                                  did_you_mean(*text, {"year", "term"}));
      }
    }
    const Entry* when = map->find("when");
    const Entry* when_any = map->find("when_any");
    const Entry* when_all = map->find("when_all");
    if ((when ? 1 : 0) + (when_any ? 1 : 0) + (when_all ? 1 : 0) != 1) {
      error(map->where, what + " needs exactly one of 'when' (one test), 'when_all' and 'when_any' (lists of tests)");
    }
    if (when) {
      if (auto t = read_across_test(when->value, set, what)) r.tests.push_back(std::move(*t));
    }
    for (const Entry* list : {when_all, when_any}) {
      if (!list) continue;
      r.any = list == when_any;
      const auto items = sequence(*list, what);
      if (items.empty()) error(at(list->key), "'" + list->key.Scalar() + "' in " + what + " needs at least one test");
      for (const Node& item : items) {
        if (auto t = read_across_test(item, set, what)) r.tests.push_back(std::move(*t));
      }
    }
    for (const auto& t : r.tests) {
      if (r.over_term && t.kind == AcrossTest::Kind::Count && t.years_in_a_row != 1) {
        error(t.where, "'years_in_a_row' in " + what + " has no meaning for a count over the term");
      }
    }
    if (!r.id.empty()) set.across_years.push_back(std::move(r));
  }
}

void Loader::read_groups(const Entry& e, RuleSet& set) {
  const std::string what = "'groups'";
  auto map = as_map(e.value, what);
  if (!map) return;
  check_keys(*map, kGroupKeys, what);
  GroupScoring& g = set.groups;
  g.enabled = true;
  g.where = map->where;
  if (const Entry* b = map->find("by")) {
    if (auto text = scalar(*b, what)) {
      if (*text == "sector") g.by_sector = true;
      else if (*text != "group")
        error(at(b->value), "'by' in 'groups' must be group or sector, got '" + *text + "'" +
                                did_you_mean(*text, {"group", "sector"}));
    }
  }
  if (const Entry* t = map->find("members_total")) {
    if (auto text = scalar(*t, what)) {
      if (*text == "average") g.members_total = true;
      else if (*text != "none")
        error(at(t->value), "'members_total' in 'groups' must be average or none, got '" + *text + "'");
    }
  }
  if (const Entry* m = map->find("members_meeting_minimums")) {
    if (auto p = points(m->value, "members_meeting_minimums", what)) g.minimums_points = *p;
  }
  std::set<std::string> seen;
  if (const Entry* q = map->find("quotas")) {
    for (const Node& node : sequence(*q, what)) {
      auto qm = as_map(node, "a group quota");
      if (!qm) continue;
      GroupQuota quota;
      quota.where = qm->where;
      quota.id = read_id(*qm, "group quota", &seen);
      const std::string in = quota.id.empty() ? "a group quota" : "group quota '" + quota.id + "'";
      check_keys(*qm, kGroupQuotaKeys, in);
      quota.label = read_label(*qm, quota.id, in);
      quota.when = read_when(*qm, in, true);
      if (const Entry* a = qm->find("at_least")) {
        if (auto n = integer(*a, in, 1, 1000000)) quota.at_least = *n;
      }
      if (const Entry* p = qm->find("per")) {
        if (auto per = read_per(*p, in)) quota.per = *per;
      }
      if (const Entry* pm = qm->find("per_member")) {
        if (auto b = boolean(*pm, in)) quota.per_member = *b;
      }
      const Entry* pts = qm->find("points");
      const Entry* pen = qm->find("penalty");
      if (pts) {
        if (auto p = points(pts->value, "points", in)) quota.points = *p;
      }
      if (pen) {
        if (auto p = points(pen->value, "penalty", in)) {
          if (*p <= 0) error(at(pen->value), "'penalty' in " + in + " is the amount lost: write it as a positive number");
          else quota.penalty = *p;
        }
      }
      if (!pts && !pen) error(qm->where, in + " needs 'points' (per sub-period met) and/or 'penalty' (per sub-period unmet)");
      if (!quota.id.empty()) g.quotas.push_back(std::move(quota));
    }
  }
}

}  // namespace

std::optional<RuleSet> load_rules(const std::string& text, const std::string& file,
                                  Problems& problems) {
  // A rule file must never take the program down: anything unexpected from
  // the YAML library becomes one more error.
  try {
    return Loader(file, text, problems).load(text);
  } catch (const YAML::Exception& e) {
    Location where{file, 0, 0, {}};
    if (!e.mark.is_null()) where = Location{file, e.mark.line + 1, e.mark.column + 1, {}};
    problems.error(where, "could not read the rule file: " + e.msg);
  } catch (const std::exception& e) {
    problems.error(Location{file, 0, 0, {}}, std::string("could not read the rule file: ") + e.what());
  }
  return std::nullopt;
}

std::optional<RuleSet> load_rules_file(const std::string& path, Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path, 0, 0, {}}, "cannot open the rule file");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the rule file");
    return std::nullopt;
  }
  return load_rules(buffer.str(), path, problems);
}

}  // namespace dutyscore
