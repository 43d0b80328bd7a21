#include "dutyscore/result_table.h"

#include "dutyscore/csv.h"

namespace dutyscore {

ResultTable& ResultTable::column(std::string id, std::string label, CellType type, int precision) {
  columns.push_back(TableColumn{std::move(id), std::move(label), type, precision});
  return *this;
}

std::string cell_text(const TableColumn& column, const TableCell& cell) {
  if (cell.blank) return {};
  switch (column.type) {
    case CellType::Text: return cell.text;
    case CellType::Decimal: return format_points(cell.number, column.precision);
    case CellType::Integer: return std::to_string(cell.number);
  }
  return {};
}

std::string table_csv(const ResultTable& table, HeaderStyle headers) {
  std::string out;
  append_csv_header(out, table, headers);
  append_csv_rows(out, table);
  return out;
}

void append_csv_header(std::string& out, const ResultTable& table, HeaderStyle headers) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out += ',';
    append_safe_csv_cell(out, headers == HeaderStyle::Ids ? table.columns[c].id : table.columns[c].label);
  }
  out += '\n';
}

void append_csv_rows(std::string& out, const ResultTable& table) {
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
      if (c > 0) out += ',';
      const TableColumn& column = table.columns[c];
      // Numbers the engine wrote stay numbers: a negative total is no formula.
      if (column.type == CellType::Text) append_safe_csv_cell(out, row[c].text);
      else out += cell_text(column, row[c]);
    }
    out += '\n';
  }
}

}  // namespace dutyscore
