// Reading members and records in parts, on several threads or one, gives
// what reading in one part on one thread gives: the same table or batch
// column by column, the same messages byte for byte, in the same order,
// and the same quarantine, wherever in the file (and in which part) they
// arise, wherever the parts are cut (in quoted cells too).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "base/file_read.h"
#include "dutyscore/archive.h"
#include "dutyscore/input.h"
#include "dutyscore/input_digest.h"
#include "rows_digest_oracle.h"
#include "same_batch.h"
#include "test_support.h"

namespace dutyscore {
namespace {

// Where the records reader takes its text from: text in memory, or a file
// or a pipe (read_records_file, window by window; a pipe is read again
// from its copy when a message needs the rows in order).
enum class From { Text, File, Pipe };

// Threads and part sizes compared with one thread reading one part; bytes
// 1 cuts after every line. Text given with a part size is read in windows
// of four parts a thread, as a file is: tiny parts make windows end inside
// quoted cells, CRLFs and UTF-8 sequences.
struct Config {
  unsigned threads;
  std::size_t part_bytes;
  From from = From::Text;
};
const Config kConfigs[] = {{2, 0},           {3, 0},           {7, 0},
                           {1, 1},           {1, 23},          {2, 7},
                           {7, 300},         {1, 0, From::File}, {2, 0, From::File},
                           {2, 5, From::File}, {1, 1, From::Pipe}, {2, 0, From::Pipe},
                           {3, 64, From::Pipe}};

std::string describe(const Config& c) {
  return "threads " + std::to_string(c.threads) + ", part bytes " + std::to_string(c.part_bytes) +
         (c.from == From::File ? ", from a file" : c.from == From::Pipe ? ", from a pipe" : "");
}

std::string member_id(int m) {
  std::string digits = std::to_string(m + 1);
  return "M" + std::string(3 - digits.size(), '0') + digits;
}

std::string members_csv() {
  std::string text = "member_id,name,unit,sector,group,roles,joined,left\n";
  for (int m = 0; m < 40; ++m) {
    text += member_id(m) + ",n" + std::to_string(m) + ",u,s,g,member,";
    text += m % 9 == 1 ? "2025-03-01," : "2020-01-01,";  // joined late: warnings
    text += m % 11 == 2 ? "2025-06-30\n" : "\n";           // left early: warnings
  }
  return text;
}

MemberTable members() {
  Problems p;
  auto table = read_members(members_csv(), "members.csv", p);
  EXPECT_TRUE(table && p.empty());
  return std::move(*table);
}

const MemberTable& table() {
  static const MemberTable t = members();
  return t;
}

struct Options {
  std::string newline = "\n";
  bool final_newline = true;
  bool text_ids = false;  // some ids that are not prefix + digits
};

// A year of records: members mostly grouped, dates unordered, joint items
// whose rows lie far apart (so in different chunks), warnings here and there.
std::vector<std::string> record_lines(int rows, const Options& o) {
  static const char* const kinds[] = {"meeting", "proposal", "info", "activity"};
  static const char* const subtypes[] = {"plenary", "joint", "", "research"};
  static const char* const statuses[] = {"present", "", "absent", "filed"};
  static const char* const levels[] = {"", "county", "city"};
  static const char* const flags[] = {"", "a;b", "b; a", " c ", "a"};
  std::vector<std::string> lines;
  lines.push_back("record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity");
  std::uint32_t seed = 12345;
  const auto next = [&seed](std::uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };
  for (int i = 0; i < rows; ++i) {
    std::string id = o.text_ids && i % 97 == 5 ? "X-" + std::to_string(i)
                                               : "R" + std::to_string(100000 + i);
    int m = i % 13 == 0 ? static_cast<int>(next(40)) : (i / 9) % 40;
    const int month = 1 + static_cast<int>(next(12));
    const int day = 1 + static_cast<int>(next(28));
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", month == 12 && i % 5 == 0 ? 2024 : 2025,
                  month, day);
    std::string line = id + "," + member_id(m) + "," + date + ",";
    if (i % 10 == 3) {
      // Joint item J<k>: rows i, i + rows/2 and i + rows/4 share it (by k).
      const int k = (i / 10) % (rows / 40 + 1);
      const int position = 1 + i / 10 / (rows / 40 + 1);
      // A member takes part in an item once: the item's rows have
      // different members.
      m = (k + 7 * position) % 40;
      line = id + "," + member_id(m) + "," + date + ",";
      line += std::string("proposal,joint,,J") + std::to_string(k) + "," +
              std::to_string(position) + ",," + (k % 2 ? "a;b" : "") + ",";
    } else {
      line += std::string(kinds[next(4)]) + "," + subtypes[next(4)] + "," + statuses[next(4)] +
              ",,," + levels[next(3)] + "," + flags[next(5)] + "," +
              (i % 7 == 0 ? "1.5" : i % 11 == 0 ? " 2 " : "");
    }
    lines.push_back(line);
  }
  return lines;
}

std::string join(const std::vector<std::string>& lines, const Options& o) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    text += lines[i];
    if (i + 1 < lines.size() || o.final_newline) text += o.newline;
  }
  return text;
}

struct Read {
  bool empty_input = false;
  std::optional<RecordBatch> batch;
  std::string problems;  // every problem, formatted, one a line
  Quarantine quarantine;  // spooled when read from a file or a pipe
  std::string quarantine_text;  // quarantine_csv() of it, the file named records.csv
};

InputOptions options_for(Config config, bool keep_going, Encoding encoding = Encoding::Auto) {
  InputOptions options;
  options.threads = config.threads;
  options.part_bytes = config.part_bytes;
  options.keep_going = keep_going;
  options.encoding = encoding;
  return options;
}

// Every problem listed, with the note of those only counted (past
// Problems::kKeptInFull), as --all-problems writes them.
std::string formatted(const Problems& problems) {
  std::string text;
  for (const auto& problem : listed_problems(problems)) text += format_problem(problem) + "\n";
  return text;
}

// `text` in a file, or given to a FIFO by a thread of its own, read by
// read_records_file(); the file's path is named "records.csv" in the
// result, as read() names text in memory.
Read read_from_file(std::string_view text, Config config, bool keep_going, Encoding encoding) {
  static int count = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-window-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "records.csv").string();
  std::thread writer;
  if (config.from == From::Pipe) {
    EXPECT_EQ(mkfifo(path.c_str(), 0600), 0);
    writer = std::thread([&path, text] {
      std::ofstream out(path, std::ios::binary);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
    });
  } else {
    std::ofstream(path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  Read r;
  // As the command line does: the rejected rows to a temporary file as
  // each window's parts are appended, taken back for a second reading.
  std::string why;
  EXPECT_TRUE(r.quarantine.spool(why)) << why;
  Problems p;
  InputDigester digester(config.threads);
  r.batch = read_records_file(path, table(), options_for(config, keep_going, encoding), p,
                              &r.quarantine,
                              [&digester](std::string_view bytes) { digester.add(bytes); });
  if (writer.joinable()) writer.join();
  // The file's bytes were each given once, in order, before any conversion,
  // though some are read twice (a second reading in order, a pipe's copy).
  {
    const FileDigests d = digester.finish();
    EXPECT_EQ(d.bytes, sha256_hex(text));
    EXPECT_EQ(d.rows, testing::rows_digest_whole(text));
  }
  // Into a new string: replaced in place, every message moved the rest of
  // the text (minutes for 10^5 messages).
  const auto named = [&path](const std::string& s) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at; (at = s.find(path, from)) != std::string::npos; from = at + path.size())
      out.append(s, from, at - from).append("records.csv");
    return out.append(s, from, std::string::npos);
  };
  r.problems = named(formatted(p));
  r.quarantine_text = named(quarantine_csv(r.quarantine));
  std::filesystem::remove_all(dir);
  return r;
}

Read read(std::string_view text, Config config, bool keep_going = false,
          Encoding encoding = Encoding::Auto) {
  if (config.from != From::Text) return read_from_file(text, config, keep_going, encoding);
  Read r;
  r.empty_input = text.empty();
  Problems p;
  r.batch = read_records(text, "records.csv", table(), options_for(config, keep_going, encoding),
                         p, &r.quarantine);
  r.problems = formatted(p);
  r.quarantine_text = quarantine_csv(r.quarantine);
  return r;
}

using testing::expect_same_batch;
using testing::expect_same_dictionary;
using testing::expect_same_rows;

// Every configuration reads as one thread in one part does:
// read_with(config) gives a result with `problems` and `quarantine`, the
// rest of which expect_same() compares.
template <typename ReadWith, typename ExpectSame>
void expect_same_in_any_parts(const ReadWith& read_with, const ExpectSame& expect_same) {
  const auto one = read_with(Config{1, 0});
  for (const Config& config : kConfigs) {
    SCOPED_TRACE(describe(config));
    // A pipe that gives nothing is an error of its own ("gave no bytes").
    if (config.from == From::Pipe && one.empty_input) continue;
    const auto many = read_with(config);
    EXPECT_EQ(one.problems, many.problems);
    expect_same(one, many);
    EXPECT_EQ(one.quarantine.rows_read, many.quarantine.rows_read);
    EXPECT_EQ(one.quarantine.rows_accepted, many.quarantine.rows_accepted);
    EXPECT_EQ(one.quarantine_text, many.quarantine_text);
  }
}

void expect_same_for_all_thread_counts(std::string_view text, bool keep_going = false,
                                       Encoding encoding = Encoding::Auto) {
  expect_same_in_any_parts(
      [&](Config config) { return read(text, config, keep_going, encoding); },
      [](const Read& one, const Read& many) {
        ASSERT_EQ(one.batch.has_value(), many.batch.has_value());
        if (one.batch) expect_same_batch(*one.batch, *many.batch);
      });
}

TEST(RecordsParallel, GoodFileGivesTheSameBatchAndWarnings) {
  const Options o;
  const std::string text = join(record_lines(3000, o), o);
  const Read one = read(text, {1, 0});
  ASSERT_TRUE(one.batch);
  ASSERT_EQ(one.batch->size(), 3000u);
  EXPECT_NE(one.problems.find("joined on"), std::string::npos);  // warnings are compared too
  EXPECT_NE(one.problems.find("left on"), std::string::npos);
  expect_same_for_all_thread_counts(text);
}

TEST(RecordsParallel, CrlfMissingFinalNewlineBlankLinesAndTextIds) {
  Options o;
  o.newline = "\r\n";
  o.final_newline = false;
  o.text_ids = true;
  auto lines = record_lines(2000, o);
  lines.insert(lines.begin() + 700, "");  // blank lines shift the line numbers
  lines.insert(lines.begin() + 1500, "");
  expect_same_for_all_thread_counts(join(lines, o));
  o.newline = "\n";
  expect_same_for_all_thread_counts(join(lines, o));
}

// A CRLF is one line end wherever it is: after a plain row, after a row
// with a quoted cell (which the CSV parser reads) and on a blank line. The
// bad date is on line 6 as an editor shows it, on any thread count.
TEST(RecordsParallel, CrlfEndsOneLineInPlainQuotedAndBlankRows) {
  const std::string text =
      "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\r\n"
      "R1,M001,2025-01-01,meeting,,,,,,,\r\n"
      "\"R2\",M002,2025-01-02,meeting,,,,,,,\r\n"
      "\r\n"
      "R3,M003,2025-01-03,meeting,,,,,,,\r\n"
      "R4,M004,2025-02-30,meeting,,,,,,,\r\n";
  for (const Config config : {Config{1, 0}, Config{2, 0}, Config{2, 8}}) {
    const Read r = read(text, config);
    EXPECT_FALSE(r.batch);
    EXPECT_NE(r.problems.find("records.csv:6:"), std::string::npos) << r.problems;
  }
}

TEST(RecordsParallel, ErrorsInEveryChunkAreReportedAsByOneThread) {
  const Options o;
  auto lines = record_lines(3000, o);
  lines[2] = "R900001,M999,2025-01-01,meeting,,,,,,,";               // unknown member, first chunk
  lines[2999] = "R900002,M001,2025-02-30,meeting,,,,,,,";            // bad date, last chunk
  lines[1500] = lines[10].substr(0, lines[10].find(',')) + ",M002,2025-01-02,info,,,,,,,";
  lines[2500] = "R900003,M003,2025-01-03,,,,,,,,x";                  // empty kind, bad quantity
  lines[1700] = "R900004,M004,2025-01-04,meeting,,,,0,,,";           // bad position
  lines[900] = "R900005,M005,2025-01-05,meeting,,,";                  // too few cells
  expect_same_for_all_thread_counts(join(lines, o));
  const Read one = read(join(lines, o), {1, 0});
  EXPECT_FALSE(one.batch);
  EXPECT_NE(one.problems.find("already used on line"), std::string::npos);
  EXPECT_NE(one.problems.find("is not in the members file"), std::string::npos);
}

// A records file large enough to be mapped (FileWindow::kMinMappedBytes)
// reads as its text does in windows of any size, errors kept going past
// and quoted cells among them. Past the first look's 4 MiB each window is
// mapped afresh from the page it starts in; with parts of 4 KiB or 1 KiB
// a window often ends on a page, where its mapping ends too.
TEST(RecordsParallel, AMappedFileReadsAsItsText) {
  const Options o;
  auto lines = record_lines(120000, o);
  lines[5] = "R900001,M999,2025-01-01,meeting,,,,,,,";       // unknown member
  lines[119999] = "R900002,M001,2025-02-30,meeting,,,,,,,";  // bad date, the last row
  lines[100000] = "R900003,M003,2025-01-03,\"meeting\",\"a\nb\",,,,,,";  // a line break quoted
  const std::string text = join(lines, o);
  ASSERT_GE(text.size(), 5 * detail::FileWindow::kMinMappedBytes);
  const Read one = read(text, {1, 0}, true);
  ASSERT_TRUE(one.batch);
  EXPECT_EQ(one.batch->size(), 119998u);
  for (const Config config : {Config{2, 0, From::File}, Config{2, 4096, From::File},
                              Config{3, 1024, From::File}, Config{1, 777, From::File}}) {
    SCOPED_TRACE(describe(config));
    const Read many = read(text, config, true);
    EXPECT_EQ(one.problems, many.problems);
    ASSERT_TRUE(many.batch);
    expect_same_batch(*one.batch, *many.batch);
    EXPECT_EQ(one.quarantine_text, many.quarantine_text);
  }
}

TEST(RecordsParallel, DuplicateIdsAcrossChunks) {
  const Options o;
  auto lines = record_lines(3000, o);
  const auto first_id = lines[1].substr(0, lines[1].find(','));
  lines[2900] = first_id + lines[2900].substr(lines[2900].find(','));
  lines[1600] = first_id + lines[1600].substr(lines[1600].find(','));
  expect_same_for_all_thread_counts(join(lines, o));
  EXPECT_NE(read(join(lines, o), {1, 0}).problems.find("record id 'R100000' already used on line 2"),
            std::string::npos);
}

// A row left out for an error of its own that has the id of a row kept:
// the kept rows' ids rise one after another, and the id is used twice all
// the same.
TEST(RecordsParallel, ALeftOutRowWithTheIdOfARowKeptIsADuplicate) {
  const Options o;
  auto lines = record_lines(3000, o);
  lines[2500] = lines[10].substr(0, lines[10].find(',')) + ",M003,2025-02-30,meeting,,,,,,,";
  for (const bool keep_going : {false, true}) {
    SCOPED_TRACE(keep_going ? "keep going" : "default");
    expect_same_for_all_thread_counts(join(lines, o), keep_going);
    const Read one = read(join(lines, o), {1, 0}, keep_going);
    EXPECT_NE(one.problems.find("already used on line 11"), std::string::npos) << one.problems;
  }
}

TEST(RecordsParallel, JointItemsDisagreeingAcrossChunks) {
  const Options o;
  const auto base = record_lines(3000, o);
  // Rows far apart that share an item: another subtype, other flags, a
  // position taken twice.
  auto lines = base;
  lines.push_back("R900001,M001,2025-05-05,proposal,individual,,J1,99,,a;b,");
  lines.push_back("R900002,M002,2025-05-05,proposal,joint,,J1,98,,c,");
  lines.push_back("R900003,M003,2025-05-05,proposal,joint,,J0,1,,,");
  lines.push_back("R900004,M004,2025-05-05,proposal,joint,,J1,97,,a;a;b,");
  expect_same_for_all_thread_counts(join(lines, o));
  const Read one = read(join(lines, o), {1, 0});
  EXPECT_NE(one.problems.find("has subtype 'individual' here"), std::string::npos);
  EXPECT_NE(one.problems.find("is already taken on line"), std::string::npos);
  // A flag named twice makes the flags differ, as before.
  lines = base;
  lines.push_back("R900001,M001,2025-05-05,proposal,joint,,J1,99,,b;a;a,");
  expect_same_for_all_thread_counts(join(lines, o));
}

// Rows left out for an error of their own (a date that does not exist)
// still name joint items: each way such a row can disagree with the item's
// rows kept, or with another row left out, is reported as one thread
// reading in order reports it, and a row left out that agrees is not.
TEST(RecordsParallel, LeftOutRowsOfJointItemsAreCheckedAsInOrder) {
  const Options o;
  const auto base = record_lines(3000, o);
  // J1's rows kept: positions 1 to 4, members 8, 15, 22 and 29, flags a;b.
  const std::string taken_member = member_id(8);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"R900001,M001,2025-02-30,proposal,individual,,J1,99,,a;b,"}, "has subtype 'individual' here"},
      {{"R900002,M002,2025-02-30,proposal,joint,,J1,98,,c,"}, "flags"},
      {{"R900003,M003,2025-02-30,proposal,joint,,J1,1,,a;b,"}, "is already taken on line"},
      {{"R900004," + taken_member + ",2025-02-30,proposal,joint,,J1,50,,a;b,"}, "J1"},
      {{"R900005,M001,2025-02-30,proposal,joint,,J999,1,,a,",
        "R900006,M002,2025-02-30,proposal,individual,,J999,2,,a,"},
       "has subtype 'individual' here"},
      {{"R900007,M003,2025-02-30,proposal,joint,,J1,60,,b;a,"}, ""},
  };
  for (const auto& [rows, said] : cases) {
    SCOPED_TRACE(rows.front());
    auto lines = base;
    lines.insert(lines.end(), rows.begin(), rows.end());
    for (const bool keep_going : {false, true}) {
      SCOPED_TRACE(keep_going ? "keep going" : "default");
      expect_same_for_all_thread_counts(join(lines, o), keep_going);
      const Read one = read(join(lines, o), {1, 0}, keep_going);
      const Read clean = read(join(base, o), {1, 0}, keep_going);
      const auto joint_messages = [](const std::string& problems) {
        std::string out;
        std::size_t from = 0;
        for (std::size_t at; (at = problems.find("joint item", from)) != std::string::npos;
             from = at + 1) {
          out += problems.substr(problems.rfind('\n', at) + 1, 80) + "\n";
        }
        return out;
      };
      if (said.empty()) {
        EXPECT_EQ(joint_messages(one.problems), joint_messages(clean.problems)) << one.problems;
      } else {
        EXPECT_NE(joint_messages(one.problems), joint_messages(clean.problems)) << one.problems;
        EXPECT_NE(one.problems.find(said), std::string::npos) << one.problems;
      }
    }
  }
}

TEST(RecordsParallel, QuotesBomEncodingsAndEdgeCases) {
  const Options o;
  auto lines = record_lines(1200, o);
  lines[600] = "R900001,M001,2025-01-01,meeting,\"a, \"\"quoted\"\"\nsubtype\",,,,,,";
  expect_same_for_all_thread_counts(join(lines, o));
  // Quoted cells of many lines, longer than a window of any size above: a
  // window ends inside them whatever its size.
  std::string long_cell = "\"first";
  for (int i = 0; i < 60; ++i) long_cell += "\nline " + std::to_string(i) + ", \"\"quoted\"\" text";
  long_cell += "\"";
  lines[300] = "R900002,M002,2025-01-02,meeting," + long_cell + ",,,,,,";
  lines[301] = "R900003,M003,2025-01-03,meeting,,,,,,," + long_cell;  // 12 cells: an error
  lines[900] = "R900004,M004,2025-01-04,meeting,\"never closed\nR1,M001";
  expect_same_for_all_thread_counts(join(lines, o));
  expect_same_for_all_thread_counts(join(lines, o), true);
  lines = record_lines(1200, o);
  const std::string text = join(lines, o);
  expect_same_for_all_thread_counts(std::string("\xEF\xBB\xBF") + text);
  expect_same_for_all_thread_counts(std::string("\xEF\xBB\xBF\xEF\xBB\xBF") + text);
  expect_same_for_all_thread_counts(text.substr(0, text.size() / 2) + "\r" +
                                    text.substr(text.size() / 2));  // a lone CR
  expect_same_for_all_thread_counts(text + "R900001,M001,2025-01-01,meeting,\xC3,,,,,,\n");
  expect_same_for_all_thread_counts(std::string("\x84\x31\x95\x33") + text +
                                    "R900001,M001,2025-01-01,meeting,\xD6\xD0,,,,,,\n");
  expect_same_for_all_thread_counts(text, false, Encoding::Gb18030);
  expect_same_for_all_thread_counts("");
  expect_same_for_all_thread_counts("\n\r\n");
  expect_same_for_all_thread_counts(lines[0]);
  expect_same_for_all_thread_counts(lines[0] + "\n" + lines[1]);
  expect_same_for_all_thread_counts("record_id,member_id,date\nR1,M001,2025-01-01\n");
  expect_same_for_all_thread_counts("\n\n" + text + "\n\n");
}

// A file in GB18030 or UTF-16 is converted window by window as it is
// read, text in memory whole: the same batch, warnings and errors, with
// Chinese in every row, so that windows of every size cut characters.
TEST(RecordsParallel, Gb18030AndUtf16ConvertedAsReadAreAsConvertedWhole) {
  const Options o;
  auto lines = record_lines(1200, o);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    // 会议 as the kind, or 半 (B0 EB) as the level, or ¡ (81 30 86 30 in
    // GB18030) in a subtype.
    if (lines[i].find(",proposal,") != std::string::npos) continue;
    const std::string id = std::to_string(i);
    if (i % 3 == 0)
      lines[i] = "R9" + id + ",M001,2025-01-01,\xBB\xE1\xD2\xE9,,,,,,,";
    else if (i % 3 == 1)
      lines[i] = "R8" + id + ",M002,2025-02-02,meeting,,,,,\xB0\xEB,,";
    else
      lines[i] = "R7" + id + ",M003,2025-03-03,meeting,a\x81\x30\x86\x30,,,,,,";
  }
  lines[700] = "R900001,M001,2025-01-01,meeting\x81\x20,,,,,,,";  // not GB18030: an error
  std::string gb18030 = join(lines, o);
  expect_same_for_all_thread_counts(gb18030);
  expect_same_for_all_thread_counts(gb18030, true);
  // A duplicate id, which only a second reading, in order, words right:
  // the file (or the pipe's copy) converted again from its start.
  auto twice = lines;
  twice[1100] = twice[3].substr(0, twice[3].find(',')) + twice[1100].substr(twice[1100].find(','));
  expect_same_for_all_thread_counts(join(twice, o));
  EXPECT_NE(read(join(twice, o), {2, 5, From::Pipe}).problems.find("already used on line 4"),
            std::string::npos);
  expect_same_for_all_thread_counts(std::string("\x84\x31\x95\x33") + gb18030 + "\x81",
                                    false, Encoding::Gb18030);
  // A second byte order mark, converted: dropped too.
  expect_same_for_all_thread_counts(std::string("\x84\x31\x95\x33\x84\x31\x95\x33") + gb18030);
  // UTF-16 with its byte order mark, from the UTF-8 of the same rows.
  lines[700] = lines[701];
  Problems p;
  std::string storage;
  std::string_view utf8;
  ASSERT_TRUE(decode_to_utf8(join(lines, o), Encoding::Gb18030, "f", storage, utf8, p));
  std::string utf16 = "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    // Every row's characters are in the BMP: one code unit each.
    const auto c = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
    std::uint32_t code = n == 1 ? c : n == 2 ? c & 0x1F : c & 0x0F;
    for (std::size_t k = 1; k < n; ++k)
      code = code << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    utf16 += static_cast<char>(code & 0xFF);
    utf16 += static_cast<char>(code >> 8);
    i += n;
  }
  expect_same_for_all_thread_counts(utf16);
}

// A file in GB18030 longer than the first look at the encoding (4 MiB),
// from a pipe or a file, as the text in memory.
TEST(RecordsParallel, LongGb18030FromAPipeOrAFile) {
  const Options o;
  auto lines = record_lines(120000, o);
  for (std::size_t i = 5; i < lines.size(); i += 40)
    lines[i] = "R9" + std::to_string(i) + ",M001,2025-01-01,\xBB\xE1\xD2\xE9,,,,,,,";  // 会议
  const std::string text = join(lines, o);
  ASSERT_GT(text.size(), std::size_t{5} << 20);
  const Read one = read(text, {1, 0});
  ASSERT_TRUE(one.batch) << one.problems;
  bool chinese = false;
  for (Code c = 0; c < one.batch->kinds().size(); ++c)
    chinese |= one.batch->kinds().text(c) == "\xE4\xBC\x9A\xE8\xAE\xAE";
  EXPECT_TRUE(chinese);
  for (const Config config : {Config{2, 0, From::Pipe}, Config{1, 0, From::File}}) {
    SCOPED_TRACE(describe(config));
    const Read many = read(text, config);
    EXPECT_EQ(one.problems, many.problems);
    ASSERT_TRUE(many.batch);
    expect_same_batch(*one.batch, *many.batch);
  }
}

// A file said to be GB18030 whose first look (4 MiB) is ASCII only: UTF-8
// further on is refused as when the file is converted whole (it would be
// garbled without a word), and GB18030 further on is read.
TEST(RecordsParallel, Utf8PastTheFirstLookSaidToBeGb18030IsRefusedAsWhole) {
  const Options o;
  auto lines = record_lines(120000, o);
  const std::string kinds[] = {"\xE4\xBC\x9A\xE8\xAE\xAE", "\xBB\xE1\xD2\xE9"};  // 会议
  for (const std::string& kind : kinds) {
    lines[lines.size() - 7] = "R9000001,M001,2025-01-01," + kind + ",,,,,,,";
    const std::string text = join(lines, o);
    ASSERT_GT(text.size(), std::size_t{5} << 20);
    const Read whole = read(text, {1, 0}, false, Encoding::Gb18030);
    EXPECT_EQ(whole.batch.has_value(), kind == kinds[1]) << whole.problems;
    EXPECT_EQ(whole.problems.find("the file is UTF-8 text, but --encoding gb18030 was given") !=
                  std::string::npos,
              kind == kinds[0])
        << whole.problems;
    for (const Config config :
         {Config{2, 0, From::Pipe}, Config{1, 0, From::File}, Config{2, 4096, From::File}}) {
      SCOPED_TRACE(describe(config));
      const Read windows = read(text, config, false, Encoding::Gb18030);
      EXPECT_EQ(whole.problems, windows.problems);
      ASSERT_EQ(whole.batch.has_value(), windows.batch.has_value());
      if (whole.batch) expect_same_batch(*whole.batch, *windows.batch);
    }
  }
}

TEST(RecordsParallel, NonAsciiTextsAndInvalidUtf8MidFile) {
  const Options o;
  auto lines = record_lines(1200, o);
  // 会议 as the kind of every 50th row, 半 as the level of every 7th.
  for (std::size_t i = 3; i < lines.size(); i += 50)
    lines[i] = "R9" + std::to_string(i) + ",M001,2025-01-01,\xE4\xBC\x9A\xE8\xAE\xAE,,,,,,,";
  for (std::size_t i = 1; i < lines.size(); i += 7) {
    if (lines[i].find(",proposal,") == std::string::npos)
      lines[i] = "R8" + std::to_string(i) + ",M002,2025-02-02,meeting,,,,,\xE5\x8D\x8A,,";
  }
  EXPECT_EQ(read(join(lines, o), {1, 0}).problems.find("error"), std::string::npos);
  expect_same_for_all_thread_counts(join(lines, o));
  lines = record_lines(1200, o);
  lines[700] = "R900001,M001,2025-01-01,\xE4\xBC\x9A,,,,,,,";  // cut short: invalid
  expect_same_for_all_thread_counts(join(lines, o));
  lines[700] = "R900001,M001,2025-01-01,meeting\xFF,,,,,,,";
  expect_same_for_all_thread_counts(join(lines, o));
}

// Ids of eight and nine digits (parsed eight at a time) come back as they
// were read, and ids that break the first one's pattern turn every id into
// text.
TEST(RecordsParallel, WideNumericIdsRoundTrip) {
  const auto check = [](const std::vector<std::string>& ids) {
    std::string text = "record_id,member_id,date,kind\n";
    for (std::size_t i = 0; i < ids.size(); ++i)
      text += ids[i] + "," + member_id(static_cast<int>(i % 40)) + ",2025-01-01,meeting\n";
    expect_same_for_all_thread_counts(text);
    const Read one = read(text, {1, 0});
    ASSERT_TRUE(one.batch) << one.problems;
    std::vector<std::string> got, want(ids);
    for (std::size_t row = 0; row < one.batch->size(); ++row)
      got.push_back(one.batch->record_id(row));
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want);
  };
  std::vector<std::string> nine, eight;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "R%09u", i * 499'999u % 1'000'000'000u);
    nine.push_back(id);
    std::snprintf(id, sizeof id, "Q%08u", i * 49'999u % 100'000'000u);
    eight.push_back(id);
  }
  nine.push_back("R999999999");
  eight.push_back("Q99999999");
  check(nine);
  check(eight);
  for (const char* odd : {"R00000001:", "R0000000/1", "R 00000001", "RR00000001", "R0000000001",
                          "S000000001", "R00000001"}) {
    SCOPED_TRACE(odd);
    auto ids = nine;
    ids[1500] = odd;
    check(ids);
  }
}

TEST(RecordsParallel, RefsSharedByKindsAndHighPositions) {
  const Options o;
  auto lines = record_lines(3000, o);
  // J2 also names an info item (another kind: its own item), positions
  // above 64 on both, far apart.
  lines.push_back("R900001,M001,2025-05-05,info,,,J2,70,,,");
  lines.push_back("R900002,M002,2025-05-06,info,,,J2,71,,,");
  lines.push_back("R900003,M003,2025-05-07,proposal,joint,,J2,70,,,");
  lines.insert(lines.begin() + 20, "R900004,M004,2025-05-08,info,,,J2,72,,,");
  expect_same_for_all_thread_counts(join(lines, o));
  const Read one = read(join(lines, o), {1, 0});
  ASSERT_TRUE(one.batch);
  std::size_t info_rows = 0;
  for (std::size_t row = 0; row < one.batch->size(); ++row) {
    if (one.batch->refs().text(one.batch->ref(row)) == "J2" &&
        one.batch->kinds().text(one.batch->kind(row)) == "info") {
      EXPECT_EQ(one.batch->item_size(row), 3u);
      ++info_rows;
    }
  }
  EXPECT_EQ(info_rows, 3u);
  // The same position twice within one kind is an error.
  lines.push_back("R900005,M005,2025-05-09,info,,,J2,71,,,");
  expect_same_for_all_thread_counts(join(lines, o));
  EXPECT_NE(read(join(lines, o), {1, 0}).problems.find("position 71 of joint item info 'J2'"),
            std::string::npos);
}

TEST(RecordsParallel, KeepGoingIsTheSame) {
  const Options o;
  auto lines = record_lines(2000, o);
  lines[5] = "R900001,M999,2025-01-01,meeting,,,,,,,";
  lines[1999] = lines[3];
  expect_same_for_all_thread_counts(join(lines, o), true);
}

// Several records files (a province's, a file a year): read_records_files
// streams interchange files into one batch, window by window, and must
// give what reading every file whole through read_records(files) gives
// (the readers of office files, as before): the same batch, messages and
// quarantine, and the files' bytes to `bytes_read` once each, in order,
// however far the streaming got before something made it read them whole.
struct FilesRead {
  std::optional<RecordBatch> batch;
  std::string problems;
  Quarantine quarantine;  // spooled when streamed
  std::string quarantine_text;  // quarantine_csv() of it, the folder taken out
  std::size_t largest_piece = 0;  // the most bytes given to bytes_read at once
  FileDigests digests;
};

FilesRead read_files(const std::vector<std::string>& texts, Config config, bool keep_going,
                     bool streamed) {
  static int count = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-files-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
  std::filesystem::create_directories(dir);
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    paths.push_back((dir / ("r" + std::to_string(i) + ".csv")).string());
    std::ofstream(paths.back(), std::ios::binary)
        .write(texts[i].data(), static_cast<std::streamsize>(texts[i].size()));
  }
  FilesRead r;
  Problems p;
  InputDigester digester(config.threads);
  const InputOptions options = options_for(config, keep_going);
  if (streamed) {
    std::string why;
    EXPECT_TRUE(r.quarantine.spool(why)) << why;
    r.batch = read_records_files(paths, table(), options, p, &r.quarantine,
                                 [&](std::string_view bytes) {
                                   r.largest_piece = std::max(r.largest_piece, bytes.size());
                                   digester.add(bytes);
                                 });
  } else {
    std::vector<InputFile> files;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      files.push_back(InputFile{paths[i], texts[i], paths[i]});
      digester.add(texts[i]);
    }
    r.batch = read_records(files, table(), options, p, &r.quarantine);
  }
  r.digests = digester.finish();
  const auto named = [&dir](std::string s) {
    const std::string folder = dir.string() + "/";
    for (std::size_t at; (at = s.find(folder)) != std::string::npos;) s.erase(at, folder.size());
    return s;
  };
  r.problems = named(formatted(p));
  r.quarantine_text = named(quarantine_csv(r.quarantine));
  std::filesystem::remove_all(dir);
  return r;
}

// `lines` (a header first) as `files` files, each with the header.
std::vector<std::string> split_files(const std::vector<std::string>& lines, std::size_t files) {
  std::vector<std::string> texts(files, lines[0] + "\n");
  for (std::size_t i = 1; i < lines.size(); ++i)
    texts[(i - 1) * files / (lines.size() - 1)] += lines[i] + "\n";
  return texts;
}

// `same_codes`: the batches are also alike code by code; false where the
// streamed reading may code the same texts in another order (rows with
// warnings, whose files were read whole before).
void expect_files_read_as_whole(const std::vector<std::string>& texts, bool keep_going,
                                bool same_codes = true) {
  std::string all;
  for (const auto& t : texts) all += t;
  const FilesRead whole = read_files(texts, Config{1, 0}, keep_going, false);
  for (const Config config : {Config{1, 0}, Config{2, 0}, Config{3, 64}}) {
    SCOPED_TRACE(describe(config));
    const FilesRead streamed = read_files(texts, config, keep_going, true);
    EXPECT_EQ(whole.problems, streamed.problems);
    ASSERT_EQ(whole.batch.has_value(), streamed.batch.has_value());
    if (whole.batch) {
      expect_same_rows(*whole.batch, *streamed.batch);
      if (same_codes) expect_same_batch(*whole.batch, *streamed.batch);
    }
    EXPECT_EQ(whole.quarantine.rows_read, streamed.quarantine.rows_read);
    EXPECT_EQ(whole.quarantine.rows_accepted, streamed.quarantine.rows_accepted);
    EXPECT_EQ(whole.quarantine_text, streamed.quarantine_text);
    EXPECT_EQ(streamed.digests.bytes, sha256_hex(all));
    EXPECT_EQ(streamed.digests.rows, whole.digests.rows);
  }
}

// Records of the members who served all year, so that the files' rows
// give no message: joint items across the files, ids of one prefix.
std::vector<std::string> clean_record_lines(int rows) {
  std::vector<std::string> lines{
      "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity"};
  std::vector<int> served;
  for (int m = 0; m < 40; ++m)
    if (m % 9 != 1 && m % 11 != 2) served.push_back(m);
  for (int i = 0; i < rows; ++i) {
    const int m = served[static_cast<std::size_t>(i / 7) % served.size()];
    char date[16];
    std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + i % 12, 1 + i % 28);
    std::string line = "R" + std::to_string(100000 + i) + "," + member_id(m) + "," + date + ",";
    if (i % 10 == 3) {
      // Item J<k> has rows i and i + rows / 2: in different files.
      const int k = i % (rows / 2);
      const int position = i < rows / 2 ? 1 : 2;
      const int other = served[static_cast<std::size_t>(k / 7 + 1) % served.size()];
      line = "R" + std::to_string(100000 + i) + "," + member_id(position == 1 ? m : other) +
             "," + date + ",proposal,joint,,J" + std::to_string(k) + "," +
             std::to_string(position) + ",,a;b,";
    } else {
      line += i % 3 ? "meeting,plenary,present,,,,," : "info,,,,,city,a,1.5";
    }
    lines.push_back(line);
  }
  return lines;
}

TEST(RecordsFiles, InterchangeFilesStreamIntoTheBatchReadWhole) {
  expect_files_read_as_whole(split_files(clean_record_lines(6000), 3), false);
  expect_files_read_as_whole(split_files(clean_record_lines(6000), 3), true);
  // Files of more than the 4 MiB a file's first look takes: streamed, no
  // file given to bytes_read whole.
  const auto texts = split_files(clean_record_lines(200000), 2);
  for (const auto& text : texts) ASSERT_GT(text.size(), (std::size_t{4} << 20) + 1);
  const FilesRead whole = read_files(texts, Config{1, 0}, false, false);
  const FilesRead streamed = read_files(texts, Config{2, 0}, false, true);
  ASSERT_TRUE(whole.batch && streamed.batch);
  EXPECT_EQ(streamed.batch->size(), 200000u);
  EXPECT_EQ(streamed.problems, "");
  EXPECT_EQ(whole.problems, "");
  EXPECT_LE(streamed.largest_piece, (std::size_t{4} << 20) + 1);
  EXPECT_EQ(streamed.digests.bytes, whole.digests.bytes);
  // The batches alike as a whole (row by row, above).
  EXPECT_EQ(whole.batch->class_column(), streamed.batch->class_column());
  EXPECT_EQ(whole.batch->day_column(), streamed.batch->day_column());
  EXPECT_EQ(whole.batch->position_column(), streamed.batch->position_column());
  EXPECT_EQ(whole.batch->quantity_column(), streamed.batch->quantity_column());
}

TEST(RecordsFiles, WarningsAloneDoNotStopTheFilesStreaming) {
  // Files of more than the 4 MiB of a file's first look, whose rows give
  // warnings (records outside a member's service) and no error: streamed,
  // no file given to bytes_read whole, and what the whole reading says.
  const auto lines = record_lines(160000, Options{});
  const auto texts = split_files(lines, 2);
  for (const auto& text : texts) ASSERT_GT(text.size(), (std::size_t{4} << 20) + 1);
  // Their rows as one file: streamed, several files make its very batch,
  // codes included (the office files' readers code these rows' flags in
  // another order).
  const Read lone = read(join(lines, Options{}), Config{1, 0});
  ASSERT_TRUE(lone.batch.has_value());
  const FilesRead whole = read_files(texts, Config{1, 0}, false, false);
  ASSERT_TRUE(whole.batch.has_value()) << whole.problems.substr(0, 2000);
  EXPECT_NE(whole.problems.find("warning: column 'date': the record is dated"), std::string::npos);
  EXPECT_EQ(whole.problems.find("error"), std::string::npos) << whole.problems.substr(0, 2000);
  for (const Config config : {Config{1, 0}, Config{2, 0}}) {
    SCOPED_TRACE(describe(config));
    const FilesRead streamed = read_files(texts, config, false, true);
    ASSERT_TRUE(streamed.batch.has_value());
    EXPECT_LE(streamed.largest_piece, (std::size_t{4} << 20) + 1);
    EXPECT_EQ(streamed.problems, whole.problems);
    expect_same_rows(*whole.batch, *streamed.batch);
    expect_same_batch(*lone.batch, *streamed.batch);
    EXPECT_EQ(streamed.digests.bytes, whole.digests.bytes);
    EXPECT_EQ(streamed.digests.rows, whole.digests.rows);
  }
}

TEST(RecordsFiles, MessagesAsReadWholeWhereverTheyArise) {
  const Options o;
  const auto clean = clean_record_lines(3000);
  // An id in two files: read whole, in order, to name both rows.
  auto twice = clean;
  twice[2900] = twice[10];
  expect_files_read_as_whole(split_files(twice, 3), false);
  // A row's message in the second file, kept going: the third file is
  // not streamed at all, the second's rest given to bytes_read.
  auto bad = clean;
  bad[1500] = "R900001,M999,2025-01-01,meeting,,,,,,,";
  expect_files_read_as_whole(split_files(bad, 3), true);
  expect_files_read_as_whole(split_files(bad, 3), false);
  // Warnings only (records outside a member's service): streamed, the
  // same warnings.
  expect_files_read_as_whole(split_files(record_lines(3000, o), 2), false, false);
  expect_files_read_as_whole(split_files(record_lines(3000, o), 3), true, false);
  // A file with another header, and one that is not interchange CSV.
  auto texts = split_files(clean, 2);
  texts[1].replace(0, texts[1].find('\n'),
                   "member_id,record_id,date,kind,subtype,status,ref,position,level,flags,quantity");
  expect_files_read_as_whole(texts, false);
  texts[1] = "序号,委员,日期\n1,n1,2025-01-01\n";
  expect_files_read_as_whole(texts, true);
}

// Members: a table of `rows` rows, ids numbered from 1.
std::vector<std::string> member_lines(int rows) {
  static const char* const sectors[] = {"科技界", "经济界", "", "教育界"};
  static const char* const roles[] = {"member", "member;standing", "", " standing ; chair "};
  std::vector<std::string> lines;
  lines.push_back("member_id,name,unit,sector,group,roles,joined,left");
  for (int m = 0; m < rows; ++m) {
    std::string line = "M" + std::to_string(100000 + m) + ",名" + std::to_string(m) + ",单位" +
                       std::to_string(m % 7) + "," + sectors[m % 4] + ",g" +
                       std::to_string(m % 5) + "," + roles[m % 4] + ",";
    line += m % 3 == 0 ? "" : "2023-01-0" + std::to_string(1 + m % 9);
    line += m % 10 == 4 ? ",2025-06-30" : ",";
    lines.push_back(line);
  }
  return lines;
}

struct ReadMembers {
  bool empty_input = false;  // members have no file reader of their own: unused
  std::optional<MemberTable> table;
  std::string problems;
  Quarantine quarantine;
  std::string quarantine_text;
};

ReadMembers read_members_with(std::string_view text, Config config, bool keep_going = false) {
  ReadMembers r;
  Problems p;
  r.table = read_members(text, "members.csv", options_for(config, keep_going), p, &r.quarantine);
  r.problems = formatted(p);
  r.quarantine_text = quarantine_csv(r.quarantine);
  return r;
}

void expect_same_table(const MemberTable& a, const MemberTable& b) {
  ASSERT_EQ(a.size(), b.size());
  for (MemberIndex m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a.id(m), b.id(m));
    EXPECT_EQ(a.name(m), b.name(m));
    EXPECT_EQ(a.unit(m), b.unit(m));
    EXPECT_EQ(a.sector(m), b.sector(m));
    EXPECT_EQ(a.group(m), b.group(m));
    EXPECT_EQ(a.roles(m), b.roles(m));
    EXPECT_EQ(a.joined(m), b.joined(m));
    EXPECT_EQ(a.left(m), b.left(m));
    EXPECT_EQ(b.find(a.id(m)), std::optional<MemberIndex>(m));
  }
  expect_same_dictionary(a.sector_names(), b.sector_names());
  expect_same_dictionary(a.group_names(), b.group_names());
  expect_same_dictionary(a.role_names(), b.role_names());
}

void expect_same_members_for_all_thread_counts(std::string_view text, bool keep_going = false) {
  expect_same_in_any_parts(
      [&](Config config) { return read_members_with(text, config, keep_going); },
      [](const ReadMembers& one, const ReadMembers& many) {
        ASSERT_EQ(one.table.has_value(), many.table.has_value());
        if (one.table) expect_same_table(*one.table, *many.table);
      });
}

TEST(MembersParallel, GoodFileGivesTheSameTable) {
  const auto text = join(member_lines(2000), Options{});
  const ReadMembers one = read_members_with(text, {1, 0});
  ASSERT_TRUE(one.table);
  EXPECT_EQ(one.table->size(), 2000u);
  EXPECT_TRUE(one.problems.empty());
  expect_same_members_for_all_thread_counts(text);
  Options crlf;
  crlf.newline = "\r\n";
  crlf.final_newline = false;
  auto lines = member_lines(2000);
  lines.insert(lines.begin() + 900, "");
  expect_same_members_for_all_thread_counts(join(lines, crlf));
}

TEST(MembersParallel, IdsThatStopBeingNumbersAreFoundByText) {
  auto lines = member_lines(2000);
  lines[1500] = "X-7,n,u,s,g,member,,";  // every id from here on is looked up by text
  const auto text = join(lines, Options{});
  expect_same_members_for_all_thread_counts(text);
  const ReadMembers many = read_members_with(text, {2, 0});
  ASSERT_TRUE(many.table);
  EXPECT_EQ(many.table->find("X-7"), std::optional<MemberIndex>(1499));
  EXPECT_EQ(many.table->find("M100003"), std::optional<MemberIndex>(3));
  EXPECT_FALSE(many.table->find("M100001 "));
}

TEST(MembersParallel, ErrorsInEveryChunkAreReportedAsByOneThread) {
  auto lines = member_lines(2000);
  lines[3] = "M100003,again,u,s,g,member,,";            // duplicate id, first chunk
  lines[1999] = lines[1600].substr(0, lines[1600].find(',')) + ",dup,u,s,g,,,";  // last chunk
  lines[1200] = "M900001,n,u,s,g,member,2023-02-30,";   // bad joined date
  lines[800] = "M900002,n,u,s,g,member,2024-01-01,2023-01-01";  // left before joined
  lines[700] = ",n,u,s,g,member,,";                     // empty id
  lines[1300] = "M900003,n,u,s,g";                      // too few cells
  lines[1400] = "M900004,\"quoted, name\",u,s,g,member,,";
  const auto text = join(lines, Options{});
  expect_same_members_for_all_thread_counts(text);
  expect_same_members_for_all_thread_counts(text, true);
  const ReadMembers one = read_members_with(text, {1, 0});
  EXPECT_FALSE(one.table);
  EXPECT_NE(one.problems.find("member id 'M100003' already used on line 4"), std::string::npos);
}

// A roles cell like the last added member's takes that member's mask
// without its roles looked up again. Rows repeating cells, or not, get
// their own roles; a role past the 63rd is reported on every row naming it
// (the mask of such a cell is never kept); in keep-going mode a row left
// out codes none of its roles.
TEST(MembersParallel, RolesCellsRepeatedRowAfterRowGiveEachRowItsRoles) {
  std::vector<std::string> lines{"member_id,name,unit,sector,group,roles,joined,left"};
  std::vector<std::string> cells;
  const auto add = [&](const std::string& roles) {
    lines.push_back("M" + std::to_string(100000 + cells.size()) + ",n,u,s,g," + roles + ",,");
    cells.push_back(roles);
  };
  for (const char* roles : {"member", "member", "member;standing", "member;standing", "standing",
                            "member", "", "", "standing;member"})
    add(roles);
  for (int r = 0; r < 61; ++r) add("role" + std::to_string(r));  // 63 roles in all
  for (const char* roles : {"member;extra", "member;extra", "member", "member"}) add(roles);
  const std::string text = join(lines, Options{});
  const ReadMembers read = read_members_with(text, {1, 0}, true);
  ASSERT_TRUE(read.table);
  const MemberTable& t = *read.table;
  EXPECT_EQ(t.size(), cells.size() - 2);  // the rows naming extra are left out
  EXPECT_EQ(t.role_names().find("extra"), kAbsent);
  const std::string message = "role 'extra' is one distinct role too many";
  const std::string all = read.problems + read.quarantine_text;
  const auto first = all.find(message);
  ASSERT_NE(first, std::string::npos) << all;
  EXPECT_NE(all.find(message, first + 1), std::string::npos) << all;  // on both rows
  // Without keep-going the first such row is added (so that a later
  // duplicate of its id is reported too), and the second is still told.
  const ReadMembers strict = read_members_with(text, {1, 0});
  EXPECT_FALSE(strict.table);
  const auto strict_first = strict.problems.find(message);
  ASSERT_NE(strict_first, std::string::npos) << strict.problems;
  EXPECT_NE(strict.problems.find(message, strict_first + 1), std::string::npos)
      << strict.problems;
  MemberIndex m = 0;
  for (const auto& cell : cells) {
    if (cell.find("extra") != std::string::npos) continue;
    RoleMask expected = 0;
    std::size_t from = 0;
    while (from <= cell.size()) {
      const std::size_t end = std::min(cell.find(';', from), cell.size());
      if (end > from) expected |= RoleMask{1} << t.role_names().find(cell.substr(from, end - from));
      from = end + 1;
    }
    EXPECT_EQ(t.roles(m), expected) << "member " << m << ": " << cell;
    ++m;
  }
  expect_same_members_for_all_thread_counts(text, true);
}

// Two roles new to the table in one cell, when one code is left: the first
// takes it, and the second is told, not dropped (it was dropped without a
// word when each role was checked against the table alone). A role named
// twice in the cell is one role.
TEST(MembersParallel, TwoNewRolesInACellWithOneCodeLeftTellTheSecond) {
  std::vector<std::string> lines{"member_id,name,unit,sector,group,roles,joined,left"};
  for (int r = 0; r < 62; ++r)
    lines.push_back("M" + std::to_string(100000 + r) + ",n,u,s,g,role" + std::to_string(r) + ",,");
  lines.push_back("M100062,n,u,s,g,x;x;role5;y,,");  // x takes the 63rd code; y is one too many
  lines.push_back("M100063,n,u,s,g,x,,");
  const std::string text = join(lines, Options{});
  const ReadMembers strict = read_members_with(text, {1, 0});
  EXPECT_FALSE(strict.table);
  EXPECT_NE(strict.problems.find("members.csv:64: error: column 'roles': role 'y' is one "
                                 "distinct role too many (at most 63)"),
            std::string::npos)
      << strict.problems;
  EXPECT_EQ(strict.problems.find("role 'x'"), std::string::npos) << strict.problems;
  const ReadMembers kept = read_members_with(text, {1, 0}, true);
  ASSERT_TRUE(kept.table);
  ASSERT_EQ(kept.table->size(), 63u);  // line 64 is left out, and codes none of its roles
  const Code x = kept.table->role_names().find("x");
  ASSERT_NE(x, kAbsent);
  EXPECT_EQ(kept.table->roles(62), RoleMask{1} << x);
  EXPECT_EQ(kept.table->role_names().size(), 64u);
  expect_same_members_for_all_thread_counts(text, true);
}

TEST(MembersParallel, TooManyRolesBomAndEncodings) {
  const auto lines = member_lines(1000);
  // Rows spread over the chunks bring 70 distinct roles: one too many
  // from the 63rd on.
  auto many_roles = lines;
  for (int r = 0; r < 70; ++r) {
    auto& line = many_roles[10 + r * 12];
    line = line.substr(0, line.find(',')) + ",n,u,s,g,role" + std::to_string(r) + ",,";
  }
  const ReadMembers one = read_members_with(join(many_roles, Options{}), {1, 0});
  EXPECT_NE(one.problems.find("one distinct role too many"), std::string::npos);
  expect_same_members_for_all_thread_counts(join(many_roles, Options{}));
  const auto text = join(lines, Options{});
  expect_same_members_for_all_thread_counts(std::string("\xEF\xBB\xBF") + text);
  expect_same_members_for_all_thread_counts(std::string("\xEF\xBB\xBF\xEF\xBB\xBF") + text);
  expect_same_members_for_all_thread_counts(text + "M900001,\xC3,u,s,g,member,,\n");
  expect_same_members_for_all_thread_counts(text.substr(0, text.size() / 2) + "\r" +
                                            text.substr(text.size() / 2));
  expect_same_members_for_all_thread_counts("");
  expect_same_members_for_all_thread_counts("name,unit\nn,u\n");
  expect_same_members_for_all_thread_counts(lines[0]);
}


// A quoted cell for line `i`: commas, doubled quotes and line breaks, so
// that parts are cut inside quotes too.
std::string quoted_cell(std::size_t i) {
  return "\"s" + std::to_string(i % 3) + (i % 2 ? ",\n" : "\r\n") + "\"\"x\"\"\"";
}

// Records whose every 17th row has a multi-line quoted subtype and every
// 23rd is bad: an unknown member, a bad date, a short row, a quote closed
// too early.
std::vector<std::string> quoted_and_bad_lines(int rows) {
  const Options o;
  auto lines = record_lines(rows, o);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (i % 17 == 0 && lines[i].find(",proposal,joint,") == std::string::npos) {
      auto& line = lines[i];
      std::size_t at = 0;
      for (int comma = 0; comma < 4; ++comma) at = line.find(',', at) + 1;
      const std::size_t end = line.find(',', at);
      line = line.substr(0, at) + quoted_cell(i) + line.substr(end);
    }
    if (i % 23 == 0) {
      static const char* const bad[] = {"R9%zu,M999,2025-01-01,meeting,,,,,,,",
                                        "R9%zu,M001,2025-13-01,meeting,,,,,,,",
                                        "R9%zu,M001,2025-01-01,meeting",
                                        "R9%zu,M001,2025-01-01,\"meeting\"x,,,,,,,"};
      char line[96];
      std::snprintf(line, sizeof line, bad[i / 23 % 4], i);
      lines[i] = line;
    }
  }
  return lines;
}

TEST(RecordsInParts, KeepGoingWithQuotedCellsAndBadRowsIsTheSameForAnyParts) {
  const Options o;
  const auto lines = quoted_and_bad_lines(3000);
  const std::string text = join(lines, o);
  const Read one = read(text, {1, 0}, true);
  ASSERT_TRUE(one.batch);
  EXPECT_EQ(one.problems.find(": error: "), std::string::npos);
  EXPECT_TRUE(one.quarantine.balanced());
  EXPECT_EQ(one.quarantine.rows_read, 3000u);
  EXPECT_EQ(one.quarantine.rejected.size(), 3000u / 23);
  EXPECT_EQ(one.batch->size(), 3000u - 3000u / 23);
  EXPECT_NE(one.batch->subtypes().find("s1,\n\"x\""), kAbsent);
  expect_same_for_all_thread_counts(text, true);
  // A duplicate id and a joint item that disagrees need the rows before
  // them: the same again.
  auto more = lines;
  more[2900] = lines[5];
  more.push_back("R900001,M001,2025-05-05,proposal,individual,,J1,99,,a;b,");
  expect_same_for_all_thread_counts(join(more, o), true);
  const Read dup = read(join(more, o), {7, 0}, true);
  EXPECT_NE(dup.problems.find("already used on line 6"), std::string::npos);
  EXPECT_NE(dup.problems.find("has subtype 'individual' here"), std::string::npos);
}

TEST(RecordsInParts, ErrorsWithQuotedCellsAreTheSameForAnyParts) {
  const std::string text = join(quoted_and_bad_lines(3000), Options{});
  const Read one = read(text, {1, 0});
  EXPECT_FALSE(one.batch);
  // Line 24 and the line break of the quoted cell on line 18.
  EXPECT_NE(one.problems.find(":25: error: column 'date': date '2025-13-01' is not a date:"),
            std::string::npos);
  expect_same_for_all_thread_counts(text);
}

TEST(RecordsInParts, CleanQuotedCellsAreTheSameForAnyParts) {
  const Options o;
  auto lines = record_lines(3000, o);
  for (std::size_t i = 7; i < lines.size(); i += 11)
    lines[i] = "R8" + std::to_string(i) + ",M002,2025-02-02,meeting," + quoted_cell(i) + ",,,,,,";
  const std::string text = join(lines, o);
  const Read one = read(text, {1, 0});
  ASSERT_TRUE(one.batch) << one.problems.substr(0, 500);
  expect_same_for_all_thread_counts(text);
  expect_same_for_all_thread_counts(text, true);
}

// A quote never closed swallows the rest of the file; its message names
// the line it opened on, counted from the start whatever part it is in.
TEST(RecordsInParts, AnUnclosedQuoteIsReportedAtItsLine) {
  const Options o;
  auto lines = record_lines(2000, o);
  lines[1500] = "R900001,M001,2025-01-01,meeting,\"never closed,,,,,,";
  const std::string text = join(lines, o);
  const Read one = read(text, {1, 0});
  EXPECT_NE(one.problems.find(":1501: error: a quote opened on line 1501 is never closed"),
            std::string::npos);
  expect_same_for_all_thread_counts(text);
  expect_same_for_all_thread_counts(text, true);
}

TEST(RecordsInParts, AMissingColumnStopsTheRunInKeepGoingMode) {
  // Rows that cannot be split are still reported, as without keep-going;
  // the missing column stays an error, not a reason given for them.
  const std::string text = "record_id,member_id,date\nR1,M001,2025-01-01\nR2,M001\n";
  const Read one = read(text, {1, 0}, true);
  EXPECT_FALSE(one.batch);
  EXPECT_EQ(one.problems,
            "records.csv:1: error: column 'kind': the header has no 'kind' column\n"
            "records.csv:3: warning: the row has 2 cells but the header has 3; the row is "
            "skipped\n");
  ASSERT_EQ(one.quarantine.rejected.size(), 1u);
  EXPECT_EQ(one.quarantine.rejected[0].reason,
            "the row has 2 cells but the header has 3; the row is skipped");
  expect_same_for_all_thread_counts(text, true);
}

TEST(MembersInParts, KeepGoingWithQuotedCellsAndBadRowsIsTheSameForAnyParts) {
  auto lines = member_lines(2000);
  for (std::size_t i = 5; i < lines.size(); i += 13) {
    auto& line = lines[i];
    const std::size_t name = line.find(',') + 1;
    line = line.substr(0, name) + quoted_cell(i) + line.substr(line.find(',', name));
  }
  lines[100] = lines[40];                               // an id used twice
  lines[700] = "M900001,n,u,s,g,member,2023-02-30,";    // a bad date
  lines[1300] = "M900003,n,u,s,g";                      // too few cells
  lines[1800] = "M900004,\"a\"b,u,s,g,member,,";        // a quote closed too early
  const auto text = join(lines, Options{});
  const ReadMembers one = read_members_with(text, {1, 0}, true);
  ASSERT_TRUE(one.table);
  EXPECT_EQ(one.table->size(), 2000u - 4);
  EXPECT_TRUE(one.quarantine.balanced());
  // Line 41 and the line breaks of three quoted cells before it.
  EXPECT_NE(one.problems.find(":109: warning: column 'member_id': member id 'M100039' already "
                              "used on line 44"),
            std::string::npos);
  expect_same_members_for_all_thread_counts(text, true);
  expect_same_members_for_all_thread_counts(text);
}

// The command line: the scores, the quarantine file and the reconciliation
// line are the same bytes for 1, 2 and 7 threads in keep-going mode.
TEST(ReaderCommandLine, KeepGoingGivesTheSameBytesForAnyThreadCount) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-parts-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&dir](const std::string& name, const std::string& text) {
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  };
  const auto members_path = write("members.csv", members_csv());
  const auto records_path = write("records.csv", join(quoted_and_bad_lines(3000), Options{}));
  std::string first_out, first_quarantine, first_err;
  // 8: two threads reading the records from a pipe (file names aside, the
  // same bytes).
  for (const unsigned threads : {1u, 2u, 7u, 8u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    const auto quarantine = (dir / "quarantine.csv").string();
    const auto err = (dir / "err").string();
    const bool pipe = threads == 8;
    const auto r = testing::run_command(
        (pipe ? "cat " + records_path + " | " : std::string()) + testing::cli() +
        " score --quiet --rules " + testing::source_path("rules/default.yaml") + " --members " +
        members_path + " --records " + (pipe ? std::string("/dev/stdin") : records_path) +
        " --year 2025 --keep-going --quarantine " + quarantine + " --threads " +
        (pipe ? std::string("2") : std::to_string(threads)) + " 2>" + err);
    ASSERT_EQ(r.exit_code, 0) << testing::slurp(err);
    const auto named = [&](std::string text) {
      for (std::size_t at; pipe && (at = text.find("/dev/stdin")) != std::string::npos;)
        text.replace(at, 10, records_path);
      return text;
    };
    const auto q = named(testing::slurp(quarantine));
    const auto e = named(testing::slurp(err));
    if (threads == 1) {
      // 40 members and 3000 records.
      EXPECT_NE(e.find("rows read 3040 = rows scored 2910 + rows rejected 130"), std::string::npos);
      EXPECT_EQ(std::count(q.begin(), q.end(), '\n'), 131);
      first_out = r.out;
      first_quarantine = q;
      first_err = e;
    } else {
      EXPECT_EQ(r.out, first_out);
      EXPECT_EQ(q, first_quarantine);
      EXPECT_EQ(e, first_err);
    }
  }
  std::filesystem::remove_all(dir);
}

// A file whose rows nearly all have a fault: past Problems::kKeptInFull
// problems only each kind's first are kept and the rest counted, in the
// file's order whatever the parts, so the problems listed, the counts and
// the screen's summary are those of one thread reading one part.
TEST(RecordParts, ProblemsPastTheBoundAreCountedAlikeInAnyParts) {
  const int rows = static_cast<int>(Problems::kKeptInFull) + 20000;
  std::string text =
      "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n";
  for (int i = 0; i < rows; ++i) {
    // Members 1, 10, 19, ... joined on 2025-03-01: a January record of
    // theirs is a warning, grouped by member. A bad position is an error
    // of one group; every fifth row's quantity another.
    text += "R" + std::to_string(100000 + i) + "," + member_id(i % 40) + ",2025-01-" +
            std::to_string(10 + i % 19) + ",meeting,plenary,present,," +
            (i % 7 == 0 ? "" : "abc") + ",,," + (i % 5 == 0 ? "-1" : "") + "\n";
  }
  const auto read_with = [&text](Config config) {
    Read r;
    Problems p;
    r.batch = read_records(text, "records.csv", table(), options_for(config, false), p,
                           &r.quarantine);
    r.problems = formatted(p) + "---\n" + formatted(summarize_problems(p));
    EXPECT_GT(p.not_kept(), 0u);
    EXPECT_LE(p.all().size(), Problems::kKeptInFull + 3 * 20);
    EXPECT_EQ(p.error_count(), static_cast<std::size_t>(rows - (rows + 6) / 7 + (rows + 4) / 5));
    return r;
  };
  const Read one = read_with(Config{1, 0});
  EXPECT_FALSE(one.batch.has_value());
  // The summary counts every row of a kind, kept or not.
  EXPECT_NE(one.problems.find("is not a whole number 1..65535 [the same in " +
                              std::to_string(rows - (rows + 6) / 7) + " rows: line 3, line 4, line 5, ...]"),
            std::string::npos)
      << one.problems.substr(one.problems.size() - 3000);
  EXPECT_NE(one.problems.find("more problems were counted but not listed"), std::string::npos);
  for (const Config config : {Config{2, 0}, Config{3, 4096}, Config{2, 300}}) {
    SCOPED_TRACE(describe(config));
    EXPECT_EQ(read_with(config).problems, one.problems);
  }
  // From a file, window by window: the same.
  EXPECT_EQ(read_from_file(text, Config{2, 4096, From::File}, false, Encoding::Auto).problems,
            one.problems.substr(0, one.problems.find("---\n")));
}

TEST(Problems, PastTheBoundEachGroupKeepsItsFirstAndCountsTheRest) {
  Problems p;
  for (std::size_t i = 0; i < Problems::kKeptInFull; ++i)
    p.warning(Location{"a.csv", static_cast<int>(i + 2), 0, "date"}, "early", "early");
  EXPECT_EQ(p.not_kept(), 0u);
  for (int i = 0; i < 5; ++i) {
    p.error(Location{"a.csv", 7 + i, 0, "kind"}, "no kind " + std::to_string(i), "kind");
    p.warning(Location{"a.csv", 7 + i, 0, "date"}, "early", "early");
  }
  p.error(Location{"a.csv", 99, 0, "kind"}, "ungrouped");  // never counted instead of kept
  EXPECT_EQ(p.all().size(), Problems::kKeptInFull + 3 + 1);
  EXPECT_EQ(p.not_kept(), 2u + 5u);
  EXPECT_EQ(p.not_kept(p.all()[Problems::kKeptInFull]), 2u);  // its group: kind
  EXPECT_EQ(p.not_kept(p.all()[0]), 5u);                      // early
  EXPECT_EQ(p.error_count(), 6u);
  const Problems summary = summarize_problems(p);
  ASSERT_EQ(summary.all().size(), 3u);
  EXPECT_EQ(summary.all()[1].message, "no kind 0 [the same in 5 rows: line 7, line 8, line 9, ...]");
  EXPECT_NE(summary.all()[0].message.find("[the same in " +
                                          std::to_string(Problems::kKeptInFull + 5) + " rows"),
            std::string::npos);
  // Places beyond those kept are not listed; a group with problems only
  // counted is summarized whatever `keep`.
  const Problems wide = summarize_problems(p, 5);
  ASSERT_EQ(wide.all().size(), 3u);
  EXPECT_EQ(wide.all()[1].message, "no kind 0 [the same in 5 rows: line 7, line 8, line 9, ...]");
  std::vector<std::string> visited;
  for_each_summarized(p, [&visited](const Problem& one) { visited.push_back(one.message); });
  ASSERT_EQ(visited.size(), 3u);
  EXPECT_EQ(visited[1], summary.all()[1].message);
  // Appended, the counts come along; as warnings, the errors are warnings.
  Problems whole, warned;
  whole.append(p);
  EXPECT_EQ(whole.not_kept(), p.not_kept());
  EXPECT_EQ(whole.error_count(), 6u);
  EXPECT_EQ(summarize_problems(whole).all()[1].message, summary.all()[1].message);
  warned.add_counted(p, true);
  EXPECT_EQ(warned.not_kept(), 7u);
  EXPECT_EQ(warned.error_count(), 0u);
  const auto listed = listed_problems(p);
  ASSERT_EQ(listed.size(), p.all().size() + 1);
  EXPECT_EQ(listed.back().severity, Severity::Error);
  EXPECT_EQ(listed.back().message.rfind("7 more problems were counted but not listed", 0), 0u);
}

TEST(Problems, PastTheBoundAKindOfManyValuesNamesSomeAndCountsTheRest) {
  // One group a member, as the members missing from a members file are.
  const std::size_t total = Problems::kKeptInFull + 20000;
  const auto unknown = [](Problems& p, std::size_t i) {
    const std::string id = "X" + std::to_string(i);
    p.error(Location{"r.csv", static_cast<int>(i + 2), 0, "member_id"},
            "member '" + id + "' is not in the members file", "unknown-member:" + id);
  };
  Problems p, first, second, third;
  for (std::size_t i = 0; i < total; ++i) {
    unknown(p, i);
    unknown(i < 105000 ? first : i < 110000 ? second : third, i);
  }
  // A group met before the bound keeps its own, past it too.
  p.error(Location{"r.csv", 5, 0, "member_id"}, "member 'X3' is not in the members file",
          "unknown-member:X3");
  third.error(Location{"r.csv", 5, 0, "member_id"}, "member 'X3' is not in the members file",
              "unknown-member:X3");
  ASSERT_EQ(p.all().size(), Problems::kKeptInFull + 3 + 1);
  EXPECT_EQ(p.all()[Problems::kKeptInFull].group, Problems::overflow_group("unknown-member"));
  EXPECT_EQ(p.all().back().group, "unknown-member:X3");
  EXPECT_EQ(p.not_kept(), 20000u - 3);
  EXPECT_EQ(p.error_count(), total + 1);
  ASSERT_EQ(first.not_kept(), 5000u - 3);
  // Groups of one or two problems are said as they are; the overflow once.
  const Problems summary = summarize_problems(p);
  ASSERT_EQ(summary.all().size(), Problems::kKeptInFull + 2);
  EXPECT_EQ(summary.all().back().message, "member 'X3' is not in the members file");
  EXPECT_EQ(summary.all()[Problems::kKeptInFull].message,
            "member 'X100000' is not in the members file [this and the same fault with other "
            "values in 20000 rows, not named one by one past the first " +
                std::to_string(Problems::kGroupsPerKind) +
                " values: line 100002, line 100003, line 100004, ...]");
  // In parts, one of which bounded its own: the same problems and counts.
  Problems parts;
  parts.append(first);
  parts.append(second);
  parts.append(third);
  EXPECT_EQ(formatted(parts), formatted(p));
  EXPECT_EQ(formatted(summarize_problems(parts)), formatted(summary));
  // Counted as warnings, the overflow's counts come along.
  Problems warned;
  for (const Problem& one : p.all()) warned.warning(one.where, one.message, one.group);
  warned.add_counted(p, true);
  EXPECT_EQ(warned.error_count(), 0u);
  EXPECT_EQ(warned.not_kept(), p.not_kept());
  EXPECT_NE(formatted(summarize_problems(warned)).find("[this and the same fault with other values in 20000 rows"),
            std::string::npos);
}

TEST(RecordParts, AKindOfManyValuesPastTheBoundIsCountedAlikeInAnyParts) {
  // Every row's member is missing from the members file, a member a row:
  // a group each.
  const int rows = static_cast<int>(Problems::kKeptInFull) + 30000;
  std::string text =
      "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n";
  for (int i = 0; i < rows; ++i)
    text += "R" + std::to_string(100000 + i) + ",N" + std::to_string(i) +
            ",2025-01-10,meeting,plenary,present,,,,,\n";
  for (const bool keep_going : {false, true}) {
    SCOPED_TRACE(keep_going ? "keep going" : "default");
    const auto read_with = [&](Config config) {
      Read r = read(text, config, keep_going);
      EXPECT_NE(r.problems.find("more problems were counted but not listed"), std::string::npos);
      return r;
    };
    const Read one = read_with(Config{1, 0});
    EXPECT_FALSE(one.batch.has_value() && !keep_going);
    EXPECT_LE(std::count(one.problems.begin(), one.problems.end(), '\n'),
              static_cast<std::ptrdiff_t>(Problems::kKeptInFull + 3 * Problems::kGroupsPerKind + 4));
    if (keep_going) {
      EXPECT_EQ(one.quarantine.rows_rejected(), static_cast<std::size_t>(rows));
      EXPECT_EQ(std::count(one.quarantine_text.begin(), one.quarantine_text.end(), '\n'), rows + 1);
    }
    for (const Config config : {Config{2, 0}, Config{3, 4096}, Config{2, 4096, From::File}}) {
      SCOPED_TRACE(describe(config));
      const Read many = read_with(config);
      EXPECT_EQ(many.problems, one.problems);
      EXPECT_EQ(many.quarantine_text, one.quarantine_text);
      EXPECT_EQ(many.quarantine.rows_rejected(), one.quarantine.rows_rejected());
    }
  }
}

}  // namespace
}  // namespace dutyscore
