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

// Writes one CSV cell, quoting when needed.
void append_csv_cell(std::string& out, std::string_view cell);

}  // namespace dutyscore
