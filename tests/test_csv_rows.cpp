// The CSV rows of the members and records readers (src/input/csv_parts.h)
// and of an office's exports (src/input/office_sources.cpp):
// rows split by the one-pass splitter for plain lines come out exactly as
// the CSV parser, the general path, reads them, with the same lines; every
// line the splitter could take is taken by it; and what it says of a row
// (bytes above 0x7F, nothing to trim) holds.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/csv_parser.h"
#include "dutyscore/encoding.h"
#include "input/csv_parts.h"
#include "input/input_rows.h"
#include "input/office_sources.h"

namespace dutyscore::detail {
namespace {

// One row as read: its line and cells, or its error.
struct ReadRow {
  std::uint32_t line = 0;
  bool good = false;
  std::vector<std::string> cells;
  std::string why;
  bool plain = false;     // CsvRows: split without the parser
  std::size_t start = 0;  // parsed(): where the row starts
  bool operator==(const ReadRow& o) const {
    return line == o.line && good == o.good && cells == o.cells && why == o.why;
  }
};

std::string shown(const ReadRow& r) {
  std::string s = "line " + std::to_string(r.line) + (r.good ? " [" : " bad: " + r.why + " [");
  for (const auto& c : r.cells) s += "<" + c + ">";
  return s + "]";
}

// The general path: every row through the CSV parser, blank lines skipped
// as CsvRows::scan() skips them.
std::vector<ReadRow> parsed(std::string_view text, std::size_t columns) {
  std::vector<ReadRow> rows;
  CsvParser parser(text);
  std::vector<std::string_view> cells;
  std::string why;
  std::size_t pos = 0;
  std::uint32_t line = 1;
  while (pos < text.size()) {
    if (text[pos] == '\n' || text[pos] == '\r') {
      if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      continue;
    }
    parser.seek(pos, line);
    ReadRow row;
    row.line = line;
    row.start = pos;
    row.good = read_csv_row(parser, columns, cells, why);
    if (row.good) row.cells.assign(cells.begin(), cells.end());
    else row.why = why;
    rows.push_back(row);
    pos = parser.pos();
    line = parser.line();
  }
  return rows;
}

// Whether the line at `p` is one the splitter must take: no quote, no CR
// but one just before its line feed, `columns` cells.
bool splittable(std::string_view text, std::size_t p, std::size_t columns) {
  std::size_t end = text.find('\n', p);
  if (end == std::string_view::npos) end = text.size();
  else if (end > p && text[end - 1] == '\r') --end;
  const std::string_view line = text.substr(p, end - p);
  if (line.find_first_of("\"\r") != std::string_view::npos) return false;
  std::size_t commas = 0;
  for (const char c : line) commas += c == ',';
  return commas + 1 == columns;
}

// Reads `text` with CsvRows::scan() and checks it against the parser.
void expect_as_parsed(const std::string& text, std::size_t columns, std::size_t& plain_rows) {
  std::vector<ReadRow> scanned;
  CsvRows csv(text, columns);
  PartSpan span;
  span.first_line = 1;
  csv.scan(
      span, text.size(),
      [&](const CsvRowView& row) {
        ReadRow r;
        r.line = row.line;
        r.good = true;
        r.cells.assign(row.cells.begin(), row.cells.end());
        r.plain = row.plain;
        if (row.plain) {
          ++plain_rows;
          EXPECT_EQ(row.text, join_cells(row.cells)) << shown(r);
          EXPECT_EQ(row.check_utf8, find_invalid_utf8(row.text) != std::string_view::npos)
              << shown(r);
        } else {
          EXPECT_FALSE(row.trimmed) << shown(r);
        }
        if (row.trimmed) {
          for (const auto cell : row.cells) EXPECT_EQ(trim(cell), cell) << shown(r);
        }
        scanned.push_back(r);
      },
      [&](std::uint32_t line, std::string_view, const std::string& why) {
        ReadRow r;
        r.line = line;
        r.why = why;
        scanned.push_back(r);
      });
  const auto expected = parsed(text, columns);
  ASSERT_EQ(scanned.size(), expected.size()) << text;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(scanned[i], expected[i]) << "row " << i << ": " << shown(scanned[i]) << " vs "
                                       << shown(expected[i]) << " in <" << text << ">";
    // Every line the splitter can take, and no other, is split by it.
    ASSERT_EQ(scanned[i].plain, splittable(text, expected[i].start, columns))
        << "row " << i << ": " << shown(scanned[i]) << " in <" << text << ">";
  }
}

// Lines of every length around the splitter's blocks (8, 32 and 64 bytes),
// with commas, spaces, quotes, CRs, CRLFs, UTF-8 (good and bad) and
// U+3000 anywhere, with and without a final line feed.
TEST(CsvRows, SplitLinesReadAsTheParserReadsThem) {
  const std::vector<std::string> pieces = {"a", "b", "c", "1", ",", ",", ",", " ",
                                           "\"", "\r", "\r\n", "\n", "中", "\xE3\x80\x80",
                                           "\x80", "\xFF", "ab,", "\"\"", "x,y"};
  std::mt19937 random(17);
  std::size_t plain_rows = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const int lines = 1 + static_cast<int>(random() % 4);
    for (int l = 0; l < lines; ++l) {
      // Mostly plain lines of three cells, of a length near a block's end.
      const std::size_t length = random() % 140;
      std::string line;
      if (random() % 3 != 0) {
        line = std::string(length / 3, 'a') + "," + std::string(length / 3, 'b') + "," +
               std::string(length - 2 * (length / 3), 'c');
        if (random() % 2 == 0) line[random() % line.size()] = ' ';
      }
      while (line.size() < length) line += pieces[random() % pieces.size()];
      text += line;
      if (l + 1 < lines || random() % 2 == 0) text += random() % 4 == 0 ? "\r\n" : "\n";
    }
    for (const std::size_t columns : {std::size_t{1}, std::size_t{2}, std::size_t{3}})
      expect_as_parsed(text, columns, plain_rows);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(plain_rows, 2000u);  // the splitter's way was taken
}

// The part's rest is checked as UTF-8 at its first line beyond ASCII, and
// lines one by one only from where that check failed: a part of Chinese
// lines with bad bytes here and there, read whole and up to limits that
// cut lines (a row starting before the limit is read past it), flags
// exactly the lines with bad bytes, as a check of each line would.
TEST(CsvRows, BadBytesAmongManyChineseLinesAreFlaggedOnTheirLines) {
  std::mt19937 random(29);
  const std::vector<std::string> bad_bytes = {"\x80", "\xFF", "\xE4\xB8", "\xED\xA0\x80",
                                              "\xC0\xAF"};
  for (int round = 0; round < 60; ++round) {
    std::string text;
    std::vector<bool> bad_line;
    const int lines = 20 + static_cast<int>(random() % 100);
    for (int l = 0; l < lines; ++l) {
      std::string name;
      for (std::size_t k = random() % 12; k > 0; --k) name += random() % 4 ? "王" : "a";
      const bool bad = random() % 9 == 0;
      if (bad) name.insert(random() % (name.size() + 1), bad_bytes[random() % bad_bytes.size()]);
      bad_line.push_back(bad);
      text += "M" + std::to_string(l) + "," + name + ",安远县" + std::to_string(round) + "\n";
    }
    for (const std::size_t limit : {text.size(), text.size() / 2, text.size() / 3 + 1}) {
      CsvRows csv(text, 3);
      PartSpan span;
      span.first_line = 1;
      std::size_t rows = 0;
      csv.scan(
          span, limit,
          [&](const CsvRowView& row) {
            ASSERT_TRUE(row.plain);
            ASSERT_LT(row.line - 1, bad_line.size());
            EXPECT_EQ(row.check_utf8, bad_line[row.line - 1])
                << "round " << round << " line " << row.line << " limit " << limit;
            EXPECT_EQ(row.check_utf8, find_invalid_utf8(row.text) != std::string_view::npos);
            ++rows;
          },
          [&](std::uint32_t line, std::string_view, const std::string& why) {
            ADD_FAILURE() << "line " << line << ": " << why;
          });
      EXPECT_EQ(span.end, limit == text.size() ? text.size() : text.find('\n', limit - 1) + 1);
      EXPECT_GT(rows, 0u);
      if (HasFailure()) return;
    }
  }
}

// A part for read_parts(): its span, as a reader would set it.
struct SpanPart {
  PartSpan span;
};

// Parts of 100 bytes and 5 lines; part `long_part`'s last row runs 30 bytes
// past its cut, so the part after it starts there.
std::unique_ptr<SpanPart> span_part(std::size_t start, std::size_t limit, std::uint32_t first,
                                    std::size_t long_part) {
  auto part = std::make_unique<SpanPart>();
  part->span.start = start;
  part->span.first_line = first;
  part->span.end = limit == 100 * (long_part + 1) ? limit + 30 : limit;
  part->span.end_line = first + 5;
  return part;
}

// read_parts() hands every part to ready() once, in file order, one call
// at a time, whatever the threads and however long each read and ready
// take (each gives its thread up a random number of times, so that the
// threads interleave differently); a part whose start moved (a row of the part before ran over the
// cut) is read again from where that part ended, its lines from there.
TEST(ReadParts, ReadyTakesEachPartOnceInOrderOneAtATime) {
  constexpr std::size_t n = 40;
  std::vector<std::size_t> cuts;
  for (std::size_t k = 0; k <= n; ++k) cuts.push_back(100 * k);
  for (const unsigned threads : {1u, 2u, 3u, 7u}) {
    std::mt19937 random(threads);
    std::vector<int> pause(2 * n);  // yields: each read's, then each ready's
    for (auto& p : pause) p = static_cast<int>(random() % 300);
    const auto yield = [](int times) {
      for (int i = 0; i < times; ++i) std::this_thread::yield();
    };
    std::atomic<int> inside{0};
    std::atomic<bool> overlapped{false};
    std::vector<std::size_t> order;
    const auto parts = read_parts(
        cuts, 1, threads,
        [&](std::size_t start, std::size_t limit, std::uint32_t first) {
          yield(pause[start / 100 % n]);
          return span_part(start, limit, first, 10);
        },
        [&](std::size_t k, SpanPart&) {
          if (inside.fetch_add(1) != 0) overlapped = true;
          yield(pause[n + k]);
          order.push_back(k);
          inside.fetch_sub(1);
        });
    EXPECT_FALSE(overlapped) << threads << " threads";
    ASSERT_EQ(order.size(), n) << threads << " threads";
    for (std::size_t k = 0; k < n; ++k) {
      EXPECT_EQ(order[k], k) << threads << " threads";
      const PartSpan& span = parts[k]->span;
      EXPECT_EQ(span.start, k == 0 ? 0 : parts[k - 1]->span.end) << k;
      EXPECT_EQ(span.true_first_line, 1 + 5 * k) << k;
    }
    EXPECT_EQ(parts[11]->span.start, 1130u);
  }
}

// While one thread's ready() runs, the other thread reads on: the first
// part's ready() waits until every part has been read, which it could not
// if a thread that had read its part waited for it (the test would then
// hang until CTest's time limit for a test, tests/CMakeLists.txt).
TEST(ReadParts, ReadyHoldsUpNoOtherThreadsReading) {
  constexpr std::size_t n = 24;
  std::vector<std::size_t> cuts;
  for (std::size_t k = 0; k <= n; ++k) cuts.push_back(100 * k);
  std::mutex mutex;
  std::condition_variable all_read;
  std::size_t read = 0;
  std::size_t read_before_second = 0;
  read_parts(
      cuts, 1, 2,
      [&](std::size_t start, std::size_t limit, std::uint32_t first) {
        auto part = span_part(start, limit, first, n);
        const std::lock_guard<std::mutex> lock(mutex);
        ++read;
        all_read.notify_all();
        return part;
      },
      [&](std::size_t k, SpanPart&) {
        std::unique_lock<std::mutex> lock(mutex);
        if (k == 0) all_read.wait(lock, [&] { return read >= n; });
        if (k == 1) read_before_second = read;
      });
  EXPECT_EQ(read_before_second, n);
}

// Rows ending right at a block's end: a CR as the block's last byte with
// its line feed in the next block, a lone CR ending the text, a quote in
// the last byte.
TEST(CsvRows, LineEndsAtBlockBounds) {
  std::size_t plain_rows = 0;
  for (std::size_t length = 1; length <= 136; ++length) {
    const std::string cells = "a," + std::string(length, 'x') + ",b";
    for (const char* end : {"\r\n", "\n", "\r", "", "\r\r\n", "\"\n", "\r\nz,z,z"}) {
      expect_as_parsed(cells + end + "c,d,e\n", 3, plain_rows);
      expect_as_parsed(cells + end, 3, plain_rows);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(plain_rows, 200u);
}

// The splitter of 64-byte blocks (AVX2, used where the processor has it)
// and the one of 32 (SSE2) agree on every line: what they return, the
// cells, where the line ends and what it holds. The tests above read with
// the one this processor takes.
TEST(CsvRows, BothSplittersSplitAlike) {
  if (!has_avx2()) GTEST_SKIP() << "this processor has no AVX2: only one splitter runs here";
  const SplitPlain wide = split_plain_for(true), narrow = split_plain_for(false);
  ASSERT_NE(wide, narrow);
  const std::vector<std::string> pieces = {"a", "bb", ",", ",", ",", " ", "\"", "\r", "\r\n",
                                           "\n", "中", "\x80", "\xFF", "x,y", ",,"};
  std::mt19937 random(29);
  std::size_t taken = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t length = random() % 200;
    while (text.size() < length) {
      text += random() % 4 == 0 ? pieces[random() % pieces.size()]
                                : std::string(1 + random() % 20, static_cast<char>('a' + random() % 3));
    }
    if (text.empty()) continue;
    for (std::size_t start = 0; start < text.size(); start += 1 + random() % 7) {
      for (const std::size_t columns : {std::size_t{1}, std::size_t{3}, std::size_t{5}}) {
        std::vector<std::string_view> a(columns), b(columns);
        PlainLine la, lb;
        const char* p = text.data() + start;
        const bool ra = wide(p, text.data() + text.size(), a, la);
        const bool rb = narrow(p, text.data() + text.size(), b, lb);
        ASSERT_EQ(ra, rb) << "<" << text << "> from " << start << ", " << columns << " columns";
        if (!ra) continue;
        ++taken;
        ASSERT_EQ(a, b) << "<" << text << "> from " << start;
        ASSERT_EQ(la.end, lb.end) << "<" << text << "> from " << start;
        ASSERT_EQ(la.content_end, lb.content_end) << "<" << text << "> from " << start;
        ASSERT_EQ(la.odd, lb.odd) << "<" << text << "> from " << start;
      }
    }
  }
  EXPECT_GT(taken, 1000u);
}

// An office's CSV export (src/input/office_sources.cpp) is split the same
// way: its rows, whole or window by window (windows of one byte up),
// come out as the CSV parser reads them row by row: each row's line,
// trimmed cells and their columns, where it ends, and a malformed row's
// error and text; blank rows left out.
struct SourceRowRead {
  std::uint32_t line = 0;
  std::vector<std::pair<std::uint32_t, std::string>> cells;
  std::string why, raw;
  std::uint64_t end = 0;
  bool operator==(const SourceRowRead& o) const {
    return line == o.line && cells == o.cells && why == o.why && raw == o.raw && end == o.end;
  }
};

std::string shown(const SourceRowRead& r) {
  std::string s = "line " + std::to_string(r.line) + " to " + std::to_string(r.end) +
                  (r.why.empty() ? " [" : " bad: " + r.why + " <" + r.raw + "> [");
  for (const auto& [column, text] : r.cells) s += std::to_string(column) + "<" + text + ">";
  return s + "]";
}

std::vector<SourceRowRead> parsed_source_rows(std::string_view text) {
  std::vector<SourceRowRead> rows;
  CsvParser parser(text);
  std::vector<std::string_view> cells;
  std::string why;
  while (!parser.at_end()) {
    SourceRowRead r;
    r.line = parser.line();
    const std::size_t start = parser.pos();
    parser.parse_row(cells, why);
    r.end = parser.pos();
    if (!why.empty()) {
      r.why = why;
      r.raw = std::string(parser.raw_since(start));
      rows.push_back(r);
      continue;
    }
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (!trim(cells[i]).empty()) r.cells.emplace_back(static_cast<std::uint32_t>(i), cells[i]);
    if (!r.cells.empty()) rows.push_back(r);
  }
  return rows;
}

std::vector<SourceRowRead> source_rows(const OpenFile& file) {
  Source source;
  source.file = &file;
  std::vector<SourceRowRead> rows;
  Problems problems;
  EXPECT_TRUE(read_source(
      source,
      [&](const SourceRow& row) {
        SourceRowRead r;
        r.line = row.row.number;
        for (const auto& cell : row.row.cells) r.cells.emplace_back(cell.column, cell.text);
        if (row.malformed) r.why = *row.malformed;
        r.raw = std::string(row.raw);
        r.end = row.end;
        rows.push_back(r);
        return true;
      },
      problems));
  EXPECT_TRUE(problems.all().empty());
  return rows;
}

void expect_source_rows_as_parsed(const std::string& text) {
  // Each as the parser reads the text the reader has: read whole, without
  // its byte order mark (ends count from there).
  const auto expect_same = [&](const std::vector<SourceRowRead>& read, std::string_view as,
                               const std::string& how) {
    const auto expected = parsed_source_rows(as);
    ASSERT_EQ(read.size(), expected.size()) << how << " <" << text << ">";
    for (std::size_t i = 0; i < expected.size(); ++i)
      ASSERT_EQ(read[i], expected[i]) << how << ", row " << i << ": " << shown(read[i]) << " vs "
                                      << shown(expected[i]) << " in <" << text << ">";
  };
  const InputFile input{"export.csv", text, ""};
  InputOptions options;
  options.encoding = Encoding::Utf8;
  Problems problems;
  const auto whole = open_file(input, options, problems);
  ASSERT_TRUE(whole) << text;
  expect_same(source_rows(*whole), whole->text, "whole");
  for (const std::size_t window_bytes : {1, 2, 5, 64, 100}) {
    FileWindow window(text);
    options.part_bytes = window_bytes;
    const auto streamed = open_streamed(input, window, options, problems);
    ASSERT_TRUE(streamed) << text;
    expect_same(source_rows(*streamed), text, "windows of " + std::to_string(window_bytes) + " bytes");
  }
}

TEST(CsvRows, AnOfficeExportsRowsReadAsTheParserReadsThem) {
  const std::vector<std::string> pieces = {"a",  ",",   ",",     " ",      "\"",     "\r",
                                           "\r\n", "\n", "中",  "\xE3\x80\x80", "\"\"", "x,y",
                                           "\"p\nq\"", "\"r,s\""};
  std::mt19937 random(41);
  for (int round = 0; round < 1500; ++round) {
    std::string text = random() % 8 == 0 ? "\xEF\xBB\xBF" : "";
    const int lines = 1 + static_cast<int>(random() % 6);
    for (int l = 0; l < lines; ++l) {
      // Mostly the columns of the line before (three), of a length near a
      // block's end, some blank or all commas.
      const std::size_t length = random() % 140;
      std::string line;
      const auto shape = random() % 8;
      if (shape == 0) {
        line = ",,";
      } else if (shape != 1) {
        line = std::string(length / 3, 'a') + "," + std::string(length / 3, 'b') + "," +
               std::string(length - 2 * (length / 3), 'c');
        if (random() % 2 == 0) line[random() % line.size()] = ' ';
        if (random() % 4 == 0) line += pieces[random() % pieces.size()];
      } else {
        while (line.size() < length) line += pieces[random() % pieces.size()];
      }
      text += line;
      if (l + 1 < lines || random() % 2 == 0) text += random() % 4 == 0 ? "\r\n" : "\n";
    }
    expect_source_rows_as_parsed(text);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace dutyscore::detail
