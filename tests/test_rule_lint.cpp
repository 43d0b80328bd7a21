// Rule-set warnings found after loading (src/rules/rule_lint.cpp): rules that
// can never change a score, shadowed rules, grade bands with a gap or out
// of reach. The shipped rule sets give none.
#include <gtest/gtest.h>

#include "test_support.h"

namespace dutyscore::testing {
namespace {

std::vector<std::string> warnings_of(const std::string& yaml) {
  Problems problems;
  EXPECT_TRUE(load_rules(yaml, "t.yaml", problems).has_value());
  std::vector<std::string> out;
  for (const auto& p : problems.all()) out.push_back(p.message);
  return out;
}

const char* const kHead = "id: t\ncategories: [{id: c}]\n";

TEST(RuleLint, ShippedRuleSetsHaveNoWarnings) {
  for (const char* file : {"rules/default.yaml", "rules/guangshui-2017.yaml", "rules/tongcheng-2019.yaml"}) {
    Problems problems;
    ASSERT_TRUE(load_rules_file(source_path(file), problems).has_value()) << file;
    EXPECT_TRUE(problems.empty()) << file << ": " << format_problem(problems.all().front());
  }
}

TEST(RuleLint, ZeroPointRuleCanNeverChangeAScore) {
  const auto w = warnings_of(std::string(kHead) +
                             "rules:\n  - {id: z, category: c, when: {kind: meeting}, points: 0}\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], "rule 'z' gives 0 points for every record: it can never change a score");
}

TEST(RuleLint, CopiedRuleCountsRecordsTwice) {
  const auto w = warnings_of(std::string(kHead) +
                             "rules:\n"
                             "  - {id: a, category: c, when: {kind: meeting, subtype: [plenary, standing]}, points: 2}\n"
                             "  - {id: b, category: c, when: {kind: meeting, subtype: [standing, plenary]}, points: 2}\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("rule 'b' matches the same records as the earlier rule 'a'"), std::string::npos);
}

TEST(RuleLint, NarrowerRuleWithFewerPointsIsShadowedInAnExclusiveGroup) {
  const std::string rules =
      "rules:\n"
      "  - {id: wide, category: c, when: {kind: proposal}, points: 10}\n"
      "  - {id: narrow, category: c, when: {kind: proposal, subtype: joint, flags: filed}, points: POINTS}\n"
      "exclusive:\n  - {id: x, rules: [wide, narrow]}\n";
  auto shadowed = std::string(kHead) + rules;
  shadowed.replace(shadowed.find("POINTS"), 6, "8");
  auto w = warnings_of(shadowed);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("rule 'narrow' is shadowed by the earlier rule 'wide'"), std::string::npos);
  // With more points the narrower rule can win: no warning.
  auto wins = std::string(kHead) + rules;
  wins.replace(wins.find("POINTS"), 6, "12");
  EXPECT_TRUE(warnings_of(wins).empty());
}

TEST(RuleLint, LastGradeWithAMinLeavesAGap) {
  const auto w = warnings_of(std::string(kHead) + "grades:\n  - {label: A, min: 90}\n  - {label: B, min: 60}\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("totals below it get no grade"), std::string::npos);
}

TEST(RuleLint, GradeAboveEveryCategoryMaximumIsOutOfReach) {
  const auto w = warnings_of(
      "id: t\ncategories: [{id: a, max: 40}, {id: b, max: 45}]\n"
      "grades:\n  - {label: A, min: 90}\n  - {label: B, min: 60}\n  - {label: C}\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], "grade 'A' needs a total of at least 90.00 but the categories' maxima add up to 85.00: no member can reach it");
}

}  // namespace
}  // namespace dutyscore::testing
