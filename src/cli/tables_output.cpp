#include "tables_output.h"

#include <algorithm>
#include <iostream>
#include <string>

#include "dutyscore/result_tables.h"
#include "dutyscore/results_xlsx.h"
#include "job.h"

namespace dutyscore::cli {

TableOptions table_options(const CommonOptions& o) {
  if (o.format == "xlsx" || o.headers == HeaderStyle::Labels)
    return TableOptions{HeaderStyle::Labels, Language::Chinese};
  return TableOptions{};
}

bool write_tables(const CommonOptions& o, const std::vector<ResultTable>& tables) {
  if (o.format != "xlsx")
    return write_output(o, tables.empty() ? std::string() : table_csv(tables.front(), o.headers));
  XlsxWorkbook book(*o.output_path);
  for (const ResultTable& t : tables) book.add(t);
  std::string error;
  if (!book.close(error)) {
    std::cerr << "dutyscore: " << error << '\n';
    return false;
  }
  return true;
}

bool write_scores_csv(const CommonOptions& o, const Job& job, const Scores& scores,
                      const ScoresFormatOptions& format) {
  // Rows a slice: enough that a slice's cells are few megabytes at most.
  constexpr std::size_t kSliceRows = 4096;
  const TableOptions options = table_options(o);
  const std::size_t rows = scores_table_rows(scores, format);
  Output out(o);
  if (!out.open()) return false;
  std::string text;
  for (std::size_t first = 0; first == 0 || first < rows; first += kSliceRows) {
    const std::size_t last = std::min(rows, first + kSliceRows);
    const ResultTable slice =
        table_of_scores(job.rules, job.members, scores, format, options, first, last);
    text.clear();
    if (first == 0) append_csv_header(text, slice, o.headers);
    append_csv_rows(text, slice);
    if (!out.write(text)) return false;
  }
  return out.close();
}

}  // namespace dutyscore::cli
