// The command line with bad input: nothing scored by default; with
// --keep-going a quarantine file and the reconciliation line; --encoding;
// --bom; formulas neutralised in the CSV a clerk opens.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace dutyscore::testing {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("dutyscore-robust-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

const char* const kHeader = testing::kRecordsHeader;

std::string score_command(const std::string& members, const std::string& records) {
  return cli() + " score --quiet --rules " + source_path("rules/default.yaml") + " --members " +
         members + " --records " + records + " --year 2024";
}

TEST(RobustCommandLine, BadRowsMeanNothingIsScoredByDefault) {
  TempDir dir;
  const auto records = dir.write("r.csv", std::string(kHeader) +
                                              "R1,M1,2024-03-01,meeting,plenary,present,,,,,\n"
                                              "R2,M9,2024-03-01,meeting,plenary,present,,,,,\n");
  const auto r = run_command(score_command(source_path("tests/bad_inputs/members.csv"), records) + " 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(":3: error: column 'member_id': member 'M9' is not in the members file"),
            std::string::npos);
  EXPECT_NE(r.out.find("dutyscore: 1 error(s); nothing was scored"), std::string::npos);
}

TEST(RobustCommandLine, KeepGoingWritesTheQuarantineAndReconciles) {
  TempDir dir;
  const auto records = dir.write("r.csv", std::string(kHeader) +
                                              "R1,M1,2024-03-01,meeting,plenary,present,,,,,\n"
                                              "R2,M9,2024-03-01,meeting,plenary,present,,,,,\n"
                                              "R3,M2,2024-03-01,meeting,plenary,\"present,,,,,\n");
  const auto quarantine = (dir.path / "q.csv").string();
  const auto r = run_command(score_command(source_path("tests/bad_inputs/members.csv"), records) +
                             " --keep-going --quarantine " + quarantine + " 2>&1 >/dev/null");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("dutyscore: rows read 5 = rows scored 3 + rows rejected 2 (written to " +
                       quarantine + ")"),
            std::string::npos)
      << r.out;
  const auto q = slurp(quarantine);
  EXPECT_EQ(q.rfind("file,line,reason,row\n", 0), 0u);
  EXPECT_NE(q.find(",3,member_id: member 'M9' is not in the members file,"), std::string::npos);
  EXPECT_NE(q.find(",4,a quote opened on line 4 is never closed"), std::string::npos);
}

TEST(RobustCommandLine, KeepGoingWithoutAQuarantineFileIsAUsageError) {
  const auto members = source_path("tests/bad_inputs/members.csv");
  const auto r = run_command(score_command(members, members) + " --keep-going 2>&1");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(RobustCommandLine, EncodingOptionReadsGb18030) {
  TempDir dir;
  // 王一 in GB18030.
  const auto members = dir.write("m.csv", "member_id,name\nM1,\xCD\xF5\xD2\xBB\n");
  const auto records = dir.write("r.csv", std::string(kHeader) + "R1,M1,2024-03-01,meeting,plenary,present,,,,,\n");
  const auto wrong = run_command(score_command(members, records) + " --encoding utf-8 2>&1");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.out.find("--encoding gb18030"), std::string::npos);
  const auto right = run_command(score_command(members, records) + " --details --encoding gb18030");
  EXPECT_EQ(right.exit_code, 0);
  EXPECT_NE(right.out.find("M1,"), std::string::npos);
  EXPECT_NE(right.out.find("王一"), std::string::npos);
  // Without --encoding the file is recognised as GB18030 (it is not UTF-8).
  EXPECT_EQ(run_command(score_command(members, records) + " --details").out, right.out);
  EXPECT_EQ(run_command(score_command(members, records) + " --encoding latin1 2>&1").exit_code, 2);
}

TEST(RobustCommandLine, BomAndNeutralisedCellsForSpreadsheets) {
  TempDir dir;
  const auto members = dir.write("m.csv", "member_id,name,unit\nM1,=HYPERLINK(\"http://x\"),@unit\n");
  const auto records = dir.write("r.csv", std::string(kHeader) + "R1,M1,2024-03-01,meeting,plenary,present,,,,,\n");
  const auto r = run_command(score_command(members, records) + " --details --bom");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("\xEF\xBB\xBFmember_id,", 0), 0u);
  EXPECT_NE(r.out.find(",\"'=HYPERLINK(\"\"http://x\"\")\",'@unit,"), std::string::npos) << r.out;
  // Without --bom the output starts with the header itself.
  EXPECT_EQ(run_command(score_command(members, records)).out.rfind("member_id,", 0), 0u);
}

// A file from a pipe arrives in pieces (64 KiB, then 1, 2, 4 MiB ...), read
// up to one byte past the limit and joined: the same bytes as the file,
// and refused one byte under its size. Every byte of these rules shows:
// each rule after the first is reported, by id and line, as counting the
// first one's records twice, and a byte lost or doubled breaks that.
TEST(RobustCommandLine, RuleFileFromAPipeIsReadWholeUpToTheLimit) {
  TempDir dir;
  std::string text = "id: piped\ncategories:\n  - id: c\n    max: 100\nrules:\n";
  for (int i = 0; text.size() < (std::size_t{3} << 20); ++i) {
    text += "  - id: r" + std::to_string(i) +
            "\n    category: c\n    when: {kind: proposal}\n    points: 2.5\n";
  }
  const auto path = dir.write("big.yaml", text);
  const auto direct = run_command(cli() + " check " + path + " --max-rule-bytes 8M 2>&1");
  ASSERT_EQ(direct.exit_code, 0) << direct.out.substr(0, 1000);
  ASSERT_NE(direct.out.find(":47002:5: warning: rule 'r11749' matches the same records as the "
                            "earlier rule 'r11748'"),
            std::string::npos);
  const auto pipe = [&](std::size_t limit) {
    return run_command("cat " + path + " | " + cli() + " check /dev/stdin --max-rule-bytes " +
                       std::to_string(limit) + " 2>&1");
  };
  std::string expected;  // the direct output, naming /dev/stdin
  for (std::size_t from = 0, at; from < direct.out.size(); from = at + path.size()) {
    at = std::min(direct.out.find(path, from), direct.out.size());
    expected.append(direct.out, from, at - from);
    if (at < direct.out.size()) expected += "/dev/stdin";
  }
  const auto whole = pipe(text.size());
  EXPECT_EQ(whole.exit_code, 0);
  EXPECT_TRUE(whole.out == expected) << whole.out.substr(0, 1000);
  const auto over = pipe(text.size() - 1);
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_NE(over.out.find("/dev/stdin: error: cannot read the rule file: it is larger than " +
                          std::to_string(text.size() - 1) + " bytes"),
            std::string::npos)
      << over.out;
}

}  // namespace
}  // namespace dutyscore::testing
