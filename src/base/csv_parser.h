// Internal: the RFC 4180 row parser behind read_csv(), for readers that
// parse rows one at a time (from any row's start) and word every problem
// as read_csv() does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/problem.h"

namespace dutyscore::detail {

// Where a parsed cell's text lives: a slice of the input, or (for quoted
// cells with doubled quotes) a slice of the row's scratch buffer. Views are
// made only once the row is complete, because the scratch buffer may move
// while it grows.
struct CellSpan {
  std::size_t begin = 0;
  std::size_t size = 0;
  bool in_scratch = false;
};

class CsvParser {
 public:
  explicit CsvParser(std::string_view text) : text_(text) {
    if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
        static_cast<unsigned char>(text_[1]) == 0xBB && static_cast<unsigned char>(text_[2]) == 0xBF)
      pos_ = 3;
  }

  std::string_view text() const { return text_; }
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
  // Continues at `pos`, a row's start, counting lines from `line`: how a
  // reader that cut the text into parts parses one of its rows.
  void seek(std::size_t pos, std::uint32_t line) {
    pos_ = pos;
    line_ = line;
  }
  // True when the last parse_row() error names a line number ("a quote
  // opened on line N ..."): its text depends on where counting started.
  bool error_names_a_line() const { return error_names_a_line_; }

  // Whether the text ended inside a quoted cell in the last parse_row():
  // for a reader that has only part of a file, the row may go on in the
  // text that follows.
  bool ran_out() const { return ran_out_; }

  // Whether a quoted cell of the last parse_row() held a line break, and
  // the line of the first that did (lines may count from 0 in a part, so
  // the line alone cannot say "none"). When such a row is malformed, the
  // quote was most likely left open by mistake and swallowed the rows
  // after it.
  bool has_spanning_quote() const { return has_spanning_quote_; }
  std::uint32_t spanning_quote_line() const { return spanning_quote_line_; }
  // Goes back to the line after that quote's line, so that the rows it
  // swallowed are read on their own (one malformed row, not thousands).
  void resume_after_spanning_quote() {
    std::size_t at = spanning_quote_pos_;
    while (at < text_.size() && text_[at] != '\n' && text_[at] != '\r') ++at;
    pos_ = at;
    line_ = spanning_quote_line_;
    eat_newline();
    error_names_a_line_ = true;
  }

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
    error_names_a_line_ = false;
    has_spanning_quote_ = false;
    ran_out_ = false;
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
    const std::size_t quote_pos = pos_;
    // Noted however the cell ends (closed, or never).
    struct NoteSpan {
      CsvParser& parser;
      std::uint32_t quote_line;
      std::size_t quote_pos;
      ~NoteSpan() {
        if (parser.line_ != quote_line && !parser.has_spanning_quote_) {
          parser.has_spanning_quote_ = true;
          parser.spanning_quote_line_ = quote_line;
          parser.spanning_quote_pos_ = quote_pos;
        }
      }
    } note{*this, quote_line, quote_pos};
    ++pos_;  // opening quote
    const std::size_t begin = pos_;
    bool escaped = false;  // saw a doubled quote: the text must be copied
    std::size_t scratch_begin = 0;
    for (;;) {
      const std::size_t next = text_.find('"', pos_);
      if (next == std::string_view::npos) {
        ran_out_ = true;
        count_lines(pos_, text_.size());
        pos_ = text_.size();
        if (error.empty()) {
          error = "a quote opened on line " + std::to_string(quote_line) + " is never closed";
          error_names_a_line_ = true;
        }
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
          if (close == std::string_view::npos) ran_out_ = true;
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
  bool error_names_a_line_ = false;
  bool ran_out_ = false;
  bool has_spanning_quote_ = false;
  std::uint32_t spanning_quote_line_ = 0;
  std::size_t spanning_quote_pos_ = 0;
};

// Skips leading blank lines and parses the header row into `header`;
// false, with read_csv()'s error, when the text has none or it is
// malformed. The parser is then at the first line after the header.
bool read_csv_header(CsvParser& parser, const std::string& file,
                     std::vector<std::string_view>& header, Problems& problems);

// Parses the data row at the parser's position into `cells`; false, with
// `error` saying why in read_csv()'s words, when it is malformed or has
// another number of cells than `columns`. Parsing resumes after the row
// either way.
bool read_csv_row(CsvParser& parser, std::size_t columns, std::vector<std::string_view>& cells,
                  std::string& error);

}  // namespace dutyscore::detail
