#include "dutyscore/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>

#include "dutyscore/csv.h"
#include "dutyscore/decimal.h"

namespace dutyscore {
namespace {

constexpr std::size_t kMissing = static_cast<std::size_t>(-1);

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Parts of a ';'-separated cell, trimmed, empty parts dropped.
void split_list(std::string_view cell, std::vector<std::string_view>& out) {
  out.clear();
  while (true) {
    const auto semi = cell.find(';');
    const auto part = trim(cell.substr(0, semi));
    if (!part.empty()) out.push_back(part);
    if (semi == std::string_view::npos) break;
    cell.remove_prefix(semi + 1);
  }
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// Column positions by header name; unknown columns are ignored.
class Columns {
 public:
  Columns(std::vector<const char*> names) : names_(std::move(names)), index_(names_.size(), kMissing) {}

  void read_header(const std::vector<std::string_view>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto name = trim(header[i]);
      for (std::size_t k = 0; k < names_.size(); ++k) {
        if (name == names_[k] && index_[k] == kMissing) index_[k] = i;  // first one wins
      }
    }
  }
  bool has(std::size_t k) const { return index_[k] != kMissing; }
  std::string_view cell(const CsvRow& row, std::size_t k) const {
    return has(k) ? trim(row.cells[index_[k]]) : std::string_view();
  }
  // Reports each required column the header lacks; true when all are there.
  bool require(std::initializer_list<std::size_t> required, const std::string& file,
               Problems& problems) const {
    bool ok = true;
    for (const auto k : required) {
      if (has(k)) continue;
      problems.error(Location{file, 1, 0, names_[k]},
                     std::string("the header has no '") + names_[k] + "' column");
      ok = false;
    }
    return ok;
  }
  const char* name(std::size_t k) const { return names_[k]; }

 private:
  std::vector<const char*> names_;
  std::vector<std::size_t> index_;
};

enum MemberColumn { kMemberId, kName, kUnit, kSector, kGroup, kRoles, kJoined, kLeft };
enum RecordColumn {
  kRecordId, kRecMember, kDate, kKind, kSubtype, kStatus, kRef, kPosition, kLevel, kFlags,
  kQuantity
};

std::optional<Day> parse_date_cell(std::string_view text, const char* what, const Location& where,
                                   Problems& problems, bool& ok) {
  if (text.empty()) return std::nullopt;
  const auto day = parse_day(text);
  if (!day) {
    problems.error(where, std::string(what) + " " + quoted(text) +
                              " is not a valid YYYY-MM-DD date");
    ok = false;
  }
  return day;
}

Location at(const std::string& file, std::uint32_t line, const char* field) {
  return Location{file, static_cast<int>(line), 0, field};
}

struct SeenId {
  std::string_view id;
  std::uint32_t line;
};

// Reports every record id used on an earlier line, naming the first line.
void report_duplicate_ids(const std::vector<SeenId>& seen, const std::string& file,
                          Problems& problems) {
  struct Key {
    std::size_t hash;
    std::uint32_t index;
  };
  std::vector<Key> keys(seen.size());
  const std::hash<std::string_view> hasher;
  for (std::size_t i = 0; i < seen.size(); ++i)
    keys[i] = {hasher(seen[i].id), static_cast<std::uint32_t>(i)};
  // Ids are compared only when hashes collide; equal ids end up adjacent,
  // the first occurrence (lowest index = lowest line) first.
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    const auto& ia = seen[a.index].id;
    const auto& ib = seen[b.index].id;
    if (ia != ib) return ia < ib;
    return a.index < b.index;
  });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> duplicates;  // (index, first index)
  for (std::size_t i = 1, first = 0; i < keys.size(); ++i) {
    if (keys[i].hash == keys[first].hash && seen[keys[i].index].id == seen[keys[first].index].id) {
      duplicates.emplace_back(keys[i].index, keys[first].index);
    } else {
      first = i;
    }
  }
  std::sort(duplicates.begin(), duplicates.end());
  for (const auto& [index, first] : duplicates) {
    problems.error(at(file, seen[index].line, "record_id"),
                   "record id " + quoted(seen[index].id) + " already used on line " +
                       std::to_string(seen[first].line));
  }
}

}  // namespace

std::optional<MemberTable> read_members(const std::string& text, const std::string& file,
                                        Problems& problems) {
  const std::size_t errors_before = problems.error_count();
  Columns cols({"member_id", "name", "unit", "sector", "group", "roles", "joined", "left"});
  bool header_ok = true;
  MemberTable table;
  std::vector<std::uint32_t> line_of;  // per member index, for duplicate messages
  std::vector<std::string_view> parts;
  std::vector<std::string> roles;
  const bool is_csv = read_csv(
      text, file,
      [&](const std::vector<std::string_view>& header) {
        cols.read_header(header);
        header_ok = cols.require({kMemberId}, file, problems);
      },
      [&](const CsvRow& row) {
        if (!header_ok) return;
        bool ok = true;
        const auto id = cols.cell(row, kMemberId);
        if (id.empty()) {
          problems.error(at(file, row.line, "member_id"), "the member id is empty");
          ok = false;
        }
        const auto joined = parse_date_cell(cols.cell(row, kJoined), "joined date",
                                            at(file, row.line, "joined"), problems, ok);
        const auto left = parse_date_cell(cols.cell(row, kLeft), "left date",
                                          at(file, row.line, "left"), problems, ok);
        if (joined && left && *left < *joined) {
          problems.error(at(file, row.line, "left"),
                         "left date " + quoted(cols.cell(row, kLeft)) +
                             " is before the joined date " + quoted(cols.cell(row, kJoined)));
          ok = false;
        }
        split_list(cols.cell(row, kRoles), parts);
        roles.clear();
        for (const auto part : parts) {
          if (table.role_names().find(part) == kAbsent && table.role_names().size() >= 64) {
            problems.error(at(file, row.line, "roles"),
                           "role " + quoted(part) + " is one distinct role too many (at most 63)");
            ok = false;
          }
          roles.emplace_back(part);
        }
        if (id.empty()) return;
        if (const auto existing = table.find(std::string(id))) {
          problems.error(at(file, row.line, "member_id"),
                         "member id " + quoted(id) + " already used on line " +
                             std::to_string(line_of[*existing]));
          return;
        }
        // A row with other errors is still added, so that a later duplicate
        // of its id is reported too; the table is discarded anyway.
        (void)ok;
        const auto added = table.add(std::string(id), std::string(cols.cell(row, kName)),
                                     std::string(cols.cell(row, kUnit)),
                                     std::string(cols.cell(row, kSector)),
                                     std::string(cols.cell(row, kGroup)), roles, joined, left);
        if (added) line_of.push_back(row.line);
      },
      problems);
  if (!is_csv || problems.error_count() != errors_before) return std::nullopt;
  return table;
}

std::optional<RecordBatch> read_records(const std::string& text, const std::string& file,
                                        const MemberTable& members, Problems& problems) {
  const std::size_t errors_before = problems.error_count();
  Columns cols({"record_id", "member_id", "date", "kind", "subtype", "status", "ref", "position",
                "level", "flags", "quantity"});
  bool header_ok = true;
  RecordBatchBuilder builder(members.size());
  // A rough row count from the text size avoids regrowing the columns.
  builder.reserve(text.size() / 48);
  // Record ids with their line, checked for duplicates once all rows are
  // read (a sort beats a node-based hash map at 10^8 rows). The views point
  // into the input text; the rare id that had to be unescaped is copied
  // into `owned_ids` first so that its view stays valid.
  std::vector<SeenId> seen_ids;
  seen_ids.reserve(text.size() / 48);
  std::deque<std::string> owned_ids;
  const char* const text_begin = text.data();
  const char* const text_end = text.data() + text.size();
  std::string member_key;
  std::optional<MemberIndex> last_member;  // the member of `member_key`
  RecordFields fields;

  const bool is_csv = read_csv(
      text, file,
      [&](const std::vector<std::string_view>& header) {
        cols.read_header(header);
        header_ok = cols.require({kRecordId, kRecMember, kDate, kKind}, file, problems);
      },
      [&](const CsvRow& row) {
        if (!header_ok) return;
        bool ok = true;
        auto id = cols.cell(row, kRecordId);
        if (id.empty()) {
          problems.error(at(file, row.line, "record_id"), "the record id is empty");
          ok = false;
        } else {
          if (id.data() < text_begin || id.data() >= text_end) {
            owned_ids.emplace_back(id);
            id = owned_ids.back();
          }
          seen_ids.push_back({id, row.line});
        }
        const auto member_id = cols.cell(row, kRecMember);
        std::optional<MemberIndex> member;
        if (member_id.empty()) {
          problems.error(at(file, row.line, "member_id"), "the member id is empty");
          ok = false;
        } else {
          // Exports list a member's records together: remember the last one.
          if (last_member && member_id == member_key) {
            member = last_member;
          } else {
            member_key.assign(member_id.data(), member_id.size());
            member = last_member = members.find(member_key);
          }
          if (!member) {
            problems.error(at(file, row.line, "member_id"),
                           "member " + quoted(member_id) + " is not in the members file");
            ok = false;
          }
        }
        const auto date_text = cols.cell(row, kDate);
        std::optional<Day> date;
        if (date_text.empty()) {
          problems.error(at(file, row.line, "date"), "the date is empty");
          ok = false;
        } else {
          date = parse_date_cell(date_text, "date", at(file, row.line, "date"), problems, ok);
        }
        const auto kind = cols.cell(row, kKind);
        if (kind.empty()) {
          problems.error(at(file, row.line, "kind"), "the kind is empty");
          ok = false;
        }
        std::uint16_t position = 0;
        if (const auto cell = cols.cell(row, kPosition); !cell.empty()) {
          const auto value = parse_points(cell, 0);
          if (!value || *value < 1 || *value > 65535 || cell[0] == '+' || cell[0] == '-') {
            problems.error(at(file, row.line, "position"),
                           "position " + quoted(cell) + " is not a whole number 1..65535");
            ok = false;
          } else {
            position = static_cast<std::uint16_t>(*value);
          }
        }
        std::int32_t quantity = kNoQuantity;
        if (const auto cell = cols.cell(row, kQuantity); !cell.empty()) {
          const auto value = parse_points(cell, 4);
          if (!value || *value < 0 || *value > std::numeric_limits<std::int32_t>::max() ||
              cell[0] == '+' || cell[0] == '-') {
            problems.error(at(file, row.line, "quantity"),
                           "quantity " + quoted(cell) +
                               " must be a non-negative decimal with at most 4 decimals"
                               " and at most 214748.3647");
            ok = false;
          } else {
            quantity = static_cast<std::int32_t>(*value);
          }
        }
        if (!ok) return;
        fields.record_id = id;
        fields.member = *member;
        fields.date = *date;
        fields.kind = kind;
        fields.subtype = cols.cell(row, kSubtype);
        fields.status = cols.cell(row, kStatus);
        fields.ref = cols.cell(row, kRef);
        fields.level = cols.cell(row, kLevel);
        fields.position = position;
        split_list(cols.cell(row, kFlags), fields.flags);
        fields.quantity = quantity;
        fields.source_line = row.line;
        const auto refused = builder.add(fields);
        if (!refused.empty()) {
          // The builder names the dictionary in its first word.
          const char* field = "kind";
          for (const char* name : {"subtype", "status", "level", "flag"}) {
            if (refused.compare(0, std::strlen(name), name) == 0) field = name;
          }
          if (std::strcmp(field, "flag") == 0) field = "flags";
          problems.error(at(file, row.line, field), refused);
        }
      },
      problems);
  report_duplicate_ids(seen_ids, file, problems);
  if (!is_csv || problems.error_count() != errors_before) return std::nullopt;
  return builder.finish();
}

bool read_file(const std::string& path, std::string& out, Problems& problems) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file: it is a directory");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path, 0, 0, {}},
                   std::string("cannot open the file: ") + std::strerror(errno));
    return false;
  }
  // Read in one piece: records files can be gigabytes, and a stream copy
  // would hold them twice.
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0 || !in) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file (is it a directory?)");
    return false;
  }
  out.resize(static_cast<std::size_t>(size));
  if (size > 0 && !in.read(out.data(), size)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file");
    return false;
  }
  return true;
}

}  // namespace dutyscore
