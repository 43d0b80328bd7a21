#include "dutyscore/csv.h"

namespace dutyscore {
namespace {

// Where a parsed cell's text lives: a slice of the input, or (for quoted
// cells with doubled quotes) a slice of the row's scratch buffer. Views are
// made only once the row is complete, because the scratch buffer may move
// while it grows.
struct CellSpan {
  std::size_t begin = 0;
  std::size_t size = 0;
  bool in_scratch = false;
};

enum class RowEnd { Newline, EndOfText };

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {
    if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
        static_cast<unsigned char>(text_[1]) == 0xBB && static_cast<unsigned char>(text_[2]) == 0xBF)
      pos_ = 3;
  }

  bool at_end() const { return pos_ >= text_.size(); }
  std::size_t pos() const { return pos_; }
  // The text of [from, pos_) without the final line break.
  std::string_view raw_since(std::size_t from) const {
    std::size_t to = pos_;
    if (to > from && text_[to - 1] == '\n') --to;
    if (to > from && text_[to - 1] == '\r') --to;
    return text_.substr(from, to - from);
  }
  std::uint32_t line() const { return line_; }

  // Consumes a line ending at pos_ if there is one (CRLF, LF or a lone CR).
  bool eat_newline() {
    if (pos_ >= text_.size()) return false;
    if (text_[pos_] == '\n') {
      ++pos_;
    } else if (text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    } else {
      return false;
    }
    if (line_ < 0xFFFFFFFFu) ++line_;
    return true;
  }

  // Parses one row into `cells`. `error` is set (and the row must be
  // skipped) when it is malformed; parsing still resumes after the row.
  void parse_row(std::vector<std::string_view>& cells, std::string& error) {
    spans_.clear();
    scratch_.clear();
    error.clear();
    const std::uint32_t start_line = line_;
    for (;;) {
      CellSpan span;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        parse_quoted(span, error, start_line);
      } else {
        const std::size_t begin = pos_;
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
               text_[pos_] != '\r')
          ++pos_;
        span.begin = begin;
        span.size = pos_ - begin;
      }
      spans_.push_back(span);
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      eat_newline();
      break;
    }
    cells.clear();
    for (const auto& s : spans_) {
      cells.push_back(s.in_scratch ? std::string_view(scratch_).substr(s.begin, s.size)
                                   : text_.substr(s.begin, s.size));
    }
  }

 private:
  void parse_quoted(CellSpan& span, std::string& error, std::uint32_t start_line) {
    const std::uint32_t quote_line = line_;
    ++pos_;  // opening quote
    const std::size_t begin = pos_;
    bool escaped = false;  // saw a doubled quote: the text must be copied
    std::size_t scratch_begin = 0;
    for (;;) {
      const std::size_t next = text_.find('"', pos_);
      if (next == std::string_view::npos) {
        count_lines(pos_, text_.size());
        pos_ = text_.size();
        if (error.empty())
          error = "a quote opened on line " + std::to_string(quote_line) + " is never closed";
        span.begin = begin;
        span.size = 0;
        return;
      }
      count_lines(pos_, next);
      if (next + 1 < text_.size() && text_[next + 1] == '"') {
        if (!escaped) {
          escaped = true;
          scratch_begin = scratch_.size();
        }
        scratch_.append(text_.data() + pos_, next + 1 - pos_);  // keeps one quote
        pos_ = next + 2;
        continue;
      }
      if (escaped) {
        scratch_.append(text_.data() + pos_, next - pos_);
        span.begin = scratch_begin;
        span.size = scratch_.size() - scratch_begin;
        span.in_scratch = true;
      } else {
        span.begin = begin;
        span.size = next - begin;
      }
      pos_ = next + 1;
      break;
    }
    // After the closing quote only a separator or the end of the row may follow.
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      if (error.empty())
        error = "unexpected text after a closing quote (a quote inside a cell must be doubled)";
      (void)start_line;
      // Skip the rest of the cell as plain text so the next row starts cleanly.
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        if (text_[pos_] == '"') {
          // A further quoted run: skip it including any newlines it holds.
          const std::size_t close = text_.find('"', pos_ + 1);
          const std::size_t stop = close == std::string_view::npos ? text_.size() : close + 1;
          count_lines(pos_, stop);
          pos_ = stop;
          continue;
        }
        ++pos_;
      }
    }
  }

  // Counts physical line breaks in [from, to) (CRLF counts once).
  void count_lines(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const char c = text_[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
        if (line_ < 0xFFFFFFFFu) ++line_;
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::vector<CellSpan> spans_;
  std::string scratch_;
};

}  // namespace

bool read_csv(std::string_view text, const std::string& file,
              const std::function<void(const std::vector<std::string_view>&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row, Problems& problems) {
  return read_csv(text, file, on_header, on_row, nullptr, problems);
}

bool read_csv(std::string_view text, const std::string& file,
              const std::function<void(const std::vector<std::string_view>&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row,
              const std::function<void(const CsvBadRow&)>& on_bad_row, Problems& problems) {
  Parser parser(text);
  // Blank lines carry no row; skipping them keeps a trailing empty line (and
  // stray empty lines an editor leaves) from being reported as short rows.
  while (!parser.at_end() && parser.eat_newline()) {
  }
  if (parser.at_end()) {
    problems.error(Location{file, 1, 0, {}}, "the file is empty: a header row is expected");
    return false;
  }
  std::vector<std::string_view> header;
  std::string error;
  const std::uint32_t header_line = parser.line();
  parser.parse_row(header, error);
  if (!error.empty()) {
    problems.error(Location{file, static_cast<int>(header_line), 0, {}},
                   "the header row is malformed: " + error);
    return false;
  }
  if (on_header) on_header(header);
  const std::size_t columns = header.size();
  header.clear();

  CsvRow row;
  row.cells.reserve(columns);
  while (!parser.at_end()) {
    if (parser.eat_newline()) continue;  // blank line
    row.line = parser.line();
    const std::size_t row_begin = parser.pos();
    parser.parse_row(row.cells, error);
    const Location where{file, static_cast<int>(row.line), 0, {}};
    if (error.empty() && row.cells.size() != columns) {
      error = "the row has " + std::to_string(row.cells.size()) + " cells but the header has " +
              std::to_string(columns);
    }
    if (!error.empty()) {
      problems.error(where, error + "; the row is skipped");
      if (on_bad_row) on_bad_row(CsvBadRow{row.line, parser.raw_since(row_begin), error});
      continue;
    }
    if (on_row) on_row(row);
  }
  return true;
}

bool csv_cell_needs_neutralising(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    default: return false;
  }
}

void append_safe_csv_cell(std::string& out, std::string_view cell) {
  if (!csv_cell_needs_neutralising(cell)) {
    append_csv_cell(out, cell);
    return;
  }
  std::string guarded;
  guarded.reserve(cell.size() + 1);
  guarded += '\'';
  guarded.append(cell.data(), cell.size());
  append_csv_cell(out, guarded);
}

void append_csv_cell(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(cell.data(), cell.size());
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace dutyscore
