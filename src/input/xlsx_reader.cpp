#include "input/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <new>

#include "input/office_values.h"

namespace dutyscore::detail {
namespace {

// Deflate cannot pack more than 1032 bytes into one; a part that claims a
// bigger ratio is damaged (or built to exhaust memory).
constexpr std::uint64_t kMaxRatio = 1100;
// Shared strings are kept whole (cells refer to them by number): a limit
// far above any committee's workbook (10^7 distinct texts of 50 bytes).
constexpr std::size_t kMaxSharedBytes = std::size_t{512} << 20;
constexpr std::uint32_t kLastColumn = 16383;   // XFD
constexpr std::uint32_t kLastRow = 1048576;
constexpr std::size_t kChunk = 1 << 16;

std::string_view local_name(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(name);
}

// The value of the attribute whose local name is `name`, or null.
const char* attribute(const char** attributes, std::string_view name) {
  for (const char** a = attributes; *a; a += 2)
    if (local_name(a[0]) == name) return a[1];
  return nullptr;
}

bool parse_whole(std::string_view text, std::uint64_t limit, std::uint64_t& out) {
  if (text.empty() || text.size() > 12) return false;
  out = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return out <= limit;
}

// "D17" -> column 3, row 17; either part may be absent in a range's
// whole-column or whole-row form, never both. False when malformed or
// beyond XFD1048576.
bool parse_cell_ref(std::string_view ref, std::uint32_t& column, std::uint32_t& row) {
  std::size_t i = 0;
  std::uint32_t col = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    if (i >= 3) return false;
    const char c = static_cast<char>(ref[i] & ~0x20);
    col = col * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
    ++i;
  }
  if (i == 0) return false;
  std::uint64_t r = 0;
  if (!parse_whole(ref.substr(i), kLastRow, r) || r == 0 || col - 1 > kLastColumn) return false;
  column = col - 1;
  row = static_cast<std::uint32_t>(r);
  return true;
}

bool parse_range(std::string_view ref, CellRange& range) {
  const auto colon = ref.find(':');
  const auto first = ref.substr(0, colon);
  const auto last = colon == std::string_view::npos ? first : ref.substr(colon + 1);
  return parse_cell_ref(first, range.first_column, range.first_row) &&
         parse_cell_ref(last, range.last_column, range.last_row) &&
         range.first_column <= range.last_column && range.first_row <= range.last_row;
}

// Number formats 14-22 are Excel's built-in dates and times, 27-36 and
// 50-58 those of the Chinese, Japanese and Korean editions, 45-47 times.
bool builtin_date_format(std::uint64_t id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

// True when a custom number format shows a date: it has a y, m or d
// outside quoted text, escapes, brackets and padding ("yyyy/m/d",
// "[$-804]yyyy年m月d日"), in its first section.
bool custom_date_format(std::string_view code) {
  std::string lower;
  for (const char c : code) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower == "general" || lower == "@") return false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = lower[i];
    if (c == ';') return false;
    if (c == '"') {
      const auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == 'y' || c == 'm' || c == 'd') {
      return true;
    }
  }
  return false;
}

// One XML part parsed as it is unpacked: expat calls the handlers below.
class Sax {
 public:
  Sax() : parser_(XML_ParserCreate(nullptr)) {
    if (parser_ == nullptr) throw std::bad_alloc();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Sax::start_cb, &Sax::end_cb);
    XML_SetCharacterDataHandler(parser_, &Sax::text_cb);
    // A workbook's XML declares no DTD: none may define entities.
    XML_SetStartDoctypeDeclHandler(parser_, &Sax::doctype_cb);
  }
  virtual ~Sax() { XML_ParserFree(parser_); }
  Sax(const Sax&) = delete;
  Sax& operator=(const Sax&) = delete;

  // Parses the next piece; false when parsing stopped (an error, or the
  // handler asked to stop).
  bool feed(const char* data, std::size_t size, bool last) {
    if (XML_Parse(parser_, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE) ==
        XML_STATUS_OK)
      return true;
    if (!stopped_ && error_.empty()) {
      error_ = std::string(XML_ErrorString(XML_GetErrorCode(parser_))) + " at line " +
               std::to_string(XML_GetCurrentLineNumber(parser_)) + ", column " +
               std::to_string(XML_GetCurrentColumnNumber(parser_));
    }
    return false;
  }
  bool stopped() const { return stopped_; }
  // What went wrong in the XML, or "" (the handler's own error is in
  // `problems` already).
  const std::string& xml_error() const { return error_; }
  bool failed() const { return failed_; }

 protected:
  virtual void on_start(std::string_view name, const char** attributes) = 0;
  virtual void on_end(std::string_view /*name*/) {}
  virtual void on_text(const char* /*text*/, int /*size*/) {}

  // Ends parsing: at the caller's wish (stop) or on a problem already
  // reported (fail).
  void stop() {
    stopped_ = true;
    XML_StopParser(parser_, XML_FALSE);
  }
  void fail() {
    failed_ = true;
    stop();
  }

 private:
  static void XMLCALL start_cb(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<Sax*>(self)->on_start(local_name(name), attributes);
  }
  static void XMLCALL end_cb(void* self, const XML_Char* name) {
    static_cast<Sax*>(self)->on_end(local_name(name));
  }
  static void XMLCALL text_cb(void* self, const XML_Char* text, int size) {
    static_cast<Sax*>(self)->on_text(text, size);
  }
  static void XMLCALL doctype_cb(void* self, const XML_Char*, const XML_Char*, const XML_Char*,
                                 int) {
    auto* sax = static_cast<Sax*>(self);
    sax->error_ = "a document type declaration, which no workbook has";
    sax->stop();
    sax->stopped_ = false;  // an error, not the caller's wish
  }

  XML_Parser parser_;
  bool stopped_ = false;
  bool failed_ = false;
  std::string error_;
};

// _rels/.rels and xl/_rels/workbook.xml.rels: relationship id -> (type, target).
class RelsSax : public Sax {
 public:
  struct Rel {
    std::string type, target;
  };
  std::map<std::string, Rel> rels;

 protected:
  void on_start(std::string_view name, const char** a) override {
    if (name != "Relationship") return;
    const char* id = attribute(a, "Id");
    const char* type = attribute(a, "Type");
    const char* target = attribute(a, "Target");
    const char* mode = attribute(a, "TargetMode");
    if (id && type && target && !(mode && std::strcmp(mode, "External") == 0))
      rels[id] = Rel{type, target};
  }
};

// xl/workbook.xml: the sheets in order, with their relationship ids, and
// the date system.
class WorkbookSax : public Sax {
 public:
  struct Sheet {
    std::string name, rel;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;

 protected:
  void on_start(std::string_view name, const char** a) override {
    if (name == "workbookPr") {
      const char* d = attribute(a, "date1904");
      date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    } else if (name == "sheet") {
      const char* sheet_name = attribute(a, "name");
      const char* rel = attribute(a, "id");
      if (sheet_name) sheets.push_back(Sheet{sheet_name, rel ? rel : ""});
    }
  }
};

// xl/styles.xml: which cell formats (the `s` of a cell) show dates.
class StylesSax : public Sax {
 public:
  std::vector<bool> date_styles;

  void finish() {
    date_styles.clear();
    for (const std::uint64_t id : format_ids_)
      date_styles.push_back(builtin_date_format(id) ||
                            (custom_.count(id) != 0 && custom_.at(id)));
  }

 protected:
  void on_start(std::string_view name, const char** a) override {
    if (name == "numFmt") {
      std::uint64_t id = 0;
      const char* code = attribute(a, "formatCode");
      const char* id_text = attribute(a, "numFmtId");
      if (code && id_text && parse_whole(id_text, 1u << 20, id))
        custom_[id] = custom_date_format(code);
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      std::uint64_t id = 0;
      const char* id_text = attribute(a, "numFmtId");
      if (!id_text || !parse_whole(id_text, 1u << 20, id)) id = 0;
      format_ids_.push_back(id);
    }
  }
  void on_end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  bool in_cell_xfs_ = false;
  std::map<std::uint64_t, bool> custom_;
  std::vector<std::uint64_t> format_ids_;
};

// xl/sharedStrings.xml: every string, back to back. Phonetic runs (<rPh>)
// are left out: they are readings shown above the text, not the text.
class SharedStringsSax : public Sax {
 public:
  SharedStringsSax(std::string& text, std::vector<std::size_t>& ends, const std::string& file,
                   Problems& problems)
      : text_(text), ends_(ends), file_(file), problems_(problems) {}

 protected:
  void on_start(std::string_view name, const char**) override {
    if (name == "rPh") ++phonetic_;
    else if (name == "t" && phonetic_ == 0) in_text_ = true;
  }
  void on_end(std::string_view name) override {
    if (name == "rPh") {
      if (phonetic_ > 0) --phonetic_;
    } else if (name == "t") {
      in_text_ = false;
    } else if (name == "si") {
      ends_.push_back(text_.size());
    }
  }
  void on_text(const char* s, int size) override {
    if (!in_text_) return;
    if (text_.size() + static_cast<std::size_t>(size) > kMaxSharedBytes) {
      problems_.error(Location{file_},
                      "the workbook's shared strings hold more than 512 MiB of text, more than "
                      "any register of duties; the file is damaged or not a committee's workbook");
      fail();
      return;
    }
    text_.append(s, static_cast<std::size_t>(size));
  }

 private:
  std::string& text_;
  std::vector<std::size_t>& ends_;
  const std::string& file_;
  Problems& problems_;
  int phonetic_ = 0;
  bool in_text_ = false;
};

class XlsxWorkbook;

// One worksheet, streamed: each <row> becomes a WorkbookRow.
class SheetSax : public Sax {
 public:
  SheetSax(const XlsxWorkbook& book, const std::string& label,
           const std::function<bool(const WorkbookRow&)>& on_row, std::vector<CellRange>& merged,
           Problems& problems);

 protected:
  void on_start(std::string_view name, const char** a) override;
  void on_end(std::string_view name) override;
  void on_text(const char* s, int size) override;

 private:
  enum class Collect : std::uint8_t { None, Value, Inline, Formula };
  struct Pending {
    std::uint32_t column;
    WorkbookCell::Kind kind;
    bool shared;  // text is [begin, begin + size) of the shared strings
    std::size_t begin, size;
  };
  void error_at(std::uint32_t column, const std::string& message);
  void finish_cell();
  void finish_row();

  const XlsxWorkbook& book_;
  const std::string& label_;
  const std::function<bool(const WorkbookRow&)>& on_row_;
  std::vector<CellRange>& merged_;
  Problems& problems_;

  bool in_data_ = false;
  bool in_row_ = false;
  std::uint32_t row_ = 0;          // the current (or last) row's number
  std::uint32_t next_column_ = 0;  // where a cell without `r` goes
  // The current cell.
  bool in_cell_ = false;
  std::uint32_t column_ = 0;
  std::string type_;
  bool date_style_ = false;
  bool has_formula_ = false;
  int phonetic_ = 0;
  Collect collect_ = Collect::None;
  std::string value_, inline_, formula_;
  // The row's cells, their texts in `texts_` until the row is done.
  std::vector<Pending> pending_;
  std::string texts_;
  WorkbookRow row_out_;
};

class XlsxWorkbook final : public Workbook {
 public:
  XlsxWorkbook(std::string file, zip_t* zip) : Workbook(std::move(file)), zip_(zip) {}
  ~XlsxWorkbook() override { zip_discard(zip_); }

  bool load(Problems& problems);
  bool read_sheet(std::size_t sheet, const std::function<bool(const WorkbookRow&)>& on_row,
                  Problems& problems) override;

  std::string_view shared(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : shared_ends_[i - 1];
    return std::string_view(shared_text_).substr(begin, shared_ends_[i] - begin);
  }
  std::size_t shared_count() const { return shared_ends_.size(); }
  bool date_style(std::uint64_t style) const {
    return style < date_styles_.size() && date_styles_[style];
  }
  const std::string& shared_text() const { return shared_text_; }
  std::size_t shared_begin(std::size_t i) const { return i == 0 ? 0 : shared_ends_[i - 1]; }

 private:
  enum class Part { Ok, Missing, Failed };
  // Unpacks part `name` into `sax` piece by piece; problems are named by
  // `label` (the file, or the file and sheet).
  Part parse_part(const std::string& name, Sax& sax, const std::string& label,
                  Problems& problems);

  zip_t* zip_;
  std::vector<std::string> sheet_parts_;
  std::string shared_text_;
  std::vector<std::size_t> shared_ends_;
  std::vector<bool> date_styles_;
};

// A part's target relative to the folder `base` ("xl/"), "../" resolved.
std::string resolve(const std::string& base, const std::string& target) {
  std::string path = !target.empty() && target[0] == '/' ? target.substr(1) : base + target;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const std::string part =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

XlsxWorkbook::Part XlsxWorkbook::parse_part(const std::string& name, Sax& sax,
                                            const std::string& label, Problems& problems) {
  const zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return Part::Missing;
  const auto damaged = [&](const std::string& why) {
    problems.error(Location{label}, "the workbook is damaged: its part " + name + " " + why +
                                        "; open it in Excel or WPS and save it again");
    return Part::Failed;
  };
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0)
    return damaged("cannot be read (" + std::string(zip_strerror(zip_)) + ")");
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    problems.error(Location{label},
                   "the workbook is encrypted (protected by a password); save a copy without "
                   "the password and read that");
    return Part::Failed;
  }
  if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
      st.size > st.comp_size * kMaxRatio + kChunk)
    return damaged("claims to unpack " + std::to_string(st.comp_size) + " bytes into " +
                   std::to_string(st.size) + ", more than any compression gives");
  zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
  if (f == nullptr) return damaged("cannot be unpacked (" + std::string(zip_strerror(zip_)) + ")");
  std::vector<char> buffer(kChunk);
  std::uint64_t total = 0;
  Part result = Part::Ok;
  for (;;) {
    const zip_int64_t n = zip_fread(f, buffer.data(), buffer.size());
    if (n < 0) {
      result = damaged("cannot be unpacked (" + std::string(zip_file_strerror(f)) + ")");
      break;
    }
    total += static_cast<std::uint64_t>(n);
    if ((st.valid & ZIP_STAT_SIZE) && total > st.size) {
      result = damaged("unpacks to more than the size it claims");
      break;
    }
    if (!sax.feed(buffer.data(), static_cast<std::size_t>(n), n == 0)) {
      if (sax.failed()) result = Part::Failed;
      else if (!sax.stopped()) result = damaged("is not well-formed XML (" + sax.xml_error() + ")");
      break;
    }
    if (n == 0) break;
  }
  zip_fclose(f);
  return result;
}

bool XlsxWorkbook::load(Problems& problems) {
  // The workbook part: named by the package's relationships, or the usual.
  std::string workbook_part = "xl/workbook.xml";
  {
    RelsSax root;
    if (parse_part("_rels/.rels", root, file_, problems) == Part::Failed) return false;
    for (const auto& [id, rel] : root.rels) {
      if (rel.type.size() >= 15 &&
          rel.type.compare(rel.type.size() - 15, 15, "/officeDocument") == 0)
        workbook_part = resolve("", rel.target);
    }
  }
  const auto slash = workbook_part.rfind('/');
  const std::string base = slash == std::string::npos ? "" : workbook_part.substr(0, slash + 1);
  WorkbookSax book;
  const Part found = parse_part(workbook_part, book, file_, problems);
  if (found == Part::Failed) return false;
  if (found == Part::Missing) {
    problems.error(Location{file_},
                   "the file is a zip archive but not a workbook (it has no " + workbook_part +
                       "); save the data from Excel or WPS as .xlsx");
    return false;
  }
  date1904_ = book.date1904;
  RelsSax rels;
  const std::string rels_part =
      base + "_rels/" + workbook_part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
  if (parse_part(rels_part, rels, file_, problems) == Part::Failed) return false;
  std::string strings_part = base + "sharedStrings.xml", styles_part = base + "styles.xml";
  const auto ends_with = [](const std::string& s, const char* tail) {
    const std::size_t n = std::strlen(tail);
    return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
  };
  for (const auto& [id, rel] : rels.rels) {
    if (ends_with(rel.type, "/sharedStrings")) strings_part = resolve(base, rel.target);
    if (ends_with(rel.type, "/styles")) styles_part = resolve(base, rel.target);
  }
  for (std::size_t i = 0; i < book.sheets.size(); ++i) {
    const auto& sheet = book.sheets[i];
    const auto it = rels.rels.find(sheet.rel);
    sheets_.push_back(sheet.name);
    sheet_parts_.push_back(it != rels.rels.end()
                               ? resolve(base, it->second.target)
                               : base + "worksheets/sheet" + std::to_string(i + 1) + ".xml");
  }
  StylesSax styles;
  if (parse_part(styles_part, styles, file_, problems) == Part::Failed) return false;
  styles.finish();
  date_styles_ = std::move(styles.date_styles);
  SharedStringsSax strings(shared_text_, shared_ends_, file_, problems);
  if (parse_part(strings_part, strings, file_, problems) == Part::Failed) return false;
  if (sheets_.empty()) {
    problems.error(Location{file_}, "the workbook has no sheet");
    return false;
  }
  return true;
}

bool XlsxWorkbook::read_sheet(std::size_t sheet,
                              const std::function<bool(const WorkbookRow&)>& on_row,
                              Problems& problems) {
  merged_.clear();
  if (sheet >= sheets_.size()) return false;
  const std::string label = sheet_label(sheet);
  std::vector<CellRange> merged;
  SheetSax sax(*this, label, on_row, merged, problems);
  const Part read = parse_part(sheet_parts_[sheet], sax, label, problems);
  if (read == Part::Missing) {
    problems.error(Location{label}, "the workbook is damaged: the sheet's part " +
                                        sheet_parts_[sheet] +
                                        " is missing; open it in Excel or WPS and save it again");
    return false;
  }
  if (read != Part::Ok) return false;
  if (!sax.stopped()) merged_ = std::move(merged);
  return true;
}

SheetSax::SheetSax(const XlsxWorkbook& book, const std::string& label,
                   const std::function<bool(const WorkbookRow&)>& on_row,
                   std::vector<CellRange>& merged, Problems& problems)
    : book_(book), label_(label), on_row_(on_row), merged_(merged), problems_(problems) {}

void SheetSax::error_at(std::uint32_t column, const std::string& message) {
  problems_.error(Location{label_, static_cast<int>(row_), 0, {}, cell_name(column, row_)},
                  message);
  fail();
}

void SheetSax::on_start(std::string_view name, const char** a) {
  if (in_cell_) {
    if (name == "v") {
      collect_ = Collect::Value;
    } else if (name == "f") {
      has_formula_ = true;
      collect_ = Collect::Formula;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && phonetic_ == 0) {
      collect_ = Collect::Inline;
    }
    return;
  }
  if (name == "c" && in_row_) {
    in_cell_ = true;
    const char* ref = attribute(a, "r");
    std::uint32_t column = next_column_, row = row_;
    if (ref && !parse_cell_ref(ref, column, row)) {
      error_at(next_column_ > kLastColumn ? kLastColumn : next_column_,
               "the cell reference '" + std::string(ref) +
                   "' is not a cell of a sheet (the last is XFD1048576); the file is damaged");
      return;
    }
    if (row != row_ || column < next_column_ || column > kLastColumn) {
      error_at(std::min(column, kLastColumn),
               "the cell " + (ref ? std::string(ref) : cell_name(column, row)) +
                   " is out of place in row " + std::to_string(row_) + "; the file is damaged");
      return;
    }
    column_ = column;
    next_column_ = column + 1;
    const char* type = attribute(a, "t");
    type_ = type ? type : "n";
    std::uint64_t style = 0;
    const char* s = attribute(a, "s");
    date_style_ = s && parse_whole(s, 1u << 30, style) && book_.date_style(style);
    has_formula_ = false;
    phonetic_ = 0;
    value_.clear();
    inline_.clear();
    formula_.clear();
    return;
  }
  if (name == "row" && in_data_) {
    const char* r = attribute(a, "r");
    std::uint64_t number = std::uint64_t{row_} + 1;
    if (r && !parse_whole(r, kLastRow, number)) number = 0;
    if (number == 0 || number > kLastRow || number <= row_) {
      problems_.error(Location{label_, static_cast<int>(row_), 0, {}},
                      "row '" + std::string(r ? r : "") + "' after row " + std::to_string(row_) +
                          " is out of place or beyond row 1048576; the file is damaged");
      fail();
      return;
    }
    row_ = static_cast<std::uint32_t>(number);
    in_row_ = true;
    next_column_ = 0;
    pending_.clear();
    texts_.clear();
    return;
  }
  if (name == "sheetData") {
    in_data_ = true;
  } else if (name == "mergeCell") {
    CellRange range;
    const char* ref = attribute(a, "ref");
    if (ref && parse_range(ref, range)) merged_.push_back(range);
  }
}

void SheetSax::on_text(const char* s, int size) {
  switch (collect_) {
    case Collect::Value: value_.append(s, static_cast<std::size_t>(size)); break;
    case Collect::Inline: inline_.append(s, static_cast<std::size_t>(size)); break;
    case Collect::Formula: formula_.append(s, static_cast<std::size_t>(size)); break;
    case Collect::None: break;
  }
}

void SheetSax::on_end(std::string_view name) {
  if (in_cell_) {
    if (name == "c") {
      in_cell_ = false;
      collect_ = Collect::None;
      finish_cell();
    } else if (name == "v" || name == "f" || name == "t") {
      collect_ = Collect::None;
    } else if (name == "rPh" && phonetic_ > 0) {
      --phonetic_;
    }
    return;
  }
  if (name == "row" && in_row_) {
    in_row_ = false;
    finish_row();
  } else if (name == "sheetData") {
    in_data_ = false;
  }
}

void SheetSax::finish_cell() {
  using Kind = WorkbookCell::Kind;
  const auto own = [&](Kind kind, std::string_view text) {
    pending_.push_back(Pending{column_, kind, false, texts_.size(), text.size()});
    texts_.append(text.data(), text.size());
  };
  if (type_ == "s") {
    std::uint64_t index = 0;
    if (!parse_whole(value_, 1ull << 40, index) || index >= book_.shared_count()) {
      error_at(column_, "the cell refers to shared string '" + value_ + "' but the workbook has " +
                            std::to_string(book_.shared_count()) + "; the file is damaged");
      return;
    }
    const std::size_t begin = book_.shared_begin(index);
    const std::size_t size = book_.shared(index).size();
    if (size > 0) pending_.push_back(Pending{column_, Kind::Text, true, begin, size});
  } else if (type_ == "inlineStr") {
    if (!inline_.empty()) own(Kind::Text, inline_);
  } else if (type_ == "str") {
    if (!value_.empty()) own(Kind::Text, value_);
  } else if (type_ == "b") {
    if (!value_.empty()) own(Kind::Boolean, value_ == "1" || value_ == "true" ? "TRUE" : "FALSE");
  } else if (type_ == "e") {
    own(Kind::Error, value_.empty() ? std::string_view("#VALUE!") : std::string_view(value_));
  } else if (type_ == "d") {
    const auto day = value_.size() >= 10 ? parse_day(std::string_view(value_).substr(0, 10))
                                         : std::nullopt;
    if (day) own(Kind::Date, std::string_view(value_).substr(0, 10));
    else if (!value_.empty()) own(Kind::Text, value_);
  } else if (value_.empty()) {
    if (has_formula_) own(Kind::Formula, "=" + formula_);
  } else {
    const auto day = date_style_ ? excel_serial_day(value_, book_.date1904()) : std::nullopt;
    if (day) own(Kind::Date, format_day(*day));
    else own(Kind::Number, value_);
  }
}

void SheetSax::finish_row() {
  if (pending_.empty()) return;
  row_out_.number = row_;
  row_out_.cells.resize(pending_.size());
  const std::string& shared = book_.shared_text();
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    WorkbookCell& c = row_out_.cells[i];
    c.column = p.column;
    c.kind = p.kind;
    c.text = p.shared ? std::string_view(shared).substr(p.begin, p.size)
                      : std::string_view(texts_).substr(p.begin, p.size);
  }
  if (!on_row_(row_out_)) stop();
}

}  // namespace

std::unique_ptr<Workbook> open_xlsx(std::string_view bytes, const std::string& file,
                                    Problems& problems) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  // No ZIP_CHECKCONS: workbooks Excel opens (libxlsxwriter's zip64 ones,
  // for one) differ between local and central headers in fields that do
  // not matter; every part read is still checked against its CRC and size.
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (zip == nullptr) {
    if (source) zip_source_free(source);
    problems.error(Location{file}, "the file starts like a zip archive (.xlsx) but cannot be "
                                   "opened as one (" +
                                       std::string(zip_error_strerror(&error)) +
                                       "); it is damaged or cut short: save it again from Excel or "
                                       "WPS");
    zip_error_fini(&error);
    return nullptr;
  }
  zip_error_fini(&error);
  auto book = std::make_unique<XlsxWorkbook>(file, zip);
  if (!book->load(problems)) return nullptr;
  return book;
}

}  // namespace dutyscore::detail
