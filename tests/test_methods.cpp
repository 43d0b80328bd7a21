// The published methods in tests/methods/ reproduced to the cent, through
// the library and through the command-line tool.
#include <gtest/gtest.h>

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
                           {"guangshui", "rules/guangshui-2017.yaml"}};

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

// The engineers' text (--lang en): codes and English notes.
TEST(TongchengMethod, ExplainShowsTheJointShareAndTheUnmatchedCharity) {
  const std::string dir = source_path("tests/methods/tongcheng/");
  const auto result = run_command(cli() + " explain --lang en --year 2024 --member T04 --rules " +
                                  source_path("rules/tongcheng-2019.yaml") + " --members " + dir +
                                  "members.csv --records " + dir + "records.csv");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  // P02: 3 participants, T04 at position 3 takes (1 - 1/2) / 2 = 1/4 of 10.
  EXPECT_NE(result.out.find("+2.50"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("10.00 × 1/4"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("R047"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("unmatched"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Total 81.00"), std::string::npos) << result.out;
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
