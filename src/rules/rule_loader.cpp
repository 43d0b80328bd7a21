// load_rules(): reads a rule set from YAML into the RuleSet model, checking
// every key and value and placing each problem at its line and column. This
// file holds the top level of the rule file and `period` (docs/rules.md §3);
// each other section has its file (src/rules/loader.h lists them).
#include "dutyscore/rule_loader.h"

#include <algorithm>
#include <string_view>

#include "dutyscore/encoding.h"

#include "base/file_read.h"
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

// The longest key YAML reads as a plain key (a longer one is a syntax error
// that yaml-cpp words as "illegal map value").
constexpr std::size_t kMaxKeyLength = 1024;

// Lines that start a YAML document ("---", "--- # note", "--- {…}").
bool is_document_start(std::string_view line) {
  return line.size() >= 3 && line.compare(0, 3, "---") == 0 &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

}  // namespace

Location Loader::at_byte(std::size_t offset) const {
  const auto line = static_cast<std::size_t>(
      std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin() - 1);
  YAML::Mark mark;
  mark.line = static_cast<int>(line);
  mark.column = static_cast<int>(offset - line_starts_[line]);
  return at(mark);
}

bool Loader::check_text() {
  const std::string_view text(text_);
  // A NUL byte: UTF-16 (every other byte is 0 in Latin and CJK text
  // alike) or not a text file at all.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const bool utf16 = text.size() >= 2 && (text.compare(0, 2, "\xFF\xFE") == 0 ||
                                            text.compare(0, 2, "\xFE\xFF") == 0 || nul <= 1);
    if (utf16) error(Location{file_, 1, 1, {}}, "the " + noun_ + " is UTF-16 text: save it as UTF-8");
    else error(at_byte(nul), "the " + noun_ + " holds a NUL byte: it is not a text file");
    return false;
  }
  if (const auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    static const char* const hex = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(text[bad]);
    error(at_byte(bad), "the " + noun_ + " is not valid UTF-8 (byte 0x" + hex[byte >> 4] +
                            hex[byte & 15] +
                            "): it was saved in another encoding (GB18030 or Latin-1?); save it "
                            "as UTF-8");
    return false;
  }
  for (std::size_t cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r', cr + 1)) {
    if (cr + 1 < text.size() && text[cr + 1] == '\n') continue;
    error(at_byte(cr), "a line ends with a lone CR (an old Mac line end), which YAML does not "
                       "read as a line break: save the file with LF or CRLF line ends");
    return false;
  }
  return true;
}

void Loader::explain_syntax_error(const YAML::Exception& e) {
  // Words for the syntax errors clerks make, which yaml-cpp reports only
  // as "illegal block entry" or "illegal map value": a tab in the
  // indentation, a key too long to be a key.
  const auto error_line = static_cast<std::size_t>(std::max(0, e.mark.line));
  for (std::size_t line = 0; line < line_starts_.size() && line <= error_line; ++line) {
    for (std::size_t i = line_starts_[line]; i < text_.size(); ++i) {
      if (text_[i] == '\t') {
        error(at_byte(i), "a tab in the indentation: YAML indents with spaces only; replace "
                          "the tab with spaces");
        return;
      }
      if (text_[i] != ' ') break;
    }
  }
  if (error_line < line_starts_.size()) {
    const std::size_t begin = line_starts_[error_line];
    const std::size_t end = std::min(text_.find('\n', begin), text_.size());
    const std::size_t colon = text_.find(':', begin);
    if (colon < end && colon - begin > kMaxKeyLength) {
      error(at_byte(begin), "a key of " + std::to_string(colon - begin) +
                                " characters: YAML reads keys of at most " +
                                std::to_string(kMaxKeyLength) + "; shorten it");
      return;
    }
  }
  error(at(e.mark), "not valid YAML: " + e.msg);
}

bool Loader::check_tree(const YamlNode& root) {
  // Every value once, aliases (*name) expanded as the readers below will
  // walk them: a few lines of nested aliases can stand for billions of
  // values, so the walk stops at a budget proportionate to the file.
  const std::size_t budget = std::max<std::size_t>(100000, text_.size() / 2);
  std::size_t seen = 0;
  std::vector<YamlNode> stack{root};
  while (!stack.empty()) {
    const YamlNode node = stack.back();
    stack.pop_back();
    if (++seen > budget) {
      error(at(node),
            "the " + noun_ + " holds more than " + std::to_string(budget) +
                " values once its aliases (*name) are expanded: write the " + noun_ + " out "
                "without nested aliases");
      return false;
    }
    if (node.IsScalar()) {
      for (const char c : node.scalar_view()) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
          static const char* const hex = "0123456789ABCDEF";
          error(at(node), std::string("the value holds the control character U+00") +
                              hex[u >> 4] + hex[u & 15] +
                              " (a backslash escape in quotes): remove it; ids and labels are "
                              "printed on notices");
          return false;
        }
      }
    } else if (node.IsSequence()) {
      for (const auto& item : node) stack.push_back(item);
    } else if (node.IsMap()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        stack.push_back(node.key(i));
        stack.push_back(node.value(i));
      }
    }
  }
  return true;
}

std::optional<RuleSet> Loader::load() {
  const std::size_t errors_before = problems_.error_count();
  RuleSet set;
  set.source_file = file_;  // source_text: set by the caller, once the tree is freed

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

  top.reset();
  tree_.reset();  // the rule set holds what it needs: free the tree before the lint
  if (problems_.error_count() != errors_before) return std::nullopt;
  lint_rules(set, problems_);  // src/rules/rule_lint.cpp: shadowed rules, grade gaps
  return set;
}

std::optional<YamlNode> Loader::parse(const std::string& if_empty) {
  if (!check_text()) return std::nullopt;
  // A second document, found by its '---' line after content: yaml-cpp's
  // LoadAll never returns on some inputs (",a": yaml-cpp issue #1040), so
  // only the first document is parsed.
  bool content = false;
  for (std::size_t line = 0; line < line_starts_.size(); ++line) {
    const std::size_t begin = line_starts_[line];
    const std::string_view text(text_.data() + begin,
                                std::min(text_.find('\n', begin), text_.size()) - begin);
    if (is_document_start(text) && content) {
      error(at_byte(begin),
            noun_ == "rule file"
                ? "a second YAML document starts here ('---'): a rule file holds one rule set; "
                  "remove this line, or put the second rule set in a file of its own"
                : "a second YAML document starts here ('---'): an " + noun_ +
                      " holds one document; remove this line");
      return std::nullopt;
    }
    const auto first = text.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && text[first] != '#' && !is_document_start(text))
      content = true;
  }
  try {
    tree_.emplace(text_);
  } catch (const YAML::Exception& e) {
    explain_syntax_error(e);
    return std::nullopt;
  }
  const YamlNode root = tree_->root();
  // yaml-cpp reads some text that is not YAML (a line starting with ',')
  // as an empty document: that is not an empty file.
  if ((!root.IsDefined() || root.IsNull()) && content) {
    const bool rules = noun_ == "rule file";
    error(Location{file_, 1, 1, {}},
          std::string("not valid YAML: the file has text, but it does not read as ") +
              (rules ? "a rule set" : "an office block") +
              " (a line may start with a character YAML does not allow there, such as ','); "
              "compare it with " +
              (rules ? "rules/default.yaml" : "the office block in docs/rules.md"));
    return std::nullopt;
  }
  if (!check_tree(root)) return std::nullopt;
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
    if (auto y = integer(*year, what, kFirstSupportedYear, kLastSupportedYear)) {
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
    if (supported_day_problem(*day)) {
      error(at(d->value), "'" + d->key.Scalar() + "' in 'period' is " + *text +
                              ", outside the dates dutyscore supports (" + supported_range_text() +
                              ")");
      continue;
    }
    (d == from ? first : last) = day;
  }
  if (!first || !last) return;
  if (*first > *last) {
    error(at(to->value), "'period' ends before it starts");
    return;
  }
  if (auto problem = period_problem(Period{*first, *last})) {
    error(at(to->value), "'period': " + *problem);
    return;
  }
  set.period = Period{*first, *last};
}

namespace {

// load_rules() without RuleSet::source_text, which the callers fill: by a
// copy, or by moving the text read from the file.
std::optional<RuleSet> read_rule_set(const std::string& text, const std::string& file,
                                     Problems& problems, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    problems.error(Location{file, 0, 0, {}},
                   "the rule file is larger than " + byte_count_text(max_bytes) +
                       ", the limit for a rule file (--max-rule-bytes raises it)");
    return std::nullopt;
  }
  // A rule file must never take the program down: anything unexpected from
  // the YAML library becomes one more error.
  try {
    return Loader(file, text, problems).load();
  } catch (const YAML::Exception& e) {
    Location where{file, 0, 0, {}};
    if (!e.mark.is_null()) where = Location{file, e.mark.line + 1, e.mark.column + 1, {}};
    problems.error(where, "could not read the rule file: " + e.msg);
  } catch (const std::exception& e) {
    problems.error(Location{file, 0, 0, {}}, std::string("could not read the rule file: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace
}  // namespace detail

std::optional<RuleSet> load_rules(const std::string& text, const std::string& file,
                                  Problems& problems, std::size_t max_bytes) {
  auto set = detail::read_rule_set(text, file, problems, max_bytes);
  if (set) set->source_text = text;
  return set;
}

std::optional<std::string> detail::read_whole_file(const std::string& path, const std::string& noun,
                                                  Problems& problems, std::size_t max_bytes) {
  std::string text, why;
  if (!detail::read_bounded(path, max_bytes, "--max-rule-bytes", text, why)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the " + noun + ": " + why);
    return std::nullopt;
  }
  return text;
}

std::optional<RuleSet> load_rules_file(const std::string& path, Problems& problems,
                                       std::size_t max_bytes) {
  auto text = detail::read_whole_file(path, "rule file", problems, max_bytes);
  if (!text) return std::nullopt;
  auto set = detail::read_rule_set(*text, path, problems, max_bytes);
  if (set) set->source_text = std::move(*text);  // not a second copy of a large file
  return set;
}

}  // namespace dutyscore
