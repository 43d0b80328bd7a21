// Internal: .xlsx workbooks (Office Open XML) read with libzip and expat.
// The workbook's parts (workbook.xml, its relationships, the styles and the
// shared strings) are read when it is opened; a sheet is streamed, its XML
// parsed as it is unpacked, one row kept at a time, never a tree of the
// whole sheet.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dutyscore/problem.h"
#include "dutyscore/workbook.h"

namespace dutyscore::detail {

// Opens an .xlsx workbook from its bytes (see Workbook::open).
std::unique_ptr<Workbook> open_xlsx(std::string_view bytes, const std::string& file,
                                    Problems& problems);

}  // namespace dutyscore::detail
