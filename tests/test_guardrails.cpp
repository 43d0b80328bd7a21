// Warnings about results that look valid but are not: the wrong period, a
// term rule over part of a term, a list longer than its top by ties.
#include <gtest/gtest.h>

#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/guardrails.h"
#include "dutyscore/input.h"
#include "test_support.h"

namespace dutyscore {
namespace {

constexpr const char* kMembers = "member_id,name\nA,甲\nB,乙\nC,丙\n";

RecordBatch records_of(const MemberTable& members, const std::string& rows) {
  Problems problems;
  auto batch = read_records("record_id,member_id,date,kind\n" + rows, "r.csv", members, problems);
  if (!batch) throw std::runtime_error("bad test records");
  return std::move(*batch);
}

MemberTable members() {
  Problems problems;
  return *read_members(kMembers, "m.csv", problems);
}

TEST(Guardrails, MostRecordsOutsideThePeriodIsAWarningAtTheRecordsFile) {
  const MemberTable m = members();
  // Two of four outside: not most.
  const RecordBatch half = records_of(
      m, "1,A,2024-03-01,meeting\n2,B,2024-04-01,meeting\n3,A,2025-03-01,meeting\n4,C,2025-01-01,meeting\n");
  Problems none;
  check_period_coverage(half, Period::calendar_year(2024), "r.csv", none);
  EXPECT_TRUE(none.empty());
  // Three of four outside 2024.
  const RecordBatch most = records_of(
      m, "1,A,2024-03-01,meeting\n2,B,2025-04-01,meeting\n3,A,2025-03-01,meeting\n4,C,2025-01-01,meeting\n");
  Problems warned;
  check_period_coverage(most, Period::calendar_year(2024), "r.csv", warned);
  ASSERT_EQ(warned.all().size(), 1u);
  const Problem& p = warned.all()[0];
  EXPECT_EQ(p.severity, Severity::Warning);
  EXPECT_EQ(p.where.file, "r.csv");
  EXPECT_NE(p.message.find("3 of 4 records are dated outside the period 2024-01-01..2024-12-31"),
            std::string::npos)
      << p.message;
}

constexpr const char* kTermRules =
    "id: t\ncategories: [{id: c}]\nrules: [{id: m, category: c, when: {kind: meeting}, points: 1}]\n"
    "across_years:\n"
    "  - {id: talk, when: {total_below: 1}}\n"
    "  - id: renominate\n    label: 不再连任\n    over: term\n"
    "    when: {count: {kind: proposal}, fewer_than: 3}\n";

TEST(Guardrails, TermRuleOverFewerYearsThanTheTermIsAWarningAtTheRule) {
  const RuleSet rules = testing::rules_from_yaml(kTermRules);
  EXPECT_EQ(rules.term_years, 5);  // a CPPCC term, when the file says nothing
  Problems full;
  check_term_coverage(rules, 2021, 2025, full);
  EXPECT_TRUE(full.empty());
  Problems part;
  check_term_coverage(rules, 2024, 2025, part);
  ASSERT_EQ(part.all().size(), 1u);  // only the rule over the term
  EXPECT_EQ(part.all()[0].where.line, 6);
  EXPECT_NE(part.all()[0].message.find("'renominate' (不再连任)"), std::string::npos);
  EXPECT_NE(part.all()[0].message.find("2 year(s), 2024..2025, of a 5-year term"),
            std::string::npos)
      << part.all()[0].message;
  // term_years states a shorter term.
  const RuleSet three = testing::rules_from_yaml(std::string(kTermRules) + "term_years: 2\n");
  Problems enough;
  check_term_coverage(three, 2024, 2025, enough);
  EXPECT_TRUE(enough.empty());
}

TEST(Guardrails, ListLongerThanTopByTiesIsAWarningAtTheList) {
  const MemberTable m = members();
  const RecordBatch records = records_of(m, "1,A,2024-03-01,meeting\n2,B,2024-04-01,meeting\n");
  const std::string base =
      "id: l\ncategories: [{id: c}]\nrules: [{id: m, category: c, when: {kind: meeting}, points: 1}]\n";
  for (const char* ties : {"include", "exclude"}) {
    const RuleSet rules = testing::rules_from_yaml(
        base + "commendations: [{id: best, label: 优秀委员, top: 1, ties: " + ties + "}]\n");
    const Period year = Period::calendar_year(2024);
    const Scores scores = evaluate(rules, m, records, year);
    const auto lists = commendation_lists(rules, m, scores, year);
    Problems warnings;
    check_list_lengths(rules, lists, warnings);
    if (std::string(ties) == "include") {
      ASSERT_EQ(lists[0].members.size(), 2u);  // A and B tie at 1.00
      ASSERT_EQ(warnings.all().size(), 1u);
      EXPECT_NE(warnings.all()[0].message.find("'best' (优秀委员) has 2 members for top 1"),
                std::string::npos);
      EXPECT_EQ(warnings.all()[0].where.line, 4);
    } else {
      EXPECT_TRUE(lists[0].members.empty());
      EXPECT_TRUE(warnings.empty());
    }
  }
}

TEST(Guardrails, TheCommandLinePrintsThem) {
  const std::string job = " --rules " + testing::source_path("rules/default.yaml") + " --members " +
                          testing::source_path("examples/data/members.csv") + " --records " +
                          testing::source_path("examples/data/records.csv");
  const auto wrong_year =
      testing::run_command(testing::cli() + " score --quiet --year 2024" + job + " 2>&1 >/dev/null");
  EXPECT_NE(wrong_year.out.find("records.csv: warning: 14634 of 14671 records are dated outside"),
            std::string::npos)
      << wrong_year.out;
  const auto years = testing::run_command(testing::cli() + " years --from-year 2025 --to-year 2025" +
                                          job + " 2>&1 >/dev/null");
  EXPECT_NE(years.out.find("warning: across-years rule 'not_renominated'"), std::string::npos)
      << years.out;
  const auto commend =
      testing::run_command(testing::cli() + " commend --year 2025" + job + " 2>&1 >/dev/null");
  EXPECT_NE(commend.out.find("warning: commendation list 'top_ten'"), std::string::npos)
      << commend.out;
}

}  // namespace
}  // namespace dutyscore
