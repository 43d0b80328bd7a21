// What-if: two rule sets on the same data, member by member.
#include <gtest/gtest.h>

#include "dutyscore/whatif.h"
#include "scores_fixture.h"

namespace dutyscore {
namespace {

using testing::hand_scores;
using testing::HandMember;
using testing::rules_from_yaml;

const Period k2024 = Period::calendar_year(2024);

WhatIfSide side(const RuleSet& rules, const testing::HandScores& h) {
  return WhatIfSide{&rules, h.scores, commendation_lists(rules, h.members, h.scores, k2024)};
}

TEST(WhatIf, TotalsOfDifferentPrecisionsAreComparedAtTheFinerOneExactly) {
  const RuleSet old_rules = rules_from_yaml("id: old\nprecision: 1\ncategories: [{id: c}]\n");
  const RuleSet new_rules = rules_from_yaml("id: new\nprecision: 3\ncategories: [{id: c}]\n");
  const auto old_h = hand_scores(old_rules, {{"A", 905}, {"B", 800}});      // 90.5, 80.0
  const auto new_h = hand_scores(new_rules, {{"A", 90125}, {"B", 80000}});  // 90.125, 80.000
  const WhatIf w = compare_sides(side(old_rules, old_h), side(new_rules, new_h), new_h.members);
  EXPECT_EQ(w.precision, 3);
  ASSERT_EQ(w.rows.size(), 2u);
  EXPECT_EQ(w.rows[0].old_total, 90500);
  EXPECT_EQ(w.rows[0].change(), -375);
  EXPECT_EQ(w.summary.totals_changed, 1u);
  EXPECT_EQ(w.summary.max_decrease, -375);
  EXPECT_EQ(w.summary.max_increase, 0);
  // Mean of -0.375 and 0 is -0.1875: half away from zero at 3 decimals.
  EXPECT_EQ(format_points(w.summary.mean_change, w.precision), "-0.188");
}

TEST(WhatIf, GradeAndListCrossingsAreCountedPerMember) {
  const RuleSet old_rules = rules_from_yaml(
      "id: old\ncategories: [{id: c}]\ngrades:\n  - {label: 优秀, min: 90}\n  - {label: 称职}\n"
      "commendations: [{id: top, top: 1}]\n");
  const RuleSet new_rules = rules_from_yaml(
      "id: new\ncategories: [{id: c}]\ngrades:\n  - {label: 优秀, min: 90, quota: 1}\n"
      "  - {label: 称职}\ncommendations: [{id: top, top: 1}]\n");
  const std::vector<HandMember> old_list = {{"A", 9500}, {"B", 9200}, {"C", 5000}};
  const std::vector<HandMember> new_list = {{"A", 9100}, {"B", 9200}, {"C", 5000}};
  const auto old_h = hand_scores(old_rules, old_list);
  const auto new_h = hand_scores(new_rules, new_list);
  const WhatIf w = compare_sides(side(old_rules, old_h), side(new_rules, new_h), new_h.members);
  // New order: B (92), A (91), C.
  ASSERT_EQ(w.rows.size(), 3u);
  const WhatIfRow& b = w.rows[0];
  const WhatIfRow& a = w.rows[1];
  EXPECT_EQ(new_h.members.id(b.member), "B");
  EXPECT_EQ(b.lists_entered, (std::vector<std::string>{"top"}));
  EXPECT_EQ(a.lists_left, (std::vector<std::string>{"top"}));
  EXPECT_EQ(a.old_grade, "优秀");
  EXPECT_EQ(a.new_grade, "称职");  // over the new quota of 1
  EXPECT_EQ(a.old_rank, 1);
  EXPECT_EQ(a.new_rank, 2);
  EXPECT_FALSE(w.rows[2].crosses());
  EXPECT_EQ(w.summary.grades_changed, 1u);
  EXPECT_EQ(w.summary.ranks_changed, 2u);
  EXPECT_EQ(w.summary.lists_entered, 1u);
  EXPECT_EQ(w.summary.lists_left, 1u);
  EXPECT_EQ((w.summary.grade_moves.at({"优秀", "称职"})), 1u);
  EXPECT_EQ(whatif_csv(w, new_h.members, true),
            "member_id,name,old_total,new_total,change,old_rank,new_rank,old_grade,new_grade,"
            "lists_entered,lists_left\n"
            "B,name B,92.00,92.00,0.00,2,1,优秀,优秀,top,\n"
            "A,name A,95.00,91.00,-4.00,1,2,优秀,称职,,top\n");
  EXPECT_NE(whatif_summary(w).find("grade 优秀 -> 称职: 1"), std::string::npos);
}

// The default method written another way (other order, labels, styles and
// equivalent spellings): what-if compares results, not texts, so nothing
// changes.
TEST(WhatIf, TheSameMethodWrittenAnotherWayChangesNothing) {
  const std::string data = " --members " + testing::source_path("examples/data/members.csv") +
                           " --records " + testing::source_path("examples/data/records.csv") +
                           " --year 2025";
  const auto r = testing::run_command(
      testing::cli() + " whatif --rules " + testing::source_path("rules/default.yaml") +
      " --new-rules " + testing::source_path("tests/rule_sets/default_reworded.yaml") + data +
      " --format changes 2>&1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("lists_left\n300 members: 0 totals changed, 0 ranks changed, 0 grades "
                       "changed"),
            std::string::npos)
      << r.out;
}

TEST(WhatIf, WhatIfCommandShowsTheEffectOfAQuota) {
  const std::string dir = ::testing::TempDir();
  const std::string new_rules = dir + "/whatif_new.yaml";
  {
    std::string yaml = testing::slurp(testing::source_path("rules/default.yaml"));
    const std::string band = "{label: 优秀, min: 90}";
    ASSERT_NE(yaml.find(band), std::string::npos);
    yaml.replace(yaml.find(band), band.size(), "{label: 优秀, min: 90, quota: 10%}");
    std::ofstream(new_rules) << yaml;
  }
  const std::string data = " --members " + testing::source_path("examples/data/members.csv") +
                           " --records " + testing::source_path("examples/data/records.csv") +
                           " --year 2025";
  const auto r = testing::run_command(testing::cli() + " whatif --rules " +
                                      testing::source_path("rules/default.yaml") +
                                      " --new-rules " + new_rules + data + " --format table");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // 85 members reach 90 (tests/reference/golden/default.scores.csv); at
  // most 10% of 300 graded members, 30, keep 优秀: 55 move down. Totals and
  // ranks do not move.
  EXPECT_NE(r.out.find("300 members: 0 totals changed, 0 ranks changed, 55 grades changed"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("grade 优秀 -> 良好: 55\n"), std::string::npos) << r.out;
  const auto bad = testing::run_command(testing::cli() + " whatif --rules " + new_rules + data +
                                        " 2>&1");
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
}  // namespace dutyscore
