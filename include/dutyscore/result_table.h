// A result laid out as a table: typed columns, each with an id (CSV headers
// for programs) and a label (for people), and rows of cells. Each result
// the tool writes (scores, commendation lists, groups, years, what-if,
// audit lines) is laid out once as a table (result_tables.h); the writers
// take it from there: table_csv() here, the workbook in results_xlsx.h.
//
//   ResultTable t = scores_table_of(rules, members, scores, {}, TableOptions{});
//   std::string csv = table_csv(t, HeaderStyle::Ids);   // = scores_csv(...)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/audit_notes.h"
#include "dutyscore/decimal.h"

namespace dutyscore {

enum class CellType {
  Text,     // written as text (a CSV cell neutralised against formulas)
  Decimal,  // exact points in units of 10^-precision (the column's)
  Integer,  // a whole number (counts, ranks, positions)
};

struct TableColumn {
  std::string id;     // "total": the CSV header programs read
  std::string label;  // "总分": the header people read
  CellType type = CellType::Text;
  int precision = 2;  // Decimal columns
};

struct TableCell {
  std::string text;         // Text
  std::int64_t number = 0;  // Decimal (scaled) and Integer
  bool blank = false;       // no value at all (an unranked member's rank)

  static TableCell of_text(std::string text) { return TableCell{std::move(text), 0, false}; }
  static TableCell of_number(std::int64_t number) { return TableCell{{}, number, false}; }
  static TableCell none() { return TableCell{{}, 0, true}; }
};

struct ResultTable {
  std::string name;  // what it is, for people: the workbook's sheet name ("成绩")
  std::vector<TableColumn> columns;
  std::vector<std::vector<TableCell>> rows;  // each as many cells as columns

  // Appends a column and returns *this, for building a header in one go.
  ResultTable& column(std::string id, std::string label, CellType type = CellType::Text,
                      int precision = 2);
};

// How the builders write the cells that hold codes, and the headers.
enum class HeaderStyle {
  Ids,     // codes and ids ("minimum:three_ones", "record"): for programs
  Labels,  // the names people read ("未达最低要求：三个一", "记录得分")
};

// What a table builder writes: codes or names, and the notes' language.
struct TableOptions {
  HeaderStyle headers = HeaderStyle::Ids;
  Language language = Language::English;  // notes and reasons
};

// The table as RFC 4180 CSV: the header row (ids or labels), then one line
// per row; Text cells neutralised against formulas (append_safe_csv_cell),
// Points with exactly their column's decimals, blanks empty.
std::string table_csv(const ResultTable& table, HeaderStyle headers = HeaderStyle::Ids);
// table_csv() in two steps, for a table written in slices: the header row,
// then (once per slice) the rows. Their concatenation is table_csv().
void append_csv_header(std::string& out, const ResultTable& table, HeaderStyle headers);
void append_csv_rows(std::string& out, const ResultTable& table);

// One cell as table_csv writes it (without quoting): "12.50", "3", "".
std::string cell_text(const TableColumn& column, const TableCell& cell);

}  // namespace dutyscore
