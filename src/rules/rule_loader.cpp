// load_rules(): reads a rule set from YAML into the RuleSet model, checking
// every key and value and placing each problem at its line and column. This
// file holds the top level of the rule file and `period` (docs/rules.md §3);
// each other section has its file (src/rules/loader.h lists them).
#include "dutyscore/rule_loader.h"

#include <fstream>
#include <sstream>

#include "rules/loader.h"
#include "rules/rule_lint.h"

namespace dutyscore {

namespace detail {

namespace {

const Names kTopKeys{"id",           "name",          "precision", "period",
                     "categories",   "rules",         "exclusive", "minimums",
                     "vetoes",       "grades",        "ranking",   "across_years",
                     "groups",       "commendations", "term_years", "parts",
                     "not_serving",  "prorate_rounding", "blank_position", "names",
                     "office"};
const Choices<Rounding> kRoundings{
    {"half_up", Rounding::HalfUp}, {"up", Rounding::Up}, {"down", Rounding::Down}};
const Names kPeriodKeys{"year", "from", "to"};

}  // namespace

std::optional<RuleSet> Loader::load() {
  const std::size_t errors_before = problems_.error_count();
  RuleSet set;
  set.source_file = file_;
  set.source_text = text_;

  const auto root = parse("the rule file is empty; it needs at least 'id' and 'categories'");
  if (!root) return std::nullopt;
  auto top = as_map(*root, "the rule file", kTopKeys);
  if (!top) return std::nullopt;

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
  if (const Entry* e = top->find("prorate_rounding")) {
    if (auto rounding = choice(*e, "the rule file", kRoundings)) set.prorate_rounding = *rounding;
  }
  if (const Entry* e = top->find("blank_position")) {
    if (auto p = integer(*e, "the rule file", 1, 65535))
      set.blank_position = static_cast<std::uint16_t>(*p);
  }
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
  if (const Entry* e = top->find("names")) read_names(*e, set);
  if (const Entry* e = top->find("office")) {
    if (auto office = as_map(e->value, "'office'")) read_office(*office, set.office, "'office'");
  }
  if (const Entry* e = top->find("parts")) read_parts(*e, set);
  // Last: it adds its grade after the bands everything else may name.
  if (const Entry* e = top->find("not_serving")) read_not_serving(*e, set);

  if (problems_.error_count() != errors_before) return std::nullopt;
  lint_rules(set, problems_);  // src/rules/rule_lint.cpp: shadowed rules, grade gaps
  return set;
}

std::optional<YAML::Node> Loader::parse(const std::string& if_empty) {
  YAML::Node root;
  try {
    root = YAML::Load(text_);
  } catch (const YAML::Exception& e) {
    error(at(e.mark), "not valid YAML: " + e.msg);
    return std::nullopt;
  }
  if (!root.IsDefined() || root.IsNull()) {
    error(Location{file_, 1, 1, {}}, if_empty);
    return std::nullopt;
  }
  return root;
}

void Loader::read_period(const Entry& e, RuleSet& set) {
  const std::string what = "'period'";
  auto map = as_map(e.value, what, kPeriodKeys);
  if (!map) return;
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

}  // namespace detail

std::optional<RuleSet> load_rules(const std::string& text, const std::string& file,
                                  Problems& problems) {
  // A rule file must never take the program down: anything unexpected from
  // the YAML library becomes one more error.
  try {
    return detail::Loader(file, text, problems).load();
  } catch (const YAML::Exception& e) {
    Location where{file, 0, 0, {}};
    if (!e.mark.is_null()) where = Location{file, e.mark.line + 1, e.mark.column + 1, {}};
    problems.error(where, "could not read the rule file: " + e.msg);
  } catch (const std::exception& e) {
    problems.error(Location{file, 0, 0, {}}, std::string("could not read the rule file: ") + e.what());
  }
  return std::nullopt;
}

std::optional<std::string> detail::read_whole_file(const std::string& path, const std::string& noun,
                                                  Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path, 0, 0, {}}, "cannot open the " + noun);
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the " + noun);
    return std::nullopt;
  }
  return buffer.str();
}

std::optional<RuleSet> load_rules_file(const std::string& path, Problems& problems) {
  const auto text = detail::read_whole_file(path, "rule file", problems);
  if (!text) return std::nullopt;
  return load_rules(*text, path, problems);
}

}  // namespace dutyscore
