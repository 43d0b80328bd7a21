// attach_outside_scores(): outside score columns (民主测评) read from the
// members file or a separate CSV keyed by member_id, and checked against
// the rule set that uses them.
#include "dutyscore/outside_scores.h"

#include <optional>

#include "dutyscore/csv.h"
#include "dutyscore/decimal.h"

namespace dutyscore {
namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One source decoded to UTF-8 (a view into the source, or into storage).
struct Decoded {
  std::string storage;
  std::string_view text;
  bool ok = false;
};

// The header of a CSV text, trimmed; empty when it has none.
std::vector<std::string> header_of(std::string_view text, const std::string& file) {
  std::vector<std::string> header;
  Problems ignored;
  read_csv(
      text.substr(0, text.find('\n') == std::string_view::npos ? text.size() : text.find('\n') + 1),
      file,
      [&](const std::vector<std::string_view>& cells) {
        for (const auto cell : cells) header.emplace_back(trim(cell));
      },
      [](const CsvRow&) {}, ignored);
  return header;
}

// A column as read, and which members' values could not be read (already
// reported: the checks below leave them alone).
struct ReadColumn {
  MemberTable::OutsideColumn column;
  std::vector<std::uint8_t> unreadable;
};

// Reads column `name` of `text`, keyed by member_id, into a column of the
// table's size. Rows of unknown members and repeated members are errors.
ReadColumn read_column(std::string_view text, const std::string& file, const std::string& name,
                       const MemberTable& members, Problems& problems) {
  ReadColumn read;
  read.unreadable.assign(members.size(), 0);
  MemberTable::OutsideColumn& column = read.column;
  column.file = file;
  column.values.assign(members.size(), std::nullopt);
  column.lines.assign(members.size(), 0);
  std::size_t id_at = 0, value_at = 0;
  bool header_ok = false;
  read_csv(
      text, file,
      [&](const std::vector<std::string_view>& header) {
        bool has_id = false, has_value = false;
        for (std::size_t i = 0; i < header.size(); ++i) {
          const auto cell = trim(header[i]);
          if (cell == "member_id") has_id = true, id_at = i;
          if (cell == name) has_value = true, value_at = i;
        }
        header_ok = has_id && has_value;
        if (!has_id)
          problems.error(Location{file, 1, 0, "member_id"},
                         "the header has no 'member_id' column: outside scores are keyed by"
                         " member id");
      },
      [&](const CsvRow& row) {
        if (!header_ok) return;
        const auto id = trim(row.cells[id_at]);
        const auto cell = trim(row.cells[value_at]);
        const auto m = members.find(id);
        if (!m) {
          if (!id.empty())
            problems.error(Location{file, static_cast<int>(row.line), 0, "member_id"},
                           "member " + quoted(id) + " is not in the members file");
          return;
        }
        if (column.lines[*m] != 0) {
          problems.error(Location{file, static_cast<int>(row.line), 0, "member_id"},
                         "member " + quoted(id) + " already has a " + quoted(name) +
                             " score on line " + std::to_string(column.lines[*m]));
          return;
        }
        column.lines[*m] = row.line;
        if (cell.empty()) return;
        const auto value = parse_points(cell, kMaxPrecision);
        if (!value) {
          problems.error(Location{file, static_cast<int>(row.line), 0, name},
                         "the " + quoted(name) + " score of member " + quoted(id) + ", " +
                             quoted(cell) + ", is not a number");
          read.unreadable[*m] = 1;
          return;
        }
        column.values[*m] = *value;
      },
      problems);
  return read;
}

// The rule set's checks on a column read for category `c`.
void check_column(const RuleSet& rules, const Category& c, const Period& period,
                  const ReadColumn& read, const MemberTable& members, Problems& problems) {
  const MemberTable::OutsideColumn& column = read.column;
  const OutsideScore& outside = *c.outside;
  const std::int64_t unit = scale_of(kMaxPrecision) / scale_of(rules.precision);
  const auto in_range = [&](Points v) {
    return v >= outside.min && (!outside.max || v <= *outside.max);
  };
  const std::string range =
      format_points(outside.min, rules.precision) + ".." +
      (outside.max ? format_points(*outside.max, rules.precision) : std::string("any"));
  for (MemberIndex m = 0; m < members.size(); ++m) {
    const Location where{column.file, static_cast<int>(column.lines[m]), 0, outside.column};
    const auto& value = column.values[m];
    if (read.unreadable[m]) continue;
    if (!value) {
      if (outside.fallback || !served_part(period, members.joined(m), members.left(m))) continue;
      problems.error(where, "member " + quoted(members.id(m)) + " has no " +
                                quoted(outside.column) + " score in " + column.file +
                                ", which category '" + c.id +
                                "' needs; give it, or a 'default' in the rule set");
      continue;
    }
    if (*value % unit != 0) {
      problems.error(where, "the " + quoted(outside.column) + " score of member " +
                                quoted(members.id(m)) + " has more decimals than precision " +
                                std::to_string(rules.precision) + " allows");
      continue;
    }
    if (!in_range(*value / unit)) {
      problems.error(where, "the " + quoted(outside.column) + " score of member " +
                                quoted(members.id(m)) + ", " +
                                format_points(*value / unit, rules.precision) +
                                ", is outside the range " + range + " of category '" + c.id + "'");
    }
  }
}

}  // namespace

bool needs_outside_scores(const RuleSet& rules) {
  for (const auto& c : rules.categories)
    if (c.outside) return true;
  return false;
}

bool attach_outside_scores(const RuleSet& rules, const Period& period,
                           const std::vector<OutsideSource>& sources, Encoding encoding,
                           MemberTable& members, Problems& problems) {
  const std::size_t errors_before = problems.error_count();
  std::vector<Decoded> decoded(sources.size());
  for (std::size_t s = 0; s < sources.size(); ++s)
    decoded[s].ok = decode_to_utf8(sources[s].text, encoding, sources[s].file, decoded[s].storage,
                                   decoded[s].text, problems);
  std::vector<std::vector<std::string>> headers(sources.size());
  for (std::size_t s = 0; s < sources.size(); ++s)
    if (decoded[s].ok) headers[s] = header_of(decoded[s].text, sources[s].file);

  for (const auto& c : rules.categories) {
    if (!c.outside) continue;
    const std::string& name = c.outside->column;
    std::size_t source = sources.size();
    for (std::size_t s = 0; s < sources.size() && source == sources.size(); ++s)
      for (const auto& h : headers[s])
        if (h == name) source = s;
    if (source == sources.size()) {
      std::string files;
      for (const auto& src : sources) files += (files.empty() ? "" : ", ") + src.file;
      problems.error(c.outside->where, "category '" + c.id + "' takes its points from the column " +
                                           quoted(name) + ", which none of the files has (" +
                                           (files.empty() ? "no file given" : files) +
                                           "); add the column to the members file or give a scores"
                                           " file with member_id and " + quoted(name));
      continue;
    }
    ReadColumn read = read_column(decoded[source].text, sources[source].file, name, members, problems);
    check_column(rules, c, period, read, members, problems);
    members.set_outside_column(name, std::move(read.column));
  }
  return problems.error_count() == errors_before;
}

}  // namespace dutyscore
