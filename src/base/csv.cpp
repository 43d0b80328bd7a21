#include "dutyscore/csv.h"

#include "base/csv_parser.h"

namespace dutyscore {

using detail::CsvParser;

bool read_csv(std::string_view text, const std::string& file,
              const std::function<void(const std::vector<std::string_view>&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row, Problems& problems) {
  return read_csv(text, file, on_header, on_row, nullptr, problems);
}

bool read_csv(std::string_view text, const std::string& file,
              const std::function<void(const std::vector<std::string_view>&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row,
              const std::function<void(const CsvBadRow&)>& on_bad_row, Problems& problems) {
  CsvParser parser(text);
  std::vector<std::string_view> header;
  if (!detail::read_csv_header(parser, file, header, problems)) return false;
  if (on_header) on_header(header);
  const std::size_t columns = header.size();
  header.clear();

  CsvRow row;
  row.cells.reserve(columns);
  std::string error;
  while (!parser.at_end()) {
    if (parser.eat_newline()) continue;  // blank line
    row.line = parser.line();
    const std::size_t row_begin = parser.pos();
    if (!detail::read_csv_row(parser, columns, row.cells, error)) {
      problems.error(Location{file, static_cast<int>(row.line), 0, {}},
                     error + "; the row is skipped");
      if (on_bad_row) on_bad_row(CsvBadRow{row.line, parser.raw_since(row_begin), error});
      continue;
    }
    if (on_row) on_row(row);
  }
  return true;
}

namespace detail {

bool read_csv_header(CsvParser& parser, const std::string& file,
                     std::vector<std::string_view>& header, Problems& problems) {
  // Blank lines carry no row; skipping them keeps a trailing empty line (and
  // stray empty lines an editor leaves) from being reported as short rows.
  while (!parser.at_end() && parser.eat_newline()) {
  }
  if (parser.at_end()) {
    problems.error(Location{file, 1, 0, {}}, "the file is empty: a header row is expected");
    return false;
  }
  std::string error;
  const std::uint32_t header_line = parser.line();
  parser.parse_row(header, error);
  if (!error.empty()) {
    problems.error(Location{file, static_cast<int>(header_line), 0, {}},
                   "the header row is malformed: " + error);
    return false;
  }
  return true;
}

bool read_csv_row(CsvParser& parser, std::size_t columns, std::vector<std::string_view>& cells,
                  std::string& error) {
  parser.parse_row(cells, error);
  if (error.empty() && cells.size() != columns) {
    error = "the row has " + std::to_string(cells.size()) + " cells but the header has " +
            std::to_string(columns);
  }
  return error.empty();
}

}  // namespace detail

bool csv_cell_needs_neutralising(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    default: return false;
  }
}

void append_safe_csv_cell(std::string& out, std::string_view cell) {
  if (!csv_cell_needs_neutralising(cell)) {
    append_csv_cell(out, cell);
    return;
  }
  std::string guarded;
  guarded.reserve(cell.size() + 1);
  guarded += '\'';
  guarded.append(cell.data(), cell.size());
  append_csv_cell(out, guarded);
}

void append_csv_cell(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(cell.data(), cell.size());
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace dutyscore
