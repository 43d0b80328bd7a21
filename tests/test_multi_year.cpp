// Several years in one run and the rules over them (docs/rules.md §14).
#include <gtest/gtest.h>

#include <fstream>

#include "dutyscore/multi_year.h"
#include "generator.h"
#include "test_support.h"

namespace dutyscore {
namespace {

constexpr const char* kMembers =
    "member_id,name,unit,sector,group,roles,joined,left\n"
    "A,甲,u,教育界,一组,member,2020-01-01,\n"
    "B,乙,u,经济界,二组,member,2020-01-01,\n"
    "C,丙,u,经济界,二组,member,2023-01-01,\n";

const char* const kHeader = testing::kRecordsHeader;

// Each proposal 20 points, each plenary absence -10 (starts at 50).
const char* const kRules = R"(
id: t
categories: [{id: c, start: 50}]
rules:
  - {id: proposal, category: c, when: {kind: proposal}, points: 20}
  - {id: absent, category: c, when: {kind: meeting, subtype: plenary, status: absent}, points: -10}
grades: [{label: 优秀, min: 90}, {label: 合格, min: 60}, {label: 不合格}]
across_years:
  - id: warning_talk
    label: 约谈
    when: {total_below: 60, years_in_a_row: 2}
  - id: not_renominated
    label: 不再连任
    over: term
    when_any:
      - {count: {kind: proposal}, fewer_than: 3}
      - {count: {kind: meeting, subtype: plenary, status: absent}, at_least: 2}
  - id: twice_failed
    label: 两年不合格
    when: {grade: 不合格, years_in_a_row: 2}
)";

struct YearsRun {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  MultiYearResult result;
  MemberIndex index(const char* id) const { return *members.find(id); }
  std::vector<std::string> flags(const char* id) const {
    std::vector<std::string> out;
    for (const auto& f : result.flags[index(id)]) out.push_back(rules.across_years[f.rule].id);
    return out;
  }
};

YearsRun run(const std::string& records, int from, int to, const char* yaml = kRules) {
  YearsRun r{testing::rules_from_yaml(yaml), {}, {}, {}};
  Problems problems;
  r.members = *read_members(kMembers, "members.csv", problems);
  auto batch = read_records(kHeader + records, "records.csv", r.members, problems);
  if (!batch) throw std::runtime_error("records do not load");
  r.records = std::move(*batch);
  r.result = evaluate_years(r.rules, r.members, r.records, from, to);
  return r;
}

TEST(AcrossYears, BelowSixtyTwoYearsInARowFlagsWarningTalk) {
  // A: 2022 50, 2023 50 (two years below 60), 2024 110 -> warning talk.
  const YearsRun r = run(
      "b1,B,2023-03-01,proposal,individual,,,,,,\n"
      "a1,A,2024-03-01,proposal,individual,,,,,,\n"
      "a2,A,2024-04-01,proposal,individual,,,,,,\n"
      "a3,A,2024-05-01,proposal,individual,,,,,,\n"
      "b2,B,2024-06-01,proposal,individual,,,,,,\n"
      "b3,B,2022-06-01,proposal,individual,,,,,,\n"
      "b4,B,2022-07-01,proposal,individual,,,,,,\n",
      2022, 2024);
  ASSERT_EQ(r.result.years, (std::vector<int>{2022, 2023, 2024}));
  EXPECT_EQ(r.result.scores[0].totals[r.index("A")], 5000);
  EXPECT_EQ(r.result.scores[2].totals[r.index("A")], 11000);
  EXPECT_EQ(r.flags("A"), (std::vector<std::string>{"warning_talk", "twice_failed"}));
  const std::string& why = r.result.flags[r.index("A")][0].reason;
  EXPECT_NE(why.find("2022 total 50.00 < 60.00"), std::string::npos) << why;
  EXPECT_NE(why.find("2023 total 50.00 < 60.00"), std::string::npos) << why;
  // B: 2022 90, 2023 70, 2024 70: fine every year, 4 proposals in the term.
  EXPECT_TRUE(r.flags("B").empty());
  const std::string flagged = multi_year_csv(r.rules, r.members, r.result, true);
  EXPECT_NE(flagged.find("\nA,"), std::string::npos);
  EXPECT_EQ(flagged.find("\nB,"), std::string::npos);
}

TEST(AcrossYears, AYearNotServedBreaksTheChain) {
  // C joined 2023: 2022 is not served, so 2022+2023 is not two in a row,
  // but 2023+2024 is.
  const YearsRun two = run("c1,C,2023-01-05,proposal,individual,,,,,,\n"
                      "c2,C,2023-02-05,proposal,individual,,,,,,\n"
                      "c3,C,2023-03-05,proposal,individual,,,,,,\n",
                      2022, 2023);
  EXPECT_TRUE(two.result.scores[0].flags[two.index("C")] & kNotServing);
  EXPECT_TRUE(two.flags("C").empty());
  // 2023 and 2024 at the starting 50: two years in a row below 60.
  const YearsRun three = run("c1,C,2023-01-05,meeting,plenary,present,,,,,\n", 2022, 2024);
  EXPECT_EQ(three.flags("C"), (std::vector<std::string>{"warning_talk", "not_renominated", "twice_failed"}));
}

TEST(AcrossYears, TermCountFlagsFewProposalsOrTwoPlenaryAbsences) {
  // A: 3 proposals over the term but 2 plenary absences -> not re-nominated.
  // B: 3 proposals, 1 absence -> kept.
  const YearsRun r = run(
      "a1,A,2022-03-01,proposal,individual,,,,,,\n"
      "a2,A,2023-03-01,proposal,individual,,,,,,\n"
      "a3,A,2024-03-01,proposal,individual,,,,,,\n"
      "a4,A,2022-01-10,meeting,plenary,absent,,,,,\n"
      "a5,A,2024-01-10,meeting,plenary,absent,,,,,\n"
      "b1,B,2022-03-01,proposal,individual,,,,,,\n"
      "b2,B,2022-04-01,proposal,individual,,,,,,\n"
      "b3,B,2024-03-01,proposal,individual,,,,,,\n"
      "b4,B,2023-01-10,meeting,plenary,absent,,,,,\n"
      "b9,B,2021-04-01,meeting,plenary,absent,,,,,\n",  // outside the term: ignored
      2022, 2024);
  const auto a = r.flags("A");
  EXPECT_NE(std::find(a.begin(), a.end(), "not_renominated"), a.end());
  const auto b = r.flags("B");
  EXPECT_EQ(std::find(b.begin(), b.end(), "not_renominated"), b.end());
  for (const auto& f : r.result.flags[r.index("A")]) {
    if (r.rules.across_years[f.rule].id == "not_renominated") {
      EXPECT_NE(f.reason.find("records 2022-2024: 2 >= 2"), std::string::npos) << f.reason;
    }
  }
}

TEST(AcrossYears, CsvNamesTheRuleLabelAndYears) {
  const YearsRun r = run("a1,A,2024-03-01,proposal,individual,,,,,,\n", 2023, 2024);
  const std::string csv = multi_year_csv(r.rules, r.members, r.result);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "member_id,name,2023_total,2023_grade,2024_total,2024_grade,flags,reasons");
  EXPECT_NE(csv.find("A,甲,50.00,不合格,70.00,合格,not_renominated,不再连任: "), std::string::npos) << csv;
}

// A `count` must count exactly the records a scoring rule with the same
// condition matches: checked on generated data for every kind of field.
TEST(AcrossYears, CountMatchesTheSameRecordsAsARuleWithTheSameCondition) {
  gen::Options options;
  options.members = 80;
  options.records_per_member = 40;
  options.year = 2024;
  options.seed = 99;
  const gen::Generated data = gen::build_in_memory(options);
  const Period year = Period::calendar_year(2024);
  for (const char* condition :
       {"{kind: proposal}", "{kind: meeting, subtype: plenary, status: absent}",
        "{kind: info, flags: [adopted]}", "{kind: proposal, not_flags: [filed]}",
        "{kind: proposal, position: {min: 2, max: 3}}", "{role: standing, kind: meeting}",
        "{sector: 经济界}", "[{kind: study}, {kind: charity, level: county}]"}) {
    SCOPED_TRACE(condition);
    const RuleSet rules = testing::rules_from_yaml(
        std::string("id: t\ncategories: [{id: c}]\nrules:\n  - {id: r, category: c, points: 1, when: ") + condition +
        "}\nacross_years:\n  - {id: x, over: term, when: {count: " + condition + ", at_least: 1}}\n");
    const MultiYearResult r = evaluate_years(rules, data.members, data.records, 2024, 2024);
    std::int64_t matched = 0;
    for (MemberIndex m = 0; m < data.members.size(); ++m) {
      const auto served = served_part(year, data.members.joined(m), data.members.left(m));
      if (!served || served->first != year.first || served->last != year.last) continue;
      std::int64_t counted = 0;
      if (!r.flags[m].empty()) {
        const std::string& why = r.flags[m][0].reason;  // "records 2024-2024: N >= 1"
        counted = std::stoll(why.substr(why.find(": ") + 2));
      }
      EXPECT_EQ(counted * 100, r.scores[0].totals[m]) << data.members.id(m);
      matched += counted;
    }
    EXPECT_GT(matched, 0);
  }
}

TEST(AcrossYearsRules, BadTestsAreErrorsWithTheirPlace) {
  Problems problems;
  EXPECT_FALSE(load_rules("id: t\ncategories: [{id: c}]\nacross_years:\n"
                          "  - {id: x, when: {total_below: 60, grade: A}}\n",
                          "t.yaml", problems));
  ASSERT_TRUE(problems.has_errors());
  EXPECT_EQ(problems.all()[0].where.line, 4);
  Problems p2;
  EXPECT_FALSE(load_rules("id: t\ncategories: [{id: c}]\nacross_years:\n"
                          "  - {id: x, over: terms, when: {count: {kind: proposal}}}\n",
                          "t.yaml", p2));
  std::string all;
  for (const auto& p : p2.all()) all += p.message + "\n";
  EXPECT_NE(all.find("did you mean 'term'"), std::string::npos) << all;
  EXPECT_NE(all.find("'fewer_than' and 'at_least'"), std::string::npos) << all;
}

TEST(AcrossYearsCli, GeneratedYearsConcatenatedAreScoredPerYear) {
  // Three generated years (a seed each) over the same member ids, record ids
  // made distinct by a year prefix.
  const std::string dir = ::testing::TempDir() + "multi_year_cli";
  std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str());
  std::string records = std::string(kHeader);
  for (int year : {2023, 2024, 2025}) {
    const std::string sub = dir + "/" + std::to_string(year);
    const auto gen = testing::run_command(std::string(DUTYSCORE_GEN) + " --members 40 --records-per-member 20 --seed " +
                                          std::to_string(year) + " --year " + std::to_string(year) + " --out " + sub + " 2>&1");
    ASSERT_EQ(gen.exit_code, 0) << gen.out;
    std::istringstream in(testing::slurp(sub + "/records.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) records += "Y" + std::to_string(year) + line + "\n";
  }
  std::system(("cp " + dir + "/2023/members.csv " + dir + "/members.csv").c_str());
  std::ofstream(dir + "/records.csv") << records;
  std::ofstream(dir + "/rules.yaml")
      << testing::default_rules_core() +
             "\nacross_years:\n  - {id: warning_talk, label: 约谈, when: {total_below: 60, years_in_a_row: 2}}\n";
  const auto out = testing::run_command(testing::cli() + " years --rules " + dir + "/rules.yaml --members " + dir +
                                        "/members.csv --records " + dir + "/records.csv --from-year 2023 --to-year 2025 2>/dev/null");
  ASSERT_EQ(out.exit_code, 0) << out.out;
  EXPECT_EQ(out.out.substr(0, out.out.find('\n')),
            "member_id,name,2023_total,2023_grade,2024_total,2024_grade,2025_total,2025_grade,flags,reasons");
  EXPECT_EQ(std::count(out.out.begin(), out.out.end(), '\n'), 41);
  // Each year's column equals a one-year score of that year.
  const auto score = testing::run_command(testing::cli() + " score --quiet --rules " + dir + "/rules.yaml --members " + dir +
                                          "/members.csv --records " + dir + "/records.csv --year 2024 2>/dev/null");
  ASSERT_EQ(score.exit_code, 0);
  const auto job = testing::load_job(dir + "/rules.yaml", dir + "/members.csv", dir + "/records.csv");
  const auto multi = evaluate_years(job.rules, job.members, job.records, 2023, 2025);
  const Scores one = evaluate(job.rules, job.members, job.records, Period::calendar_year(2024));
  EXPECT_EQ(multi.scores[1].totals, one.totals);
  EXPECT_NE(multi.scores[0].totals, one.totals);
  const auto usage = testing::run_command(testing::cli() + " years --rules x --members y --records z --from-year 2025 --to-year 2023 2>&1");
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace dutyscore
