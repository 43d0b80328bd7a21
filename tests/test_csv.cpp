// The RFC 4180 reader the interchange files go through.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dutyscore/csv.h"

namespace dutyscore {
namespace {

struct Read {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint32_t> lines;
  std::size_t bad_rows = 0;  // malformed rows handed to on_bad_row
  Problems problems;
  bool ok = false;
};

Read read(std::string_view text) {
  Read r;
  r.ok = read_csv(
      text, "t.csv",
      [&](const std::vector<std::string_view>& h) { r.header.assign(h.begin(), h.end()); },
      [&](const CsvRow& row) {
        r.rows.emplace_back(row.cells.begin(), row.cells.end());
        r.lines.push_back(row.line);
      },
      [&](const CsvBadRow&) { ++r.bad_rows; }, r.problems);
  return r;
}

using Cells = std::vector<std::string>;

TEST(Csv, ReadsHeaderAndPlainRows) {
  const auto r = read("a,b,c\n1,2,3\n4,,6\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.header, (Cells{"a", "b", "c"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0], (Cells{"1", "2", "3"}));
  EXPECT_EQ(r.rows[1], (Cells{"4", "", "6"}));
  EXPECT_EQ(r.lines, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_TRUE(r.problems.empty());
}

TEST(Csv, QuotedCellsKeepCommasQuotesAndNewlines) {
  const auto r = read("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0], (Cells{"x,y", "say \"hi\""}));
  EXPECT_EQ(r.rows[1], (Cells{"two\nlines", "z"}));
  EXPECT_EQ(r.rows[2], (Cells{"last", "row"}));
  // Lines are physical: the embedded newline moves the next row down.
  EXPECT_EQ(r.lines, (std::vector<std::uint32_t>{2, 3, 5}));
}

TEST(Csv, CrlfLineEndingsAndUtf8BomAreAccepted) {
  const auto r = read("\xEF\xBB\xBFmember_id,name\r\nM1,张明\r\nM2,\"李\r\n芳\"\r\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.header, (Cells{"member_id", "name"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0], (Cells{"M1", "张明"}));
  EXPECT_EQ(r.rows[1], (Cells{"M2", "李\r\n芳"}));
  EXPECT_TRUE(r.problems.empty());
}

TEST(Csv, LastRowWithoutNewlineAndBlankTrailingLines) {
  auto r = read("a,b\n1,2");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0], (Cells{"1", "2"}));
  r = read("a,b\n1,2\n\n\r\n");
  EXPECT_EQ(r.rows.size(), 1u);
  EXPECT_TRUE(r.problems.empty());
}

TEST(Csv, WrongCellCountIsAnErrorWithLineAndRowIsSkipped) {
  const auto r = read("a,b\n1,2\n1,2,3\n4\n5,6\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1], (Cells{"5", "6"}));
  ASSERT_EQ(r.problems.error_count(), 2u);
  EXPECT_EQ(r.problems.all()[0].where.line, 3);
  EXPECT_EQ(r.problems.all()[0].where.file, "t.csv");
  EXPECT_NE(r.problems.all()[0].message.find("3 cells"), std::string::npos);
  EXPECT_EQ(r.problems.all()[1].where.line, 4);
}

TEST(Csv, UnclosedQuoteIsAnErrorAtTheRowsLine) {
  const auto r = read("a,b\n1,2\n3,\"open\n4,5\n");
  EXPECT_EQ(r.rows.size(), 1u);
  ASSERT_EQ(r.problems.error_count(), 1u);
  EXPECT_EQ(r.problems.all()[0].where.line, 3);
  EXPECT_NE(r.problems.all()[0].message.find("never closed"), std::string::npos);
}

TEST(Csv, TextAfterClosingQuoteIsAnErrorAndReadingResumes) {
  const auto r = read("a,b\n\"x\"y,1\n2,3\n");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0], (Cells{"2", "3"}));
  ASSERT_EQ(r.problems.error_count(), 1u);
  EXPECT_EQ(r.problems.all()[0].where.line, 2);
}

TEST(Csv, EmptyTextHasNoHeader) {
  EXPECT_FALSE(read("").ok);
  EXPECT_FALSE(read("\xEF\xBB\xBF").ok);
  EXPECT_FALSE(read("\n\n").ok);
}

TEST(Csv, MalformedHeaderIsAnError) {
  const auto r = read("a,\"b\n1,2\n");
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.problems.has_errors());
}

TEST(Csv, AppendCellQuotesOnlyWhenNeeded) {
  std::string out;
  append_csv_cell(out, "plain");
  out += '|';
  append_csv_cell(out, "a,b");
  out += '|';
  append_csv_cell(out, "say \"hi\"");
  out += '|';
  append_csv_cell(out, "two\nlines");
  out += '|';
  append_csv_cell(out, "cr\r");
  out += '|';
  append_csv_cell(out, "");
  EXPECT_EQ(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"|");
}

TEST(Csv, WrittenCellsReadBackUnchanged) {
  const std::vector<std::string> cells = {"x", "a,b", "\"", "\"\"", "l1\r\nl2", "", " sp "};
  std::string text = "c0,c1,c2,c3,c4,c5,c6\n";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) text += ',';
    append_csv_cell(text, cells[i]);
  }
  text += '\n';
  const auto r = read(text);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0], cells);
}

// One CSV line of cells; a lone empty cell is written "" so that the line
// is not blank.
std::string csv_line(const std::vector<std::string>& cells) {
  if (cells.size() == 1 && cells[0].empty()) return "\"\"\n";
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_csv_cell(out, cells[i]);
  }
  return out + "\n";
}

// A cheap stand-in for the fuzzer: every substring of nasty inputs reads
// without a crash, and what it gives is well formed: every row has the
// header's cell count, rows come in line order, each malformed row is one
// error, and the header and rows written back as CSV read back the same.
TEST(Csv, ArbitraryBytesGiveWellFormedRowsThatReadBackTheSame) {
  const std::string nasty = "a,\"b\"\"\r\n\"\r,\n\"\"\"x\"y,\xEF\xBB\xBF\r\r\n,,\"\n";
  std::size_t inputs = 0, with_rows = 0, with_errors = 0;
  for (std::size_t n = 0; n <= nasty.size(); ++n) {
    for (std::size_t start = 0; start < n; ++start) {
      const std::string_view text = std::string_view(nasty).substr(start, n - start);
      SCOPED_TRACE(::testing::PrintToString(std::string(text)));
      const Read r = read(text);
      ++inputs;
      if (!r.ok) {
        EXPECT_TRUE(r.rows.empty());
        continue;
      }
      EXPECT_EQ(r.problems.error_count(), r.bad_rows);
      with_errors += r.bad_rows > 0;
      with_rows += !r.rows.empty();
      for (std::size_t i = 0; i < r.rows.size(); ++i) {
        EXPECT_EQ(r.rows[i].size(), r.header.size());
        EXPECT_GE(r.lines[i], 2u);
        if (i) EXPECT_GT(r.lines[i], r.lines[i - 1]);
      }
      std::string again = csv_line(r.header);
      for (const auto& row : r.rows) again += csv_line(row);
      const Read back = read(again);
      EXPECT_TRUE(back.ok);
      EXPECT_TRUE(back.problems.empty());
      EXPECT_EQ(back.header, r.header);
      EXPECT_EQ(back.rows, r.rows);
    }
  }
  // The substrings reach rows, malformed rows and files with no header.
  EXPECT_EQ(inputs, nasty.size() * (nasty.size() + 1) / 2);
  EXPECT_GT(with_rows, 40u) << with_rows;
  EXPECT_GT(with_errors, 40u) << with_errors;
}

}  // namespace
}  // namespace dutyscore
