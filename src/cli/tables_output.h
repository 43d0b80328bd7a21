// Writing result tables (result_tables.h) as the command line asks: CSV
// with --headers ids or labels, or a workbook with --format xlsx.
#pragma once

#include <vector>

#include "dutyscore/result_table.h"
#include "dutyscore/scores.h"
#include "dutyscore/scores_format.h"
#include "job.h"
#include "options.h"

namespace dutyscore::cli {

// How the tables' cells read: ids and codes, or (--headers labels, and in
// every workbook) the rule set's labels and Chinese names and notes.
TableOptions table_options(const CommonOptions& options);

// --format xlsx: each table a sheet of the workbook --output FILE. Any
// other format: the first table as CSV, its header row as --headers says,
// to --output or standard output. False, after a message, on failure.
bool write_tables(const CommonOptions& options, const std::vector<ResultTable>& tables);

// The ranking as CSV (table_of_scores(), headers as --headers says), to
// --output or standard output, written slice by slice: the bytes of
// write_tables() with that table, without ever holding the whole table or
// text (a national committee's table of strings took 0.5 GB).
bool write_scores_csv(const CommonOptions& options, const Job& job, const Scores& scores,
                      const ScoresFormatOptions& format);

}  // namespace dutyscore::cli
