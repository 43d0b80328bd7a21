// The rule-file format: every key parses into the right model value, and
// every mistake a clerk can make is reported with its line and column.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dutyscore/rule_loader.h"

#ifndef DUTYSCORE_SOURCE_DIR
#error "DUTYSCORE_SOURCE_DIR must name the source tree"
#endif

namespace dutyscore {
namespace {

struct Loaded {
  std::optional<RuleSet> set;
  Problems problems;
};

Loaded load(const std::string& yaml) {
  Loaded out;
  out.set = load_rules(yaml, "test.yaml", out.problems);
  return out;
}

std::string dump(const Problems& problems) {
  std::string out;
  for (const auto& p : problems.all()) out += format_problem(p) + "\n";
  return out;
}

// The first problem whose message contains `needle`, or nullptr.
const Problem* find(const Problems& problems, const std::string& needle) {
  for (const auto& p : problems.all()) {
    if (p.message.find(needle) != std::string::npos) return &p;
  }
  return nullptr;
}

// Asserts a problem of `severity` mentioning `needle` sits at line:column.
void expect_problem(const Loaded& loaded, Severity severity, const std::string& needle, int line,
                    int column) {
  const Problem* p = find(loaded.problems, needle);
  ASSERT_NE(p, nullptr) << "no problem mentioning '" << needle << "' in:\n" << dump(loaded.problems);
  EXPECT_EQ(p->severity, severity) << format_problem(*p);
  EXPECT_EQ(p->where.file, "test.yaml");
  EXPECT_EQ(p->where.line, line) << format_problem(*p);
  EXPECT_EQ(p->where.column, column) << format_problem(*p);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A valid file: one category, one rule. Tests append or replace parts.
const char* kMinimal = R"(id: t
categories:
  - id: meetings
rules:
  - id: plenary
    category: meetings
    when: {kind: meeting, subtype: plenary}
    points: 5
)";

TEST(RuleLoader, MinimalFileLoadsWithDefaults) {
  auto r = load(kMinimal);
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_TRUE(r.problems.empty()) << dump(r.problems);
  const RuleSet& s = *r.set;
  EXPECT_EQ(s.id, "t");
  EXPECT_EQ(s.name, "t");  // name defaults to the id
  EXPECT_EQ(s.precision, 2);
  EXPECT_FALSE(s.period);
  ASSERT_EQ(s.categories.size(), 1u);
  EXPECT_EQ(s.categories[0].label, "meetings");  // label defaults to the id
  EXPECT_EQ(s.categories[0].start, 0);
  EXPECT_FALSE(s.categories[0].max);
  EXPECT_FALSE(s.categories[0].floor);
  ASSERT_EQ(s.rules.size(), 1u);
  const Rule& rule = s.rules[0];
  EXPECT_EQ(rule.label, "plenary");
  EXPECT_EQ(rule.category, "meetings");
  EXPECT_EQ(rule.points, 500);
  EXPECT_EQ(rule.share.mode, ShareMode::Full);
  EXPECT_EQ(rule.count, CountMode::All);
  EXPECT_EQ(rule.from_nth, 1);
  EXPECT_EQ(rule.limit, 0);
  EXPECT_FALSE(rule.max);
  EXPECT_FALSE(rule.per_quantity);
  ASSERT_EQ(rule.when.size(), 1u);
  EXPECT_EQ(rule.when[0].kinds, std::vector<std::string>{"meeting"});
  EXPECT_EQ(rule.when[0].subtypes, std::vector<std::string>{"plenary"});
  EXPECT_EQ(s.ranking.ties, TieMode::Competition);
  EXPECT_EQ(s.ranking.vetoed, VetoedRank::Normal);
  EXPECT_TRUE(s.grades.empty());
  EXPECT_EQ(s.source_file, "test.yaml");
  EXPECT_EQ(s.source_text, kMinimal);
}

TEST(RuleLoader, ChineseNameAndLabelsAreKept) {
  auto r = load(R"(id: t
name: 委员履职考核办法
categories:
  - {id: meetings, label: 出席会议}
rules:
  - {id: plenary, label: 出席全会, category: meetings, when: {kind: meeting}, points: 5}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.set->name, "委员履职考核办法");
  EXPECT_EQ(r.set->categories[0].label, "出席会议");
  EXPECT_EQ(r.set->rules[0].label, "出席全会");
}

TEST(RuleLoader, PrecisionScalesEveryAmountOfPoints) {
  auto r = load(R"(id: t
precision: 1
categories:
  - {id: a, start: 10, max: 12.5, floor: -2}
rules:
  - {id: r, category: a, when: {kind: info}, points: 2.5}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.set->precision, 1);
  EXPECT_EQ(r.set->categories[0].start, 100);
  EXPECT_EQ(*r.set->categories[0].max, 125);
  EXPECT_EQ(*r.set->categories[0].floor, -20);
  EXPECT_EQ(r.set->rules[0].points, 25);
}

TEST(RuleLoader, PointsWithMoreDecimalsThanPrecisionAreAnErrorAtTheValue) {
  auto r = load(R"(id: t
precision: 1
categories:
  - id: a
rules:
  - id: r
    category: a
    when: {kind: info}
    points: 2.55
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "more decimals than precision 1", 9, 13);
}

TEST(RuleLoader, PrecisionOutOfRangeIsAnError) {
  auto r = load(R"(id: t
precision: 7
categories: [{id: a}]
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'precision' in the rule file must be between 0 and 6", 2, 12);
}

TEST(RuleLoader, PointsThatAreNotANumberNameLineAndColumn) {
  auto r = load(R"(id: t
categories:
  - id: a
rules:
  - id: r
    category: a
    when: {kind: info}
    points: abc
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'points' in rule 'r' must be a number, got 'abc'", 8, 13);
}

TEST(RuleLoader, UnknownKeyNamesLineAndColumn) {
  auto r = load(R"(id: t
categories:
  - id: a
rules:
  - id: plenary
    catgory: a
    when: {kind: meeting}
    points: 1
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error,
                 "unknown key 'catgory' in rule 'plenary'; did you mean 'category'?", 6, 5);
}

TEST(RuleLoader, UnknownTopLevelKeySuggestsTheNearestKey) {
  auto r = load(std::string(kMinimal) + "minimum:\n  - id: x\n");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error,
                 "unknown key 'minimum' in the rule file; did you mean 'minimums'?", 9, 1);
}

TEST(RuleLoader, UnknownKeyFarFromAnyKnownKeyHasNoSuggestion) {
  auto r = load(R"(id: t
categories:
  - {id: a, colour: red}
)");
  EXPECT_FALSE(r.set);
  const Problem* p = find(r.problems, "unknown key 'colour' in category 'a'");
  ASSERT_NE(p, nullptr) << dump(r.problems);
  EXPECT_EQ(p->message.find("did you mean"), std::string::npos);
  EXPECT_EQ(p->where.line, 3);
  EXPECT_EQ(p->where.column, 13);
}

TEST(RuleLoader, DuplicateKeyInAMapIsAnError) {
  auto r = load(R"(id: t
categories:
  - id: a
rules:
  - id: r
    category: a
    when: {kind: info}
    points: 1
    points: 2
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "duplicate key 'points'", 9, 5);
}

TEST(RuleLoader, PeriodByYear) {
  auto r = load(std::string(kMinimal) + "period: {year: 2024}\n");
  ASSERT_TRUE(r.set) << dump(r.problems);
  ASSERT_TRUE(r.set->period);
  EXPECT_EQ(r.set->period->first, Period::calendar_year(2024).first);
  EXPECT_EQ(r.set->period->last, Period::calendar_year(2024).last);
}

TEST(RuleLoader, PeriodByDates) {
  auto r = load(std::string(kMinimal) + "period: {from: 2024-03-01, to: 2024-12-31}\n");
  ASSERT_TRUE(r.set) << dump(r.problems);
  ASSERT_TRUE(r.set->period);
  EXPECT_EQ(r.set->period->first, *parse_day("2024-03-01"));
  EXPECT_EQ(r.set->period->last, *parse_day("2024-12-31"));
}

TEST(RuleLoader, PeriodWithBadDateOrReversedRangeIsAnError) {
  auto bad_day = load(std::string(kMinimal) + "period: {from: 2024-02-30, to: 2024-12-31}\n");
  EXPECT_FALSE(bad_day.set);
  expect_problem(bad_day, Severity::Error, "must be a date like 2024-01-01, got '2024-02-30'", 9, 16);
  auto reversed = load(std::string(kMinimal) + "period: {from: 2024-12-31, to: 2024-01-01}\n");
  EXPECT_FALSE(reversed.set);
  expect_problem(reversed, Severity::Error, "ends before it starts", 9, 32);
  auto both = load(std::string(kMinimal) + "period: {year: 2024, to: 2024-01-01}\n");
  EXPECT_FALSE(both.set);
  EXPECT_NE(find(both.problems, "either 'year' or 'from'/'to'"), nullptr) << dump(both.problems);
}

TEST(RuleLoader, CategoryStartsFullWithFloorAndProrate) {
  auto r = load(R"(id: t
categories:
  - id: attendance
    label: 出席会议
    start: 50
    prorate_start: true
    max: 50
    floor: 0
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const Category& c = r.set->categories[0];
  EXPECT_EQ(c.start, 5000);
  EXPECT_TRUE(c.prorate_start);
  EXPECT_EQ(*c.max, 5000);
  EXPECT_EQ(*c.floor, 0);
  EXPECT_EQ(c.where.line, 3);
  EXPECT_EQ(c.where.column, 5);
}

TEST(RuleLoader, NegativeCategoryMaxIsAnError) {
  auto r = load(R"(id: t
categories:
  - {id: a, max: -5}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'max' in category 'a' must not be negative", 3, 18);
}

TEST(RuleLoader, CategoryFloorAboveMaxIsAnError) {
  auto r = load(R"(id: t
categories:
  - {id: a, max: 5, floor: 6}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'floor' in category 'a' is above its 'max'", 3, 28);
}

TEST(RuleLoader, DuplicateCategoryAndRuleIdsAreErrors) {
  auto r = load(R"(id: t
categories:
  - id: a
  - id: a
rules:
  - {id: r, category: a, when: {kind: info}, points: 1}
  - {id: r, category: a, when: {kind: info}, points: 2}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "duplicate category id 'a'", 4, 9);
  expect_problem(r, Severity::Error, "duplicate rule id 'r'", 7, 10);
}

TEST(RuleLoader, IdsMustBePlainAscii) {
  auto r = load(R"(id: t
categories:
  - id: 会议
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "must use only ASCII letters", 3, 9);
}

TEST(RuleLoader, MissingRequiredKeysAreErrorsAtTheirMap) {
  auto r = load(R"(categories:
  - id: a
rules:
  - id: r
    when: {kind: info}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "the rule file needs an 'id'", 1, 1);
  expect_problem(r, Severity::Error, "rule 'r' needs a 'category'", 4, 5);
  expect_problem(r, Severity::Error, "rule 'r' needs 'points' (per record) or 'tiers'", 4, 5);
}

TEST(RuleLoader, RuleWithoutWhenIsAnError) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - {id: r, category: a, points: 1}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "rule 'r' needs a 'when'", 4, 5);
}

TEST(RuleLoader, UnknownCategoryReferenceSuggestsTheNearestCategory) {
  auto r = load(R"(id: t
categories:
  - id: attendance
rules:
  - id: r
    category: atendance
    when: {kind: meeting}
    points: 1
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error,
                 "unknown category 'atendance' in rule 'r'; did you mean 'attendance'?", 6, 15);
}

TEST(RuleLoader, ConditionFieldsTakeAValueOrAList) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - id: r
    category: a
    when:
      kind: activity
      subtype: [research, inspection]
      status: present
      level: [city, province]
      flags: [filed, key]
      not_flags: excellent
      position: 2
      role: standing
      sector: [教育界, 经济界]
      group: 第一活动组
    points: 1
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const Condition& c = r.set->rules[0].when.at(0);
  EXPECT_EQ(c.kinds, std::vector<std::string>{"activity"});
  EXPECT_EQ(c.subtypes, (std::vector<std::string>{"research", "inspection"}));
  EXPECT_EQ(c.statuses, std::vector<std::string>{"present"});
  EXPECT_EQ(c.levels, (std::vector<std::string>{"city", "province"}));
  EXPECT_EQ(c.flags_all, (std::vector<std::string>{"filed", "key"}));
  EXPECT_EQ(c.flags_none, std::vector<std::string>{"excellent"});
  EXPECT_EQ(c.position_min, 2);
  EXPECT_EQ(c.position_max, 2);
  EXPECT_EQ(c.roles, std::vector<std::string>{"standing"});
  EXPECT_EQ(c.sectors, (std::vector<std::string>{"教育界", "经济界"}));
  EXPECT_EQ(c.groups, std::vector<std::string>{"第一活动组"});
  EXPECT_EQ(c.where.line, 7);
  EXPECT_EQ(c.where.column, 7);
}

TEST(RuleLoader, WhenListMeansAnyOfTheConditions) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - id: r
    category: a
    when:
      - {kind: activity, subtype: research}
      - {kind: meeting, subtype: consultation, position: {min: 2}}
    points: 1
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  ASSERT_EQ(r.set->rules[0].when.size(), 2u);
  EXPECT_EQ(r.set->rules[0].when[1].position_min, 2);
  EXPECT_EQ(r.set->rules[0].when[1].position_max, 0);
  EXPECT_EQ(r.set->rules[0].when[1].where.line, 8);
}

TEST(RuleLoader, PositionRangeWithMinAboveMaxWarnsThatTheRuleNeverFires) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - id: r
    category: a
    when: {kind: proposal, position: {min: 3, max: 2}}
    points: 1
)");
  ASSERT_TRUE(r.set) << dump(r.problems);  // a warning, not an error
  expect_problem(r, Severity::Warning, "can never match: position min 3 is above max 2", 6, 38);
}

TEST(RuleLoader, FlagBothRequiredAndExcludedWarns) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - {id: r, category: a, when: {kind: proposal, flags: filed, not_flags: filed}, points: 1}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  expect_problem(r, Severity::Warning, "flag 'filed' is both required and excluded", 4, 32);
}

TEST(RuleLoader, EmptyWhenListWarnsThatTheRuleNeverFires) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - {id: r, category: a, when: [], points: 1}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  expect_problem(r, Severity::Warning, "can never match: its 'when' list is empty", 4, 32);
}

TEST(RuleLoader, UnknownVocabularyWarnsWithSuggestionButLoads) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - id: r
    category: a
    when: {kind: meetng, status: absnt, flags: [adoptd], level: provnce}
    points: 1
  - id: own
    category: a
    when: {kind: poetry_reading}
    points: 1
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.problems.error_count(), 0u);
  expect_problem(r, Severity::Warning, "kind 'meetng' in the 'when' of rule 'r' is not in the standard vocabulary; did you mean 'meeting'?", 6, 18);
  expect_problem(r, Severity::Warning, "status 'absnt'", 6, 34);
  expect_problem(r, Severity::Warning, "flag 'adoptd'", 6, 49);
  expect_problem(r, Severity::Warning, "level 'provnce'", 6, 65);
  expect_problem(r, Severity::Warning, "kind 'poetry_reading'", 10, 18);
}

TEST(RuleLoader, SubtypeIsCheckedAgainstItsKind) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - {id: r, category: a, when: {kind: meeting, subtype: research}, points: 1}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  expect_problem(r, Severity::Warning, "subtype 'research'", 4, 57);
}

TEST(RuleLoader, WrongTypeForWhenIsAnError) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - {id: r, category: a, when: 5, points: 1}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'when' in rule 'r' must be a map", 4, 32);
}

TEST(RuleLoader, PointsByLevelBecomeATable) {
  auto r = load(R"(id: t
categories: [{id: bonus}]
rules:
  - id: honour
    category: bonus
    when: {kind: honor}
    points: {by: level, national: 10, province: 8, prefecture: 6, city: 4}
    count: highest
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const Rule& rule = r.set->rules[0];
  EXPECT_EQ(rule.points_by, "level");
  EXPECT_EQ(rule.points_table.size(), 4u);
  EXPECT_EQ(rule.points_table.at("national"), 1000);
  EXPECT_EQ(rule.points_table.at("city"), 400);
  EXPECT_EQ(rule.count, CountMode::Highest);
}

TEST(RuleLoader, PointsByStatusMayBeNegative) {
  auto r = load(R"(id: t
categories: [{id: a, start: 10, floor: 0}]
rules:
  - {id: r, category: a, when: {kind: meeting}, points: {by: status, late: -1, absent: -1.5}}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.set->rules[0].points_table.at("absent"), -150);
}

TEST(RuleLoader, PointsByAnUnknownAttributeIsAnError) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - {id: r, category: a, when: {kind: honor}, points: {by: levle, city: 4}}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'by' in rule 'r' must be level, status, subtype or kind, got 'levle'; did you mean 'level'?", 4, 60);
}

TEST(RuleLoader, SplitShareAcceptsAFractionOrADecimal) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: a, category: p, when: {kind: proposal}, points: 10, share: {first: 1/2}}
  - {id: b, category: p, when: {kind: proposal}, points: 10, share: {first: 0.6}}
  - {id: c, category: p, when: {kind: proposal}, points: 10, share: full}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const auto& rules = r.set->rules;
  EXPECT_EQ(rules[0].share.mode, ShareMode::Split);
  EXPECT_EQ(rules[0].share.first.num * 2, rules[0].share.first.den);
  EXPECT_EQ(rules[1].share.mode, ShareMode::Split);
  EXPECT_EQ(rules[1].share.first.num * 10, rules[1].share.first.den * 6);
  EXPECT_EQ(rules[2].share.mode, ShareMode::Full);
}

TEST(RuleLoader, SplitShareAboveOneIsAnError) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: a, category: p, when: {kind: proposal}, points: 10, share: {first: 3/2}}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "must not be more than 1", 4, 77);
}

TEST(RuleLoader, FirstNAndByPositionShares) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: collective, category: p, when: {kind: proposal}, points: 10, share: {first_n: 3}}
  - id: filed
    category: p
    when: {kind: proposal, flags: filed}
    share: {by_position: {1: 20, 2: 15, other: 15}}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.set->rules[0].share.mode, ShareMode::FirstN);
  EXPECT_EQ(r.set->rules[0].share.n, 3);
  const Share& s = r.set->rules[1].share;
  EXPECT_EQ(s.mode, ShareMode::ByPosition);
  EXPECT_EQ(s.position_points.size(), 2u);
  EXPECT_EQ(s.position_points.at(1), 2000);
  EXPECT_EQ(s.position_points.at(2), 1500);
  EXPECT_EQ(s.other_points, 1500);
}

TEST(RuleLoader, ByPositionShareStandsInForPoints) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: a, category: p, when: {kind: proposal}, points: 3, share: {by_position: {1: 20}}}
  - {id: b, category: p, when: {kind: proposal}, share: {by_position: {1: 20}}, tiers: [{at_least: 1, points: 1}]}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Warning, "'points' in rule 'a' is not used", 4, 50);
  expect_problem(r, Severity::Error, "rule 'b' has both 'share: {by_position}' and 'tiers'", 5, 81);
}

TEST(RuleLoader, ShareWithTwoModesOrABadWordIsAnError) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: a, category: p, when: {kind: proposal}, points: 1, share: {first: 1/2, first_n: 2}}
  - {id: b, category: p, when: {kind: proposal}, points: 1, share: split}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "needs exactly one of first, first_n or by_position", 4, 68);
  expect_problem(r, Severity::Error, "'share' in rule 'b' must be 'full'", 5, 68);
}

TEST(RuleLoader, OrdinalLimitOnceAndMax) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: second_on, category: p, when: {kind: proposal}, points: 5, from: 2, limit: 4, max: 20}
  - {id: notes, category: p, when: {kind: study}, points: 5, once: true}
  - {id: plain, category: p, when: {kind: study}, points: 5, once: false}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const auto& rules = r.set->rules;
  EXPECT_EQ(rules[0].from_nth, 2);
  EXPECT_EQ(rules[0].limit, 4);
  EXPECT_EQ(*rules[0].max, 2000);
  EXPECT_EQ(rules[1].limit, 1);
  EXPECT_EQ(rules[2].limit, 0);
}

TEST(RuleLoader, OnceTogetherWithLimitIsAnError) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: r, category: p, when: {kind: study}, points: 5, once: true, limit: 2}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "has both 'once' and 'limit'", 4, 58);
}

TEST(RuleLoader, FromAndLimitMustBePositiveWholeNumbers) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: r, category: p, when: {kind: study}, points: 5, from: 0, limit: 1.5}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'from' in rule 'r' must be between 1", 4, 64);
  expect_problem(r, Severity::Error, "'limit' in rule 'r' must be a whole number, got '1.5'", 4, 74);
}

TEST(RuleLoader, NegativeRuleMaxIsAnError) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: r, category: p, when: {kind: study}, points: 5, max: -1}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'max' in rule 'r' must not be negative", 4, 63);
}

TEST(RuleLoader, CountOtherThanAllOrHighestIsAnError) {
  auto r = load(R"(id: t
categories: [{id: p}]
rules:
  - {id: r, category: p, when: {kind: honor}, points: 5, count: highst}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'count' in rule 'r' must be all or highest, got 'highst'; did you mean 'highest'?", 4, 65);
}

TEST(RuleLoader, TiersAreSortedHighestFirst) {
  auto r = load(R"(id: t
categories: [{id: act}]
rules:
  - id: activities
    category: act
    when: {kind: activity}
    tiers:
      - {at_least: 1, points: 10}
      - {at_least: 4, points: 30}
      - {at_least: 2, points: 20}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const auto& tiers = r.set->rules[0].tiers;
  ASSERT_EQ(tiers.size(), 3u);
  EXPECT_EQ(tiers[0].at_least, 4);
  EXPECT_EQ(tiers[0].points, 3000);
  EXPECT_EQ(tiers[2].at_least, 1);
  EXPECT_FALSE(r.set->rules[0].tiers_by_quantity);
}

TEST(RuleLoader, TiersByQuantityReadAtLeastInTenThousandths) {
  auto r = load(R"(id: t
categories: [{id: charity}]
rules:
  - id: volunteer
    category: charity
    when: {kind: charity, subtype: volunteer}
    tiers_by: quantity
    tiers:
      - {at_least: 20, points: 5}
      - {at_least: 7.5, points: 2}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const Rule& rule = r.set->rules[0];
  EXPECT_TRUE(rule.tiers_by_quantity);
  EXPECT_EQ(rule.tiers[0].at_least, 200000);
  EXPECT_EQ(rule.tiers[1].at_least, 75000);
}

TEST(RuleLoader, PointsAndTiersTogetherIsAnError) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - id: r
    category: a
    when: {kind: activity}
    points: 1
    tiers: [{at_least: 1, points: 2}]
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "has both 'points' and 'tiers'", 8, 5);
}

TEST(RuleLoader, DuplicateTierThresholdIsAnError) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules:
  - id: r
    category: a
    when: {kind: activity}
    tiers: [{at_least: 2, points: 2}, {at_least: 2, points: 3}]
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "same 'at_least'", 7, 50);
}

TEST(RuleLoader, PerQuantityIsRead) {
  auto r = load(R"(id: t
categories: [{id: c}]
rules:
  - {id: hours, category: c, when: {kind: charity, subtype: volunteer}, points: 0.5, per_quantity: true}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_TRUE(r.set->rules[0].per_quantity);
  EXPECT_EQ(r.set->rules[0].points, 50);
}

TEST(RuleLoader, BooleanMustBeTrueOrFalse) {
  auto r = load(R"(id: t
categories: [{id: c}]
rules:
  - {id: hours, category: c, when: {kind: charity}, points: 1, per_quantity: maybe}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "must be true or false, got 'maybe'", 4, 78);
}

const char* kTwoRules = R"(id: t
categories: [{id: p}, {id: q}]
grades:
  - {label: 优秀, min: 90}
  - {label: 称职, min: 60}
  - {label: 不称职}
rules:
  - {id: individual, category: p, when: {kind: proposal, subtype: individual}, points: 10}
  - {id: joint, category: p, when: {kind: proposal, subtype: joint}, points: 8}
  - {id: other, category: q, when: {kind: info}, points: 8}
)";

TEST(RuleLoader, ExclusiveGroupListsRulesOfOneCategory) {
  auto r = load(std::string(kTwoRules) + R"(exclusive:
  - {id: one_of, label: 个人联名取高, rules: [individual, joint]}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  ASSERT_EQ(r.set->exclusives.size(), 1u);
  const Exclusive& x = r.set->exclusives[0];
  EXPECT_EQ(x.label, "个人联名取高");
  EXPECT_EQ(x.rules, (std::vector<std::string>{"individual", "joint"}));
  EXPECT_EQ(x.where.line, 12);
}

TEST(RuleLoader, ExclusiveGroupMistakesAreErrors) {
  auto r = load(std::string(kTwoRules) + R"(exclusive:
  - {id: a, rules: [individual, jont]}
  - {id: b, rules: [individual, other]}
  - {id: c, rules: [individual]}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "unknown rule 'jont' in exclusive group 'a'; did you mean 'joint'?", 12, 33);
  expect_problem(r, Severity::Error, "rule 'other' in exclusive group 'b' is in category 'q'", 13, 33);
  expect_problem(r, Severity::Error, "exclusive group 'c' needs at least two rules", 14, 20);
}

TEST(RuleLoader, MinimumWithPenaltyAndGrade) {
  auto r = load(std::string(kTwoRules) + R"(minimums:
  - id: plenary
    label: 至少出席一次全会
    when: {kind: meeting, subtype: plenary, status: present}
    at_least: 1
    per: quarter
    prorate: true
    penalty: {points: 5, category: q}
    grade: 不称职
  - {id: info, when: {kind: info}, per: year, grade: 不称职}
  - {id: monthly, when: {kind: study}, per: month, penalty: {points: 1, category: p}}
  - {id: half, when: {kind: study}, per: half, at_least: 2, grade: 称职}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const auto& m = r.set->minimums;
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].label, "至少出席一次全会");
  EXPECT_EQ(m[0].at_least, 1);
  EXPECT_EQ(m[0].per, Granularity::Quarter);
  EXPECT_TRUE(m[0].prorate);
  EXPECT_EQ(m[0].penalty, 500);
  EXPECT_EQ(m[0].category, "q");
  EXPECT_EQ(m[0].grade, "不称职");
  EXPECT_EQ(m[0].where.line, 12);
  EXPECT_EQ(m[1].per, Granularity::Whole);
  EXPECT_EQ(m[1].penalty, 0);
  EXPECT_EQ(m[2].per, Granularity::Month);
  EXPECT_EQ(m[3].per, Granularity::HalfYear);
  EXPECT_EQ(m[3].at_least, 2);
}

TEST(RuleLoader, MinimumMistakesAreErrors) {
  auto r = load(std::string(kTwoRules) + R"(minimums:
  - {id: a, when: {kind: info}}
  - {id: b, when: {kind: info}, grade: 优良}
  - {id: c, when: {kind: info}, penalty: {points: -5, category: q}}
  - {id: d, when: {kind: info}, penalty: {points: 5, category: x}, per: week}
  - {id: a, when: {kind: info}, grade: 称职}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "minimum 'a' needs a 'penalty' or a 'grade'", 12, 5);
  expect_problem(r, Severity::Error, "unknown grade '优良' in minimum 'b'", 13, 40);
  expect_problem(r, Severity::Error, "write it as a positive number", 14, 51);
  expect_problem(r, Severity::Error, "unknown category 'x' in 'penalty' of minimum 'd'", 15, 64);
  expect_problem(r, Severity::Error, "'per' in minimum 'd' must be period, year, half, quarter or month, got 'week'", 15, 73);
  expect_problem(r, Severity::Error, "duplicate minimum id 'a'", 16, 10);
}

TEST(RuleLoader, VetoWithGradeAndZeroTotal) {
  auto r = load(std::string(kTwoRules) + R"(vetoes:
  - id: integrity
    label: 廉洁自律一票否决
    when: {kind: violation, subtype: [discipline, law]}
    grade: 不称职
    zero_total: true
  - {id: flag_only, when: {kind: violation}}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const auto& v = r.set->vetoes;
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].grade, "不称职");
  EXPECT_TRUE(v[0].zero_total);
  EXPECT_EQ(v[0].when.at(0).subtypes.size(), 2u);
  EXPECT_EQ(v[1].grade, "");
  EXPECT_FALSE(v[1].zero_total);
}

TEST(RuleLoader, VetoGradeNeedsGradesDefined) {
  auto r = load(std::string(kMinimal) + R"(vetoes:
  - {id: v, when: {kind: violation}, grade: 不称职}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "needs a 'grades' list defining it", 10, 45);
}

TEST(RuleLoader, GradeBandsHighestFirstWithCatchAll) {
  auto r = load(kTwoRules);
  ASSERT_TRUE(r.set) << dump(r.problems);
  const auto& g = r.set->grades;
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].label, "优秀");
  EXPECT_EQ(*g[0].min, 9000);
  EXPECT_EQ(*g[1].min, 6000);
  EXPECT_FALSE(g[2].min);
  EXPECT_EQ(r.set->grade_index("称职"), 1);
  EXPECT_EQ(r.set->grade_index("良好"), -1);
}

TEST(RuleLoader, BadGradeBandsAreErrors) {
  auto r = load(R"(id: t
categories: [{id: a}]
grades:
  - {label: 优秀, min: 90}
  - {label: 良好}
  - {label: 称职, min: 95}
  - {label: 称职, min: 10}
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "only the last grade may leave it out", 5, 5);
  expect_problem(r, Severity::Error, "grade '称职' must have a lower 'min' than grade '优秀'", 6, 22);
  expect_problem(r, Severity::Error, "duplicate grade '称职'", 7, 13);
}

TEST(RuleLoader, RankingOptions) {
  auto r = load(std::string(kTwoRules) + R"(ranking:
  ties: dense
  tie_break: [q, p]
  vetoed: unranked
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.set->ranking.ties, TieMode::Dense);
  EXPECT_EQ(r.set->ranking.tie_break, (std::vector<std::string>{"q", "p"}));
  EXPECT_EQ(r.set->ranking.vetoed, VetoedRank::Unranked);
  auto o = load(std::string(kTwoRules) + "ranking: {ties: ordinal, vetoed: last}\n");
  ASSERT_TRUE(o.set) << dump(o.problems);
  EXPECT_EQ(o.set->ranking.ties, TieMode::Ordinal);
  EXPECT_EQ(o.set->ranking.vetoed, VetoedRank::Last);
}

TEST(RuleLoader, RankingMistakesAreErrors) {
  auto r = load(std::string(kTwoRules) + R"(ranking:
  ties: olympic
  tie_break: [z]
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'ties' in 'ranking' must be competition, dense or ordinal", 12, 9);
  expect_problem(r, Severity::Error, "unknown category 'z' in 'tie_break'", 13, 15);
}

TEST(RuleLoader, YamlSyntaxErrorNamesLineAndColumn) {
  auto r = load("id: t\ncategories:\n  - id: a\n    label: [unclosed\n");
  EXPECT_FALSE(r.set);
  ASSERT_EQ(r.problems.error_count(), 1u) << dump(r.problems);
  const Problem& p = r.problems.all()[0];
  EXPECT_NE(p.message.find("not valid YAML"), std::string::npos) << p.message;
  EXPECT_GT(p.where.line, 0);
  EXPECT_GT(p.where.column, 0);
}

TEST(RuleLoader, YamlSyntaxErrorAtAKnownPlace) {
  // A tab-free mapping error: a key at the wrong indentation.
  auto r = load("id: t\ncategories:\n  - id: a\n bad: [1\n");
  EXPECT_FALSE(r.set);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(r.problems.all()[0].where.file, "test.yaml");
  EXPECT_GE(r.problems.all()[0].where.line, 3);
}

TEST(RuleLoader, CollectsEveryProblemInOnePass) {
  auto r = load(R"(id: t
categories:
  - {id: a, max: -1}
rules:
  - {id: r1, category: b, when: {kind: info}, points: 1}
  - {id: r2, category: a, when: {kind: info}, points: x}
  - {id: r3, category: a, when: {kind: info}, pionts: 1}
)");
  EXPECT_FALSE(r.set);
  EXPECT_GE(r.problems.error_count(), 4u) << dump(r.problems);
  EXPECT_NE(find(r.problems, "must not be negative"), nullptr);
  EXPECT_NE(find(r.problems, "unknown category 'b'"), nullptr);
  EXPECT_NE(find(r.problems, "got 'x'"), nullptr);
  EXPECT_NE(find(r.problems, "did you mean 'points'"), nullptr);
}

TEST(RuleLoader, EmptyOrNonMapFileIsAnError) {
  auto empty = load("");
  EXPECT_FALSE(empty.set);
  EXPECT_NE(find(empty.problems, "empty"), nullptr) << dump(empty.problems);
  auto list = load("- a\n- b\n");
  EXPECT_FALSE(list.set);
  expect_problem(list, Severity::Error, "the rule file must be a map", 1, 1);
  auto none = load("id: t\n");
  EXPECT_FALSE(none.set);
  expect_problem(none, Severity::Error, "needs a 'categories' list", 1, 1);
}

TEST(RuleLoader, SectionThatIsNotAListIsAnError) {
  auto r = load(R"(id: t
categories: [{id: a}]
rules: plenary
)");
  EXPECT_FALSE(r.set);
  expect_problem(r, Severity::Error, "'rules' in the rule file must be a list", 3, 8);
}

TEST(RuleLoader, OddInputsNeverCrash) {
  const char* inputs[] = {
      "", "~", "[]", "{}", "42", "id: [a]\ncategories: {}",
      "id: t\ncategories: [~, 5, [a], {id: ~}]\nrules: [~, {id: r, when: [~, 1]}]",
      "id: t\ncategories: [{id: a}]\nrules: [{id: r, category: a, when: {position: {min: abc}}, points: 99999999999999999999}]",
      "id: t\ncategories: [{id: a}]\nrules: [{id: r, category: a, when: {kind: x}, tiers: 5}]",
      "id: t\ncategories: [{id: a}]\nrules: [{id: r, category: a, when: {kind: x}, points: {by: level}}]",
      "id: t\ncategories: [{id: a}]\nrules: [{id: r, category: a, when: {kind: x}, points: 1, share: {by_position: {0: 1, x: 2}}}]",
      "id: t\ncategories: [{id: a}]\nrules: [{id: r, category: a, when: {kind: x}, points: 1, share: {first: 1/0}}]",
      "id: t\ncategories: [{id: a}]\nminimums: [{id: m, when: {kind: x}, penalty: 5}]\nvetoes: [5]\ngrades: {}\nranking: []",
      "id: t\n? [a, b]\n: c\ncategories: [{id: a}]",
      "&a [*a]",
      "id: t\ncategories:\n  - &c {id: a}\n  - *c\n",
      "\xff\xfe" "bad",
  };
  for (const char* text : inputs) {
    Problems problems;
    auto set = load_rules(text, "odd.yaml", problems);
    EXPECT_FALSE(set) << text;
    EXPECT_TRUE(problems.has_errors()) << text;
  }
}

TEST(RuleLoader, ModelObjectsRememberWhereTheyWereWritten) {
  auto r = load(std::string(kTwoRules) + R"(exclusive:
  - {id: x, rules: [individual, joint]}
minimums:
  - {id: m, when: {kind: info}, grade: 不称职}
vetoes:
  - {id: v, when: {kind: violation}}
)");
  ASSERT_TRUE(r.set) << dump(r.problems);
  const RuleSet& s = *r.set;
  EXPECT_EQ(s.categories[1].where.line, 2);
  EXPECT_EQ(s.categories[1].where.column, 23);
  EXPECT_EQ(s.grades[2].where.line, 6);
  EXPECT_EQ(s.rules[1].where.line, 9);
  EXPECT_EQ(s.rules[1].where.column, 5);
  EXPECT_EQ(s.rules[1].when[0].where.line, 9);
  EXPECT_EQ(s.exclusives[0].where.line, 12);
  EXPECT_EQ(s.minimums[0].where.line, 14);
  EXPECT_EQ(s.minimums[0].when[0].where.line, 14);
  EXPECT_EQ(s.vetoes[0].where.line, 16);
  EXPECT_EQ(s.vetoes[0].where.file, "test.yaml");
}

TEST(RuleLoader, ReturnsNothingOnErrorEvenWhenProblemsAlreadyHeldErrors) {
  Problems problems;
  problems.error(Location{"earlier.csv", 1, 1, {}}, "an earlier error");
  auto set = load_rules(kMinimal, "test.yaml", problems);
  EXPECT_TRUE(set);  // only this file's errors decide
  EXPECT_EQ(problems.all().size(), 1u);
}

TEST(RuleLoader, MissingFileIsAnErrorAtLineZero) {
  Problems problems;
  auto set = load_rules_file("/nonexistent/dutyscore/rules.yaml", problems);
  EXPECT_FALSE(set);
  ASSERT_EQ(problems.all().size(), 1u);
  EXPECT_EQ(problems.all()[0].where.file, "/nonexistent/dutyscore/rules.yaml");
  EXPECT_EQ(problems.all()[0].where.line, 0);
}

TEST(RuleSetIndex, FindsCategoriesRulesAndGradesById) {
  auto r = load(kTwoRules);
  ASSERT_TRUE(r.set) << dump(r.problems);
  EXPECT_EQ(r.set->category_index("q"), 1);
  EXPECT_EQ(r.set->category_index("z"), -1);
  EXPECT_EQ(r.set->rule_index("joint"), 1);
  EXPECT_EQ(r.set->rule_index("nope"), -1);
  EXPECT_EQ(r.set->grade_index("不称职"), 2);
}

TEST(ShippedRules, EveryRuleFileInRulesLoadsWithoutErrors) {
  const std::filesystem::path dir = std::filesystem::path(DUTYSCORE_SOURCE_DIR) / "rules";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    Problems problems;
    auto set = load_rules_file(entry.path().string(), problems);
    EXPECT_TRUE(set) << entry.path() << "\n" << dump(problems);
    EXPECT_EQ(problems.error_count(), 0u) << dump(problems);
  }
  EXPECT_GE(files, 1);
}

TEST(ShippedRules, DefaultMethodCoversTheCountyDuties) {
  Problems problems;
  auto set = load_rules_file(DUTYSCORE_SOURCE_DIR "/rules/default.yaml", problems);
  ASSERT_TRUE(set) << dump(problems);
  EXPECT_TRUE(problems.empty()) << dump(problems);  // no vocabulary warnings either
  EXPECT_EQ(set->grades.size(), 4u);
  EXPECT_FALSE(set->vetoes.empty());
  EXPECT_GE(set->minimums.size(), 3u);
  EXPECT_FALSE(set->exclusives.empty());
}

TEST(ShippedRules, BadExamplesAllFail) {
  const std::filesystem::path dir = std::filesystem::path(DUTYSCORE_SOURCE_DIR) / "tests" / "bad_rules";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no tests/bad_rules";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    Problems problems;
    auto set = load_rules_file(entry.path().string(), problems);
    EXPECT_FALSE(set) << entry.path();
    EXPECT_TRUE(problems.has_errors()) << entry.path();
    for (const auto& p : problems.all()) EXPECT_GT(p.where.line, 0) << format_problem(p);
  }
}

// Every complete example in docs/rules.md (a ```yaml block starting with
// "id:") must load, so the reference never drifts from the loader.
TEST(RulesDoc, EveryCompleteExampleLoads) {
  const std::string doc = read_text(DUTYSCORE_SOURCE_DIR "/docs/rules.md");
  ASSERT_FALSE(doc.empty());
  int examples = 0;
  std::size_t pos = 0;
  while ((pos = doc.find("```yaml\n", pos)) != std::string::npos) {
    pos += 8;
    const std::size_t end = doc.find("```", pos);
    if (end == std::string::npos) break;
    const std::string block = doc.substr(pos, end - pos);
    pos = end + 3;
    if (block.rfind("id:", 0) != 0) continue;
    ++examples;
    Problems problems;
    auto set = load_rules(block, "docs/rules.md example", problems);
    EXPECT_TRUE(set) << block << "\n" << dump(problems);
    EXPECT_EQ(problems.all().size(), 0u) << dump(problems);
  }
  EXPECT_GE(examples, 1);
}

// `names` and `office` (docs/rules.md §17).
TEST(RuleLoader, NamesOverrideTheStandardNamesAndNameOwnCodes) {
  const Loaded l = load(std::string(kMinimal) + R"(names:
  kind: {activity: 调研视察活动, salon: 委员沙龙}
  subtype: {meeting/other: 其他会议活动, other: 其他事项}
  flag: {key: 重点}
)");
  ASSERT_TRUE(l.set) << dump(l.problems);
  const RuleSet& rs = *l.set;
  EXPECT_EQ(rs.names.size(), 5u);
  EXPECT_EQ(rs.name_of(VocabularyField::Kind, "activity"), "调研视察活动");
  EXPECT_EQ(rs.name_of(VocabularyField::Kind, "salon"), "委员沙龙");          // the committee's own code
  EXPECT_EQ(rs.name_of(VocabularyField::Kind, "meeting"), "会议");            // standard
  EXPECT_EQ(rs.name_of(VocabularyField::Subtype, "other", "meeting"), "其他会议活动");  // the kind's own
  EXPECT_EQ(rs.name_of(VocabularyField::Subtype, "other", "activity"), "其他事项");     // any kind's
  EXPECT_EQ(rs.name_of(VocabularyField::Flag, "key"), "重点");
  EXPECT_EQ(rs.name_of(VocabularyField::Level, "unheard_of"), "unheard_of");  // neither: the code
}

TEST(RuleLoader, OfficeBlockIsReadWithItsDates) {
  const Loaded l = load(std::string(kMinimal) + R"(office:
  name: 政协安远县委员会办公室
  contact: 委员工作室　电话 0797-3721234
  appeal_by: 2026-01-31
  appeal_to: 政协安远县委员会委员工作室
  seal: 政协安远县委员会
  issued: 2026-01-10
)");
  ASSERT_TRUE(l.set) << dump(l.problems);
  const OfficeInfo& o = l.set->office;
  EXPECT_EQ(o.name, "政协安远县委员会办公室");
  EXPECT_EQ(o.contact, "委员工作室　电话 0797-3721234");
  EXPECT_EQ(o.appeal_by, days_from_civil(2026, 1, 31));
  EXPECT_EQ(o.appeal_to, "政协安远县委员会委员工作室");
  EXPECT_EQ(o.seal, "政协安远县委员会");
  EXPECT_EQ(o.issued, days_from_civil(2026, 1, 10));
}

TEST(RuleLoader, BadNamesAndOfficeValuesArePlaced) {
  const Loaded l = load(std::string(kMinimal) + R"(names:
  kind: {study: ""}
  level: {city/x: 市}
office:
  issued: tomorrow
  fax: 1
)");
  EXPECT_FALSE(l.set);
  expect_problem(l, Severity::Error, "the name of 'study' in 'kind' of 'names' is empty", 10, 17);
  expect_problem(l, Severity::Error, "only subtypes are written kind/subtype", 11, 11);
  expect_problem(l, Severity::Error, "'issued' in 'office' must be a date like 2026-01-31, got 'tomorrow'", 13, 11);
  expect_problem(l, Severity::Error, "unknown key 'fax' in 'office'", 14, 3);
}

// An office file's own problems name an office file, not a rule file, and
// its size limit is the rule files' (--max-rule-bytes raises both).
TEST(OfficeFile, ItsTextProblemsNameAnOfficeFile) {
  const auto first_error = [](const std::string& text) {
    Problems problems;
    EXPECT_FALSE(load_office(text, "office.yaml", problems));
    return problems.all().empty() ? std::string() : format_problem(problems.all()[0]);
  };
  EXPECT_EQ(first_error(std::string("name: a\0b\n", 11)),
            "office.yaml:1:8: error: the office file holds a NUL byte: it is not a text file");
  EXPECT_EQ(first_error("name: \xE9\n"),
            "office.yaml:1:7: error: the office file is not valid UTF-8 (byte 0xE9): it was saved "
            "in another encoding (GB18030 or Latin-1?); save it as UTF-8");
  EXPECT_EQ(first_error("name: a\n---\nname: b\n"),
            "office.yaml:2:1: error: a second YAML document starts here ('---'): an office file "
            "holds one document; remove this line");
  const std::string path = ::testing::TempDir() + "office_limit.yaml";
  {
    std::ofstream out(path);
    out << "name: " << std::string(100, 'x') << "\n";
  }
  Problems small;
  EXPECT_FALSE(load_office_file(path, small, 64));
  ASSERT_EQ(small.error_count(), 1u);
  EXPECT_NE(small.all()[0].message.find("the limit for this file (--max-rule-bytes raises it)"),
            std::string::npos)
      << small.all()[0].message;
  Problems enough;
  EXPECT_TRUE(load_office_file(path, enough, 4096)) << dump(enough);
  std::remove(path.c_str());
}

TEST(OfficeFile, ReadsTheOfficeKeysAtTheTopLevel) {
  Problems problems;
  const auto office = load_office("name: 政协某某县委员会办公室\nappeal_by: 2026-03-01\n", "office.yaml", problems);
  ASSERT_TRUE(office) << dump(problems);
  EXPECT_EQ(office->name, "政协某某县委员会办公室");
  EXPECT_EQ(office->appeal_by, days_from_civil(2026, 3, 1));
  Problems bad;
  EXPECT_FALSE(load_office("name: x\nseal: [a, b]\n", "office.yaml", bad));
  ASSERT_EQ(bad.error_count(), 1u) << dump(bad);
  EXPECT_EQ(format_problem(bad.all()[0]),
            "office.yaml:2:7: error: 'seal' in the office file must be a single value, not a list or map");
  Problems missing;
  EXPECT_FALSE(load_office_file("/nonexistent/office.yaml", missing));
  EXPECT_EQ(missing.error_count(), 1u);
  // An office block over another: the fields it sets win.
  OfficeInfo base = *office, over;
  over.contact = "电话 123";
  const OfficeInfo merged = merge_office(base, over);
  EXPECT_EQ(merged.name, "政协某某县委员会办公室");
  EXPECT_EQ(merged.contact, "电话 123");
}

}  // namespace
}  // namespace dutyscore
