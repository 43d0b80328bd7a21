// The members an office must act on, and the tables every writer takes:
// minimums unmet (which), vetoes (which rule), flags across years (约谈,
// 不再连任), with ids for programs and Chinese for people.
#include <gtest/gtest.h>

#include "dutyscore/action_lists.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/result_tables.h"
#include "test_support.h"

namespace dutyscore {
namespace {

struct Committee {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  Committee() {
    rules = testing::rules_from_yaml(R"(id: acts
categories: [{id: c, label: 履职, start: 70}]
rules:
  - {id: p, label: 提案, category: c, when: {kind: proposal}, points: 10}
minimums:
  - {id: one_plenary, label: 至少出席一次全体会议, when: {kind: meeting, subtype: plenary, status: present}, grade: 不称职}
vetoes:
  - {id: integrity, label: 廉洁自律, when: {kind: violation}, grade: 不称职}
grades:
  - {label: 称职, min: 60}
  - {label: 不称职}
across_years:
  - {id: warning_talk, label: 约谈, when: {total_below: 75, years_in_a_row: 2}}
)");
    Problems problems;
    members = *read_members("member_id,name,unit,sector,group,roles,joined,left\n"
                            "Z,甲,单位一,教育界,第一组,member,,\n"
                            "A,乙,单位二,经济界,第一组,member,,\n"
                            "M,丙,单位三,科技界,第二组,member,,\n",
                            "m.csv", problems);
    records = *read_records(std::string(testing::kRecordsHeader) +
                                "1,Z,2024-03-01,meeting,plenary,present,,,,,\n"
                                "2,Z,2025-03-01,meeting,plenary,present,,,,,\n"
                                "3,M,2025-03-01,meeting,plenary,present,,,,,\n"
                                "4,M,2025-04-01,violation,discipline,,,,,,\n"
                                "5,M,2024-03-01,meeting,plenary,present,,,,,\n"
                                "6,Z,2025-05-01,proposal,individual,,P1,1,,,\n",
                            "r.csv", members, problems);
  }
};

TEST(ActionLists, ListTheMembersToActOnInIdOrder) {
  const Committee c;
  const MultiYearResult years = evaluate_years(c.rules, c.members, c.records, 2024, 2025);
  const Scores& scores = years.scores.back();
  const ActionLists lists = action_lists(c.rules, c.members, scores, &years);
  // A attended no plenary in 2025: minimum unmet.
  ASSERT_EQ(lists.minimums_unmet.size(), 1u);
  EXPECT_EQ(c.members.id(lists.minimums_unmet[0].member), "A");
  EXPECT_EQ(lists.minimums_unmet[0].items, std::vector<int>{0});
  ASSERT_EQ(lists.vetoed.size(), 1u);
  EXPECT_EQ(c.members.id(lists.vetoed[0].member), "M");
  // 70 both years for A and M (below 75); Z reached 80 in 2025.
  ASSERT_EQ(lists.across_years.size(), 2u);
  EXPECT_EQ(c.members.id(lists.across_years[0].member), "A");
  EXPECT_EQ(c.members.id(lists.across_years[1].member), "M");
  EXPECT_TRUE(action_lists(c.rules, c.members, scores).across_years.empty());

  const ResultTable people =
      table_of_actions(c.rules, c.members, scores, lists, &years, {HeaderStyle::Labels, Language::Chinese});
  EXPECT_EQ(table_csv(people, HeaderStyle::Labels),
            "事项,委员编号,姓名,界别,工作单位,原因,总分,等次\n"
            "未达最低履职要求,A,乙,经济界,单位二,至少出席一次全体会议,70.00,不称职\n"
            "一票否决,M,丙,科技界,单位三,廉洁自律,70.00,不称职\n"
            "跨年度处理,A,乙,经济界,单位二,约谈：2024年总分70.00，低于75.00；2025年总分70.00，低于75.00,70.00,不称职\n"
            "跨年度处理,M,丙,科技界,单位三,约谈：2024年总分70.00，低于75.00；2025年总分70.00，低于75.00,70.00,不称职\n");
  const ResultTable programs = table_of_actions(c.rules, c.members, scores, lists, &years, TableOptions{});
  EXPECT_EQ(table_csv(programs),
            "list,member_id,name,sector,unit,reason,total,grade\n"
            "minimum_unmet,A,乙,经济界,单位二,one_plenary,70.00,不称职\n"
            "vetoed,M,丙,科技界,单位三,integrity,70.00,不称职\n"
            "across_years,A,乙,经济界,单位二,warning_talk: 2024 total 70.00 < 75.00; 2025 total 70.00 < 75.00,70.00,不称职\n"
            "across_years,M,丙,科技界,单位三,warning_talk: 2024 total 70.00 < 75.00; 2025 total 70.00 < 75.00,70.00,不称职\n");
}

TEST(ResultTables, GradeCountsWithPercentOfTheGraded) {
  const Committee c;
  Evaluation ev(c.rules, c.members, c.records, Period::calendar_year(2025));
  const Scores scores = ev.score();
  EXPECT_EQ(table_csv(table_of_grade_counts(c.rules, scores, {}), HeaderStyle::Labels),
            "等次,人数,占比（%）\n称职,1,33.33\n不称职,2,66.67\n未评定,0,\n");
}

TEST(ResultTables, CsvNeutralisesFormulasButKeepsNegativeNumbers) {
  ResultTable t;
  t.column("name", "姓名").column("points", "分值", CellType::Decimal, 2).column("rank", "排名", CellType::Integer);
  t.rows.push_back({TableCell::of_text("=HYPERLINK(\"x\")"), TableCell::of_number(-150), TableCell::none()});
  t.rows.push_back({TableCell::of_text("-张三"), TableCell::of_number(5), TableCell::of_number(2)});
  EXPECT_EQ(table_csv(t), "name,points,rank\n\"'=HYPERLINK(\"\"x\"\")\",-1.50,\n'-张三,0.05,2\n");
  EXPECT_EQ(table_csv(t, HeaderStyle::Labels).rfind("姓名,分值,排名\n", 0), 0u);
}

}  // namespace
}  // namespace dutyscore
