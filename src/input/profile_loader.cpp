// Profiles from YAML (docs/input.md): every key checked, every problem
// placed at file:line:column, unknown keys and fields with a did-you-mean.
#include <yaml-cpp/exceptions.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "base/text_util.h"
#include "base/yaml_tree.h"
#include "dutyscore/decimal.h"
#include "dutyscore/profile.h"
#include "dutyscore/vocabulary.h"
#include "input/input_rows.h"
#include "input/office_codes.h"
#include "input/office_values.h"

namespace dutyscore {
namespace {

using Names = std::vector<std::string>;
using detail::YamlNode;

const Names kTopKeys = {"description", "standard_words", "values", "members", "records"};
const Names kLayoutKeys = {"name", "sheet", "sheets", "shape", "header_row", "columns",
                           "set", "yes_no", "meetings"};
const Names kMeetingKeys = {"header", "date", "subtype"};
const Names kValueFields = {"kind", "subtype", "status", "level", "flags", "roles"};

constexpr InputField kMemberFields[] = {InputField::MemberId, InputField::Name,
                                        InputField::Unit,     InputField::Sector,
                                        InputField::Group,    InputField::Roles,
                                        InputField::Joined,   InputField::Left};
constexpr InputField kRecordFields[] = {
    InputField::RecordId, InputField::MemberId,   InputField::MemberName,   InputField::Date,
    InputField::Kind,     InputField::Subtype,    InputField::Status,       InputField::Ref,
    InputField::Position, InputField::Level,      InputField::Flags,        InputField::Quantity,
    InputField::Participants, InputField::Words};

template <std::size_t N>
Names names_of(const InputField (&fields)[N]) {
  Names out;
  for (const auto f : fields) out.emplace_back(input_field_name(f));
  return out;
}

// The standard codes of a vocabulary field, for checking a profile's targets.
Names standard_codes(VocabularyField field) {
  Names out;
  for (const Term& t : standard_vocabulary())
    if (t.field == field && std::find(out.begin(), out.end(), t.code) == out.end())
      out.emplace_back(t.code);
  return out;
}

class ProfileLoader {
 public:
  ProfileLoader(const std::string& file, const std::string& text, Problems& problems)
      : file_(file), text_(text), lines_(text), problems_(problems) {}

  std::optional<InputProfile> load();

 private:
  Location at(const YamlNode& node) const { return at(node.Mark()); }
  Location at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return Location{file_};
    return Location{file_, mark.line + 1, lines_.character_column(mark.line, mark.column)};
  }
  void error(const YamlNode& node, const std::string& message) {
    problems_.error(at(node), message);
  }
  void warning(const YamlNode& node, const std::string& message) {
    problems_.warning(at(node), message);
  }

  // The entries of a map, each key checked against `keys` (when given) and
  // for duplicates; false (with an error) when `node` is not a map.
  bool entries(const YamlNode& node, const std::string& what, const Names* keys,
               std::vector<std::pair<YamlNode, YamlNode>>& out);
  std::optional<std::string> scalar(const YamlNode& node, const std::string& what);
  // One text or a list of texts.
  Names texts(const YamlNode& node, const std::string& what);

  void read_values(const YamlNode& node, InputProfile& profile);
  void read_layouts(const YamlNode& node, bool members, std::vector<SourceLayout>& out);
  void read_layout(const YamlNode& node, bool members, std::size_t index,
                   std::vector<SourceLayout>& out);
  void read_meetings(const YamlNode& node, SourceLayout& layout, const std::string& what);
  // Checks codes against the standard vocabulary: a committee may have
  // codes of its own, so a warning (with a did-you-mean).
  void check_codes(const YamlNode& node, VocabularyField field, const std::string& codes,
                   const std::string& what);
  // Once the values are read: every fixed value ('set', a meeting's
  // subtype) means a code.
  void check_fixed_values(const detail::CodeMaps& codes);

  const std::string& file_;
  const std::string& text_;
  detail::LineIndex lines_;
  Problems& problems_;
  std::optional<detail::YamlTree> tree_;  // the parsed profile
  // Nodes of values to check once the whole profile is read.
  std::vector<std::pair<YamlNode, std::string>> set_places_;
};

bool ProfileLoader::entries(const YamlNode& node, const std::string& what, const Names* keys,
                            std::vector<std::pair<YamlNode, YamlNode>>& out) {
  out.clear();
  if (!node.IsMap()) {
    error(node, what + " must be a map of 'key: value' lines");
    return false;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YamlNode key = node.key(i);
    if (!key.IsScalar()) {
      error(key, "a key in " + what + " must be plain text");
      continue;
    }
    const std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      error(key, "duplicate key '" + name + "' in " + what);
      continue;
    }
    if (keys && std::find(keys->begin(), keys->end(), name) == keys->end()) {
      error(key, "unknown key '" + name + "' in " + what + detail::did_you_mean(name, *keys));
      continue;
    }
    out.emplace_back(key, node.value(i));
  }
  return true;
}

std::optional<std::string> ProfileLoader::scalar(const YamlNode& node, const std::string& what) {
  if (!node.IsScalar()) {
    error(node, what + " must be a single value, not a list or map");
    return std::nullopt;
  }
  return node.Scalar();
}

Names ProfileLoader::texts(const YamlNode& node, const std::string& what) {
  Names out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence() && node.size() > 0) {
    for (const auto& item : node) {
      if (auto text = scalar(item, "an item of " + what)) out.push_back(*text);
    }
  } else {
    error(node, what + " must be a text or a list of texts");
  }
  for (const auto& t : out)
    if (detail::trim(t).empty()) error(node, what + " has an empty text");
  return out;
}

void ProfileLoader::check_codes(const YamlNode& node, VocabularyField field,
                                const std::string& codes, const std::string& what) {
  std::vector<std::string_view> parts;
  std::string_view rest = codes;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    if (!rest.substr(0, semi).empty()) parts.push_back(rest.substr(0, semi));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  for (auto part : parts) {
    std::string code(part);
    VocabularyField f = field;
    if (field == VocabularyField::Kind) {
      const auto slash = code.find('/');
      if (slash != std::string::npos) {
        const std::string subtype = code.substr(slash + 1);
        code.resize(slash);
        if (!find_term(VocabularyField::Subtype, subtype, code))
          warning(node, "subtype '" + subtype + "' of " + what + " is not a standard subtype of '" +
                            code + "'" +
                            detail::did_you_mean(subtype, standard_codes(VocabularyField::Subtype)));
      }
    }
    if (find_term(f, code)) continue;
    warning(node, std::string(field_name(f)) + " code '" + code + "' of " + what +
                      " is not in the standard vocabulary (a rule set must name it as it is)" +
                      detail::did_you_mean(code, standard_codes(f)));
  }
}

void ProfileLoader::read_values(const YamlNode& node, InputProfile& profile) {
  std::vector<std::pair<YamlNode, YamlNode>> fields;
  if (!entries(node, "'values'", &kValueFields, fields)) return;
  for (const auto& [key, value] : fields) {
    const InputField field = *input_field_from_name(key.Scalar());
    const std::string what = "'values: " + key.Scalar() + "'";
    std::vector<std::pair<YamlNode, YamlNode>> words;
    if (!entries(value, what, nullptr, words)) continue;
    for (const auto& [word_node, codes_node] : words) {
      const std::string word(detail::trim(word_node.Scalar()));
      const std::string owner = "the word '" + word + "' in " + what;
      std::string codes;
      if (codes_node.IsNull() || (codes_node.IsSequence() && codes_node.size() == 0)) {
        codes.clear();  // a word that means no code (未立案)
      } else {
        for (const auto& code : texts(codes_node, owner)) codes += (codes.empty() ? "" : ";") + code;
      }
      if ((field != InputField::Flags && field != InputField::Roles) &&
          codes.find(';') != std::string::npos)
        error(codes_node, owner + " must mean one code, not several");
      static const std::map<InputField, VocabularyField> kVocabulary = {
          {InputField::Kind, VocabularyField::Kind},     {InputField::Subtype, VocabularyField::Subtype},
          {InputField::Status, VocabularyField::Status}, {InputField::Level, VocabularyField::Level},
          {InputField::Flags, VocabularyField::Flag},    {InputField::Roles, VocabularyField::Role}};
      check_codes(codes_node, kVocabulary.at(field), codes, owner);
      profile.values[field][word] = codes;
    }
  }
}

void ProfileLoader::read_meetings(const YamlNode& node, SourceLayout& layout,
                                  const std::string& what) {
  if (node.IsScalar() && node.Scalar() == "auto") {
    layout.meetings_auto = true;
    return;
  }
  if (!node.IsSequence() || node.size() == 0) {
    error(node, "'meetings' in " + what +
                    " must be 'auto' or a list of {header, date, subtype} (one per meeting column)");
    return;
  }
  for (const auto& item : node) {
    std::vector<std::pair<YamlNode, YamlNode>> keys;
    const std::string owner = "a meeting of " + what;
    if (!entries(item, owner, &kMeetingKeys, keys)) continue;
    GridMeeting meeting;
    bool has_header = false, has_date = false;
    for (const auto& [key, value] : keys) {
      const auto text = scalar(value, "'" + key.Scalar() + "' in " + owner);
      if (!text) continue;
      if (key.Scalar() == "header") {
        meeting.header = *text;
        has_header = true;
      } else if (key.Scalar() == "date") {
        if (const auto day = detail::parse_office_date(*text)) {
          meeting.date = *day;
          has_date = true;
        } else {
          error(value, "'date' in " + owner + " must be a date such as 2025-01-16, got '" + *text + "'");
        }
      } else {
        meeting.subtype = *text;
        set_places_.emplace_back(value, "meeting:" + *text);
      }
    }
    if (!has_header) error(item, owner + " needs 'header' (the column's header)");
    if (!has_date) error(item, owner + " needs 'date'");
    if (meeting.subtype.empty()) meeting.subtype = "other";
    layout.meetings.push_back(std::move(meeting));
  }
}

void ProfileLoader::read_layout(const YamlNode& node, bool members, std::size_t index,
                                std::vector<SourceLayout>& out) {
  const std::string noun = members ? "the members layout" : "records layout";
  std::string what = members ? noun : noun + " " + std::to_string(index + 1);
  std::vector<std::pair<YamlNode, YamlNode>> keys;
  if (!entries(node, what, &kLayoutKeys, keys)) return;
  SourceLayout layout;
  layout.where = at(node);
  const Names field_names = members ? names_of(kMemberFields) : names_of(kRecordFields);
  std::optional<YamlNode> columns_node, set_node, yes_no_node;
  for (const auto& [key, value] : keys) {
    const std::string& k = key.Scalar();
    if (k == "name") {
      if (auto text = scalar(value, "'name' in " + what)) layout.name = *text;
    } else if (k == "sheet" || k == "sheets") {
      for (const auto& s : texts(value, "'" + k + "' in " + what)) layout.sheets.push_back(s);
    } else if (k == "shape") {
      const auto text = scalar(value, "'shape' in " + what);
      if (text && *text == "rows") {
        layout.shape = SourceLayout::Shape::Rows;
      } else if (text && *text == "grid" && !members) {
        layout.shape = SourceLayout::Shape::Grid;
      } else if (text) {
        error(value, "'shape' in " + what + " must be " +
                         (members ? std::string("rows") : std::string("rows or grid")) + ", got '" +
                         *text + "'" + detail::did_you_mean(*text, {"rows", "grid"}));
      }
    } else if (k == "header_row") {
      const auto text = scalar(value, "'header_row' in " + what);
      const auto n = text ? parse_points(*text, 0) : std::nullopt;
      if (text && (!n || *n < 1 || *n > 1000))
        error(value, "'header_row' in " + what + " must be a row number 1..1000, got '" + *text + "'");
      else if (n)
        layout.header_row = static_cast<std::uint32_t>(*n);
    } else if (k == "columns") {
      columns_node = value;
    } else if (k == "set") {
      set_node = value;
    } else if (k == "yes_no") {
      yes_no_node = value;
    } else if (k == "meetings") {
      if (members) error(key, "'meetings' is for grid layouts of records, not " + noun);
      else read_meetings(value, layout, what);
    }
  }
  if (layout.name.empty()) layout.name = layout.sheets.empty() ? what : layout.sheets.front();
  if (!members) what = "records layout '" + layout.name + "'";
  std::vector<std::pair<YamlNode, YamlNode>> items;
  if (columns_node && entries(*columns_node, "'columns' of " + what, &field_names, items)) {
    for (const auto& [key, value] : items)
      layout.columns[*input_field_from_name(key.Scalar())] =
          texts(value, "'" + key.Scalar() + "' in the columns of " + what);
  }
  if (set_node && entries(*set_node, "'set' of " + what, &field_names, items)) {
    for (const auto& [key, value] : items) {
      const auto text = scalar(value, "'" + key.Scalar() + "' in 'set' of " + what);
      if (!text) continue;
      const InputField field = *input_field_from_name(key.Scalar());
      layout.set[field] = *text;
      set_places_.emplace_back(value, key.Scalar() + ":" + *text);
    }
  }
  if (yes_no_node && entries(*yes_no_node, "'yes_no' of " + what, nullptr, items)) {
    for (const auto& [key, value] : items) {
      const auto text = scalar(value, "'" + key.Scalar() + "' in 'yes_no' of " + what);
      if (!text) continue;
      layout.yes_no[key.Scalar()] = *text;
      check_codes(value, members ? VocabularyField::Role : VocabularyField::Flag, *text,
                  "'yes_no' of " + what);
    }
  }
  // What every row needs.
  const auto gives = [&](InputField f) {
    return layout.columns.count(f) != 0 || layout.set.count(f) != 0;
  };
  if (members) {
    if (!gives(InputField::MemberId) && !gives(InputField::Name))
      error(node, what + " gives no member: add a 'member_id' (or at least a 'name') column");
  } else if (layout.shape == SourceLayout::Shape::Grid) {
    if (!gives(InputField::MemberId) && !gives(InputField::MemberName))
      error(node, what + " gives no member: add a 'member_id' or 'member_name' column");
    if (layout.meetings.empty() && !layout.meetings_auto)
      error(node, what + " is a grid without 'meetings': list the meeting columns, or say "
                         "'meetings: auto'");
  } else {
    if (!gives(InputField::MemberId) && !gives(InputField::MemberName) &&
        !gives(InputField::Participants))
      error(node, what + " gives no member: add a 'member_id', 'member_name' or 'participants' "
                         "column");
    if (!gives(InputField::Date)) error(node, what + " gives no date: add a 'date' column");
    if (!gives(InputField::Kind))
      error(node, what + " gives no kind: add a 'kind' column or 'set: {kind: ...}'");
  }
  out.push_back(std::move(layout));
}

void ProfileLoader::read_layouts(const YamlNode& node, bool members,
                                 std::vector<SourceLayout>& out) {
  if (node.IsMap()) {
    read_layout(node, members, 0, out);
  } else if (node.IsSequence() && node.size() > 0) {
    std::size_t i = 0;
    for (const auto& item : node) read_layout(item, members, i++, out);
  } else {
    error(node, std::string("'") + (members ? "members" : "records") +
                    "' must be a layout (a map) or a list of layouts");
  }
}

void ProfileLoader::check_fixed_values(const detail::CodeMaps& codes) {
  for (const auto& [node, entry] : set_places_) {
    const auto colon = entry.find(':');
    const std::string field = entry.substr(0, colon), value = entry.substr(colon + 1);
    std::string_view a, b;
    std::vector<std::string_view> list;
    bool known = true;
    InputField f = InputField::Kind;
    if (field == "meeting") {
      known = codes.subtype(value, "meeting", a);
      f = InputField::Subtype;
    } else if (const auto parsed = input_field_from_name(field)) {
      f = *parsed;
      switch (f) {
        case InputField::Kind: known = codes.kind(value, a, b); break;
        case InputField::Status: known = codes.status(value, a); break;
        case InputField::Level: known = codes.level(value, a); break;
        case InputField::Flags: known = codes.flags(value, list); break;
        case InputField::Date: known = detail::parse_office_date(value).has_value(); break;
        default: break;  // subtypes depend on the kind; other fields are text
      }
    }
    if (!known)
      error(node, std::string(input_field_name(f)) + " '" + value +
                      "' is neither a code nor a word of the standard vocabulary or 'values'" +
                      detail::did_you_mean(value, codes.known_words(f)));
  }
}

std::optional<InputProfile> ProfileLoader::load() {
  const std::size_t errors_before = problems_.error_count();
  InputProfile profile;
  profile.source_file = file_;
  try {
    tree_.emplace(text_);
  } catch (const YAML::Exception& e) {
    problems_.error(at(e.mark), "not valid YAML: " + e.msg);
    return std::nullopt;
  }
  const YamlNode root = tree_->root();
  if (!root.IsDefined() || root.IsNull()) {
    problems_.error(Location{file_, 1, 1}, "the profile is empty; it needs 'members' or 'records'");
    return std::nullopt;
  }
  std::vector<std::pair<YamlNode, YamlNode>> top;
  if (!entries(root, "the profile", &kTopKeys, top)) return std::nullopt;
  for (const auto& [key, value] : top) {
    const std::string& k = key.Scalar();
    if (k == "standard_words") {
      const auto text = scalar(value, "'standard_words'");
      if (text && (*text == "true" || *text == "false")) profile.standard_words = *text == "true";
      else if (text) error(value, "'standard_words' must be true or false, got '" + *text + "'");
    } else if (k == "values") {
      read_values(value, profile);
    } else if (k == "members") {
      read_layouts(value, true, profile.members);
    } else if (k == "records") {
      read_layouts(value, false, profile.records);
    }
  }
  // A profile of words only (values: {status: {公出: leave}}) reads the
  // built-in layouts with them: an office writes no more than it must.
  if (profile.members.empty() && profile.records.empty() &&
      problems_.error_count() == errors_before) {
    profile.members = default_profile().members;
    profile.records = default_profile().records;
  }
  const detail::CodeMaps codes(profile);
  check_fixed_values(codes);
  if (problems_.error_count() != errors_before) return std::nullopt;
  return profile;
}

}  // namespace

std::optional<InputProfile> load_profile(const std::string& text, const std::string& file,
                                         Problems& problems) {
  return ProfileLoader(file, text, problems).load();
}

std::optional<InputProfile> load_profile_file(const std::string& path, Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path}, "cannot open the profile");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    problems.error(Location{path}, "cannot read the profile");
    return std::nullopt;
  }
  return load_profile(buffer.str(), path, problems);
}

}  // namespace dutyscore
