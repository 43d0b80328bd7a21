// Internal: CSV text as the members and records readers take it. The
// header is read first; the body is cut into parts of whole rows, which
// threads parse at once, each part into a partial result that the reader
// combines in file order. A row comes out as its cells: what the cells mean
// is the readers' business (member_rows.h, record_rows.h), so that cells
// from elsewhere can go through the same row rules.
//
// Parts are cut just after a line break without looking at quotes: a cut
// may fall inside a quoted cell that holds a line break. Each part is read
// from its cut as if it began a row; a row that starts in a part is read to
// its end, past the part's end if need be, and when that moves the start
// of the next part, the next part is read again from there (see
// read_parts). Lines are counted from a part's start, so each part's lines
// are moved once the lines before it are known. A part's text is needed
// only while that part is read (and again if it has to be read again).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_parser.h"
#include "base/parallel.h"
#include "dutyscore/encoding.h"
#include "dutyscore/problem.h"

namespace dutyscore::detail {

constexpr std::uint32_t kLastLine = 0xFFFFFFFFu;  // line numbers stop growing here

// The header row and where the body starts.
struct CsvHead {
  std::vector<std::string> cells;
  std::size_t body = 0;         // offset of the first byte after the header row
  std::uint32_t body_line = 0;  // the line number there
};

// Reads the header row (after any blank lines and a BOM); false, with
// read_csv()'s error, when the text has none or it is malformed.
bool read_head(std::string_view text, const std::string& file, CsvHead& head,
               Problems& problems);

// Where the parts of the body [body, text.size()) start, each just after a
// line break, and the text's end last: about `parts` parts of equal size,
// or parts of about `part_bytes` bytes when that is not 0. Always at least
// one part.
std::vector<std::size_t> cut_body(std::string_view text, std::size_t body, std::size_t parts,
                                  std::size_t part_bytes);

// The text a part was read from, and the lines it was counted with.
struct PartSpan {
  std::size_t start = 0;  // where its first row (or blank line) starts
  std::size_t end = 0;    // just after its last row: where the next part starts
  std::uint32_t first_line = 0;  // the line number `start` was taken to have
  std::uint32_t end_line = 0;    // the line number at `end`, counted from first_line
  // A message names a line in its text, counted from first_line, so the
  // part must be read again when first_line was not the line at `start`.
  bool lines_in_text = false;
  // A quoted cell ran on to the end of the text: when the text is a window
  // of a longer file, the row may end in the text after it.
  bool ran_out = false;
  std::uint32_t true_first_line = 0;  // set by read_parts()

  // A line counted from first_line, as counted from the text's start.
  std::uint32_t true_line(std::uint32_t line) const {
    const std::uint64_t moved = std::uint64_t{line} - first_line + true_first_line;
    return moved < kLastLine ? static_cast<std::uint32_t>(moved) : kLastLine;
  }
  // The part's `problems` (lines counted from first_line) added to `to` at
  // the text's lines.
  void add_at_true_lines(const Problems& problems, Problems& to) const {
    to.append(problems, [this](Location& where) {
      where.line = static_cast<int>(true_line(static_cast<std::uint32_t>(where.line)));
    });
  }
};

// One data row: its cells, quotes removed, valid only during the call.
struct CsvRowView {
  const std::vector<std::string_view>& cells;
  std::uint32_t line;  // the line the row starts on
  // Read without the CSV parser: no quote and no CR in it, so `text` (the
  // line without its break) is the row exactly as join_cells() writes it.
  bool plain;
  // May hold invalid UTF-8 (a plain row was checked whole, others were
  // not): its cells need the check that names each bad one.
  bool check_utf8;
  std::string_view text;
  // A plain row without spaces and bytes above 0x7F: no cell has anything
  // for trim() to take off.
  bool trimmed = false;

  // The row as a CSV line, for a quarantine.
  std::string as_written() const;
};

// The cells joined as one CSV line.
std::string join_cells(const std::vector<std::string_view>& cells);

// Where a line split by a SplitPlain ends, and what its bytes hold.
struct PlainLine {
  const char* end = nullptr;          // its line feed, or the text's end
  const char* content_end = nullptr;  // `end` less a CR just before it
  bool odd = false;  // a space or a byte above 0x7F (maybe in bad UTF-8)
};

// A plain line's splitter, split(p, text_end, cells, line): splits the
// line at p, up to its first line feed or the text's end (text_end > p),
// at commas into `cells`, which has one slot per column; false when the
// line holds a quote or a CR (but for one just before its line feed) or
// has another number of cells. One pass over the line, a block of bytes at
// a time; never reads past text_end.
using SplitPlain = bool (*)(const char* p, const char* text_end,
                            std::vector<std::string_view>& cells, PlainLine& line);
// The splitter of 64-byte blocks where the processor has AVX2 (`avx2`
// true, only where has_avx2()), else of 32 (SSE2) or 8 (a word): the same
// results (tests compare the two).
SplitPlain split_plain_for(bool avx2);
bool has_avx2();

// The data rows of a text with `columns` columns, in parts. Rows without a
// quote or a CR are split fast; others go through the CSV parser, which
// words and places every problem as read_csv() does. Not for several
// threads at once: each thread takes its own.
class CsvRows {
 public:
  CsvRows(std::string_view text, std::size_t columns)
      : text_(text), columns_(columns), parser_(text), split_(split_plain_for(has_avx2())) {}

  // Reads every row that starts in [span.start, limit), lines counted from
  // span.first_line: on_row(const CsvRowView&) for each good row,
  // on_bad(line, raw text, why) for each malformed one (the raw text keeps
  // line breaks inside quotes, not the final one). Sets span.end,
  // span.end_line and span.lines_in_text.
  template <typename OnRow, typename OnBad>
  void scan(PartSpan& span, std::size_t limit, const OnRow& on_row, const OnBad& on_bad);

 private:
  std::string_view text_;
  std::size_t columns_;
  CsvParser parser_;
  SplitPlain split_;
  std::vector<std::string_view> cells_;
  std::string error_;
};

// How far ahead of the line being split CsvRows::scan() asks for the text.
inline constexpr std::size_t kReadAhead = 4096;

template <typename OnRow, typename OnBad>
void CsvRows::scan(PartSpan& span, std::size_t limit, const OnRow& on_row, const OnBad& on_bad) {
  const char* const begin = text_.data();
  const std::size_t size = text_.size();
  std::size_t pos = span.start;
  std::uint32_t line = span.first_line;
  const auto next_line = [&line] {
    if (line < kLastLine) ++line;
  };
  span.lines_in_text = false;
  span.ran_out = false;
  // At the first line with bytes above 0x7F, the rest of the part is
  // checked as UTF-8 at once: lines before valid_end need no check of
  // their own. One call over the part took a quarter of the time of one a
  // line on a members file (find_invalid_utf8 was 18% of reading it); where
  // the part goes wrong, the lines from there are checked one by one.
  const char* valid_end = nullptr;
  while (pos < limit) {
    const char c = begin[pos];
    if (c == '\n' || c == '\r') {  // a blank line carries no row
      ++pos;
      if (c == '\r' && pos < size && begin[pos] == '\n') ++pos;
      next_line();
      continue;
    }
    const char* const p = begin + pos;
    // A page ahead: the processor's own prefetcher stops at the end of each
    // 4 KiB page, and the splitter's loads then waited for memory at every
    // page (a third of its time in a profile of CSV -> ranking). A prefetch
    // never faults a page in.
    __builtin_prefetch(p + std::min(kReadAhead, size - pos));
    if (cells_.size() != columns_) cells_.resize(columns_);
    PlainLine plain;
    if (split_(p, begin + size, cells_, plain)) {
      const std::string_view line_text(p, static_cast<std::size_t>(plain.content_end - p));
      bool bad_utf8 = false;
      if (plain.odd) {
        if (valid_end == nullptr) {
          const std::string_view rest(p, std::min(limit, size) - pos);
          const std::size_t bad = find_invalid_utf8(rest);
          valid_end = p + (bad == std::string_view::npos ? rest.size() : bad);
        }
        bad_utf8 = plain.content_end > valid_end &&
                   find_invalid_utf8(line_text) != std::string_view::npos;
      }
      on_row(CsvRowView{cells_, line, true, bad_utf8, line_text, !plain.odd});
      if (plain.end == begin + size) {  // the last line, without a line feed
        pos = size;
        break;
      }
      pos = static_cast<std::size_t>(plain.end + 1 - begin);
      next_line();
      continue;
    }
    parser_.seek(pos, line);
    const bool good = read_csv_row(parser_, columns_, cells_, error_);
    if (parser_.ran_out()) span.ran_out = true;
    if (good) {
      on_row(CsvRowView{cells_, line, false, true, {}});
    } else {
      if (parser_.error_names_a_line()) span.lines_in_text = true;
      on_bad(line, parser_.raw_since(pos), error_);
    }
    pos = parser_.pos();
    line = parser_.line();
  }
  span.end = pos;
  span.end_line = line;
}

// Reads the body in parts, on up to `threads` threads: read(start, limit,
// first_line) reads the rows starting in [start, limit) into a part (a
// std::unique_ptr, never null, to a type with a PartSpan `span`), lines
// counted from first_line. `cuts` are cut_body()'s. Returns the parts in file order, each
// with its true_first_line set: a part whose start turns out not to be
// where the one before it ended (a quoted cell ran over the cut), or whose
// messages name lines counted from a wrong start, is read again from the
// right place, so the parts hold exactly the rows and messages one part
// would. `ready(k, part)` is called for each part as it is final, in file
// order, one call at a time, while later parts may still be read (so that
// work that must follow the order overlaps the reading). Exceptions from
// `read` and `ready` are thrown here.
//
// One thread at a time makes parts final, outside the lock: a thread whose
// part is read while another makes parts final leaves its part to that one
// and reads on. Made final under the lock, a thread that had read its part
// waited there for the other's ready() (a members table's build of a part):
// reading members on 2 threads used 1.48 processors, and switched threads
// about once a part.
template <typename Read, typename Ready>
auto read_parts(const std::vector<std::size_t>& cuts, std::uint32_t body_line, unsigned threads,
                const Read& read, const Ready& ready) {
  const std::size_t n = cuts.size() - 1;
  std::vector<decltype(read(std::size_t{}, std::size_t{}, std::uint32_t{}))> parts(n);
  std::mutex order;
  std::size_t next = 0;  // the first part not yet final (parts[next] is set once read)
  bool finishing = false;  // a thread is making parts final
  // Only the thread making parts final reads or writes these.
  std::size_t pos = cuts[0];
  std::uint32_t line = body_line;
  // The first part's lines are known; the others count from 0 until the
  // parts before them are read.
  for_tasks(threads, n, [&](std::size_t k) {
    auto part = read(cuts[k], cuts[k + 1], k == 0 ? body_line : 0);
    std::unique_lock<std::mutex> lock(order);
    parts[k] = std::move(part);
    if (finishing) return;
    finishing = true;
    // A throw leaves `finishing` set: no other part is made final, and
    // for_tasks throws it once the tasks under way end.
    while (next < n && parts[next]) {
      const std::size_t at = next;
      lock.unlock();  // others store parts[k], k > at, meanwhile
      const PartSpan& span = parts[at]->span;
      if (span.start != pos || (span.lines_in_text && span.first_line != line))
        parts[at] = read(pos, cuts[at + 1], line);
      PartSpan& read_span = parts[at]->span;
      read_span.true_first_line = line;
      pos = read_span.end;
      line = read_span.true_line(read_span.end_line);
      ready(at, *parts[at]);
      lock.lock();
      next = at + 1;
    }
    finishing = false;
  });
  return parts;
}

template <typename Read>
auto read_parts(const std::vector<std::size_t>& cuts, std::uint32_t body_line, unsigned threads,
                const Read& read) {
  return read_parts(cuts, body_line, threads, read, [](std::size_t, const auto&) {});
}

}  // namespace dutyscore::detail
