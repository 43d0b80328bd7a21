#include "tables_output.h"

#include <iostream>

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

}  // namespace dutyscore::cli
