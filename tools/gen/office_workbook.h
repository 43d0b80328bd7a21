// The generated committee as an office keeps it (examples/office-export/):
// one .xlsx workbook whose sheets each office fills in its own layout
// ("谁组织谁记录"), with title rows, Chinese headers and values and Excel
// dates. Read back through examples/office-export/profile.yaml, it is the
// same committee as write_csv()'s files, record for record (record ids
// apart: the offices keep none, so the reader makes them of sheet and row).
#pragma once

#include <string>

#include "generator.h"

namespace dutyscore::gen {

// Writes the workbook to `path` (replacing it). The same Options give the
// same bytes. Returns "" or why it could not be written.
std::string write_office_workbook(const Options& options, const std::string& path);

// The committee's members and records in the interchange layout, as one
// .xlsx workbook (sheets "members" and "records", dates as Excel dates),
// written row by row in libxlsxwriter's constant-memory mode: the
// benchmarks' large workbooks. Returns "" or why it could not be written.
std::string write_interchange_workbook(const Options& options, const std::string& path);

}  // namespace dutyscore::gen
