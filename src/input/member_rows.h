// Internal: the members reader's parts. Each row's cells are checked on
// their own as its part is read (on any thread); what the rows before it
// tell (an id used before, one distinct role too many) is checked as the
// table is built from the parts' rows in file order, which also words the
// row's messages and decides whether it is kept. A part's rows are kept
// until then (read_members() gives them back as each part is added).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "input/csv_parts.h"
#include "input/input_rows.h"
#include "input/row_gate.h"

namespace dutyscore::detail {

// A members file as its rows are read: the same for every part.
struct MemberFile : RowFile {
  MemberFile(const std::string& file_name, bool keep, std::vector<std::string> header_cells)
      : RowFile(file_name, keep, std::move(header_cells), member_columns()) {}
};

// One row as its part read it. Views point into the text or the part's
// `owned` texts.
struct MemberRow {
  std::uint32_t line = 0;  // counted from the part's span.first_line
  bool malformed = false;  // not split into cells: its problem says why
  bool ok = true;          // no error in its own cells
  std::string_view id, name, unit, sector, group, roles;  // trimmed
  std::optional<Day> joined, left;
  std::size_t problems_end = 0;  // its problems end here in the part's list
  std::string_view text;         // as written, in keep-going mode
};

struct MemberPart {
  PartSpan span;
  std::vector<MemberRow> rows;
  Problems problems;  // each row's own, in row order, lines counted as the rows'
  std::deque<std::string> owned;  // cells the CSV parser unquoted
};

class DayMemo;

// The checks one row's cells need alone (cells in the order of file.cols),
// in the order their messages come; the row's views point into `cells`.
// `dates`, when given, keeps the days of date texts seen before (a part's
// rows, on one thread).
MemberRow check_member_cells(const MemberFile& file, const std::vector<std::string_view>& cells,
                             std::uint32_t line, bool check_utf8, Problems& sink,
                             DayMemo* dates = nullptr);

// Reads the rows of `text` starting in [start, limit), lines counted from
// first_line, checking each row's cells on their own. The rows go into
// `room` (emptied first), whose memory an earlier part may have used.
std::unique_ptr<MemberPart> read_member_part(const MemberFile& file, std::string_view text,
                                             std::size_t start, std::size_t limit,
                                             std::uint32_t first_line,
                                             std::vector<MemberRow> room = {});

// Builds the table from the parts' rows, part after part in file order
// (read_parts() order and lines; a part may be added while later ones are
// still being read): problems to `problems` (through keep-going's
// quarantine when file.keep_going), rows left out to `rejected`; counts
// rows read and accepted.
class MemberTableBuild {
 public:
  MemberTableBuild(const MemberFile& file, Problems& problems, std::vector<RejectedRow>& rejected);
  // Room for the rows of a body of `body_bytes` (MemberTable::reserve).
  void reserve(std::size_t body_bytes);
  void add(const MemberPart& part);
  MemberTable finish(std::size_t& rows_read, std::size_t& rows_accepted);

 private:
  RowGate gate_;
  FilePlaces places_;
  MemberTable table_;
  std::vector<std::uint32_t> line_of_;  // per member index, for duplicate messages
  std::vector<std::string_view> role_parts_;  // a row's roles cell, split
  // The roles cell of the last member added whose roles all had codes, and
  // their mask: rows mostly repeat it ("member"), and a row that does
  // needs neither the split nor a lookup of each role. At first the empty
  // cell, whose mask is 0 and which codes nothing.
  std::string known_roles_;
  RoleMask known_mask_ = 0;
};

// MemberTableBuild over parts read already.
MemberTable build_member_table(const MemberFile& file,
                               const std::vector<std::unique_ptr<MemberPart>>& parts,
                               Problems& problems, std::vector<RejectedRow>& rejected,
                               std::size_t& rows_read, std::size_t& rows_accepted);

}  // namespace dutyscore::detail
