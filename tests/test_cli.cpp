// The command-line tool: help, exit codes, formats, problems with places.
#include <gtest/gtest.h>

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

TEST(CommandLine, EveryCommandHasHelp) {
  for (const char* command : {"score", "explain", "check"}) {
    const auto r = run_command(cli() + " " + command + " --help");
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("Usage: dutyscore " + std::string(command)), std::string::npos) << r.out;
  }
  const auto r = run_command(cli() + " --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
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
