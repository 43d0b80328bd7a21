#include "dutyscore/workbook.h"

#include <cstring>

#include "input/xls_reader.h"
#include "input/xlsx_reader.h"

namespace dutyscore {

FileFormat detect_file_format(std::string_view bytes) {
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0) return FileFormat::Xlsx;
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    return FileFormat::Xls;
  return FileFormat::Csv;
}

std::string column_name(std::uint32_t column) {
  std::string out;
  std::uint64_t n = std::uint64_t{column} + 1;
  while (n > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return out;
}

std::string cell_name(std::uint32_t column, std::uint32_t row) {
  return column_name(column) + std::to_string(row);
}

std::string CellRange::name() const {
  return cell_name(first_column, first_row) + ":" + cell_name(last_column, last_row);
}

Workbook::~Workbook() = default;

std::unique_ptr<Workbook> Workbook::open(std::string_view bytes, const std::string& file,
                                         const std::string& path, Problems& problems) {
  switch (detect_file_format(bytes)) {
    case FileFormat::Xlsx: return detail::open_xlsx(bytes, file, problems);
    case FileFormat::Xls: return detail::open_xls(bytes, file, path, problems);
    case FileFormat::Csv: break;
  }
  problems.error(Location{file},
                 "the file is not a workbook: it is neither a zip archive (.xlsx) nor an Excel "
                 "97-2003 file (.xls); save it from Excel or WPS as .xlsx, or as CSV");
  return nullptr;
}

std::size_t Workbook::find_sheet(std::string_view name) const {
  for (std::size_t i = 0; i < sheets_.size(); ++i)
    if (sheets_[i] == name) return i;
  return sheets_.size();
}

std::string Workbook::sheet_label(std::size_t sheet) const {
  return file_ + "[" + (sheet < sheets_.size() ? sheets_[sheet] : std::string()) + "]";
}

}  // namespace dutyscore
