// Excel and WPS workbooks as rows of cells: .xlsx (Office Open XML, read
// with libzip and expat, one sheet streamed row by row) and .xls (Excel
// 97-2003, read with libfreexl). The readers of members and records
// (input.h) take their cells from here; this header is for programs that
// want a sheet's cells themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/problem.h"

namespace dutyscore {

// What a file is, from its first bytes (not its name): a zip archive is an
// .xlsx workbook, an OLE2 compound file an .xls workbook (or an encrypted
// workbook of any kind), anything else text (CSV).
enum class FileFormat { Csv, Xlsx, Xls };
FileFormat detect_file_format(std::string_view bytes);

// One cell that holds something. Empty cells are left out of a row.
struct WorkbookCell {
  enum class Kind : std::uint8_t {
    Text,     // text: the text
    Number,   // a number not formatted as a date: its digits ("12", "2.5")
    Date,     // a number formatted as a date, or a date: "YYYY-MM-DD" (the time of day dropped)
    Boolean,  // "TRUE" or "FALSE"
    Error,    // a formula's error: "#N/A", "#REF!", ...
    Formula,  // a formula saved without its value (some programs write them): the formula
  };
  std::uint32_t column = 0;  // 0 for A, 25 for Z, 26 for AA
  Kind kind = Kind::Text;
  std::string_view text;
};

// One row: its number (1 for the first) and its cells in column order.
// Views stay valid only during the callback that receives the row.
struct WorkbookRow {
  std::uint32_t number = 0;
  std::vector<WorkbookCell> cells;
};

// "A", "Z", "AA", ... for a column index (0-based); "D17" for a cell.
std::string column_name(std::uint32_t column);
std::string cell_name(std::uint32_t column, std::uint32_t row);

// A rectangle of cells, 0-based columns and 1-based rows, inclusive.
struct CellRange {
  std::uint32_t first_column = 0, first_row = 0, last_column = 0, last_row = 0;
  std::string name() const;  // "A1:D1"
};

// A workbook opened for reading. Every problem names the file and, where
// there is one, the sheet and the cell ("records.xlsx[履职记录]!D17"). The
// size of everything kept is bounded by the file's size: a part that
// claims to unpack to more than its packed size allows, a shared-string
// index past the strings there are, or a cell beyond XFD1048576 is an
// error, not an allocation. Not for several threads at once.
class Workbook {
 public:
  // Opens the workbook `bytes` (which must outlive it), named `file` in
  // messages; an .xls is read from `path` (libfreexl reads files only), and
  // may not be opened from bytes alone. Nothing, with an error, when it is
  // not a workbook, is encrypted, or is damaged.
  static std::unique_ptr<Workbook> open(std::string_view bytes, const std::string& file,
                                        const std::string& path, Problems& problems);
  virtual ~Workbook();

  // The sheets' names in the workbook's order.
  const std::vector<std::string>& sheet_names() const { return sheets_; }
  // The index of the sheet named `name`, or sheet_names().size().
  std::size_t find_sheet(std::string_view name) const;
  // True when dates count from 1904 (the workbook option Excel for Mac
  // once set by default) rather than from 1900.
  bool date1904() const { return date1904_; }

  // "records.xlsx[履职记录]": the file and sheet as messages name them.
  std::string sheet_label(std::size_t sheet) const;

  // Reads sheet `sheet` row by row, in order, calling on_row(row) for every
  // row that holds a cell; on_row returns false to stop early. False, with
  // an error, when the sheet cannot be read to its end (a damaged sheet,
  // a cell out of bounds); the rows before the problem were passed on.
  virtual bool read_sheet(std::size_t sheet, const std::function<bool(const WorkbookRow&)>& on_row,
                          Problems& problems) = 0;

  // The merged cells of the sheet read last (whole, not stopped early):
  // a workbook lists them after the rows.
  const std::vector<CellRange>& merged_cells() const { return merged_; }

 protected:
  Workbook(std::string file) : file_(std::move(file)) {}
  std::string file_;
  std::vector<std::string> sheets_;
  bool date1904_ = false;
  std::vector<CellRange> merged_;
};

}  // namespace dutyscore
