// The value types of a rule file (docs/rules.md §2), read the same way in
// every section: each reader places its own message and the sections only
// say what they expect.
#include <algorithm>
#include <cctype>
#include <limits>

#include "base/text_util.h"
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

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

// "a, b or c".
std::string either(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

Loader::Loader(const std::string& file, const std::string& text, Problems& problems,
               std::string noun)
    : file_(file), text_(text), noun_(std::move(noun)), problems_(problems) {
  line_starts_.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

// yaml-cpp counts columns in bytes; clerks' editors count characters, and a
// Chinese label is 3 bytes a character, so convert.

Location Loader::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return Location{file_, 0, 0, {}};
  int column = mark.column + 1;
  const auto line = static_cast<std::size_t>(mark.line);
  if (line < line_starts_.size()) {
    const std::size_t begin = line_starts_[line];
    const std::size_t end = std::min(text_.size(), begin + static_cast<std::size_t>(mark.column));
    // Places are asked in file order, many on one line of a flow-style
    // file: counting on from the last place on the same line keeps the
    // whole load linear in the line's length.
    if (memo_.line != line || memo_.byte > end) memo_ = ColumnMemo{line, begin, 1};
    for (std::size_t i = memo_.byte; i < end; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++memo_.column;
    }
    memo_.byte = end;
    column = memo_.column;
  }
  return Location{file_, mark.line + 1, column, {}};
}

bool Loader::contains(const Names& names, const std::string& value) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

std::string Loader::did_you_mean(const std::string& word, const Names& candidates) {
  return detail::did_you_mean(word, candidates);
}

std::optional<Loader::MapView> Loader::as_map(const YamlNode& node, const std::string& what) {
  if (!node.IsMap()) {
    error(at(node), what + " must be a map of 'key: value' lines");
    return std::nullopt;
  }
  MapView view;
  view.where = at(node);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YamlNode key = node.key(i);
    if (!key.IsScalar()) {
      error(at(key), "a key in " + what + " must be plain text");
      continue;
    }
    const std::string name = key.Scalar();
    if (view.entries.count(name) != 0) {
      error(at(key), "duplicate key '" + name + "' in " + what);
      continue;
    }
    view.entries.emplace(name, Entry{key, node.value(i)});
  }
  return view;
}

std::optional<Loader::MapView> Loader::as_map(const YamlNode& node, const std::string& what,
                                              const Names& keys) {
  auto map = as_map(node, what);
  if (map) check_keys(*map, keys, what);
  return map;
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

std::optional<Points> Loader::points(const YamlNode& value, const std::string& key,
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

std::vector<YamlNode> Loader::sequence(const Entry& e, const std::string& what) {
  if (e.value.IsNull()) return {};  // "rules:" with nothing under it: an empty list
  if (!e.value.IsSequence()) {
    error(at(e.value), "'" + e.key.Scalar() + "' in " + what + " must be a list ('- ' items)");
    return {};
  }
  std::vector<YamlNode> items;
  for (const auto& item : e.value) items.push_back(item);
  return items;
}

std::optional<std::size_t> Loader::one_of(const Entry& e, const std::string& what,
                                          const Names& words) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  const auto it = std::find(words.begin(), words.end(), *text);
  if (it != words.end()) return static_cast<std::size_t>(it - words.begin());
  error(at(e.value), "'" + e.key.Scalar() + "' in " + what + " must be " + either(words) +
                         ", got '" + *text + "'" + did_you_mean(*text, words));
  return std::nullopt;
}

std::optional<Fraction> Loader::share_value(const Entry& e, const std::string& what,
                                            bool at_most_one) {
  auto text = scalar(e, what);
  if (!text) return std::nullopt;
  std::optional<Fraction> f;
  if (!text->empty() && text->back() == '%') {
    f = parse_fraction(text->substr(0, text->size() - 1));
    if (f && f->den <= std::numeric_limits<std::int64_t>::max() / 100) f->den *= 100;
    else f.reset();
  } else {
    f = parse_fraction(*text);
  }
  // Large terms would overflow the cross-multiplications that compare
  // shares exactly; real shares are a few digits.
  constexpr std::int64_t kLargest = 1'000'000'000;
  const std::string key = e.key.Scalar();
  if (!f || f->num > kLargest || f->den > kLargest * 100) {
    error(at(e.value), "'" + key + "' in " + what +
                           " must be a share like 90%, 9/10 or 0.9, got '" + *text + "'");
    return std::nullopt;
  }
  if (at_most_one && f->num > f->den) {
    error(at(e.value), "'" + key + "' in " + what + " must not be more than 100%, got '" + *text +
                           "'");
    return std::nullopt;
  }
  return f;
}

// How often a minimum or a quota is counted: once, or per sub-period.
std::optional<Granularity> Loader::read_per(const Entry& p, const std::string& what) {
  static const Choices<Granularity> kPer{{"period", Granularity::Whole},
                                         {"year", Granularity::Whole},
                                         {"half", Granularity::HalfYear},
                                         {"quarter", Granularity::Quarter},
                                         {"month", Granularity::Month}};
  return choice(p, what, kPer);
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

}  // namespace dutyscore::detail
