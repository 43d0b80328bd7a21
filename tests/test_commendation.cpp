// Commendation lists (双十佳): the first N eligible members in ranking order.
#include <gtest/gtest.h>

#include "dutyscore/commendation.h"
#include "scores_fixture.h"

namespace dutyscore {
namespace {

using testing::hand_scores;
using testing::HandMember;
using testing::rule_errors;
using testing::rules_from_yaml;

RuleSet list_rules(const std::string& list) {
  return rules_from_yaml("id: t\ncategories: [{id: c}]\n"
                         "grades:\n  - {label: 优秀, min: 90}\n  - {label: 称职}\n"
                         "commendations:\n  - " + list + "\n");
}

std::vector<std::string> ids(const MemberTable& members, const CommendationList& list) {
  std::vector<std::string> out;
  for (MemberIndex m : list.members) out.emplace_back(members.id(m));
  return out;
}

const Period k2024 = Period::calendar_year(2024);

TEST(Commendation, TakesTheFirstNInRankingOrder) {
  const RuleSet rules = list_rules("{id: top, label: 双十佳, top: 2}");
  const auto h = hand_scores(rules, {{"A", 8000}, {"B", 9500}, {"C", 9000}});
  const auto lists = commendation_lists(rules, h.members, h.scores, k2024);
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0].label, "双十佳");
  EXPECT_EQ(ids(h.members, lists[0]), (std::vector<std::string>{"B", "C"}));
}

TEST(Commendation, VetoedAndMinimumUnmetMembersAreSkippedWhenTheRulesSaySo) {
  const RuleSet rules =
      list_rules("{id: top, top: 2, eligible: {no_veto: true, minimums_met: true}}");
  const auto h = hand_scores(rules, {{"A", 9900, kVetoed},
                                     {"B", 9800, kMinimumUnmet},
                                     {"C", 9700},
                                     {"D", 9600},
                                     {"E", 9500}});
  const auto lists = commendation_lists(rules, h.members, h.scores, k2024);
  EXPECT_EQ(ids(h.members, lists[0]), (std::vector<std::string>{"C", "D"}));
  EXPECT_EQ(commendation_ineligibility(rules.commendations[0], rules, h.members, h.scores, k2024,
                                       h.index("A")),
            "vetoed");
  // Without the eligibility rules, the vetoed member heads the list.
  const RuleSet open = list_rules("{id: top, top: 2}");
  const auto h2 = hand_scores(open, {{"A", 9900, kVetoed}, {"B", 9800, kMinimumUnmet}, {"C", 9700}});
  EXPECT_EQ(ids(h2.members, commendation_lists(open, h2.members, h2.scores, k2024)[0]),
            (std::vector<std::string>{"A", "B"}));
}

TEST(Commendation, MembersWhoServedLessThanThePartRequiredAreNotEligible) {
  const RuleSet rules = list_rules("{id: top, top: 5, eligible: {served_at_least: 1/2}}");
  // 2024 has 366 days: joining 2024-07-03 serves 182 days (< 183), 07-02 183.
  const auto h = hand_scores(rules, {{"A", 9900, 0, parse_day("2024-07-03")},
                                     {"B", 9800, 0, parse_day("2024-07-02")},
                                     {"C", 9700}});
  const auto lists = commendation_lists(rules, h.members, h.scores, k2024);
  EXPECT_EQ(ids(h.members, lists[0]), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(commendation_ineligibility(rules.commendations[0], rules, h.members, h.scores, k2024,
                                       h.index("A")),
            "served 182 of 366 days");
}

TEST(Commendation, MembersTiedAtTheBoundaryAreAllLeftOutByDefault) {
  const RuleSet rules = list_rules("{id: top, top: 2}");
  const auto h = hand_scores(rules, {{"A", 9900}, {"B", 9500}, {"C", 9500}, {"D", 9000}});
  EXPECT_EQ(ids(h.members, commendation_lists(rules, h.members, h.scores, k2024)[0]),
            (std::vector<std::string>{"A"}));
}

TEST(Commendation, MembersTiedAtTheBoundaryAreAllTakenWithInclude) {
  const RuleSet rules = list_rules("{id: top, top: 2, ties: include}");
  const auto h = hand_scores(rules, {{"A", 9900}, {"B", 9500}, {"C", 9500}, {"D", 9000}});
  EXPECT_EQ(ids(h.members, commendation_lists(rules, h.members, h.scores, k2024)[0]),
            (std::vector<std::string>{"A", "B", "C"}));
}

TEST(Commendation, GradeEligibilityAndNotServingMembers) {
  const RuleSet rules = list_rules("{id: top, top: 5, eligible: {grades: [优秀]}}");
  const auto h = hand_scores(rules, {{"A", 9900, kNotServing}, {"B", 9500}, {"C", 8000}});
  EXPECT_EQ(ids(h.members, commendation_lists(rules, h.members, h.scores, k2024)[0]),
            (std::vector<std::string>{"B"}));
  EXPECT_EQ(commendation_ineligibility(rules.commendations[0], rules, h.members, h.scores, k2024,
                                       h.index("C")),
            "grade 称职");
}

TEST(Commendation, CsvListsEveryMemberOfEveryList) {
  const RuleSet rules = rules_from_yaml(
      "id: t\ncategories: [{id: c}]\ngrades:\n  - {label: 优秀, min: 90}\n  - {label: 称职}\n"
      "commendations:\n  - {id: top, label: 双十佳, top: 1}\n  - {id: two, top: 2}\n");
  const auto h = hand_scores(rules, {{"A", 9000}, {"B", 9550}});
  const auto lists = commendation_lists(rules, h.members, h.scores, k2024);
  EXPECT_EQ(commendations_csv(h.members, rules, h.scores, lists),
            "list,label,position,member_id,name,total,grade,rank\n"
            "top,双十佳,1,B,name B,95.50,优秀,1\n"
            "two,two,1,B,name B,95.50,优秀,1\n"
            "two,two,2,A,name A,90.00,优秀,2\n");
}

TEST(Commendation, LoaderRefusesBadListsWithTheirPlace) {
  const std::string head = "id: t\ncategories: [{id: c}]\ncommendations:\n";
  EXPECT_NE(rule_errors(head + "  - {id: top}\n").find("needs 'top'"), std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {id: top, top: 10, eligible: {served_at_least: 2}}\n")
                .find("test.yaml:4:"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {id: top, top: 10, eligible: {no_vetoes: true}}\n")
                .find("did you mean 'no_veto'"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {id: top, top: 10, eligible: {grades: [优秀]}}\n")
                .find("grade '优秀'"),
            std::string::npos);
  EXPECT_NE(rule_errors(head + "  - {id: top, top: 1}\n  - {id: top, top: 2}\n")
                .find("duplicate commendation list id 'top'"),
            std::string::npos);
}

TEST(Commendation, CommendCommandPrintsTheLists) {
  const std::string dir = ::testing::TempDir();
  const std::string rules_path = dir + "/commend_rules.yaml";
  {
    std::ofstream out(rules_path);
    out << testing::default_rules_core()
        << "\ncommendations:\n  - {id: top_ten, label: 双十佳, top: 10, eligible: {no_veto: true, "
           "minimums_met: true, served_at_least: 0.5}}\n";
  }
  const std::string data = " --members " + testing::source_path("examples/data/members.csv") +
                           " --records " + testing::source_path("examples/data/records.csv") +
                           " --year 2025";
  const auto r = testing::run_command(testing::cli() + " commend --rules " + rules_path + data);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("list,label,position,member_id,name,total,grade,rank\ntop_ten,双十佳,1,", 0), 0u)
      << r.out;
  const auto none = testing::run_command(testing::cli() + " commend --rules " +
                                         testing::source_path("rules/tongcheng-2019.yaml") + data +
                                         " 2>&1");
  EXPECT_EQ(none.exit_code, 4);
  EXPECT_NE(none.out.find("no 'commendations'"), std::string::npos);
}

}  // namespace
}  // namespace dutyscore
