// Grade quotas: "优秀 at most 15% of members", applied after ranking.
#include <gtest/gtest.h>

#include "dutyscore/evaluate.h"
#include "dutyscore/quota.h"
#include "scores_fixture.h"

namespace dutyscore {
namespace {

using testing::hand_scores;
using testing::HandMember;
using testing::rule_errors;
using testing::rules_from_yaml;

// 优秀 from 90, 良好 from 80, 称职 below; `excellent` and `good` are the
// extra keys of the two upper bands.
RuleSet graded_rules(const std::string& excellent, const std::string& good = "") {
  return rules_from_yaml("id: t\ncategories: [{id: c}]\ngrades:\n"
                         "  - {label: 优秀, min: 90" + excellent + "}\n"
                         "  - {label: 良好, min: 80" + good + "}\n"
                         "  - {label: 称职}\n");
}

std::vector<HandMember> members_with_totals(const std::vector<Points>& totals) {
  std::vector<HandMember> out;
  char id[] = "M00";
  for (std::size_t i = 0; i < totals.size(); ++i) {
    id[2] = static_cast<char>('0' + i);
    out.push_back({id, totals[i] * 100, 0, std::nullopt});
  }
  return out;
}

TEST(Quota, ShareOfGradedMembersIsRoundedDown) {
  const RuleSet rules = graded_rules(", quota: 25%");
  // Ten members all at 90+: 25% of 10 is 2.5, so at most 2 keep 优秀.
  const auto h = hand_scores(rules, members_with_totals({99, 98, 97, 96, 95, 94, 93, 92, 91, 90}));
  EXPECT_EQ(h.grade(rules, "M00"), "优秀");
  EXPECT_EQ(h.grade(rules, "M01"), "优秀");
  for (const char* id : {"M02", "M05", "M09"}) EXPECT_EQ(h.grade(rules, id), "良好") << id;
}

TEST(Quota, CountQuotaKeepsTheFirstInRankingOrderWhateverTheInputOrder) {
  const RuleSet rules = graded_rules(", quota: 1");
  const auto h = hand_scores(rules, members_with_totals({91, 95, 93}));
  EXPECT_EQ(h.grade(rules, "M01"), "优秀");
  EXPECT_EQ(h.grade(rules, "M00"), "良好");
  EXPECT_EQ(h.grade(rules, "M02"), "良好");
}

TEST(Quota, MembersTiedAtTheBoundaryAllDropByDefault) {
  const RuleSet rules = graded_rules(", quota: 2");
  const auto h = hand_scores(rules, members_with_totals({100, 95, 95, 92}));
  EXPECT_EQ(h.grade(rules, "M00"), "优秀");
  EXPECT_EQ(h.grade(rules, "M01"), "良好");  // tied with M02 across the boundary
  EXPECT_EQ(h.grade(rules, "M02"), "良好");
  EXPECT_EQ(h.grade(rules, "M03"), "良好");
}

TEST(Quota, MembersTiedAtTheBoundaryAllStayWithInclude) {
  const RuleSet rules = graded_rules(", quota: 2, quota_ties: include");
  const auto h = hand_scores(rules, members_with_totals({100, 95, 95, 92}));
  EXPECT_EQ(h.grade(rules, "M01"), "优秀");
  EXPECT_EQ(h.grade(rules, "M02"), "优秀");
  EXPECT_EQ(h.grade(rules, "M03"), "良好");
}

TEST(Quota, TieBreakCategoriesSeparateEqualTotalsAtTheBoundary) {
  const RuleSet rules = rules_from_yaml(
      "id: t\ncategories: [{id: c}, {id: d}]\nranking: {tie_break: [d]}\n"
      "grades:\n  - {label: 优秀, min: 90, quota: 1}\n  - {label: 良好}\n");
  auto h = hand_scores(rules, members_with_totals({95, 95}));
  // Same totals, but M01 has more in the tie-break category d.
  h.scores.subtotals(0, 0) = 9500;
  h.scores.subtotals(1, 0) = 9000;
  h.scores.subtotals(1, 1) = 500;
  h.scores.grade = {0, 0};
  rank_members(rules, h.members, h.scores);
  EXPECT_EQ(h.grade(rules, "M01"), "优秀");
  EXPECT_EQ(h.grade(rules, "M00"), "良好");
}

TEST(Quota, MembersOverTheQuotaCountAgainstTheNextBandsQuota) {
  const RuleSet rules = graded_rules(", quota: 1", ", quota: 2");
  const auto h = hand_scores(rules, members_with_totals({100, 95, 85, 84}));
  EXPECT_EQ(h.grade(rules, "M00"), "优秀");
  EXPECT_EQ(h.grade(rules, "M01"), "良好");  // dropped from 优秀, ahead in 良好
  EXPECT_EQ(h.grade(rules, "M02"), "良好");
  EXPECT_EQ(h.grade(rules, "M03"), "称职");  // pushed out of 良好 by M01
}

TEST(Quota, TheShareIsOfGradedMembersOnly) {
  const RuleSet rules = graded_rules(", quota: 50%");
  auto list = members_with_totals({99, 98, 97, 96});
  list[3].flags = kNotServing;  // not graded: 50% of 3 is 1
  const auto h = hand_scores(rules, list);
  EXPECT_EQ(h.grade(rules, "M00"), "优秀");
  EXPECT_EQ(h.grade(rules, "M01"), "良好");
  EXPECT_EQ(h.scores.grade[h.index("M03")], -1);
}

TEST(Quota, ALimitIsTheShareOfTheGradedCountRoundedDown) {
  Quota q;
  q.share = Fraction{125, 1000};  // 12.5%
  EXPECT_EQ(quota_limit(q, 16), 2u);
  EXPECT_EQ(quota_limit(q, 15), 1u);
  q.share = Fraction{0, 1};
  EXPECT_EQ(quota_limit(q, 100), 0u);
}

TEST(Quota, LoaderReadsSharesCountsAndTheTieRule) {
  const RuleSet a = graded_rules(", quota: 12.5%, quota_ties: include");
  ASSERT_TRUE(a.grades[0].quota);
  EXPECT_FALSE(a.grades[0].quota->is_count);
  EXPECT_EQ(quota_limit(*a.grades[0].quota, 16), 2u);
  EXPECT_EQ(a.grades[0].quota->ties, BoundaryTies::Include);
  const RuleSet b = graded_rules(", quota: 30");
  EXPECT_TRUE(b.grades[0].quota->is_count);
  EXPECT_EQ(b.grades[0].quota->count, 30);
  EXPECT_EQ(b.grades[0].quota->ties, BoundaryTies::Exclude);
  EXPECT_FALSE(b.grades[1].quota);
}

TEST(Quota, LoaderRefusesBadQuotasWithTheirPlace) {
  const std::string head = "id: t\ncategories: [{id: c}]\ngrades:\n";
  EXPECT_NE(rule_errors(head + "  - {label: A, min: 90, quota: 120%}\n  - {label: B}\n")
                .find("test.yaml:4:"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {label: A, min: 90, quota: many}\n  - {label: B}\n")
                .find("'quota' in grade 'A'"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {label: A, min: 90}\n  - {label: B, quota: 10%}\n")
                .find("last grade"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {label: A, min: 90, quota_ties: include}\n  - {label: B}\n")
                .find("needs a 'quota'"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {label: A, min: 90, quota: 1, quota_ties: inclde}\n  - {label: B}\n")
                .find("did you mean 'include'"),
            std::string::npos);
}

TEST(Quota, EvaluationAppliesTheQuotaAfterRanking) {
  const RuleSet rules = rules_from_yaml(
      "id: t\ncategories: [{id: c}]\n"
      "rules: [{id: meet, category: c, when: {kind: meeting}, points: 30}]\n"
      "grades:\n  - {label: 优秀, min: 60, quota: 1}\n  - {label: 称职}\n");
  Problems problems;
  auto members = read_members(
      "member_id,name\nA,甲\nB,乙\nC,丙\n", "members.csv", problems);
  ASSERT_TRUE(members);
  auto records = read_records(
      "record_id,member_id,date,kind\n1,A,2024-03-01,meeting\n2,A,2024-04-01,meeting\n"
      "3,B,2024-03-01,meeting\n4,B,2024-04-01,meeting\n5,B,2024-05-01,meeting\n",
      "records.csv", *members, problems);
  ASSERT_TRUE(records) << (problems.empty() ? "" : problems.all()[0].message);
  const Scores s = evaluate(rules, *members, *records, Period::calendar_year(2024));
  EXPECT_EQ(s.grade[*members->find("B")], 0);  // 90: first
  EXPECT_EQ(s.grade[*members->find("A")], 1);  // 60: over the quota of 1
  EXPECT_EQ(s.grade[*members->find("C")], 1);
}

}  // namespace
}  // namespace dutyscore
