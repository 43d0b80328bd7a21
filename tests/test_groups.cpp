// Activity groups and sectors scored and ranked (docs/rules.md §15).
#include <gtest/gtest.h>

#include <fstream>

#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "test_support.h"

namespace dutyscore {
namespace {

constexpr const char* kMembers =
    "member_id,name,unit,sector,group,roles,joined,left\n"
    "A,甲,u,教育界,一组,member,2020-01-01,\n"
    "B,乙,u,经济界,二组,member,2020-01-01,\n"
    "C,丙,u,经济界,二组,member,2024-07-01,\n"
    "D,丁,u,经济界,,member,2020-01-01,\n";  // in no group

const char* const kHeader = testing::kRecordsHeader;

const char* const kRules = R"(
id: t
categories: [{id: c, label: 履职}]
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
minimums:
  - {id: one_plenary, when: {kind: meeting, subtype: plenary, status: present}, penalty: {points: 5, category: c}}
groups:
  by: group
  members_total: average
  members_meeting_minimums: 20
  quotas:
    - {id: monthly_info, label: 每月一篇信息, when: {kind: info}, at_least: 1, per: month, points: 2}
    - {id: quarterly_research, label: 每季度一次调研视察, when: {kind: activity, subtype: [research, inspection]}, per: quarter, points: 5, penalty: 3}
    - {id: half_consultation, label: 每半年一次协商, when: {kind: meeting, subtype: consultation}, per: half, points: 4}
    - {id: key_proposal, label: 每年一件重点提案, when: {kind: proposal, flags: key}, per: year, points: 10}
    - {id: service_each, label: 每人每年一件服务实事, when: {kind: service}, per_member: true, per: year, points: 6}
)";

const char* const kRecords =
    "a1,A,2024-01-10,info,,,,,,,\n"
    "a2,A,2024-02-10,info,,,,,,,\n"
    "a3,A,2024-02-20,info,,,,,,,\n"
    "a4,A,2024-02-01,activity,research,,,,,,\n"
    "a5,A,2024-08-01,activity,inspection,,,,,,\n"
    "a6,A,2024-03-01,proposal,individual,,,,,key,\n"
    "a7,A,2024-04-01,service,key_project,,,,,,\n"
    "a8,A,2024-01-05,meeting,plenary,present,,,,,\n"
    "b1,B,2024-03-05,info,,,I1,1,,,\n"
    "c1,C,2024-03-05,info,,,I1,2,,,\n"  // the same joint report: counts once
    "b2,B,2024-05-05,meeting,consultation,present,,,,,\n"
    "c2,C,2024-10-05,meeting,consultation,present,,,,,\n"
    "b3,B,2024-06-01,service,key_project,,,,,,\n"
    "b4,B,2024-01-05,meeting,plenary,present,,,,,\n"
    "a9,A,2023-12-31,info,,,,,,,\n"  // outside the period
    "d1,D,2024-03-01,proposal,individual,,,,,key,\n";

struct Groups {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  Scores scores;
  GroupScores groups;
  const GroupResult& named(const std::string& name) const {
    for (const auto& g : groups.groups)
      if (g.name == name) return g;
    throw std::runtime_error("no group " + name);
  }
};

Groups score(const std::string& yaml, const std::string& records = kRecords) {
  Groups g{testing::rules_from_yaml(yaml), {}, {}, {}, {}};
  Problems problems;
  g.members = *read_members(kMembers, "members.csv", problems);
  auto batch = read_records(kHeader + records, "records.csv", g.members, problems);
  if (!batch) throw std::runtime_error("records do not load");
  g.records = std::move(*batch);
  const Period year = Period::calendar_year(2024);
  g.scores = evaluate(g.rules, g.members, g.records, year);
  g.groups = score_groups(g.rules, g.members, g.records, year, g.scores);
  return g;
}

TEST(Groups, QuotasPerMonthQuarterHalfYearAndPerMember) {
  const Groups g = score(kRules);
  ASSERT_EQ(g.groups.groups.size(), 2u);  // D has no group
  const GroupResult& one = g.named("一组");
  EXPECT_EQ(one.serving, 1u);
  EXPECT_EQ(one.average_total, 3000);
  EXPECT_EQ(one.members_points, 5000);        // 30 average + 20 x 1/1 meeting minimums
  EXPECT_EQ(one.quotas[0].met, 2);            // Jan, Feb (two in Feb still one month)
  EXPECT_EQ(one.quotas[0].periods, 12);
  EXPECT_EQ(one.quotas[0].points, 400);
  EXPECT_EQ(one.quotas[1].met, 2);            // Q1, Q3 met; Q2, Q4 lose 3 each
  EXPECT_EQ(one.quotas[1].points, 1000 - 600);
  EXPECT_EQ(one.quotas[2].points, 0);
  EXPECT_EQ(one.quotas[3].points, 1000);
  EXPECT_EQ(one.quotas[4].points, 600);
  EXPECT_EQ(one.total, 7400);

  const GroupResult& two = g.named("二组");
  EXPECT_EQ(two.serving, 2u);
  EXPECT_EQ(two.meeting_minimums, 1u);        // C has no plenary
  EXPECT_EQ(two.average_total, 750);          // (10 + 5) / 2
  EXPECT_EQ(two.members_points, 750 + 1000);
  EXPECT_EQ(two.quotas[0].items, 1);          // the joint report counts once
  EXPECT_EQ(two.quotas[0].points, 200);
  EXPECT_EQ(two.quotas[1].points, -1200);
  EXPECT_EQ(two.quotas[2].met, 2);            // one consultation each half
  EXPECT_EQ(two.quotas[3].points, 0);         // D's key proposal is not the group's
  EXPECT_EQ(two.quotas[4].required, 2);       // one service per serving member
  EXPECT_EQ(two.quotas[4].met, 0);
  EXPECT_EQ(two.total, 1750 + 200 - 1200 + 800);

  EXPECT_EQ(one.rank, 1);
  EXPECT_EQ(two.rank, 2);
  const std::string csv = groups_csv(g.rules, g.groups);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "group,members,serving,average_total,meeting_minimums,members_points,monthly_info_met,"
            "monthly_info_points,quarterly_research_met,quarterly_research_points,half_consultation_met,"
            "half_consultation_points,key_proposal_met,key_proposal_points,service_each_met,service_each_points,total,rank");
  EXPECT_NE(csv.find("\n一组,1,1,30.00,1,50.00,2/12,4.00,2/4,4.00,0/2,0.00,1/1,10.00,1/1,6.00,74.00,1\n"), std::string::npos)
      << csv;
}

TEST(Groups, BySectorAndTiesShareARank) {
  const Groups g = score(
      "id: t\ncategories: [{id: c}]\ngroups:\n  by: sector\n  quotas:\n"
      "    - {id: q, when: {kind: info}, per: year, points: 1}\n",
      "a1,A,2024-01-10,info,,,,,,,\nb1,B,2024-01-10,info,,,,,,,\n");
  ASSERT_EQ(g.groups.groups.size(), 2u);
  EXPECT_EQ(g.named("教育界").rank, 1);
  EXPECT_EQ(g.named("经济界").rank, 1);       // both 1.00: tie
  EXPECT_EQ(g.named("经济界").members.size(), 3u);
  EXPECT_EQ(g.groups.groups[g.groups.order[0]].name, "教育界");  // ties by name
}

TEST(Groups, CategoryAveragesOverServingMembers) {
  const Groups g = score(kRules);
  const CategoryAverages avg = category_averages(g.rules, g.members, g.scores, true);
  ASSERT_EQ(avg.names, (std::vector<std::string>{"教育界", "经济界"}));
  EXPECT_EQ(avg.counts[1], 3u);
  EXPECT_EQ(avg.averages[1][0], divide_half_up(1000 + 500 - 500, 3));  // B 10, C 5, D -5
}

TEST(GroupsRules, BadQuotaIsAnErrorWithItsPlace) {
  Problems problems;
  EXPECT_FALSE(load_rules("id: t\ncategories: [{id: c}]\ngroups:\n  by: sectors\n  quotas:\n"
                          "    - {id: q, when: {kind: info}, per: weekly}\n",
                          "t.yaml", problems));
  std::string all;
  for (const auto& p : problems.all()) all += format_problem(p) + "\n";
  EXPECT_NE(all.find("t.yaml:4:7: error: 'by' in 'groups' must be group or sector"), std::string::npos) << all;
  EXPECT_NE(all.find("'per' in group quota 'q' must be"), std::string::npos) << all;
  EXPECT_NE(all.find("needs 'points'"), std::string::npos) << all;
}

TEST(GroupsCli, RanksTheBundledCommitteesGroups) {
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/groups_rules.yaml")
      << testing::default_rules_core() +
             "\ngroups:\n  by: group\n  members_total: average\n  quotas:\n"
             "    - {id: monthly_info, label: 每月一篇信息, when: {kind: info}, per: month, points: 2}\n";
  const auto out = testing::run_command(testing::cli() + " groups --rules " + dir + "/groups_rules.yaml --members " +
                                        testing::source_path("examples/data/members.csv") + " --records " +
                                        testing::source_path("examples/data/records.csv") + " --year 2025");
  ASSERT_EQ(out.exit_code, 0) << out.out;
  EXPECT_EQ(out.out.substr(0, out.out.find('\n')),
            "group,members,serving,average_total,meeting_minimums,members_points,monthly_info_met,monthly_info_points,total,rank");
  EXPECT_NE(out.out.find(",1\n"), std::string::npos);
  const auto none = testing::run_command(testing::cli() + " groups --rules " + testing::source_path("rules/tongcheng-2019.yaml") +
                                         " --members " + testing::source_path("examples/data/members.csv") + " --records " +
                                         testing::source_path("examples/data/records.csv") + " --year 2025 2>&1");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.out.find("no 'groups' section"), std::string::npos);
}

}  // namespace
}  // namespace dutyscore
