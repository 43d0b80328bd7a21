#include "input/xls_reader.h"

#include <freexl.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "input/office_values.h"

namespace dutyscore::detail {
namespace {

// BIFF8 sheets end at row 65536 and column IV (256).
constexpr unsigned kMaxRows = 65536;
constexpr unsigned kMaxColumns = 256;

// The shortest decimal that reads back as `value` (2.5, not 2.5000000000000000).
std::string shortest(double value) {
  char text[32];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

class XlsWorkbook final : public Workbook {
 public:
  XlsWorkbook(std::string file, const void* handle) : Workbook(std::move(file)), handle_(handle) {}
  ~XlsWorkbook() override { freexl_close(handle_); }

  bool load(Problems& problems) {
    unsigned int info = 0;
    if (freexl_get_info(handle_, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED) {
      problems.error(Location{file_}, "the workbook is encrypted (protected by a password); save "
                                      "a copy without the password and read that");
      return false;
    }
    if (freexl_get_info(handle_, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK)
      date1904_ = info == FREEXL_BIFF_DATEMODE_1904;
    unsigned int count = 0;
    freexl_get_info(handle_, FREEXL_BIFF_SHEET_COUNT, &count);
    for (unsigned short i = 0; i < count && i < 65535; ++i) {
      const char* name = nullptr;
      if (freexl_get_worksheet_name(handle_, i, &name) != FREEXL_OK || name == nullptr) name = "";
      sheets_.emplace_back(name);
    }
    if (sheets_.empty()) {
      problems.error(Location{file_}, "the workbook has no sheet");
      return false;
    }
    return true;
  }

  bool read_sheet(std::size_t sheet, const std::function<bool(const WorkbookRow&)>& on_row,
                  Problems& problems) override {
    merged_.clear();  // libfreexl does not tell merged cells
    const std::string label = sheet_label(sheet);
    unsigned int rows = 0;
    unsigned short columns = 0;
    if (sheet >= sheets_.size() ||
        freexl_select_active_worksheet(handle_, static_cast<unsigned short>(sheet)) != FREEXL_OK ||
        freexl_worksheet_dimensions(handle_, &rows, &columns) != FREEXL_OK) {
      problems.error(Location{label}, "the sheet cannot be read: the workbook is damaged; open it "
                                      "in Excel or WPS and save it as .xlsx");
      return false;
    }
    rows = std::min(rows, kMaxRows);
    columns = static_cast<unsigned short>(std::min<unsigned>(columns, kMaxColumns));
    WorkbookRow row;
    std::vector<std::string> texts(columns);
    for (unsigned int r = 0; r < rows; ++r) {
      row.number = r + 1;
      row.cells.clear();
      for (unsigned short c = 0; c < columns; ++c) {
        FreeXL_CellValue value;
        if (freexl_get_cell_value(handle_, r, c, &value) != FREEXL_OK) {
          problems.error(Location{label, static_cast<int>(r + 1), 0, {}, cell_name(c, r + 1)},
                         "the cell cannot be read: the workbook is damaged; open it in Excel or "
                         "WPS and save it as .xlsx");
          return false;
        }
        WorkbookCell cell;
        cell.column = c;
        std::string& text = texts[c];
        switch (value.type) {
          case FREEXL_CELL_INT:
            text = std::to_string(value.value.int_value);
            cell.kind = WorkbookCell::Kind::Number;
            break;
          case FREEXL_CELL_DOUBLE:
            if (!std::isfinite(value.value.double_value)) continue;
            text = shortest(value.value.double_value);
            cell.kind = WorkbookCell::Kind::Number;
            break;
          case FREEXL_CELL_TEXT:
          case FREEXL_CELL_SST_TEXT:
            text = value.value.text_value ? value.value.text_value : "";
            cell.kind = WorkbookCell::Kind::Text;
            break;
          case FREEXL_CELL_DATE:
          case FREEXL_CELL_DATETIME:
            text = std::string(value.value.text_value ? value.value.text_value : "").substr(0, 10);
            cell.kind = WorkbookCell::Kind::Date;
            break;
          case FREEXL_CELL_TIME:
            text = value.value.text_value ? value.value.text_value : "";
            cell.kind = WorkbookCell::Kind::Text;
            break;
          default:
            continue;  // empty
        }
        if (text.empty()) continue;
        cell.text = text;
        row.cells.push_back(cell);
      }
      if (!row.cells.empty() && !on_row(row)) return true;
    }
    return true;
  }

 private:
  const void* handle_;
};

// An OLE2 compound file holding an encrypted Office Open XML workbook has
// these streams (their names are stored as UTF-16LE in its directory).
bool encrypted_package(std::string_view bytes) {
  static const char kName[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
  return bytes.find(std::string_view(kName, sizeof kName - 1)) != std::string_view::npos;
}

}  // namespace

std::unique_ptr<Workbook> open_xls(std::string_view bytes, const std::string& file,
                                   const std::string& path, Problems& problems) {
  if (encrypted_package(bytes)) {
    problems.error(Location{file}, "the workbook is encrypted (protected by a password); save a "
                                   "copy without the password and read that");
    return nullptr;
  }
  if (path.empty()) {
    problems.error(Location{file}, "an .xls workbook (Excel 97-2003) can be read only from its "
                                   "file; save it as .xlsx to pass its bytes");
    return nullptr;
  }
  const void* handle = nullptr;
  const int status = freexl_open(path.c_str(), &handle);
  if (status != FREEXL_OK) {
    if (handle) freexl_close(handle);
    problems.error(Location{file},
                   "the file starts like an Excel 97-2003 workbook (.xls) but libfreexl cannot "
                   "read it (error " +
                       std::to_string(status) +
                       "): it is damaged, or not a workbook; open it in Excel or WPS and save "
                       "it as .xlsx");
    return nullptr;
  }
  auto book = std::make_unique<XlsWorkbook>(file, handle);
  if (!book->load(problems)) return nullptr;
  return book;
}

}  // namespace dutyscore::detail
