// Members and duty records from the interchange CSV layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/encoding.h"

#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"

namespace dutyscore {

// Reads members.csv text: member_id, name, unit, sector, group, roles
// (';'-separated), joined, left. Extra columns are ignored; member_id is
// required, the others may be absent. Every bad row is reported with its
// line and column name; returns the table only when there is no error.
std::optional<MemberTable> read_members(std::string_view text, const std::string& file,
                                        Problems& problems);

// Reads records.csv text against `members`: record_id, member_id, date,
// kind, subtype, status, ref, position, level, flags (';'-separated),
// quantity. Extra columns are ignored. Unknown members, bad dates, bad
// numbers and duplicate record ids are errors with their place; returns the
// batch only when there is no error.
std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, Problems& problems);

// How input files are read.
struct InputOptions {
  Encoding encoding = Encoding::Auto;
  // false (the default): any bad row is an error and nothing is returned.
  // true: bad rows are left out and listed in a Quarantine with their
  // reason; their problems are reported as warnings. Errors about the file
  // as a whole (no header, a missing column) still stop the run.
  bool keep_going = false;
  // Threads reading a members or records file. Results, messages, their
  // order and the quarantine are the same for any count, in keep-going mode
  // too. 1 (the default, as for the evaluation): the library starts no
  // thread unless its caller asks. With more, the file is cut into parts
  // that that many threads read at once. A records file for which a row
  // must be checked against the rows before it to word a message (an id
  // used twice, a joint item whose rows disagree) is then read once more,
  // in order, on one thread.
  unsigned threads = 1;
  // Bytes of text in a part of a members or records file; 0 (the default)
  // cuts the file into four parts per thread (one part for one thread).
  // Any value gives the same results: tests cut files into many small
  // parts to show it.
  std::size_t part_bytes = 0;
};

// A row left out in keep-going mode, with every reason found for it.
struct RejectedRow {
  std::string file;
  std::uint32_t line = 0;
  std::string reason;  // the problems' messages, "; "-separated
  std::string row;     // the row as it was read, cells joined as CSV
};

// Accounting for one or more input files read in keep-going mode:
// rows_read == rows_accepted + rejected.size() after every read. Without
// keep-going it is left untouched (a bad row then stops the run).
struct Quarantine {
  std::size_t rows_read = 0;
  std::size_t rows_accepted = 0;
  std::vector<RejectedRow> rejected;

  bool balanced() const { return rows_read == rows_accepted + rejected.size(); }
};

// "file,line,reason,row" CSV of the rejected rows (text cells neutralised
// for spreadsheets), header included.
std::string quarantine_csv(const Quarantine& quarantine);

// The same readers with an encoding and keep-going mode. `quarantine` may
// be null; with keep_going the rows left out are appended to it.
// Additionally checked here: invalid UTF-8 (after decoding), joint items
// whose rows disagree (subtype or flags for one kind+ref, one position
// twice) and, as a warning, records dated outside the member's service.
std::optional<MemberTable> read_members(std::string_view text, const std::string& file,
                                        const InputOptions& options, Problems& problems,
                                        Quarantine* quarantine = nullptr);
std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine = nullptr);

// Reads a whole file into `out`; false (and an error in `problems`) when it
// cannot be read.
bool read_file(const std::string& path, std::string& out, Problems& problems);

// A file's bytes, read-only. A regular file is mapped rather than copied:
// a records file can be a gigabyte, and a copy would first zero-fill and
// then fill a buffer that size. The file must not be truncated while the
// text is in use.
class FileText {
 public:
  FileText() = default;
  ~FileText();
  FileText(FileText&& other) noexcept;
  FileText& operator=(FileText&& other) noexcept;
  FileText(const FileText&) = delete;
  FileText& operator=(const FileText&) = delete;

  std::string_view view() const;

 private:
  friend bool read_file(const std::string& path, FileText& out, Problems& problems);
  void release();
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string copy_;  // when the file could not be mapped
};

// read_file() into a FileText, with the same messages.
bool read_file(const std::string& path, FileText& out, Problems& problems);

// Writes `text` to a file (replacing it); false (and an error) when it
// cannot be written completely.
bool write_file(const std::string& path, const std::string& text, Problems& problems);

}  // namespace dutyscore
