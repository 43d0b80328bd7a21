// RFC 4180 CSV reading: quoted cells, doubled quotes, CRLF, a header row.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/problem.h"

namespace dutyscore {

// One data row: its cells (quotes removed) and the physical line it starts
// on. Views stay valid only during the callback.
struct CsvRow {
  std::vector<std::string_view> cells;
  std::uint32_t line = 0;
};

// Calls `on_row` for every data row after the header; `on_header` first with
// the header's cells. A UTF-8 BOM is skipped. Malformed rows (unbalanced
// quotes, a cell count different from the header's) are reported to
// `problems` with their line and are not passed on. Returns false when the
// text is not CSV at all (no header).
bool read_csv(std::string_view text, const std::string& file,
              const std::function<void(const std::vector<std::string_view>&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row, Problems& problems);

// A row that could not be split into cells (unbalanced quotes, a cell
// count different from the header's): its first line, its raw text (line
// breaks inside quotes kept, the final one removed) and why.
struct CsvBadRow {
  std::uint32_t line = 0;
  std::string_view raw;
  std::string reason;
};

// read_csv() that also hands every malformed row to `on_bad_row` (after it
// is reported to `problems`), so that a caller can account for it.
bool read_csv(std::string_view text, const std::string& file,
              const std::function<void(const std::vector<std::string_view>&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row,
              const std::function<void(const CsvBadRow&)>& on_bad_row, Problems& problems);

// Writes one CSV cell, quoting when needed.
void append_csv_cell(std::string& out, std::string_view cell);

// Writes one text cell for a file a clerk opens in Excel or WPS: a cell
// that begins with '=', '+', '-', '@', a tab or a carriage return gets a
// leading apostrophe, so that no formula runs; then append_csv_cell().
// Use it for text that came from input files (names, ids, units), not for
// numbers the engine wrote (a negative total must stay a number).
void append_safe_csv_cell(std::string& out, std::string_view cell);

// True when the cell would be read as a formula by a spreadsheet.
bool csv_cell_needs_neutralising(std::string_view cell);

// The UTF-8 byte order mark Excel needs to read a CSV file as UTF-8.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace dutyscore
