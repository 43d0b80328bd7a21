// An office's CSV export of records (its own headers and words, read
// through a profile) is read window by window from a file or a pipe, never
// held whole, its rows into the batch part by part: read_records_file() and
// read_records_files() give what the same text read whole in one part
// gives (read_records() over InputFile), batch column by column, messages
// byte for byte, quarantine, and every byte to the digest observer once,
// for any window size, part size and thread count, in UTF-8 and in
// GB18030, also when a message needs the rows read again in order.
#include <gtest/gtest.h>

#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/profile.h"
#include "dutyscore/quarantine.h"
#include "same_batch.h"
#include "test_support.h"

namespace dutyscore {
namespace {

namespace fs = std::filesystem;
using testing::slurp;
using testing::source_path;

const char* const kProfile = R"(description: 一行一条记录的台账导出
records:
  - name: 履职台账
    columns:
      record_id: [记录编号]
      member_id: [委员编号]
      date: [日期]
      kind: [履职类别]
      subtype: [类型]
      status: [到会情况]
      ref: [案号]
      position: [排名]
      level: [级别]
      flags: [标记]
      quantity: [数量]
)";

std::string listed(const Problems& problems) {
  std::string text;
  for (const auto& problem : listed_problems(problems)) text += format_problem(problem) + "\n";
  return text;
}

std::shared_ptr<const InputProfile> profile() {
  static const auto p = [] {
    Problems problems;
    auto loaded = load_profile(kProfile, "profile.yaml", problems);
    EXPECT_TRUE(loaded) << listed(problems);
    return std::make_shared<const InputProfile>(std::move(*loaded));
  }();
  return p;
}

const MemberTable& members() {
  static const MemberTable table = [] {
    Problems problems;
    const std::string path = source_path("examples/data/members.csv");
    auto read = read_members(slurp(path), path, problems);
    EXPECT_TRUE(read) << listed(problems);
    return std::move(*read);
  }();
  return table;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t from = 0;
  for (std::size_t at; (at = line.find(',', from)) != std::string::npos; from = at + 1)
    cells.push_back(line.substr(from, at - from));
  cells.push_back(line.substr(from));
  return cells;
}

// The bundled records as an office writes them: a title above the header,
// Chinese headers and words, a byte order mark, CRLF on some lines, blank
// lines, quoted cells (a comma, a doubled quote, a line break in a note
// column no layout reads is not there: the profile reads every column).
// `extra` lines go after the header's first 40 rows.
std::string office_text(const std::vector<std::string>& extra = {}) {
  const std::string interchange = slurp(source_path("examples/data/records.csv"));
  std::string out = "\xEF\xBB\xBF安远县政协委员履职台账（2025年）\r\n\r\n";
  out += "记录编号,委员编号,日期,履职类别,类型,到会情况,案号,排名,级别,标记,数量\r\n";
  std::size_t from = interchange.find('\n') + 1;
  for (std::size_t row = 0; from < interchange.size(); ++row) {
    const std::size_t end = interchange.find('\n', from);
    std::vector<std::string> c = split(interchange.substr(from, end - from));
    from = end + 1;
    if (c[3] == "meeting") c[3] = "会议";
    if (c[3] == "proposal") c[3] = "提案";
    if (c[4] == "plenary") c[4] = "全体会议";
    if (c[5] == "present") c[5] = "出席";
    if (c[5] == "absent") c[5] = "缺席";
    if (c[9] == "filed") c[9] = "已立案";
    if (!c[6].empty() && row % 3 == 0) c[6] = "\"" + c[6] + "\"";
    std::string line;
    for (std::size_t i = 0; i < c.size(); ++i) line += (i ? "," : "") + c[i];
    out += line + (row % 7 == 0 ? "\r\n" : "\n");
    if (row % 500 == 0) out += "\n";
    if (row == 40)
      for (const auto& e : extra) out += e + "\n";
  }
  return out;
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));  // NOLINT(performance-no-int-to-ptr)
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* to = out.data();
  EXPECT_NE(iconv(cd, &in, &in_left, &to, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

struct Read {
  std::optional<RecordBatch> batch;
  std::string problems, quarantine, observed;
};

InputOptions options(bool keep_going, unsigned threads = 1, std::size_t window = 0,
                     std::size_t part_records = 0) {
  InputOptions o;
  o.profile = profile();
  o.keep_going = keep_going;
  o.threads = threads;
  o.part_bytes = window;
  o.part_records = part_records;
  return o;
}

// The texts read whole, each named by its path.
Read whole(const std::vector<std::string>& texts, const std::vector<std::string>& paths,
           bool keep_going) {
  std::vector<InputFile> files;
  for (std::size_t i = 0; i < texts.size(); ++i) files.push_back(InputFile{paths[i], texts[i], paths[i]});
  Read r;
  Problems p;
  Quarantine q;
  r.batch = read_records(files, members(), options(keep_going), p, &q);
  r.problems = listed(p);
  r.quarantine = quarantine_csv(q);
  return r;
}

// Against one part on one thread (the reference reads the whole text with
// the default part of 65,536 records, more than the text holds).
struct Config {
  unsigned threads;
  std::size_t window;        // InputOptions::part_bytes; 0: the reader's own
  std::size_t part_records;  // InputOptions::part_records; 0: the reader's own
  bool pipe;
};
// With more than one thread, a part's rows are read on the others while
// this one reads the next part's (OfficeRecords::Pipeline): {3, 0, 100}
// has two threads take chunks of 12 rows.
const Config kConfigs[] = {{1, 1, 1, false},   {1, 7, 0, false},   {2, 64, 7, false},
                           {2, 1000, 0, false}, {1, 0, 1000, false}, {2, 0, 0, false},
                           {1, 13, 100, true},  {2, 0, 0, true},    {3, 0, 100, false}};

std::string describe(const Config& c) {
  return "threads " + std::to_string(c.threads) + ", window " + std::to_string(c.window) +
         ", part records " + std::to_string(c.part_records) + (c.pipe ? ", a pipe" : ", a file");
}

// The texts in files (or FIFOs, each written by a thread of its own) at
// `paths`, read window by window.
Read streamed(const std::vector<std::string>& texts, const std::vector<std::string>& paths,
              bool keep_going, const Config& config) {
  std::vector<std::thread> writers;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    fs::remove(paths[i]);
    if (config.pipe) {
      EXPECT_EQ(mkfifo(paths[i].c_str(), 0600), 0);
      writers.emplace_back([path = paths[i], text = texts[i]] {
        std::ofstream(path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
      });
    } else {
      std::ofstream(paths[i], std::ios::binary)
          .write(texts[i].data(), static_cast<std::streamsize>(texts[i].size()));
    }
  }
  Read r;
  Problems p;
  Quarantine q;
  const auto observe = [&r](std::string_view bytes) { r.observed += bytes; };
  const InputOptions o = options(keep_going, config.threads, config.window, config.part_records);
  r.batch = paths.size() == 1 ? read_records_file(paths[0], members(), o, p, &q, observe)
                              : read_records_files(paths, members(), o, p, &q, observe);
  for (auto& w : writers) w.join();
  r.problems = listed(p);
  r.quarantine = quarantine_csv(q);
  return r;
}

void expect_as_whole(const std::vector<std::string>& texts, const std::string& name, bool keep_going) {
  const fs::path dir = fs::temp_directory_path() /
                       ("dutyscore-office-stream-" + name + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < texts.size(); ++i)
    paths.push_back((dir / ("records" + std::to_string(i + 1) + ".csv")).string());
  const Read expected = whole(texts, paths, keep_going);
  std::string all;
  for (const auto& t : texts) all += t;
  for (const Config& config : kConfigs) {
    SCOPED_TRACE(name + (keep_going ? ", keep-going, " : ", ") + describe(config));
    const Read got = streamed(texts, paths, keep_going, config);
    EXPECT_EQ(got.problems, expected.problems);
    EXPECT_EQ(got.quarantine, expected.quarantine);
    EXPECT_TRUE(got.observed == all) << "the digest observer saw " << got.observed.size()
                                     << " bytes of " << all.size();
    ASSERT_EQ(got.batch.has_value(), expected.batch.has_value());
    if (got.batch) testing::expect_same_batch(*got.batch, *expected.batch);
  }
  fs::remove_all(dir);
}

TEST(OfficeStream, AnExportReadWindowByWindowIsTheExportReadWhole) {
  const std::string text = office_text();
  {
    Problems p;
    const auto batch = read_records({InputFile{"records.csv", text, {}}}, members(), options(false), p);
    ASSERT_TRUE(batch) << listed(p);
    EXPECT_EQ(batch->size(), 14671u);
  }
  for (const bool keep_going : {false, true}) {
    expect_as_whole({text}, "utf8", keep_going);
    expect_as_whole({to_gb18030(text)}, "gb18030", keep_going);
  }
}

TEST(OfficeStream, RowsWithProblemsAndIdsTwiceAreSaidAsReadWhole) {
  // An unknown word, a date that does not exist, a member unknown, a row cut
  // short by a quote left open (the rest of the file is then one row), and
  // a record id twice (its message needs the rows read again, in order).
  const std::vector<std::string> bad = {
      "R900000001,M001,2025-03-01,开会,全体会议,出席,,,,,",
      "R900000002,M001,2025-02-30,会议,全体会议,出席,,,,,",
      "R900000003,M999,2025-03-01,会议,全体会议,出席,,,,,",
      "R000000005,M002,2025-03-01,会议,全体会议,出席,,,,,"};
  {
    // What the streamed readings must say too.
    const std::string text = office_text(bad);
    const Read r = whole({text}, {"records.csv"}, false);
    EXPECT_FALSE(r.batch);
    for (const char* said : {"'开会' means no kind", "2025-02-30", "M999",
                             "R000000005"})
      EXPECT_NE(r.problems.find(said), std::string::npos) << said << "\n" << r.problems;
  }
  {
    // Kept going, each of the four rows once in the quarantine, though the
    // id twice has the rows read a second time, in order.
    Problems p;
    Quarantine q;
    const std::string text = office_text(bad);
    const auto batch = read_records({InputFile{"records.csv", text, {}}}, members(), options(true), p, &q);
    EXPECT_TRUE(batch);
    EXPECT_EQ(q.rows_rejected(), 4u);
    EXPECT_TRUE(q.balanced()) << q.rows_read << " read, " << q.rows_accepted << " accepted";
    for (const char* row : {"R900000001", "R900000002", "R900000003"}) {
      const std::string csv = quarantine_csv(q);
      EXPECT_EQ(csv.find(row), csv.rfind(row)) << row << "\n" << csv;
    }
  }
  for (const bool keep_going : {false, true}) {
    expect_as_whole({office_text(bad)}, "bad", keep_going);
    expect_as_whole({to_gb18030(office_text(bad))}, "bad-gb18030", keep_going);
  }
  std::string open_quote = office_text();
  open_quote += "R900000009,M001,\"2025-03-01,会议,全体会议,出席,,,,,\nR900000010,M001,2025-03-02,会议,,,,,,,\n";
  expect_as_whole({open_quote}, "open-quote", true);
}

// Lines of commas and spaces (also U+3000) only are blank, not rows; a line
// whose first cell is empty or starts with a space is a row; lines with
// fewer or more cells than the header (which the splitter of plain lines
// leaves to the CSV parser) are read as read whole.
TEST(OfficeStream, BlankShortAndLongLinesAreReadAsWhole) {
  const std::vector<std::string> lines = {
      ",,,,,,,,,,",
      "  ,\xE3\x80\x80, ,,,,,,,,",
      "\xE3\x80\x80",
      " ",
      ",M001,2025-03-01,会议,全体会议,出席,,,,,",
      " R900000021,M001,2025-03-03,会议,全体会议,出席,,,,,",
      "\xE3\x80\x80R900000022,M001,2025-03-04,会议,全体会议,出席,,,,,",
      "R900000023,M001,2025-03-05,会议,全体会议,出席",
      "R900000024,M001,2025-03-06,会议,全体会议,出席,,,,,,,,"};
  const std::string text = office_text(lines);
  {
    // What the streamed readings must keep too: the five rows that are not
    // blank (the one without a record id takes the one made of its line),
    // the blank lines not rows.
    Problems p;
    const auto batch = read_records({InputFile{"records.csv", text, {}}}, members(), options(false), p);
    ASSERT_TRUE(batch) << listed(p);
    EXPECT_EQ(batch->size(), 14671u + 5u);
  }
  for (const bool keep_going : {false, true}) expect_as_whole({text}, "lines", keep_going);
}

// Bytes that are not UTF-8 in cells of rows far apart (in different parts
// and chunks: the pipeline checks a chunk's rows at once and each cell only
// when that check fails), in a status, a member id, a date and a word:
// said at each cell as read whole, one cell at a time.
TEST(OfficeStream, BytesNotUtf8AreSaidAtTheirCellsAsReadWhole) {
  std::string text = office_text();
  const std::vector<std::pair<std::string, std::string>> spoilt = {
      {",出席,", ",出\xE5席,"}, {",M0", ",M\xFF" "0"}, {",2025-", ",2025\xC3-"}, {",会议,", ",会\x80议,"}};
  std::size_t at = text.find('\n', text.size() / 50);
  std::size_t made = 0;
  for (std::size_t i = 0; at != std::string::npos && at < text.size(); ++i) {
    const auto& [from, to] = spoilt[i % spoilt.size()];
    const std::size_t cell = text.find(from, at);
    if (cell == std::string::npos) break;
    text.replace(cell, from.size(), to);
    ++made;
    at = text.find('\n', cell + text.size() / 9);
  }
  ASSERT_GE(made, 8u);
  for (const bool keep_going : {false, true}) {
    const Read r = whole({text}, {"records.csv"}, keep_going);
    std::size_t said = 0;
    for (std::size_t p = 0; (p = r.problems.find("not valid UTF-8", p)) != std::string::npos; ++p) ++said;
    EXPECT_EQ(said, made) << r.problems;
    expect_as_whole({text}, "not-utf8", keep_going);
  }
}

TEST(OfficeStream, SeveralExportsStreamAsTheyAreReadWhole) {
  const std::string text = office_text();
  // Dealt into two files at a line's end, the second with its own header.
  std::size_t cut = text.find('\n', text.size() / 2) + 1;
  const std::string header = "记录编号,委员编号,日期,履职类别,类型,到会情况,案号,排名,级别,标记,数量\n";
  expect_as_whole({text.substr(0, cut), header + text.substr(cut)}, "two", false);
  expect_as_whole({text.substr(0, cut), to_gb18030(header + text.substr(cut))}, "two-mixed", true);
}

}  // namespace
}  // namespace dutyscore
