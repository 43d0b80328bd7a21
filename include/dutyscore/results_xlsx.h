// Results as an .xlsx workbook for Excel, WPS and LibreOffice (through
// libxlsxwriter): one sheet per result table (result_tables.h), headers by
// the rule set's Chinese labels, numbers as numbers with their decimals,
// the header row frozen, filters on, columns as wide as their text.
//
//   XlsxWorkbook book("results.xlsx");
//   book.add(table_of_scores(rules, members, scores, {true, 0}, {HeaderStyle::Labels, Language::Chinese}));
//   std::string error;
//   if (!book.close(error)) std::cerr << error << '\n';
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "dutyscore/evaluate.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/result_table.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

// One workbook being written. Sheets are written row by row to temporary
// files (constant memory), so a sheet is finished before the next begins.
// Not safe to use from several threads at once.
class XlsxWorkbook {
 public:
  // Rows a sheet holds (Excel's limit, less the header row).
  static constexpr std::size_t kMaxRows = 1048575;

  // Starts the workbook `path`; nothing is on disk before close().
  explicit XlsxWorkbook(const std::string& path);
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  // A sheet named table.name (made unique and valid), holding the table.
  void add(const ResultTable& table);

  // A sheet to which tables with `header`'s columns are appended in parts
  // (append), e.g. the audit lines of every member; past kMaxRows it goes
  // on in a further sheet ("计分明细 (2)"). Column widths come from the
  // first part appended.
  void begin_long(const ResultTable& header);
  void append(const ResultTable& part);

  // A column chart of the last added sheet: column `values` against column
  // `labels`, over its first `rows` rows, placed beside the table.
  void add_column_chart(std::size_t labels, std::size_t values, std::size_t rows,
                        const std::string& title);

  // Writes the file. False, with `error` saying why, when it cannot.
  bool close(std::string& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ScoresWorkbookOptions {
  // Threads that explain members for the audit lines; the bytes do not
  // depend on it.
  unsigned threads = 1;
  // The 计分明细 sheets: every member's audit lines. About 60 rows a
  // member: for a city of 20,000 members 1.3 million rows (two sheets),
  // most of the file and of the time (measured in bench/bench_reports.cpp).
  bool audit_lines = true;
};

// The workbook `score --format xlsx` writes: 成绩 (the ranking with the
// members' details), 等次分布 (grade counts, percentages and a chart),
// 表彰名单, 待办事项 (action lists) and 计分明细 (every member's audit
// lines, from `evaluation`, the Evaluation `scores` came from). False,
// with `error` saying why, when the file cannot be written.
bool write_scores_workbook(const std::string& path, const RuleSet& rules, const MemberTable& members,
                           const RecordBatch& records, const Evaluation& evaluation,
                           const Scores& scores, const ScoresWorkbookOptions& options,
                           std::string& error);

}  // namespace dutyscore
