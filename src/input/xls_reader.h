// Internal: .xls workbooks (Excel 97-2003, BIFF8, as WPS offices still
// save them) read with libfreexl, which reads a file by its path.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dutyscore/problem.h"
#include "dutyscore/workbook.h"

namespace dutyscore::detail {

// Opens an .xls workbook (see Workbook::open). `bytes` are the file's
// content, looked at only to tell an encrypted workbook apart; the file is
// read from `path`.
std::unique_ptr<Workbook> open_xls(std::string_view bytes, const std::string& file,
                                   const std::string& path, Problems& problems);

}  // namespace dutyscore::detail
