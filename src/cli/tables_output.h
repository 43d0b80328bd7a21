// Writing result tables (result_tables.h) as the command line asks: CSV
// with --headers ids or labels, or a workbook with --format xlsx.
#pragma once

#include <vector>

#include "dutyscore/result_table.h"
#include "options.h"

namespace dutyscore::cli {

// How the tables' cells read: ids and codes, or (--headers labels, and in
// every workbook) the rule set's labels and Chinese names and notes.
TableOptions table_options(const CommonOptions& options);

// --format xlsx: each table a sheet of the workbook --output FILE. Any
// other format: the first table as CSV, its header row as --headers says,
// to --output or standard output. False, after a message, on failure.
bool write_tables(const CommonOptions& options, const std::vector<ResultTable>& tables);

}  // namespace dutyscore::cli
