// Members and duty records: from the interchange CSV layout, and from what
// offices have (workbooks, CSV exports with Chinese headers and values),
// through an input profile (profile.h, docs/input.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/encoding.h"
#include "dutyscore/profile.h"

#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "dutyscore/quarantine.h"
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

// A sheet or CSV file read through a profile, as `dutyscore check` shows it.
struct SourceRead {
  std::string source;  // "office.xlsx[提案]", or the CSV file
  std::string layout;  // the profile's layout that read it; "" when none fitted (not read)
  std::uint32_t header_row = 0;
  std::vector<std::pair<std::string, std::string>> columns;  // field -> header, in field order
  std::size_t rows = 0;  // data rows read
};
// The largest members or records file read by default: 16 GiB (a records
// file of ten million rows is about 1 GiB). InputOptions::max_file_bytes
// (the command line's --max-input-bytes) raises it.
inline constexpr std::size_t kDefaultMaxInputBytes = std::size_t{16} << 30;

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
  // cuts text in memory into four parts per thread (one part for one
  // thread), and a records file read by read_records_file() into parts of
  // 4 MiB. Records are read in windows of four parts a thread. Any value
  // gives the same results: tests cut files into many small parts to show
  // it. The readers of office files (below) read a CSV file in windows of
  // this many bytes (0: 4 MiB).
  std::size_t part_bytes = 0;
  // Records the readers of office files put in a part before its rows go
  // into the batch; 0 (the default): 65,536. Any value gives the same
  // results (tests show it with parts of a few records). With more than
  // one thread, a sheet or CSV file of one record a row is read on this
  // thread that many rows at a time while the other threads turn the rows
  // read before into records.
  std::size_t part_records = 0;

  // Office files (the readers of InputFile below): how their layouts map
  // onto the interchange fields; null (the default) is the built-in
  // default profile (default_profile()).
  std::shared_ptr<const InputProfile> profile;
  // Read only the workbook sheets of these names (members and records
  // alike); empty: the members from the first sheet whose header fits a
  // members layout, the records from every sheet whose header fits a
  // records layout.
  std::vector<std::string> sheets;
  // When set, each sheet or file read through a profile is described here
  // (dutyscore check --profile shows it).
  std::vector<SourceRead>* sources_read = nullptr;
  // The largest file read_file() takes for the command line's readers;
  // a larger one (or /dev/zero) is refused with a message.
  std::size_t max_file_bytes = kDefaultMaxInputBytes;
};

// The same readers with an encoding and keep-going mode. `quarantine` may
// be null; with keep_going the rows left out are added to it
// (Quarantine::add(), in the files' order).
// Additionally checked here: invalid UTF-8 (after decoding), joint items
// whose rows disagree (subtype or flags for one kind+ref, one position
// twice) and, as a warning, records dated outside the member's service.
std::optional<MemberTable> read_members(std::string_view text, const std::string& file,
                                        const InputOptions& options, Problems& problems,
                                        Quarantine* quarantine = nullptr);
std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine = nullptr);

// read_records() for a records file at `path` (a file, a pipe or a FIFO),
// without holding its whole text: it is read in windows of a few parts a
// thread (InputOptions::part_bytes, 4 MiB by default), each dropped once
// read, so that memory beyond the batch stays small at any size. The
// results, messages and quarantine are read_records()'s for the file's
// text. A file for which a message needs the rows in order is read a
// second time (a pipe from a copy kept in a temporary file). A file in an
// encoding other than UTF-8 is converted window by window as it is read,
// to the text decode_to_utf8() makes of it whole. Errors as read_file()'s
// when it cannot be read. `bytes_read`, when given, is called with the
// file's bytes as they are read, in order, each once, whole when the read
// succeeds: InputDigester::add (input_digest.h) takes an archive's digests
// of them without a second reading.
std::optional<RecordBatch> read_records_file(
    const std::string& path, const MemberTable& members, const InputOptions& options,
    Problems& problems, Quarantine* quarantine = nullptr,
    const std::function<void(std::string_view)>& bytes_read = {});

// Records from several files at `paths`, as one batch (a province's
// files, a file a year): interchange CSV files are each read as
// read_records_file() reads one, window by window into the one batch, none
// held whole, their rows' warnings (records outside a member's service)
// said file after file; when they are not all interchange CSV files
// (regular files, not pipes), or their rows give an error, every file is
// read by the readers of read_records(files) below, whose results and
// messages these are: CSV files (an office's exports) window by window
// there too, never held whole, a workbook whole.
// `bytes_read` as read_records_file()'s, the files' bytes one file after
// the other. One path is read_records_file().
std::optional<RecordBatch> read_records_files(
    const std::vector<std::string>& paths, const MemberTable& members,
    const InputOptions& options, Problems& problems, Quarantine* quarantine = nullptr,
    const std::function<void(std::string_view)>& bytes_read = {});

// A members or records file as the readers below take it.
struct InputFile {
  std::string name;        // the file in messages (the path as given)
  std::string_view bytes;  // its content, which must outlive the read
  std::string path;        // where it is on disk, for an .xls; may be empty
};

// Members from a file of any kind, told by its content: CSV whose header
// has interchange column names (read by read_members above), a CSV export
// in an office's own layout, or a workbook (.xlsx, .xls; the sheet is the
// first that fits, or one named in options.sheets). Office layouts are
// read through options.profile: the members layout maps the headers,
// values are trimmed (full-width spaces too), dates read in any of the
// forms docs/input.md lists or as Excel dates; the row rules, messages,
// keep-going and quarantine are the interchange reader's. A workbook's
// problems are placed at its sheet and cell ("m.xlsx[委员名单]!B7").
std::optional<MemberTable> read_members(const InputFile& file, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine = nullptr);

// Records from one or more files, as one batch: each CSV file, and each
// sheet of each workbook whose header fits one of the profile's records
// layouts, read with that layout (a sheet with one row per record, one row
// per item with its participants in one cell, or a grid with a column per
// meeting). A lone interchange CSV file is read by read_records above;
// otherwise every file goes through the layouts (a column headed by an
// interchange name holds codes as written). Members are found by id, or by
// name where a layout has no id column. Records without an id column get
// one made of their place ("提案!12"), and the batch says which sources had
// none (RecordBatch::generated_id_sources). Threads are not used: a sheet
// is one stream.
std::optional<RecordBatch> read_records(const std::vector<InputFile>& files,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine = nullptr);

// Reads a whole file into `out`; false (and an error in `problems` saying
// why: a directory, a permission, a read error, larger than `max_bytes`)
// when it cannot be read. A pipe or device is read up to `max_bytes`.
bool read_file(const std::string& path, std::string& out, Problems& problems,
               std::size_t max_bytes = kDefaultMaxInputBytes);

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
  friend bool read_file(const std::string& path, FileText& out, Problems& problems,
                        std::size_t max_bytes);
  void release();
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string copy_;  // when the file could not be mapped
};

// read_file() into a FileText, with the same messages.
bool read_file(const std::string& path, FileText& out, Problems& problems,
               std::size_t max_bytes = kDefaultMaxInputBytes);

// Writes `text` to a file (replacing it); false (and an error) when it
// cannot be written completely.
bool write_file(const std::string& path, const std::string& text, Problems& problems);

}  // namespace dutyscore
