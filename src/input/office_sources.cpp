#include "input/office_sources.h"

#include <algorithm>

#include "base/csv_parser.h"
#include "dutyscore/csv.h"
#include "dutyscore/encoding.h"
#include "input/csv_parts.h"
#include "input/office_values.h"

namespace dutyscore::detail {
namespace {

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string without_extension(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// Rows of CSV text as a source's rows, the text whole or window by window.
// A row without a quote or a lone CR, with as many cells as the row before
// it, is split a block of bytes at a time (the interchange reader's
// splitter); any other goes through the CSV parser, which words every
// problem. Both give the same cells: views of the text.
class CsvRowFeed {
 public:
  explicit CsvRowFeed(const std::function<bool(const SourceRow&)>& on_row)
      : on_row_(on_row), split_(split_plain_for(has_avx2())) {}
  // Where the parser's text starts in the file's.
  void set_base(std::uint64_t base) { base_ = base; }

  // The rows of `parser`'s text from its place. With `more` (the text goes
  // on past its end), a row that reaches the end may go on there: the
  // parser is left at its start, for the text that follows. False when
  // on_row said to stop.
  bool rows(CsvParser& parser, bool more) {
    const std::string_view text = parser.text();
    const std::size_t size = text.size();
    // The text's whole lines checked for UTF-8 at once (to its last line
    // feed while more follows: a window may end inside a character), as
    // CsvRows::scan checks an interchange part: the cells of a row ending
    // by checked_end (the first bad byte, if any) need no check of their
    // own, the others are checked each, to say where.
    std::size_t checked_end = parser.pos();
    {
      std::string_view rest = text.substr(parser.pos());
      rest = rest.substr(0, more ? rest.rfind('\n') + 1 : rest.size());  // npos + 1: none
      const std::size_t bad = find_invalid_utf8(rest);
      checked_end += bad == std::string_view::npos ? rest.size() : bad;
    }
    while (!parser.at_end()) {
      const std::uint32_t line = parser.line();
      const std::size_t start = parser.pos();
      PlainLine plain;
      std::string_view line_text;
      if (cells_.size() != columns_) cells_.resize(columns_);
      if (columns_ != 0 && split_(text.data() + start, text.data() + size, cells_, plain)) {
        line_text = text.substr(start, static_cast<std::size_t>(plain.content_end - (text.data() + start)));
        // As the parser would: the line feed eaten, unless the text ended.
        const bool last = plain.end == text.data() + size;
        const std::size_t next = last ? size : static_cast<std::size_t>(plain.end + 1 - text.data());
        if (more && next >= size) return true;
        parser.seek(next, last || line == UINT32_MAX ? line : line + 1);
      } else {
        parser.parse_row(cells_, error_);
        if (more && (parser.pos() >= size || parser.ran_out())) {
          parser.seek(start, line);
          return true;
        }
        if (!error_.empty()) {
          row_.number = line;
          row_.cells.clear();
          if (!on_row_(SourceRow{row_, &error_, parser.raw_since(start), base_ + parser.pos()}))
            return false;
          continue;
        }
        columns_ = cells_.size();
      }
      row_.number = line;
      row_.cells.clear();
      for (std::size_t i = 0; i < cells_.size(); ++i) {
        if (trim(cells_[i]).empty()) continue;
        // Field by field in place: a WorkbookCell pushed whole was built on
        // the stack and copied with one load over its fields' separate
        // stores, which waited for them (70% of this loop's samples).
        WorkbookCell& cell = row_.cells.emplace_back();
        cell.column = static_cast<std::uint32_t>(i);
        cell.text = cells_[i];
      }
      if (row_.cells.empty()) continue;  // a blank line
      if (!on_row_(SourceRow{row_, nullptr, {}, base_ + parser.pos(), line_text,
                             parser.pos() <= checked_end}))
        return false;
    }
    return true;
  }

 private:
  const std::function<bool(const SourceRow&)>& on_row_;
  const SplitPlain split_;
  // The cells of the row before (the splitter's count); 0 before the first.
  std::size_t columns_ = 0;
  std::vector<std::string_view> cells_;
  std::string error_;
  WorkbookRow row_;
  std::uint64_t base_ = 0;
};

// A window's text at a time (OpenFile::window_bytes), each window the rows
// it holds whole; a row longer than a window grows it. Before every reading
// but the first the file is read again from its start.
constexpr std::size_t kWindowBytes = std::size_t{4} << 20;

bool streamed_rows(const OpenFile& file, const std::function<bool(const SourceRow&)>& on_row,
                   Problems& problems) {
  FileWindow& window = *file.window;
  std::string why;
  const auto cannot = [&] {
    cannot_read(file.input->name, why, problems);
    return false;
  };
  if (window.offset() != 0 && !window.rewind(why)) return cannot();
  CsvRowFeed feed(on_row);
  std::uint32_t line = 1;
  std::size_t want = file.window_bytes;
  for (;;) {
    if (!window.fill(want, why)) return cannot();
    // The window is `want` bytes even when more were read (the look at the
    // file's start for its encoding reads 4 MiB).
    const std::string_view text = window.text().substr(0, want);
    const bool more = !window.at_end() || text.size() < window.text().size();
    CsvParser parser(text);  // skips a byte order mark at the file's start
    if (window.offset() != 0) parser.seek(0, line);
    feed.set_base(window.offset());
    if (!feed.rows(parser, more)) return true;
    if (!more) return true;
    // A row longer than the window: a larger one.
    want = parser.pos() != 0 ? file.window_bytes : want > SIZE_MAX / 2 ? SIZE_MAX : want * 2;
    line = parser.line();
    window.drop(parser.pos());
  }
}

bool csv_rows(std::string_view text, const std::function<bool(const SourceRow&)>& on_row) {
  CsvParser parser(text);
  CsvRowFeed(on_row).rows(parser, false);
  return true;
}

}  // namespace

std::unique_ptr<OpenFile> open_file(const InputFile& input, const InputOptions& options,
                                    Problems& problems) {
  auto file = std::make_unique<OpenFile>();
  file->input = &input;
  if (detect_file_format(input.bytes) == FileFormat::Csv) {
    if (!decode_to_utf8(input.bytes, options.encoding, input.name, file->storage, file->text,
                        problems))
      return nullptr;
    return file;
  }
  file->book = Workbook::open(input.bytes, input.name, input.path, problems);
  if (!file->book) return nullptr;
  return file;
}

std::unique_ptr<OpenFile> open_streamed(const InputFile& input, FileWindow& window,
                                        const InputOptions& options, Problems& problems) {
  auto file = std::make_unique<OpenFile>();
  file->input = &input;
  file->window = &window;
  file->window_bytes = options.part_bytes != 0 ? options.part_bytes : kWindowBytes;
  std::string why;
  if (!window.fill(kWindowBytes, why)) {
    cannot_read(input.name, why, problems);
    return nullptr;
  }
  const auto source = convert_as_read(window, options.encoding, input.name, problems, file->watch);
  if (!source) return nullptr;
  if (source->charset != nullptr && !window.fill(kWindowBytes, why)) {
    cannot_read(input.name, why, problems);
    return nullptr;
  }
  file->head = std::string(window.text().substr(0, OpenFile::kHeadBytes));
  return file;
}

std::vector<std::string> csv_first_row(std::string_view text) {
  CsvParser parser(text);
  std::vector<std::string_view> cells;
  std::string error;
  while (!parser.at_end()) {
    parser.parse_row(cells, error);
    if (!error.empty()) return {};
    if (cells.size() == 1 && trim(cells[0]).empty()) continue;
    return std::vector<std::string>(cells.begin(), cells.end());
  }
  return {};
}

std::vector<Source> list_sources(const std::vector<std::unique_ptr<OpenFile>>& files,
                                 const std::vector<std::string>& sheets, Problems& problems) {
  std::vector<Source> out;
  std::size_t workbooks = 0;
  for (const auto& f : files) workbooks += f->book ? 1 : 0;
  for (const auto& file : files) {
    const OpenFile& f = *file;
    const std::string& name = f.input->name;
    if (!f.book) {
      Source s;
      s.file = &f;
      s.label = name;
      s.name = base_name(name);
      s.id_prefix = s.name;
      out.push_back(std::move(s));
      continue;
    }
    const auto& names = f.book->sheet_names();
    bool any = false;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!sheets.empty() && std::find(sheets.begin(), sheets.end(), names[i]) == sheets.end())
        continue;
      any = true;
      Source s;
      s.file = &f;
      s.sheet = i;
      s.label = f.book->sheet_label(i);
      s.name = names[i];
      // One workbook: its sheets' names tell records apart; several: with
      // the file's name too.
      s.id_prefix = workbooks == 1 && files.size() == 1 ? names[i] : base_name(name) + "[" + names[i] + "]";
      out.push_back(std::move(s));
    }
    if (!any) {
      std::string listed, present;
      for (const auto& n : sheets) listed += (listed.empty() ? "'" : ", '") + n + "'";
      for (const auto& n : names) present += (present.empty() ? "'" : ", '") + n + "'";
      std::string message = "the workbook has no sheet named " + listed;
      message += " (given with --sheet); its sheets are ";
      message += present;
      problems.error(Location{name}, std::move(message));
    }
  }
  return out;
}

bool read_source(const Source& source, const std::function<bool(const SourceRow&)>& on_row,
                 Problems& problems) {
  if (source.file->window) return streamed_rows(*source.file, on_row, problems);
  if (!source.workbook()) return csv_rows(source.file->text, on_row);
  return source.file->book->read_sheet(
      source.sheet, [&](const WorkbookRow& row) { return on_row(SourceRow{row, nullptr, {}}); },
      problems);
}

std::vector<const SourceLayout*> layouts_for(const Source& source,
                                             const std::vector<SourceLayout>& layouts,
                                             bool& named) {
  std::vector<const SourceLayout*> by_name, general;
  const std::string stem = without_extension(source.name);
  for (const auto& layout : layouts) {
    if (layout.sheets.empty()) {
      general.push_back(&layout);
      continue;
    }
    for (const auto& sheet : layout.sheets) {
      if (sheet == source.name || (!source.workbook() && sheet == stem)) {
        by_name.push_back(&layout);
        break;
      }
    }
  }
  named = !by_name.empty();
  return named ? by_name : general;
}

bool HeaderSearch::fits_other(const WorkbookRow& row) const {
  if (row.number > kHeaderSearchRows) return false;
  for (const auto& layout : others_)
    if (bind_layout(layout, others_members_, row, codes_)) return true;
  return false;
}

bool HeaderSearch::offer(const WorkbookRow& row) {
  std::uint32_t last = kHeaderSearchRows;
  for (const auto* layout : wanted_) last = std::max(last, layout->header_row);
  if (row.number > last) return true;
  if (others_first_ && fits_other(row)) {
    fits_others_ = true;
    return true;
  }
  for (const auto* layout : wanted_) {
    if (layout->header_row != 0 ? row.number != layout->header_row
                                : row.number > kHeaderSearchRows)
      continue;
    if (auto bound = bind_layout(*layout, members_, row, codes_)) {
      found_ = std::move(bound);
      return true;
    }
  }
  if (!others_first_ && fits_other(row)) {
    fits_others_ = true;
    return true;
  }
  return false;
}

std::uint16_t OfficePlaces::add_source(SourceColumns columns) {
  sources_.push_back(std::move(columns));
  return static_cast<std::uint16_t>(sources_.size() - 1);
}

std::uint32_t OfficePlaces::add(std::uint16_t source, std::uint32_t row, std::uint32_t column) {
  const std::uint32_t line = ++lines_;
  if (!runs_.empty()) {
    const Run& last = runs_.back();
    if (last.source == source && last.column == column && row > last.row &&
        row - last.row == line - last.first_line)
      return line;
  }
  runs_.push_back(Run{line, row, column, source});
  return line;
}

OfficePlaces::Place OfficePlaces::place(std::uint32_t line) const {
  const auto after = std::upper_bound(runs_.begin(), runs_.end(), line,
                                      [](std::uint32_t l, const Run& r) { return l < r.first_line; });
  const Run& run = *(after - 1);
  return Place{run.row + (line - run.first_line), run.column, run.source};
}

Location OfficePlaces::cell(std::uint16_t source, std::uint32_t row, std::uint32_t column) const {
  const SourceColumns& s = sources_[source];
  if (column == kNoColumn) return Location{s.label, static_cast<int>(row)};
  const auto header = s.headers.find(column);
  return Location{s.label, static_cast<int>(row), 0,
                  header == s.headers.end() ? std::string() : header->second,
                  s.workbook ? cell_name(column, row) : std::string()};
}

Location OfficePlaces::at(std::uint32_t line, const char* field) const {
  const Place e = place(line);
  const SourceColumns& s = sources_[e.source];
  std::uint32_t column = kNoColumn;
  if (e.column != kNoColumn &&
      std::find(s.per_record.begin(), s.per_record.end(), field) != s.per_record.end()) {
    column = e.column;
  } else if (const auto it = s.fields.find(field); it != s.fields.end()) {
    column = it->second;
  }
  Location where = cell(e.source, e.row, column);
  if (where.field.empty()) where.field = field;  // a fixed or made value: the field's name
  return where;
}

std::string OfficePlaces::line_name(std::uint32_t line) const {
  const Place e = place(line);
  const SourceColumns& s = sources_[e.source];
  return (s.workbook ? "row " : "line ") + std::to_string(e.row) + " of " + s.label;
}

const std::string& OfficePlaces::label(std::uint32_t line) const {
  return sources_[place(line).source].label;
}

const WorkbookCell* find_cell_searched(const WorkbookRow& row, std::uint32_t column) {
  const auto it = std::lower_bound(
      row.cells.begin(), row.cells.end(), column,
      [](const WorkbookCell& c, std::uint32_t col) { return c.column < col; });
  return it != row.cells.end() && it->column == column ? &*it : nullptr;
}

std::string row_text(const WorkbookRow& row) {
  std::string out;
  std::uint32_t next = 0;
  for (const auto& c : row.cells) {
    for (; next < c.column; ++next) out += ',';
    append_csv_cell(out, c.text);
    next = c.column;
  }
  return out;
}

std::string_view checked_cell_text(const WorkbookRow& row, const WorkbookCell& cell,
                                   const Source& source, const OfficePlaces& places,
                                   std::uint16_t place, Problems& sink, bool& ok,
                                   bool utf8_checked) {
  const std::uint32_t column = cell.column;
  if (cell.kind == WorkbookCell::Kind::Formula || cell.kind == WorkbookCell::Kind::Error) {
    const bool formula = cell.kind == WorkbookCell::Kind::Formula;
    sink.error(places.cell(place, row.number, column),
               formula ? "the cell holds a formula saved without its value; open the workbook in "
                         "Excel, WPS or LibreOffice and save it, which stores the values"
                       : "the cell holds the error value " + std::string(cell.text) +
                             " of its formula; correct the formula",
               formula ? "formula" : "error-value");
    ok = false;
    return {};
  }
  if (!source.workbook() && !utf8_checked) {
    std::string message = invalid_utf8_message(cell.text);
    if (!message.empty()) {
      sink.error(places.cell(place, row.number, column), std::move(message), "utf8");
      ok = false;
      return {};
    }
  }
  return trim(cell.text);
}

std::string date_text(const WorkbookRow& row, std::uint32_t column, const Source& source,
                      const OfficePlaces& places, std::uint16_t place, Problems& sink, bool& ok,
                      bool utf8_checked) {
  const std::string_view text = cell_text(row, column, source, places, place, sink, ok, utf8_checked);
  const WorkbookCell* cell = column == kNoColumn ? nullptr : find_cell(row, column);
  if (cell && cell->kind == WorkbookCell::Kind::Number && source.workbook()) {
    if (const auto day = excel_serial_day(text, source.file->book->date1904()))
      return format_day(*day);
  }
  return std::string(text);
}

}  // namespace dutyscore::detail
