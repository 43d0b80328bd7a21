// The command-line tool: help, exit codes, formats, problems with places.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "dutyscore/csv.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/result_tables.h"
#include "dutyscore/rule_loader.h"
#include "generator.h"
#include "test_support.h"

namespace dutyscore {
namespace {

using testing::cli;
using testing::run_command;
using testing::source_path;

std::string tongcheng_args() {
  const std::string dir = source_path("tests/methods/tongcheng/");
  return " --rules " + source_path("rules/tongcheng-2019.yaml") + " --members " + dir +
         "members.csv --records " + dir + "records.csv";
}

// Every command with the options it declares and its --format values (the
// first the default). The shared options come from one declaration
// (src/cli/options.cpp); this table pins which command takes which.
struct CommandOptions {
  const char* name;
  std::vector<std::string> options;
  std::vector<std::string> formats;
};

const std::vector<std::string> kJobOptions = {"--rules", "--members", "--records", "--outside",
                                              "--encoding", "--threads", "--keep-going", "--quarantine",
                                              "--year", "--from", "--to", "--format", "--output",
                                              "--profile", "--sheet", "--all-problems",
                                              "--max-rule-bytes", "--max-input-bytes"};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<CommandOptions>& every_command() {
  static const std::vector<CommandOptions> all = {
      {"score",
       plus(kJobOptions, {"--bom", "--quiet", "--top", "--details", "--archive", "--sign", "--headers",
                          "--without-audit"}),
       {"csv", "json", "table", "xlsx"}},
      {"explain", plus(kJobOptions, {"--bom", "--member", "--headers", "--lang"}), {"text", "csv", "json", "xlsx"}},
      {"commend", plus(kJobOptions, {"--bom", "--quiet", "--list", "--headers"}), {"csv", "json", "table", "xlsx"}},
      {"report",
       plus(kJobOptions, {"--member", "--all", "--out", "--print-file", "--summary", "--form", "--committee",
                          "--office", "--pdf", "--from-year", "--to-year"}),
       {"html"}},
      {"groups", plus(kJobOptions, {"--bom", "--headers"}), {"csv", "json", "xlsx"}},
      {"years",
       {"--rules", "--members", "--records", "--outside", "--encoding", "--threads", "--format",
        "--output", "--bom", "--from-year", "--to-year", "--flagged-only", "--headers", "--profile", "--sheet",
        "--all-problems", "--max-rule-bytes", "--max-input-bytes"},
       {"csv", "json", "xlsx"}},
      {"whatif", plus(kJobOptions, {"--bom", "--quiet", "--new-rules", "--headers"}),
       {"csv", "changes", "json", "table", "xlsx"}},
      {"verify",
       {"--members", "--records", "--outside", "--encoding", "--threads", "--format", "--archive", "--profile",
        "--sheet", "--all-problems", "--max-input-bytes", "--signer"},
       {"text", "json"}},
      {"check",
       {"--format", "--profile", "--sheet", "--all-problems", "--members", "--records",
        "--encoding", "--max-rule-bytes"},
       {"text", "json"}},
      {"keygen", {"--format", "--signer", "--out"}, {"text"}},
  };
  return all;
}

const std::set<std::string> kFlags = {"--keep-going", "--bom",          "--quiet", "--details",
                                      "--all",        "--flagged-only", "--pdf",   "--without-audit"};
// Options that take a list: given twice, their values add up.
const std::set<std::string> kLists = {"--records", "--sheet", "--outside"};

// A value each option accepts on its own.
std::string good_value(const CommandOptions& c, const std::string& option) {
  static const std::map<std::string, std::string> values = {
      {"--year", "2024"},         {"--from", "2024-01-01"}, {"--to", "2024-12-31"},
      {"--from-year", "2023"},    {"--to-year", "2024"},    {"--threads", "2"},
      {"--encoding", "gb18030"},  {"--top", "3"},           {"--headers", "labels"},
      {"--lang", "en"},           {"--form", "brief"},      {"--max-rule-bytes", "1M"},
      {"--max-input-bytes", "1G"}};
  if (option == "--format") return c.formats.front();
  const auto it = values.find(option);
  return it == values.end() ? "x" : it->second;
}

// "csv, json or table".
std::string or_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

TEST(CommandLine, EveryCommandHasHelp) {
  for (const auto& c : every_command()) {
    const auto r = run_command(cli() + " " + c.name + " --help");
    EXPECT_EQ(r.exit_code, 0) << c.name;
    EXPECT_NE(r.out.find("Usage: dutyscore " + std::string(c.name)), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Exit codes: "), std::string::npos) << r.out;
  }
  const auto r = run_command(cli() + " --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
  for (const auto& c : every_command())
    EXPECT_NE(r.out.find("\n  " + std::string(c.name) + " "), std::string::npos) << r.out;
  const auto version = run_command(cli() + " --version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("dutyscore ", 0), 0u) << version.out;
}

// --help lists exactly the options the command takes, each with a
// description.
TEST(CommandLine, HelpListsEveryOptionOfTheCommand) {
  for (const auto& c : every_command()) {
    const auto r = run_command(cli() + " " + c.name + " --help");
    ASSERT_EQ(r.exit_code, 0) << c.name;
    std::set<std::string> listed;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("  --", 0) != 0) continue;
      std::istringstream words(line);
      std::string option, rest;
      words >> option;
      listed.insert(option);
      if (!kFlags.count(option)) words >> rest;  // the value's name: FILE, N, ...
      std::getline(words, rest);
      EXPECT_NE(rest.find_first_not_of(' '), std::string::npos)
          << c.name << ": " << option << " has no description";
    }
    EXPECT_EQ(listed, std::set<std::string>(c.options.begin(), c.options.end())) << c.name;
  }
}

TEST(CommandLine, UnknownFormatIsAUsageErrorInEveryCommand) {
  for (const auto& c : every_command()) {
    const auto r = run_command(cli() + " " + c.name + " --format nonsense 2>&1");
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_NE(r.out.find("--format must be " + or_list(c.formats) + ", not 'nonsense'"),
              std::string::npos)
        << r.out;
  }
}

// The last of two values no longer wins silently: every option, in every
// command, given twice is a usage error.
TEST(CommandLine, RepeatedOptionIsAUsageErrorInEveryCommand) {
  for (const auto& c : every_command()) {
    for (const auto& option : c.options) {
      if (kLists.count(option)) continue;
      const std::string value = kFlags.count(option) ? "" : " " + good_value(c, option);
      const std::string once = " " + option + value;
      const auto r = run_command(cli() + " " + c.name + once + once + " 2>&1");
      EXPECT_EQ(r.exit_code, 2) << c.name << once;
      EXPECT_NE(r.out.find(option + " is given more than once"), std::string::npos)
          << c.name << once << ": " << r.out;
    }
  }
}

TEST(CommandLine, MissingValueIsAUsageErrorInEveryCommand) {
  for (const auto& c : every_command()) {
    const auto r = run_command(cli() + " " + c.name + " --format 2>&1");
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_NE(r.out.find("--format needs a value"), std::string::npos) << r.out;
  }
}

// A shared option is checked the same way, with the same message, in
// every command that takes it.
TEST(CommandLine, SharedOptionsHaveOneCheckAndMessage) {
  const std::map<std::string, std::pair<std::string, std::string>> bad = {
      {"--threads", {"0", "--threads must be a whole number 1..256, not '0'"}},
      {"--encoding", {"latin1", "--encoding must be auto, utf-8, gb18030 or utf-16, not 'latin1'"}},
      {"--year", {"20x4", "--year must be a year 1900..9999, not '20x4'"}},
      {"--from-year", {"1800", "--from-year must be a year 1900..9999, not '1800'"}},
      {"--from", {"2024-02-30", "--from must be a date YYYY-MM-DD, not '2024-02-30'"}},
      {"--to", {"2024-13-01", "--to must be a date YYYY-MM-DD, not '2024-13-01'"}},
      {"--max-input-bytes", {"0", "--max-input-bytes must be a size in bytes such as 1048576, "
                                  "4M or 1G, not '0'"}},
  };
  for (const auto& c : every_command()) {
    for (const auto& option : c.options) {
      const auto it = bad.find(option);
      if (it == bad.end()) continue;
      const auto& [value, message] = it->second;
      const auto r = run_command(cli() + " " + c.name + " " + option + " " + value + " 2>&1");
      EXPECT_EQ(r.exit_code, 2) << c.name << " " << option;
      EXPECT_NE(r.out.find("dutyscore " + std::string(c.name) + ": " + message),
                std::string::npos)
          << r.out;
    }
  }
}

TEST(CommandLine, UnknownOptionIsAUsageError) {
  const auto r = run_command(cli() + " score --colour red 2>&1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unknown option --colour"), std::string::npos) << r.out;
}

TEST(CommandLine, MissingPeriodIsAnInputProblem) {
  const auto r = run_command(cli() + " score" + tongcheng_args() + " 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("no evaluation period"), std::string::npos) << r.out;
}

TEST(CommandLine, JsonCarriesExactDecimals) {
  const auto r = run_command(cli() + " score --quiet --format json --year 2024" + tongcheng_args());
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"member_id\": \"T06\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"proposals\": 1.67"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"grade\": \"不合格\", \"rank\": 6"), std::string::npos) << r.out;
}

TEST(CommandLine, TableShowsLabelsAndASummary) {
  const auto r = run_command(cli() + " score --format table --year 2024" + tongcheng_args());
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("参加会议"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("6 members, 6 ranked"), std::string::npos) << r.out;
}

TEST(CommandLine, OutputFileAndThreadsGiveTheSameBytes) {
  const std::string dir = ::testing::TempDir();
  const auto one = run_command(cli() + " score --quiet --year 2024 --threads 1 --output " + dir +
                               "/one.csv" + tongcheng_args());
  const auto two = run_command(cli() + " score --quiet --year 2024 --threads 2 --output " + dir +
                               "/two.csv" + tongcheng_args());
  ASSERT_EQ(one.exit_code, 0);
  ASSERT_EQ(two.exit_code, 0);
  EXPECT_EQ(testing::slurp(dir + "/one.csv"), testing::slurp(dir + "/two.csv"));
}

// `score` writes its CSV slice by slice (4,096 rows each): a committee of
// three slices and some must come out byte for byte as the library's whole
// table, with ids and with labels, details and a BOM, to a file and a pipe.
TEST(CommandLine, RankingWrittenInSlicesIsTheWholeTable) {
  const std::string dir = ::testing::TempDir() + "/slices";
  std::filesystem::create_directories(dir);
  gen::Options g;
  g.members = 12500;
  g.records_per_member = 6;
  g.seed = 11;
  {
    std::ofstream m(dir + "/members.csv", std::ios::binary), r(dir + "/records.csv", std::ios::binary);
    gen::write_csv(g, m, r);
  }
  const std::string rules_path = source_path("rules/default.yaml");
  Problems problems;
  const auto rules = load_rules_file(rules_path, problems);
  const auto members = read_members(testing::slurp(dir + "/members.csv"), "members.csv", problems);
  ASSERT_TRUE(rules && members) << problems.all().size();
  const auto records =
      read_records(testing::slurp(dir + "/records.csv"), "records.csv", *members, problems);
  ASSERT_TRUE(records);
  const Evaluation evaluation(*rules, *members, *records, Period::calendar_year(g.year));
  const Scores scores = evaluation.score({});
  ASSERT_GT(scores.order.size(), 3 * 4096u);
  const std::string args = " score --quiet --year " + std::to_string(g.year) + " --rules " +
                           rules_path + " --members " + dir + "/members.csv --records " + dir +
                           "/records.csv";
  ScoresFormatOptions plain;
  const auto piped = run_command(cli() + args);
  ASSERT_EQ(piped.exit_code, 0) << piped.out;
  EXPECT_EQ(piped.out, table_csv(table_of_scores(*rules, *members, scores, plain, TableOptions{})));
  ScoresFormatOptions details;
  details.details = true;
  const TableOptions labels{HeaderStyle::Labels, Language::Chinese};
  const auto written = run_command(cli() + args + " --details --headers labels --bom --output " +
                                   dir + "/ranking.csv");
  ASSERT_EQ(written.exit_code, 0) << written.out;
  EXPECT_EQ(testing::slurp(dir + "/ranking.csv"),
            std::string(kUtf8Bom) +
                table_csv(table_of_scores(*rules, *members, scores, details, labels),
                          HeaderStyle::Labels));
  // --top cuts inside the second slice.
  ScoresFormatOptions top;
  top.top = 5000;
  const auto cut = run_command(cli() + args + " --top 5000");
  ASSERT_EQ(cut.exit_code, 0) << cut.out;
  EXPECT_EQ(cut.out, table_csv(table_of_scores(*rules, *members, scores, top, TableOptions{})));
}

TEST(CommandLine, ExplainUnknownMemberExitsFour) {
  const auto r = run_command(cli() + " explain --year 2024 --member NOBODY" + tongcheng_args() + " 2>&1");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.out.find("NOBODY"), std::string::npos);
}

TEST(CommandLine, ExplainCsvHasOneRowPerLine) {
  const auto r = run_command(cli() + " explain --format csv --year 2024 --member T01" + tongcheng_args());
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("kind,category,rule,record_id,date,points,base,share,note\n", 0), 0u);
  EXPECT_NE(r.out.find("record,meetings,standing_absent,R009,2024-06-18,-5.00"), std::string::npos)
      << r.out;
}

TEST(CommandLine, CheckAcceptsTheShippedRuleSets) {
  const auto r = run_command(cli() + " check " + source_path("rules/tongcheng-2019.yaml") + " " +
                             source_path("rules/guangshui-2017.yaml") + " " +
                             source_path("rules/default.yaml") + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CommandLine, CheckNamesFileLineAndColumnOfEachProblem) {
  const std::string path = ::testing::TempDir() + "/bad.yaml";
  {
    std::ofstream out(path);
    out << "id: bad\ncategories:\n  - {id: c}\nrules:\n  - id: r\n    catgory: c\n    when: {kind: info}\n    points: 1\n";
  }
  const auto r = run_command(cli() + " check " + path + " 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(path + ":6:5: error:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("category"), std::string::npos) << r.out;
}

TEST(CommandLine, BadRecordsAreReportedWithTheirLineAndNothingIsScored) {
  const std::string dir = ::testing::TempDir();
  {
    std::ofstream out(dir + "/records.csv");
    out << "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n"
           "R1,T01,2024-02-30,info,,,,,,,\n"
           "R2,NOBODY,2024-02-01,info,,,,,,,\n";
  }
  const auto r = run_command(cli() + " score --year 2024 --rules " +
                             source_path("rules/tongcheng-2019.yaml") + " --members " +
                             source_path("tests/methods/tongcheng/members.csv") + " --records " +
                             dir + "/records.csv 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("records.csv:2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("records.csv:3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing was scored"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dutyscore
