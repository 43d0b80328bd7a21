// The published methods in tests/methods/ reproduced to the cent, through
// the library, the command-line tool and the C API.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dutyscore/dutyscore.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/scores_format.h"
#include "test_support.h"

namespace dutyscore {
namespace {

using testing::cli;
using testing::run_command;
using testing::slurp;
using testing::source_path;

struct Method {
  const char* folder;
  const char* rules;
};

const Method kMethods[] = {{"tongcheng", "rules/tongcheng-2019.yaml"},
                           {"guangshui", "rules/guangshui-2017.yaml"},
                           {"district", "rules/district-2024.yaml"}};

class PublishedMethod : public ::testing::TestWithParam<Method> {
 protected:
  std::string data(const char* file) const {
    return source_path(std::string("tests/methods/") + GetParam().folder + "/" + file);
  }
};

TEST_P(PublishedMethod, LibraryReproducesExpectedCsv) {
  const auto job = testing::load_job(source_path(GetParam().rules), data("members.csv"),
                                     data("records.csv"));
  const Scores scores =
      evaluate(job.rules, job.members, job.records, Period::calendar_year(2024));
  EXPECT_EQ(scores_csv(job.rules, job.members, scores), slurp(data("expected.csv")));
}

TEST_P(PublishedMethod, CommandLineReproducesExpectedCsv) {
  const auto result = run_command(cli() + " score --quiet --year 2024 --rules " +
                                  source_path(GetParam().rules) + " --members " +
                                  data("members.csv") + " --records " + data("records.csv"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, slurp(data("expected.csv")));
}

// Through the C API, which reads outside scores (the district's survey) from
// the members file as the tool does.
TEST_P(PublishedMethod, CApiReproducesExpectedCsv) {
  ds_ruleset* rules = nullptr;
  ds_data* data_handle = nullptr;
  ds_result* result = nullptr;
  ASSERT_EQ(ds_ruleset_load_file(source_path(GetParam().rules).c_str(), &rules), DS_OK)
      << ds_last_error();
  ASSERT_EQ(ds_data_load_files(data("members.csv").c_str(), data("records.csv").c_str(),
                               &data_handle),
            DS_OK)
      << ds_last_error();
  ASSERT_EQ(ds_evaluate(rules, data_handle, "2024-01-01", "2024-12-31", 1, nullptr, nullptr,
                        &result),
            DS_OK)
      << ds_last_error();
  char* csv = nullptr;
  ASSERT_EQ(ds_result_csv(result, &csv), DS_OK);
  EXPECT_EQ(std::string(csv), slurp(data("expected.csv")));
  ds_string_free(csv);
  ds_result_free(result);
  ds_data_free(data_handle);
  ds_ruleset_free(rules);
}

TEST_P(PublishedMethod, EveryAuditAddsUpToTheTotal) {
  const auto job = testing::load_job(source_path(GetParam().rules), data("members.csv"),
                                     data("records.csv"));
  const Evaluation evaluation(job.rules, job.members, job.records, Period::calendar_year(2024));
  const Scores scores = evaluation.score();
  for (MemberIndex m = 0; m < job.members.size(); ++m) {
    const Audit audit = evaluation.explain(m, &scores);
    Points sum = 0;
    std::vector<Points> per_category(job.rules.categories.size(), 0);
    for (const auto& line : audit.lines) {
      sum += line.points;
      if (line.category >= 0) per_category[static_cast<std::size_t>(line.category)] += line.points;
    }
    EXPECT_EQ(sum, scores.totals[m]) << job.members.id(m);
    EXPECT_EQ(audit.total, scores.totals[m]) << job.members.id(m);
    for (std::size_t c = 0; c < per_category.size(); ++c)
      EXPECT_EQ(per_category[c], scores.subtotals(m, static_cast<Eigen::Index>(c)))
          << job.members.id(m) << " " << job.rules.categories[c].id;
  }
}

INSTANTIATE_TEST_SUITE_P(Methods, PublishedMethod, ::testing::ValuesIn(kMethods),
                         [](const auto& info) { return std::string(info.param.folder); });

// `dutyscore explain` of one member of a method in tests/methods/, in the
// engineers' text (--lang en): codes and English notes.
testing::CommandResult explain_method(const std::string& folder, const std::string& rules,
                                      const std::string& member) {
  const std::string dir = source_path("tests/methods/" + folder + "/");
  return run_command(cli() + " explain --lang en --year 2024 --member " + member + " --rules " +
                     source_path(rules) + " --members " + dir + "members.csv --records " + dir +
                     "records.csv");
}

TEST(TongchengMethod, ExplainShowsTheJointShareAndTheUnmatchedCharity) {
  const auto result = explain_method("tongcheng", "rules/tongcheng-2019.yaml", "T04");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  // P02: 3 participants, T04 at position 3 takes (1 - 1/2) / 2 = 1/4 of 10.
  EXPECT_NE(result.out.find("+2.50"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("10.00 × 1/4"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("R047"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("unmatched"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Total 81.00"), std::string::npos) << result.out;
}

// The worked example of docs/rules.md §19: D02's audit shows the rate, the
// quarters, the rescale with the best member's points and the factor, and
// the weighted survey.
TEST(DistrictMethod, ExplainShowsTheRateTheQuartersAndTheRescale) {
  const auto result = explain_method("district", "rules/district-2024.yaml", "D02");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  for (const char* text :
       {"4 of 5 records meet 'rate_of' (80.00%): tier 'at least 75.00%'",
        "2024-07-01..2024-09-30: 1 record (at least 1)",
        "part 'duty' 68.00 x 70.00 / 81.00 (the best member's points) = 58.77; this category 24.00 -> 20.74",
        "+88.00  outside", "part 'survey_part' 88.00 x 3/10 = 26.40", "Total 85.17; grade 优秀; rank 2"})
    EXPECT_NE(result.out.find(text), std::string::npos) << text << "\n" << result.out;
}

// The same audit in Chinese (explain's default, as notices print it): the
// rate, the quarters, the rescale and the outside score in words.
TEST(DistrictMethod, ExplainInChineseSaysTheNewStepsInWords) {
  const std::string dir = source_path("tests/methods/district/");
  const auto result = run_command(cli() + " explain --year 2024 --member D02 --rules " +
                                  source_path("rules/district-2024.yaml") + " --members " + dir +
                                  "members.csv --records " + dir + "records.csv");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  for (const char* text :
       {"计入统计  R007 2024-04-10 常委会议 请假  · 会议出席率  · 第2条，计入比例（不符合条件）",
        "共5条，其中符合条件4条（80.00%），达到“不低于75.00%”档",
        "计入2024年7月1日至9月30日（该期间第1条）",
        "按期得分  参加调研视察（按季度）  · 2024年7月1日至9月30日共1条（不少于1条）",
        "“履职量化积分（折算70分）”合计68.00 × 70.00 / 81.00（以最高分为准） = 58.77；本类24.00折算为20.74",
        "+88.00  外部评分  外部评分（民主测评）", "“民主测评（占30%）”合计88.00 × 3/10 = 26.40",
        "总分 85.17；等次 优秀；排名 2"})
    EXPECT_NE(result.out.find(text), std::string::npos) << text << "\n" << result.out;
  for (const char* english : {"rate_of", "record", "tier", "part", "outside", "rescale", "counting"})
    EXPECT_EQ(result.out.find(english), std::string::npos) << english << "\n" << result.out;
}

// The survey may come from a separate file instead of the members file.
TEST(DistrictMethod, TheSurveyMayComeFromASeparateFile) {
  const std::string dir = source_path("tests/methods/district/");
  const std::string work = ::testing::TempDir() + "district-outside/";
  std::filesystem::create_directories(work);
  // The members file without its survey column, and the survey apart.
  std::string members, survey = "member_id,民主测评\n";
  std::istringstream in(slurp(dir + "members.csv"));
  for (std::string line; std::getline(in, line);) {
    const auto comma = line.rfind(',');
    members += line.substr(0, comma) + "\n";
    if (line.rfind("member_id", 0) != 0) survey += line.substr(0, line.find(',')) + line.substr(comma) + "\n";
  }
  std::ofstream(work + "members.csv") << members;
  std::ofstream(work + "survey.csv") << survey;
  const std::string base = cli() + " score --quiet --year 2024 --rules " +
                           source_path("rules/district-2024.yaml") + " --members " + work +
                           "members.csv --records " + dir + "records.csv";
  const auto with = run_command(base + " --outside " + work + "survey.csv");
  EXPECT_EQ(with.exit_code, 0);
  EXPECT_EQ(with.out, slurp(dir + "expected.csv"));
  const auto without = run_command(base + " 2>&1");
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_NE(without.out.find("category 'survey' takes its points from the column '民主测评', which "
                             "none of the files has"),
            std::string::npos)
      << without.out;
}

// By default explain speaks Chinese: names for codes, the share with its
// basis, the notes.
TEST(TongchengMethod, ExplainInChineseByDefault) {
  const std::string dir = source_path("tests/methods/tongcheng/");
  const auto result = run_command(cli() + " explain --year 2024 --member T04 --rules " +
                                  source_path("rules/tongcheng-2019.yaml") + " --members " + dir +
                                  "members.csv --records " + dir + "records.csv");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("委员 T04 赵丽"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("考核期间 2024年1月1日至12月31日"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("+2.50  记录得分"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("R016 2024-01-16 联名提案 P02 立案"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("10.00 × 1/4（联名提案，第3人，共3人）"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("R047 2024-05-01 捐赠  · 没有对应的计分规则，不计分"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("本类满分25.00分，超出部分不计"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("总分 81.00；等次 合格；排名 4"), std::string::npos) << result.out;
  for (const char* english : {"record", "unmatched", "Total", "category", "joint", "position"})
    EXPECT_EQ(result.out.find(english), std::string::npos) << english << "\n" << result.out;
}

}  // namespace
}  // namespace dutyscore
