// Internal: the sheets and CSV files an office hands over, as rows of cells
// for the layouts of a profile. A file is opened once (a CSV file decoded,
// a workbook's parts read); each of its sources (the CSV text, or one
// sheet) is streamed row by row, its header found among its first rows
// (title rows above it are skipped) and bound to the first layout that
// fits; OfficePlaces then names every record's place for the row rules.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/workbook.h"
#include "input/input_rows.h"
#include "input/office_codes.h"
#include "input/office_layout.h"
#include "input/utf8_decoder.h"

namespace dutyscore::detail {

// A header is looked for among this many first rows.
constexpr std::uint32_t kHeaderSearchRows = 30;

// One file, opened.
struct OpenFile {
  const InputFile* input = nullptr;
  std::string storage;             // CSV: the decoded text, when it had to be converted
  std::string_view text;           // CSV: the text as UTF-8
  std::unique_ptr<Workbook> book;  // a workbook
  // CSV read window by window as UTF-8 instead of `text` (open_streamed()):
  // a national export is never held whole, nor twice when converted.
  FileWindow* window = nullptr;
  std::size_t window_bytes = 0;       // a window's size (InputOptions::part_bytes, tests' tiny ones)
  std::string head;                   // its first bytes as UTF-8, for messages
  std::unique_ptr<Utf8Watch> watch;   // see convert_as_read()
  // The first bytes of the text, for a message about what it is.
  std::string_view first_bytes() const {
    return window ? std::string_view(head) : text.substr(0, kHeadBytes);
  }
  static constexpr std::size_t kHeadBytes = 4096;
};

// Opens `input`: a workbook, or CSV text decoded with options.encoding.
// Null (with an error) when it cannot be. (Held by pointer: `text` may
// point into `storage`.)
std::unique_ptr<OpenFile> open_file(const InputFile& input, const InputOptions& options,
                                    Problems& problems);

// Opens a CSV file read window by window from `window` (opened, nothing
// read yet): its encoding told from its first look and converted as it is
// read. `input` names it (its bytes unused). Null (with an error) when it
// cannot be read as text.
std::unique_ptr<OpenFile> open_streamed(const InputFile& input, FileWindow& window,
                                        const InputOptions& options, Problems& problems);

// The first row of CSV text (its header, after blank lines), as cells.
std::vector<std::string> csv_first_row(std::string_view text);

// Whether a lone records file is read by the interchange reader: CSV whose
// header names record_id or member_id (or has no header, which that
// reader words). `bytes` may be the file's first bytes only.
bool interchange_records_csv(std::string_view bytes, Encoding encoding);

// Records from office files opened (open_file(), open_streamed()): what
// read_records(const std::vector<InputFile>&, ...) does once its files are
// open. `files` must stay as they are until it returns.
std::optional<RecordBatch> read_office_records(const std::vector<std::unique_ptr<OpenFile>>& files,
                                               const MemberTable& members,
                                               const InputOptions& options, Problems& problems,
                                               Quarantine* quarantine);

// A sheet of a workbook, or a CSV file.
struct Source {
  const OpenFile* file = nullptr;
  std::size_t sheet = 0;
  std::string label;      // "office.xlsx[提案]", or "export.csv": the place in messages
  std::string name;       // the sheet's name, or the CSV file's name without its folder
  std::string id_prefix;  // what a generated record id starts with ("提案")
  bool workbook() const { return file->book != nullptr; }
};

// The sources of `files` in order: each CSV file, each sheet of each
// workbook (only those named in `sheets`, when any are). A workbook with
// none of the named sheets is an error listing its sheets.
std::vector<Source> list_sources(const std::vector<std::unique_ptr<OpenFile>>& files,
                                 const std::vector<std::string>& sheets, Problems& problems);

// One row of a source; `malformed` is why a CSV row could not be split (its
// cells are then empty, `raw` its text).
struct SourceRow {
  const WorkbookRow& row;
  const std::string* malformed = nullptr;
  std::string_view raw;
  // Where the row ends in a CSV file's text (as UTF-8); 0 in a sheet.
  std::uint64_t end = 0;
  // A CSV row whose cells are all views of this text (its line, split
  // without the parser): a reader that keeps the row copies it once.
  std::string_view line = {};
  // The row's cells are valid UTF-8: the text they came from was checked
  // at once (a CSV window), so that each needs no check of its own.
  bool utf8_checked = false;
};

// Streams the rows of `source`; on_row returns false to stop. False when
// the source could not be read to its end (problems reported).
bool read_source(const Source& source, const std::function<bool(const SourceRow&)>& on_row,
                 Problems& problems);

// The layouts of `layouts` that may read `source`: those naming it, or
// (when none does) those naming no sheet. `named` tells which.
std::vector<const SourceLayout*> layouts_for(const Source& source,
                                             const std::vector<SourceLayout>& layouts,
                                             bool& named);

// Finds a source's header among its first rows: feed rows in order to
// offer(); it binds the first row that fits one of `wanted` (or, when
// nothing of `wanted` fits that row, notes that it fits one of `others`).
class HeaderSearch {
 public:
  // `others_first`: a row that fits one of `others` is not taken for
  // `wanted` (a records sheet also has the members' id and name columns).
  HeaderSearch(std::vector<const SourceLayout*> wanted, bool members,
               const std::vector<SourceLayout>& others, bool others_members,
               const CodeMaps& codes, bool others_first = false)
      : wanted_(std::move(wanted)), members_(members), others_(others),
        others_members_(others_members), others_first_(others_first), codes_(codes) {}

  // True when the search is over: found(), fits_others(), or past the rows
  // a header may be in.
  bool offer(const WorkbookRow& row);
  const std::optional<BoundLayout>& found() const { return found_; }
  bool fits_others() const { return fits_others_; }

 private:
  std::vector<const SourceLayout*> wanted_;
  bool members_;
  bool fits_other(const WorkbookRow& row) const;

  const std::vector<SourceLayout>& others_;
  bool others_members_;
  bool others_first_;
  const CodeMaps& codes_;
  std::optional<BoundLayout> found_;
  bool fits_others_ = false;
};

// The interchange fields a record's (or member's) place is asked for by.
// The row rules name fields as the interchange layout does ("date").
class OfficePlaces : public RowPlaces {
 public:
  // A source's columns: per interchange field, the column that gave it.
  struct SourceColumns {
    std::string label;
    bool workbook = false;
    std::map<std::string, std::uint32_t> fields;  // "date" -> column
    std::map<std::uint32_t, std::string> headers;
    // Fields a record's own column gives (a grid's meeting, a participant).
    std::vector<std::string> per_record;
  };

  // Registers a source; returns its number.
  std::uint16_t add_source(SourceColumns columns);
  // A record (or member) of `source` at `row`; `column` is the column of its
  // own (kNoColumn: none). Returns its line number for the row rules.
  std::uint32_t add(std::uint16_t source, std::uint32_t row, std::uint32_t column = kNoColumn);

  Location at(std::uint32_t line, const char* field) const override;
  std::string line_name(std::uint32_t line) const override;
  // The source's label and the sheet row of `line`.
  const std::string& label(std::uint32_t line) const;
  std::uint32_t row(std::uint32_t line) const { return place(line).row; }
  // A place for a whole source ("office.xlsx[提案]") or one of its cells.
  Location cell(std::uint16_t source, std::uint32_t row, std::uint32_t column) const;

 private:
  // Lines from first_line on, at rows one after another of one source and
  // column: a run, not an entry a line (12 bytes a record of a national
  // export, which is mostly one run a file).
  struct Run {
    std::uint32_t first_line;
    std::uint32_t row;  // first_line's
    std::uint32_t column;
    std::uint16_t source;
  };
  struct Place {
    std::uint32_t row, column;
    std::uint16_t source;
  };
  Place place(std::uint32_t line) const;
  std::vector<SourceColumns> sources_;
  std::vector<Run> runs_;  // by first_line
  std::uint32_t lines_ = 0;
};

// find_cell() where the cell is not at its column's index (a row with
// gaps before it).
const WorkbookCell* find_cell_searched(const WorkbookRow& row, std::uint32_t column);

// The data row's cell in `column`, or null. Inline, as cell_text(): both
// run for every field of every row.
inline const WorkbookCell* find_cell(const WorkbookRow& row, std::uint32_t column) {
  // Columns only grow along a row, so in a row without gaps (the usual)
  // the cell of `column` is at that index: no search.
  if (column < row.cells.size() && row.cells[column].column == column) return &row.cells[column];
  return find_cell_searched(row, column);
}

// cell_text() of a cell that may be a problem: a formula's, or CSV text
// not checked for UTF-8.
std::string_view checked_cell_text(const WorkbookRow& row, const WorkbookCell& cell,
                                   const Source& source, const OfficePlaces& places,
                                   std::uint16_t place, Problems& sink, bool& ok,
                                   bool utf8_checked);

// The text of `column` in `row` of `source` (trimmed; "" when empty or
// kNoColumn). A formula saved without its value, a formula's error value
// or (CSV) invalid UTF-8 is an error at the cell (source number `place`),
// and gives "" with ok false. `utf8_checked`: the row's text is known to
// be valid UTF-8 (SourceRow::utf8_checked). Inline up to the problems: as
// a call, its entry took a sixth of its samples (its frame is the
// messages').
inline std::string_view cell_text(const WorkbookRow& row, std::uint32_t column,
                                  const Source& source, const OfficePlaces& places,
                                  std::uint16_t place, Problems& sink, bool& ok,
                                  bool utf8_checked = false) {
  if (column == kNoColumn) return {};
  const WorkbookCell* cell = find_cell(row, column);
  if (!cell) return {};
  if (cell->kind != WorkbookCell::Kind::Formula && cell->kind != WorkbookCell::Kind::Error &&
      (utf8_checked || source.workbook()))
    return trim(cell->text);
  return checked_cell_text(row, *cell, source, places, place, sink, ok, utf8_checked);
}

// A date cell as the row rules read it: an Excel date number (a number
// not formatted as a date) as YYYY-MM-DD in the workbook's date system,
// any other text as it is.
std::string date_text(const WorkbookRow& row, std::uint32_t column, const Source& source,
                      const OfficePlaces& places, std::uint16_t place, Problems& sink, bool& ok,
                      bool utf8_checked = false);

// The row as one CSV line, its cells in column order (gaps empty): for a
// quarantine.
std::string row_text(const WorkbookRow& row);

}  // namespace dutyscore::detail
