// The C++ API as a linking program sees it: the umbrella header, label
// accessors, and the preconditions that are checked instead of read past.
#include <gtest/gtest.h>

#include <stdexcept>

#include "dutyscore/dutyscore.hpp"
#include "test_support.h"

namespace dutyscore {
namespace {

using testing::load_job;
using testing::source_path;

struct Tongcheng : ::testing::Test {
  testing::LoadedJob job = load_job(source_path("rules/tongcheng-2019.yaml"),
                                    source_path("tests/methods/tongcheng/members.csv"),
                                    source_path("tests/methods/tongcheng/records.csv"));
  Evaluation evaluation{job.rules, job.members, job.records, Period::calendar_year(2024)};
  Scores scores = evaluation.score();
};

TEST_F(Tongcheng, GradeLabelOfAMemberIsTheRuleSetsLabel) {
  // tests/methods/tongcheng/expected.csv: T05 ranks first with 97.00, 合格.
  const MemberIndex t05 = *job.members.find("T05");
  EXPECT_EQ(grade_label(job.rules, scores, t05), "合格");
  EXPECT_EQ(job.rules.grade_label(scores.grade[t05]), "合格");
  EXPECT_EQ(job.rules.grade_label(-1), "");
}

TEST_F(Tongcheng, CategoryLabelIsTheLabelOrElseTheId) {
  ASSERT_FALSE(job.rules.categories.empty());
  for (int c = 0; c < static_cast<int>(job.rules.categories.size()); ++c) {
    const Category& cat = job.rules.categories[static_cast<std::size_t>(c)];
    EXPECT_EQ(job.rules.category_label(c), cat.label.empty() ? cat.id : cat.label);
  }
  RuleSet copy = job.rules;
  copy.categories[0].label.clear();
  EXPECT_EQ(copy.category_label(0), copy.categories[0].id);
}

TEST_F(Tongcheng, LabelAccessorsRejectIndicesOutOfRange) {
  const int categories = static_cast<int>(job.rules.categories.size());
  const int grades = static_cast<int>(job.rules.grades.size());
  EXPECT_THROW(job.rules.category_label(categories), std::out_of_range);
  EXPECT_THROW(job.rules.category_label(-1), std::out_of_range);
  EXPECT_THROW(job.rules.grade_label(grades), std::out_of_range);
  EXPECT_THROW(job.rules.grade_label(-2), std::out_of_range);
  EXPECT_THROW(grade_label(job.rules, scores, static_cast<MemberIndex>(job.members.size())),
               std::out_of_range);
}

TEST_F(Tongcheng, ExplainOfAMemberOutOfRangeReportsAnError) {
  const auto n = static_cast<MemberIndex>(job.members.size());
  try {
    (void)evaluation.explain(n, &scores);
    FAIL() << "explain() of member index " << n << " did not throw";
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("member index " + std::to_string(n)), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)evaluation.explain(0xFFFFFFFFu), std::out_of_range);
  // The last member is in range and explains to its scored total.
  const Audit last = evaluation.explain(n - 1, &scores);
  EXPECT_EQ(last.total, scores.totals[n - 1]);
}

TEST_F(Tongcheng, ExplainWithScoresOfOtherMembersReportsAnError) {
  Scores fewer = scores;
  fewer.totals.pop_back();
  fewer.grade.pop_back();
  fewer.rank.pop_back();
  EXPECT_THROW((void)evaluation.explain(0, &fewer), std::out_of_range);
}

}  // namespace
}  // namespace dutyscore
