// Points never wrap around: a sum or product that 64 bits cannot hold stops
// the evaluation with an error naming the member and the rule, `check`
// warns of a rule set whose totals could get there, and real methods are
// scored as before (the plan proves them safe, so the fast path adds
// without checks).
#include <gtest/gtest.h>

#include "dutyscore/evaluate.h"
#include "test_support.h"

namespace dutyscore::testing {
namespace {

const char* const kMembers = "member_id,name\nM1,王一\nM2,李二\n";

struct Scored {
  LoadedJob job;
  std::string error;  // PointsOverflow::what(), or empty
  std::optional<Scores> scores;
};

Scored score(const std::string& yaml, const std::string& records, unsigned threads = 1,
             const std::string& member_csv = kMembers) {
  Problems problems;
  auto rules = load_rules(yaml, "o.yaml", problems);
  auto members = read_members(member_csv, "m.csv", problems);
  auto batch = read_records(std::string(kRecordsHeader) + records, "r.csv", *members, problems);
  if (!rules || !members || !batch) throw std::runtime_error("does not load");
  Scored s{LoadedJob{std::move(*rules), std::move(*members), std::move(*batch)}, {}, {}};
  EvaluateOptions options;
  options.threads = threads;
  try {
    s.scores = evaluate(s.job.rules, s.job.members, s.job.records, Period::calendar_year(2024), options);
  } catch (const PointsOverflow& e) {
    s.error = e.what();
  }
  return s;
}

const std::string kTwoHugeRules = R"(id: o
categories:
  - {id: a, label: A}
rules:
  - {id: r1, category: a, label: R1, when: {kind: meeting}, points: 92233720368547758.07}
  - {id: r2, category: a, label: R2, when: {kind: meeting, status: present}, points: 92233720368547758.07}
)";

TEST(Overflow, TwoRulesAtTheLimitAreAnErrorNamingTheMemberAndTheRuleNotMinus0_02) {
  for (unsigned threads : {1u, 2u}) {
    const auto s = score(kTwoHugeRules, "R1,M2,2024-03-01,meeting,,present,,,,,\n", threads);
    EXPECT_FALSE(s.scores.has_value());
    EXPECT_EQ(s.error,
              "member 'M2': the points of rule 'r2' add up to more than 92233720368547758.07, "
              "the largest amount a score can hold at precision 2: the rule file's points are too "
              "large; nothing was scored");
  }
}

// Three members overflow, far apart among 6,000: the first in member
// order is named on any thread count (the threads take the members in
// chunks, in turn, and a chunk after a failed one is skipped).
TEST(Overflow, TheFirstMemberThatOverflowsIsNamedOnAnyThreadCount) {
  std::string members = "member_id,name\n";
  std::string records;
  for (int i = 1; i <= 6000; ++i) {
    const std::string id = "M" + std::to_string(i);
    members += id + ",委员" + std::to_string(i) + "\n";
    // r1 alone: the largest amount, no overflow.
    records += "R" + std::to_string(i) + "," + id + ",2024-03-01,meeting,,absent,,,,,\n";
    // r1 twice (and r2): an overflow.
    if (i == 1900 || i == 4000 || i == 5100)
      records += "X" + std::to_string(i) + "," + id + ",2024-03-01,meeting,,present,,,,,\n";
  }
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    const auto s = score(kTwoHugeRules, records, threads, members);
    EXPECT_FALSE(s.scores.has_value()) << threads;
    EXPECT_EQ(s.error.substr(0, 36), "member 'M1900': the points of rule '") << threads;
  }
}

TEST(Overflow, OneRuleSummedOverTwoRecordsNamesThatRule) {
  const std::string yaml = R"(id: o
categories:
  - {id: a, label: A}
rules:
  - {id: big, category: a, label: B, when: {kind: meeting}, points: 50000000000000000}
)";
  const auto s = score(yaml, "R1,M1,2024-03-01,meeting,,,,,,,\nR2,M1,2024-03-02,meeting,,,,,,,\n");
  EXPECT_NE(s.error.find("member 'M1': the points of rule 'big' add up to more than"), std::string::npos)
      << s.error;
}

TEST(Overflow, PointsTimesQuantityBeyond64BitsIsAnErrorNotATruncatedProduct) {
  const std::string yaml = R"(id: o
categories:
  - {id: a, label: A}
rules:
  - {id: hours, category: a, label: H, when: {kind: training}, points: 90000000000000000, per_quantity: true}
)";
  const auto s = score(yaml, "R1,M1,2024-03-01,training,,,,,,,200000\n");
  EXPECT_NE(s.error.find("member 'M1': the points of rule 'hours' add up to more than"),
            std::string::npos)
      << s.error;
}

TEST(Overflow, LargeButRepresentableAmountsAreScoredExactly) {
  const std::string yaml = R"(id: o
categories:
  - {id: a, label: A}
rules:
  - {id: r1, category: a, label: R1, when: {kind: meeting}, points: 46116860184273879.03}
)";
  const auto s = score(yaml, "R1,M1,2024-03-01,meeting,,,,,,,\nR2,M1,2024-03-02,meeting,,,,,,,\n");
  ASSERT_TRUE(s.scores.has_value()) << s.error;
  EXPECT_EQ(format_points(s.scores->totals[0], 2), "92233720368547758.06");
  // The audit checks too, and adds up to the same total.
  const Audit audit = Evaluation(s.job.rules, s.job.members, s.job.records,
                                 Period::calendar_year(2024)).explain(0);
  EXPECT_EQ(audit.total, s.scores->totals[0]);
}

// Rescaling multiplies: a vetoed member (who does not set the best) with
// 10^12 points, rescaled by 1,000 / 0.01, would hold 10^17 points, more
// than a score can. The scoring path and the audit stop with the member and
// the part named, on any thread count.
TEST(Overflow, RescalingBeyondWhatAScoreHoldsNamesTheMemberAndThePart) {
  const std::string yaml = R"(id: o
categories:
  - {id: a, label: A}
rules:
  - {id: big, category: a, when: {kind: activity}, points: 1000000000000}
  - {id: small, category: a, when: {kind: study}, points: 0.01}
vetoes:
  - {id: v, when: {kind: violation}}
parts:
  - {id: p, categories: [a], rescale: {to: 1000}}
)";
  const std::string records =
      "R1,M1,2024-03-01,activity,research,,,,,,\nR2,M1,2024-03-02,violation,discipline,,,,,,\n"
      "R3,M2,2024-03-03,study,session,,,,,,\n";
  const std::string expected =
      "member 'M1': the points of part 'p', rescaled, add up to more than 92233720368547758.07, "
      "the largest amount a score can hold at precision 2: the rule file's points are too large; "
      "nothing was scored";
  for (unsigned threads : {1u, 2u}) {
    const auto s = score(yaml, records, threads);
    EXPECT_FALSE(s.scores.has_value());
    EXPECT_EQ(s.error, expected);
  }
  const auto s = score(yaml, "R3,M2,2024-03-03,study,session,,,,,,\n");
  ASSERT_TRUE(s.scores.has_value()) << s.error;
  try {
    Evaluation(s.job.rules, s.job.members, s.job.records, Period::calendar_year(2024)).explain(0);
  } catch (const PointsOverflow& e) {
    ADD_FAILURE() << "M1 has no points to rescale: " << e.what();
  }
  const auto bad = score(yaml, records);
  try {
    Evaluation(bad.job.rules, bad.job.members, bad.job.records, Period::calendar_year(2024))
        .explain(0);
    ADD_FAILURE() << "the audit rescaled past what a score holds";
  } catch (const PointsOverflow& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

TEST(Overflow, CheckWarnsWhenARuleSetsTotalsCouldOverflow) {
  Problems problems;
  ASSERT_TRUE(load_rules(kTwoHugeRules, "o.yaml", problems).has_value());
  bool warned = false;
  for (const auto& p : problems.all())
    warned |= p.message.rfind("the points of this rule set can add up to more than 92233720368547758.07", 0) == 0;
  EXPECT_TRUE(warned);
  Problems none;
  ASSERT_TRUE(load_rules(slurp(source_path("rules/default.yaml")), "default.yaml", none).has_value());
  for (const auto& p : none.all()) EXPECT_EQ(p.message.find("can add up to more than"), std::string::npos);
}

}  // namespace
}  // namespace dutyscore::testing
