// Internal: cell rules shared by the members and records row rules: how a
// cell is trimmed, split and parsed, and how its problems are worded.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"

namespace dutyscore::detail {

// The error for a file that cannot be read (opened, read on, read again),
// `why` as the reading said it.
void cannot_read(const std::string& file, const std::string& why, Problems& problems);

constexpr std::size_t kMissing = static_cast<std::size_t>(-1);

// trim() of a cell with something to trim (out of line: seldom called).
std::string_view trim_spaces(std::string_view s);

// A cell without the spaces around it: plain ones, and the ideographic
// space (U+3000) of a Chinese input method in full-width mode.
inline std::string_view trim(std::string_view s) {
  // Nearly every cell: nothing to trim, seen from its two ends (no space,
  // no U+3000's first byte in front, no its last byte behind).
  if (s.empty() || (s.front() != ' ' && s.front() != '\xE3' && s.back() != ' ' && s.back() != '\x80'))
    return s;
  return trim_spaces(s);
}

// Parts of a ';'-separated cell, trimmed, empty parts dropped.
inline void split_list(std::string_view cell, std::vector<std::string_view>& out) {
  out.clear();
  while (true) {
    const auto semi = cell.find(';');
    const auto part = trim(cell.substr(0, semi));
    if (!part.empty()) out.push_back(part);
    if (semi == std::string_view::npos) break;
    cell.remove_prefix(semi + 1);
  }
}

// A cell's text in quotes for a message; a long one (a 50 MB cell) is cut
// at a character boundary and says how long it is, so that no message
// grows with the input.
std::string quoted(std::string_view s);

inline Location at(const std::string& file, std::uint32_t line, const char* field) {
  return Location{file, static_cast<int>(line), 0, field};
}

// How a source other than CSV text names the places of its rows (a
// workbook's sheet and cell, an office's own headers): the row rules place
// every message through it. `line` is whatever number the source gave the
// row when it handed the row's cells to the rules.
class RowPlaces {
 public:
  virtual ~RowPlaces() = default;
  // Where `field` (an interchange column name) of row `line` is.
  virtual Location at(std::uint32_t line, const char* field) const = 0;
  // Row `line` as another row's message names it ("row 12 of a.xlsx[提案]").
  virtual std::string line_name(std::uint32_t line) const = 0;
};

// The places of one file's rows: its file and line for CSV text, else its
// RowPlaces.
struct FilePlaces {
  const std::string& file;
  const RowPlaces* places = nullptr;

  Location at(std::uint32_t line, const char* field) const {
    return places ? places->at(line, field) : detail::at(file, line, field);
  }
  std::string line_name(std::uint32_t line) const {
    return places ? places->line_name(line) : "line " + std::to_string(line);
  }
};

// Column positions by header name; unknown columns are ignored.
class Columns {
 public:
  static constexpr std::size_t kMaxColumns = 16;
  explicit Columns(std::vector<const char*> names) : names_(std::move(names)) {
    if (names_.size() > kMaxColumns) throw std::logic_error("Columns: more than 16 names");
    index_.fill(kMissing);
  }

  void read_header(const std::vector<std::string_view>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto name = trim(header[i]);
      for (std::size_t k = 0; k < names_.size(); ++k) {
        if (name == names_[k] && index_[k] == kMissing) index_[k] = i;  // first one wins
      }
    }
  }
  bool has(std::size_t k) const { return index_[k] != kMissing; }
  std::string_view cell(const std::vector<std::string_view>& cells, std::size_t k) const {
    return has(k) ? trim(cells[index_[k]]) : std::string_view();
  }
  // cell() of a row whose cells have nothing to trim (CsvRowView::trimmed).
  std::string_view trimmed_cell(const std::vector<std::string_view>& cells, std::size_t k) const {
    return has(k) ? cells[index_[k]] : std::string_view();
  }
  // Reports each column name the header holds twice (which one would be
  // read is a guess); true when every name is there once.
  static bool unique_names(const std::vector<std::string>& header, const std::string& file,
                           Problems& problems);
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

 private:
  std::vector<const char*> names_;
  // In the object, not a heap block of its own: every row reads it, and
  // the block sat beside a reading thread's cells, written every row (under
  // perf CSV -> ranking took 2.1 s instead of 1.6, this load the profile's
  // top line). A records reader keeps its own copy (RecordRows::cols_).
  std::array<std::size_t, kMaxColumns> index_;
};

enum MemberColumn { kMemberId, kName, kUnit, kSector, kGroup, kRoles, kJoined, kLeft };

inline constexpr const char* kMemberColumnNames[] = {"member_id", "name",  "unit",   "sector",
                                                    "group",     "roles", "joined", "left"};

inline Columns member_columns() {
  return Columns(std::vector<const char*>(std::begin(kMemberColumnNames),
                                          std::end(kMemberColumnNames)));
}

enum RecordColumn {
  kRecordId, kRecMember, kDate, kKind, kSubtype, kStatus, kRef, kPosition, kLevel, kFlags,
  kQuantity
};

inline Columns record_columns() {
  return Columns({"record_id", "member_id", "date", "kind", "subtype", "status", "ref", "position",
                  "level", "flags", "quantity"});
}

// A file of rows as its parts read them: what the members and the records
// readers share.
struct RowFile {
  RowFile(const std::string& file_name, bool keep, std::vector<std::string> header_cells,
          Columns columns)
      : file(file_name), keep_going(keep), header(std::move(header_cells)), cols(std::move(columns)) {}

  const std::string& file;
  bool keep_going = false;
  std::vector<std::string> header;  // the header's cells, naming columns in messages
  Columns cols;
  bool header_ok = false;  // every required column is there; else rows are only split
  const RowPlaces* places = nullptr;  // null: CSV text, placed by file and line

  FilePlaces names() const { return FilePlaces{file, places}; }
};

// A non-empty date cell in any form parse_office_date() reads (YYYY-MM-DD
// is the interchange form; a CSV saved again by Excel or WPS has 2025/1/16);
// nothing, with an error naming the cell as `what` ("joined date"), when it
// is not a date.
std::optional<Day> parse_date_cell(std::string_view text, const char* what,
                                   const Location& where, Problems& problems, bool& ok);

// Why `cell` is not valid UTF-8 (the byte and where), or "" when it is.
std::string invalid_utf8_message(std::string_view cell);

// Reports every cell of a row that is not valid UTF-8, naming its column
// by `header`; true when all are valid.
bool check_utf8_cells(const std::vector<std::string_view>& cells,
                      const std::vector<std::string>& header, const std::string& file,
                      std::uint32_t line, Problems& problems);

// A non-empty position cell as a number 1..65535; nothing when it is not one.
std::optional<std::uint16_t> parse_position(std::string_view cell);

// A non-empty quantity cell in units of 1/kQuantityScale; nothing when it is
// not a non-negative decimal that fits.
std::optional<std::int32_t> parse_quantity(std::string_view cell);

// The warning for a record dated outside member `m`'s service, if it is,
// placed at `where` (the record's date).
void warn_outside_service(const MemberTable& members, MemberIndex m, Day date,
                          std::string_view date_text, std::string_view member_id,
                          const Location& where, Problems& problems);

}  // namespace dutyscore::detail
