// Office files in (issue 11): workbooks and exports written by other
// programs (LibreOffice, openpyxl, iconv) and by the generator, in office
// layouts with Chinese headers and values, score exactly as the bundled
// interchange CSV does; their problems name the file, sheet and cell.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "dutyscore/dutyscore.h"
#include "dutyscore/input.h"
#include "dutyscore/profile.h"
#include "office_workbook.h"
#include "test_support.h"

namespace dutyscore {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::run_command;
using testing::slurp;
using testing::source_path;

// A fresh folder of this test's own: ctest runs tests in parallel processes.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("dutyscore-office-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// `dutyscore score` of rules/default.yaml for 2025 (its ranking as CSV, or
// JSON), failing the test with the messages when it does not score.
std::string scores(const std::string& inputs, const std::string& rules = "rules/default.yaml",
                   const std::string& format = "csv") {
  const auto r = run_command(cli() + " score --quiet --rules " + source_path(rules) +
                             " --year 2025 --format " + format + " " + inputs + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << inputs << "\n" << r.out.substr(0, 4000);
  return r.out;
}

std::string csv_scores(const std::string& rules = "rules/default.yaml",
                       const std::string& format = "csv") {
  return scores("--members " + source_path("examples/data/members.csv") + " --records " +
                    source_path("examples/data/records.csv"),
                rules, format);
}

// Messages of a run that must fail with input problems (exit code 1).
std::string failure(const std::string& args) {
  const auto r = run_command(cli() + " " + args + " 2>&1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  return r.out;
}

// The files tests/office/write_office_files.py writes with openpyxl and
// Python's csv module.
fs::path python_files(const std::string& name) {
  const fs::path dir = scratch(name);
  const auto r = run_command("/usr/bin/python3 " + source_path("tests/office/write_office_files.py") +
                             " " + source_path("") + " " + quoted(dir) + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out << "(Debian: python3-openpyxl)";
  return dir;
}

TEST(OfficeInput, ExampleWorkbookIsWhatTheGeneratorWrites) {
  const fs::path dir = scratch("example");
  const fs::path path = dir / "office.xlsx";
  ASSERT_EQ(gen::write_office_workbook(gen::Options{}, path.string()), "");
  EXPECT_EQ(slurp(path.string()), slurp(source_path("examples/office-export/office.xlsx")))
      << "examples/office-export/office.xlsx is stale: dutyscore-gen --office --out "
         "examples/office-export";
  fs::remove_all(dir);
}

TEST(OfficeInput, ExampleWorkbookScoresAsTheInterchangeCsvWithEveryRuleSet) {
  const std::string book = source_path("examples/office-export/office.xlsx");
  const std::string inputs = "--profile " + source_path("examples/office-export/profile.yaml") +
                             " --members " + book + " --records " + book;
  for (const char* rules : {"rules/default.yaml", "rules/guangshui-2017.yaml", "rules/tongcheng-2019.yaml"})
    EXPECT_EQ(scores(inputs, rules, "json"), csv_scores(rules, "json")) << rules;
  // check shows every sheet read by its layout, and no row with a problem.
  const auto r = run_command(cli() + " check " + inputs + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  for (const char* sheet : {"[委员名单]: layout '委员名单', header on row 2, 300 row(s)",
                            "[会议出勤]: layout '会议出勤', header on row 2",
                            "[常委会议签到]: layout '常委会议签到'", "[提案]: layout '提案'",
                            "[社情民意信息]: layout '社情民意信息'", "[其他履职]: layout '其他履职'",
                            "records: 14671 read, 0 row(s) with a problem"})
    EXPECT_NE(r.out.find(sheet), std::string::npos) << sheet << "\n" << r.out;
}

TEST(OfficeInput, TheGeneratorsInterchangeWorkbookWithInlineStringsScoresAsTheCsv) {
  // libxlsxwriter's constant-memory mode writes inline strings, not shared ones.
  const fs::path dir = scratch("inline");
  const fs::path path = dir / "interchange.xlsx";
  ASSERT_EQ(gen::write_interchange_workbook(gen::Options{}, path.string()), "");
  EXPECT_EQ(scores("--members " + quoted(path) + " --records " + quoted(path)), csv_scores());
  fs::remove_all(dir);
}

TEST(OfficeInput, LibreOfficeXlsxAndXlsScoreAsTheCsv) {
  const fs::path dir = scratch("libreoffice");
  fs::copy_file(source_path("examples/data/members.csv"), dir / "members.csv");
  fs::copy_file(source_path("examples/data/records.csv"), dir / "records.csv");
  for (const char* format : {"xlsx", "xls"}) {
    // A profile folder of its own: two soffice processes must not share one.
    const auto r = run_command(
        "cd " + quoted(dir) + " && soffice -env:UserInstallation=file://" + dir.string() +
        "/lo-profile --headless --infilter=CSV:44,34,76,1 --convert-to " + format +
        " --outdir . members.csv records.csv 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out << "(Debian: libreoffice-calc-nogui)";
    const fs::path members = dir / (std::string("members.") + format);
    const fs::path records = dir / (std::string("records.") + format);
    ASSERT_TRUE(fs::exists(members) && fs::exists(records)) << r.out;
    EXPECT_EQ(scores("--members " + quoted(members) + " --records " + quoted(records)), csv_scores())
        << format;
  }
  fs::remove_all(dir);
}

TEST(OfficeInput, OpenpyxlWorkbookWithChineseHeadersTitleRowsAnd1904DatesScoresAsTheCsv) {
  const fs::path dir = python_files("openpyxl");
  const fs::path book = dir / "openpyxl.xlsx";
  EXPECT_EQ(scores("--members " + quoted(book) + " --records " + quoted(book)), csv_scores());
  // --sheet picks sheets by name.
  EXPECT_EQ(scores("--sheet 委员名单 履职记录 --members " + quoted(book) + " --records " + quoted(book)),
            csv_scores());
  fs::remove_all(dir);
}

TEST(OfficeInput, Utf8Gb18030AndUtf16ExportsScoreAsTheCsv) {
  // Office dates (2025/1/16, 2025.1.16, 2025年1月16日), full-width digits and
  // spaces; GB18030 without a BOM and UTF-16 with one made by iconv.
  const fs::path dir = python_files("exports");
  const auto r = run_command("cd " + quoted(dir) +
                             " && iconv -f UTF-8 -t GB18030 export.csv > export-gb18030.csv"
                             " && iconv -f UTF-8 -t UTF-16 export.csv > export-utf16.csv");
  ASSERT_EQ(r.exit_code, 0);
  const std::string members = " --members " + quoted(dir / "openpyxl.xlsx");
  const std::string expected = csv_scores();
  for (const char* file : {"export.csv", "export-gb18030.csv", "export-utf16.csv"})
    EXPECT_EQ(scores(members + " --records " + quoted(dir / file)), expected) << file;
  // Forcing the wrong encoding is still possible, and fails clearly.
  const std::string out =
      failure("score --rules " + source_path("rules/default.yaml") + " --year 2025 --encoding utf-8" +
              members + " --records " + quoted(dir / "export-gb18030.csv"));
  EXPECT_NE(out.find("export-gb18030.csv"), std::string::npos) << out;
  fs::remove_all(dir);
}

TEST(OfficeInput, MergedCellsAndSharedNamesAreErrorsAtTheirCell) {
  const fs::path dir = python_files("errors");
  const std::string rules = "score --rules " + source_path("rules/default.yaml") + " --year 2025";
  const fs::path merged = dir / "merged.xlsx";
  std::string out = failure(rules + " --members " + quoted(merged) + " --records " + quoted(merged));
  EXPECT_NE(out.find("merged.xlsx[履职记录]!D17: error: column '履职类别': the cells D17:E17 are merged"),
            std::string::npos)
      << out;
  const fs::path twins = dir / "same_name.xlsx";
  out = failure(rules + " --members " + quoted(twins) + " --records " + quoted(twins));
  EXPECT_NE(out.find("same_name.xlsx[履职记录]!A3: error: column '姓名': two or more members are "
                     "named '王伟' (M001, M002)"),
            std::string::npos)
      << out;
  fs::remove_all(dir);
}

TEST(OfficeInput, NoSuchSheetAndDamagedWorkbooksNameTheFile) {
  const fs::path dir = scratch("damaged");
  const std::string book = source_path("examples/office-export/office.xlsx");
  const std::string rules = "score --rules " + source_path("rules/default.yaml") + " --year 2025 " +
                            "--profile " + source_path("examples/office-export/profile.yaml");
  std::string out = failure(rules + " --sheet 履职台账 --members " + book + " --records " + book);
  EXPECT_NE(out.find("履职台账"), std::string::npos) << out;
  EXPECT_NE(out.find("office.xlsx"), std::string::npos) << out;
  // The first kilobytes of a workbook: a zip archive cut short.
  const fs::path cut = dir / "cut.xlsx";
  {
    std::ofstream f(cut, std::ios::binary);
    f << slurp(book).substr(0, 4096);
  }
  out = failure(rules + " --members " + quoted(cut) + " --records " + book);
  EXPECT_NE(out.find("cut.xlsx: error: the file starts like a zip archive (.xlsx) but cannot be opened"),
            std::string::npos)
      << out;
  fs::remove_all(dir);
}

// A CSV export of three rows in the default profile's headers.
std::string export_rows(const std::string& rows) {
  return "委员编号,姓名,日期,履职类别,出席情况\n" + rows;
}

MemberTable three_members() {
  Problems problems;
  const std::string text =
      "member_id,name,unit,sector,group,roles,joined,left\n"
      "M001,王伟,,,,member,2023-01-01,\nM002,王伟,,,,member,2023-01-01,\nM003,李娜,,,,standing,2023-01-01,\n";
  auto members = read_members(text, "members.csv", problems);
  if (!members) throw std::runtime_error("members do not load");
  return std::move(*members);
}

TEST(OfficeInput, LibraryReadsAnExportByNameWithTheIdInBracketsAndMakesRecordIds) {
  const MemberTable members = three_members();
  const std::string text = "姓名,日期,履职类别,出席情况\n"
                           "王伟（M002）,2025年1月16日,全体会议,出席\n"
                           "李娜（领衔）,２０２５/3/2,常委会议,请假\n";
  Problems problems;
  auto batch = read_records({InputFile{"export.csv", text, {}}}, members, InputOptions{}, problems);
  ASSERT_TRUE(batch) << (problems.empty() ? "" : format_problem(problems.all().front()));
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ(members.id(batch->member(0)), "M002");
  EXPECT_EQ(format_day(batch->date(0)), "2025-01-16");
  EXPECT_EQ(members.id(batch->member(1)), "M003");
  EXPECT_EQ(format_day(batch->date(1)), "2025-03-02");
  // The export has no record ids: they are made of the place, and said.
  EXPECT_EQ(batch->record_id(0), "export.csv!2");
  EXPECT_EQ(batch->generated_id_sources(), std::vector<std::string>{"export.csv"});
}

TEST(OfficeInput, OneMessagePerProblemWithItsCountAndEveryRowAccountedFor) {
  const fs::path dir = scratch("summary");
  std::string rows;
  for (int i = 0; i < 40; ++i)
    rows += "M003,李娜," + std::string(i % 2 ? "16/1/2025" : "2025/1/16") + "," +
            (i % 4 == 0 ? "公出" : "全体会议") + ",出席\n";
  {
    std::ofstream f(dir / "records.csv", std::ios::binary);
    f << export_rows(rows);
    std::ofstream m(dir / "members.csv", std::ios::binary);
    m << "member_id,name,unit,sector,group,roles,joined,left\nM003,李娜,,,,standing,2023-01-01,\n";
  }
  const std::string args = "score --rules " + source_path("rules/default.yaml") + " --year 2025" +
                           " --members " + quoted(dir / "members.csv") + " --records " +
                           quoted(dir / "records.csv");
  const std::string out = failure(args + " --all-problems " + quoted(dir / "all.txt"));
  EXPECT_NE(out.find("'16/1/2025'"), std::string::npos) << out;
  EXPECT_NE(out.find("[the same in 20 rows: line 3, line 5, line 7, ...]"), std::string::npos) << out;
  EXPECT_NE(out.find("'公出' means no kind"), std::string::npos) << out;
  EXPECT_NE(out.find("[the same in 10 rows: line 2, line 6, line 10, ...]"), std::string::npos) << out;
  const std::string all = slurp((dir / "all.txt").string());
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 20 + 10) << all;
  // --keep-going: read = scored + rejected, over both files.
  const auto kept = run_command(cli() + " " + args + " --keep-going --quarantine " +
                                quoted(dir / "q.csv") + " 2>&1");
  EXPECT_EQ(kept.exit_code, 0) << kept.out;
  EXPECT_NE(kept.out.find("rows read 41 = rows scored 11 + rows rejected 30"), std::string::npos)
      << kept.out;
  fs::remove_all(dir);
}

// A thread keeps what the last word of each coded field meant (rows mostly
// repeat the row before's): a subtype's word means what it means for its
// own row's kind, and an unknown flag is said on every row that has it.
TEST(OfficeInput, WordsRepeatedRowAfterRowMeanWhatTheyMeanInTheirOwnRow) {
  const fs::path dir = scratch("repeated-words");
  {
    std::ofstream f(dir / "records.csv", std::ios::binary);
    f << "委员编号,日期,履职类别,类型,出席情况,标记\n"
         "M003,2025-01-16,会议,全会,出席,\n"
         "M003,2025-01-17,提案,全会,,\n"  // 全会 is a meeting's subtype only
         "M003,2025-01-18,会议,全会,出席,\n"
         "M003,2025-02-01,提案,个人,,重点;某某\n"
         "M003,2025-02-02,提案,个人,,重点;某某\n"
         "M003,2025-02-03,提案,个人,,重点\n";
    std::ofstream m(dir / "members.csv", std::ios::binary);
    m << "member_id,name,unit,sector,group,roles,joined,left\nM003,李娜,,,,standing,2023-01-01,\n";
  }
  failure("score --rules " + source_path("rules/default.yaml") + " --year 2025 --members " +
          quoted(dir / "members.csv") + " --records " + quoted(dir / "records.csv") +
          " --all-problems " + quoted(dir / "all.txt"));
  const std::string all = slurp((dir / "all.txt").string());
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 3) << all;
  EXPECT_NE(all.find("records.csv:3: error: column '类型': '全会' is a subtype of 会议 (meeting) only, "
                     "and the row's kind is 提案 (proposal): correct the kind or the subtype"),
            std::string::npos)
      << all;
  for (const char* line : {"records.csv:5:", "records.csv:6:"})
    EXPECT_NE(all.find(std::string(line) + " error: column '标记': '某某' means no flags"),
              std::string::npos)
        << all;
  fs::remove_all(dir);
}

TEST(OfficeInput, ProfileCheckNamesThePlaceAndListsValuesThatMapToNothing) {
  const fs::path dir = scratch("profile");
  {
    std::ofstream f(dir / "p.yaml", std::ios::binary);
    f << "records:\n  - name: 出勤\n    colums: {date: [会议日期]}\n";
  }
  auto r = run_command(cli() + " check --profile " + quoted(dir / "p.yaml") + " 2>&1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("p.yaml:3:5: error: unknown key 'colums'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did you mean 'columns'"), std::string::npos) << r.out;
  {
    std::ofstream f(dir / "records.csv", std::ios::binary);
    f << export_rows("M003,李娜,2025/1/16,全体会议,公出\nM003,李娜,2025/2/16,全体会议,公出\n");
  }
  r = run_command(cli() + " check --members " + source_path("examples/data/members.csv") +
                  " --records " + quoted(dir / "records.csv") + " 2>&1");
  EXPECT_NE(r.out.find("column '出席情况' (status): '公出' in 2 row(s): line 2, line 3"),
            std::string::npos)
      << r.out;
  // A profile of words only reads with the built-in layouts.
  {
    std::ofstream f(dir / "words.yaml", std::ios::binary);
    f << "values:\n  status: {公出: leave}\n";
  }
  const std::string job = " --members " + source_path("examples/data/members.csv") + " --records " +
                          quoted(dir / "records.csv");
  r = run_command(cli() + " check --profile " + quoted(dir / "words.yaml") + job + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("records: 2 read, 0 row(s) with a problem"), std::string::npos) << r.out;
  r = run_command(cli() + " explain --rules " + source_path("rules/default.yaml") +
                  " --year 2025 --member M003 --lang en --profile " + quoted(dir / "words.yaml") + job +
                  " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("records.csv!2 2025-01-16 meeting/plenary leave"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Record ids made of sheet (or file) and row, as these have none: "),
            std::string::npos)
      << r.out;
  // The clerk's default: the same in Chinese.
  r = run_command(cli() + " explain --rules " + source_path("rules/default.yaml") +
                  " --year 2025 --member M003 --profile " + quoted(dir / "words.yaml") + job + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("以下来源没有记录编号，编号由工作表（或文件）名和行号生成："), std::string::npos)
      << r.out;
  fs::remove_all(dir);
}

// The total of every member, in member order, from a C API data handle.
std::vector<std::string> c_totals(ds_data* data) {
  ds_ruleset* rules = nullptr;
  ds_result* result = nullptr;
  std::vector<std::string> totals;
  EXPECT_EQ(ds_ruleset_load_file(source_path("rules/default.yaml").c_str(), &rules), DS_OK);
  EXPECT_EQ(ds_evaluate(rules, data, "2025-01-01", "2025-12-31", 1, nullptr, nullptr, &result), DS_OK)
      << ds_last_error();
  for (size_t m = 0; result && m < ds_result_member_count(result); ++m)
    totals.emplace_back(ds_result_total_text(result, m));
  ds_result_free(result);
  ds_ruleset_free(rules);
  return totals;
}

TEST(OfficeInput, CApiReadsWorkbooksAndProfilesAsTheCsv) {
  ds_data* csv = nullptr;
  ASSERT_EQ(ds_data_load_files(source_path("examples/data/members.csv").c_str(),
                               source_path("examples/data/records.csv").c_str(), &csv),
            DS_OK)
      << ds_last_error();
  const std::vector<std::string> expected = c_totals(csv);
  ASSERT_EQ(expected.size(), 300u);
  // The example workbook through its profile.
  const std::string book = source_path("examples/office-export/office.xlsx");
  const std::string profile = source_path("examples/office-export/profile.yaml");
  const char* records[] = {book.c_str()};
  ds_data* office = nullptr;
  ASSERT_EQ(ds_data_load_office(book.c_str(), records, 1, profile.c_str(), nullptr, &office), DS_OK)
      << ds_last_error();
  EXPECT_EQ(c_totals(office), expected);
  EXPECT_EQ(ds_data_rows_read(office), ds_data_rows_read(csv));
  // ds_data_load_files reads a workbook of interchange headers as it is.
  const fs::path dir = scratch("capi");
  const fs::path path = dir / "interchange.xlsx";
  ASSERT_EQ(gen::write_interchange_workbook(gen::Options{}, path.string()), "");
  ds_data* workbook = nullptr;
  ASSERT_EQ(ds_data_load_files(path.c_str(), path.c_str(), &workbook), DS_OK) << ds_last_error();
  EXPECT_EQ(c_totals(workbook), expected);
  // A profile's problems come back with their place.
  const fs::path bad = dir / "bad.yaml";
  {
    std::ofstream f(bad, std::ios::binary);
    f << "records:\n  - name: x\n    colums: {}\n";
  }
  ds_data* none = nullptr;
  EXPECT_EQ(ds_data_load_office(book.c_str(), records, 1, bad.c_str(), nullptr, &none), DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("bad.yaml:3:5"), std::string::npos) << ds_last_error();
  EXPECT_EQ(none, nullptr);
  ds_data_free(workbook);
  ds_data_free(office);
  ds_data_free(csv);
  fs::remove_all(dir);
}

TEST(OfficeInput, DocsShowTheDefaultProfile) {
  const std::string docs = slurp(source_path("docs/input.md"));
  EXPECT_NE(docs.find(default_profile_text()), std::string::npos)
      << "docs/input.md must show the built-in default profile as profile.cpp has it";
  // Every profile example in the docs loads.
  std::size_t at = 0;
  int examples = 0;
  while ((at = docs.find("```yaml\n", at)) != std::string::npos) {
    at += 8;
    const auto end = docs.find("```\n", at);
    ASSERT_NE(end, std::string::npos);
    Problems problems;
    EXPECT_TRUE(load_profile(docs.substr(at, end - at), "docs/input.md", problems))
        << docs.substr(at, end - at) << (problems.empty() ? "" : format_problem(problems.all().front()));
    ++examples;
  }
  EXPECT_GE(examples, 2);
}

}  // namespace
}  // namespace dutyscore
