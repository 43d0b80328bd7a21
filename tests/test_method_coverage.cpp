// Clauses of published methods that issue 16 made expressible (docs/rules.md
// §5, §6, §8, §12, §18): negation and "otherwise", blank values, points per
// period, rates, minimums by quantity, rounding of pro-rated amounts,
// rescaling, outside scores and weights, members who did not serve, and
// what explain shows. Each test is one clause on a tiny committee, with its
// result worked out by hand in the comment above it.
#include <gtest/gtest.h>

#include <algorithm>

#include "committee.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/data_check.h"
#include "dutyscore/notice_html.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/audit_notes.h"
#include "dutyscore/rule_loader.h"
#include "test_support.h"

namespace dutyscore {
namespace {

using testing::Committee;

constexpr Points operator""_pt(unsigned long long whole) { return static_cast<Points>(whole) * 100; }

const std::string kOneCategory = R"(
id: t
precision: 2
categories:
  - {id: c, label: 类别}
)";

// The audit lines of `member` of one kind.
std::vector<AuditLine> lines_of(const Committee& c, const char* member, AuditKind kind) {
  std::vector<AuditLine> out;
  for (const auto& line : c.audit(member).lines)
    if (line.kind == kind) out.push_back(line);
  return out;
}

// A line's note as `explain --lang en` prints it.
std::string english_note(const Committee& c, const AuditLine& line) {
  return audit_note(c.rules(), c.records(), line, Language::English);
}

bool has_note(const Committee& c, const std::vector<AuditLine>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const AuditLine& l) {
    return english_note(c, l).find(text) != std::string::npos;
  });
}

// ---------------------------------------------------------------- 1. negation, otherwise

// "其他会议缺席每次扣2分": absent from any meeting but the plenary. A blank
// subtype is not the plenary either: 3 absences count, -6.
TEST(Negation, NotSubtypeTakesEveryMeetingButThePlenary) {
  Committee c(kOneCategory + R"(
rules:
  - {id: absent_other, category: c, when: {kind: meeting, subtype: {not: plenary}, status: absent}, points: -2}
)",
              "1,A,2024-01-10,meeting,plenary,absent,,,,,\n"
              "2,A,2024-02-10,meeting,standing,absent,,,,,\n"
              "3,A,2024-03-10,meeting,consultation,absent,,,,,\n"
              "4,A,2024-04-10,meeting,,absent,,,,,\n"
              "5,A,2024-05-10,meeting,standing,present,,,,,\n");
  EXPECT_EQ(c.total("A"), -6_pt);
  c.expect_audits_add_up();
}

// "出席以外的情况每次扣1分": any status but present (leave, absent, late),
// and a meeting record with no status at all: -4.
TEST(Negation, NotStatusTakesAnythingButPresent) {
  Committee c(kOneCategory + R"(
rules:
  - {id: not_present, category: c, when: {kind: meeting, status: {not: present}}, points: -1}
)",
              "1,A,2024-01-10,meeting,plenary,present,,,,,\n"
              "2,A,2024-02-10,meeting,plenary,leave,,,,,\n"
              "3,A,2024-03-10,meeting,plenary,absent,,,,,\n"
              "4,A,2024-04-10,meeting,plenary,late,,,,,\n"
              "5,A,2024-05-10,meeting,plenary,,,,,,\n");
  EXPECT_EQ(c.total("A"), -4_pt);
}

// Member attributes negated: not a standing member (B and C), not 经济界
// (A only), not 二组 (A only).
TEST(Negation, NotRoleSectorOrGroupTestsTheMember) {
  Committee c(R"(
id: t
categories: [{id: by_role}, {id: by_sector}, {id: by_group}]
rules:
  - {id: r, category: by_role, when: {kind: study, role: {not: standing}}, points: 1}
  - {id: s, category: by_sector, when: {kind: study, sector: {not: 经济界}}, points: 1}
  - {id: g, category: by_group, when: {kind: study, group: {not: 二组}}, points: 1}
)",
              "1,A,2024-08-01,study,session,,,,,,\n"
              "2,B,2024-08-01,study,session,,,,,,\n"
              "3,C,2024-08-01,study,session,,,,,,\n");
  EXPECT_EQ(c.subtotal("A", "by_role"), 0);
  EXPECT_EQ(c.subtotal("B", "by_role"), 1_pt);
  EXPECT_EQ(c.subtotal("C", "by_role"), 1_pt);
  EXPECT_EQ(c.subtotal("A", "by_sector"), 1_pt);
  EXPECT_EQ(c.subtotal("B", "by_sector"), 0);
  EXPECT_EQ(c.subtotal("A", "by_group"), 1_pt);
  EXPECT_EQ(c.subtotal("C", "by_group"), 0);
  c.expect_audits_add_up();
}

// "每件立案提案：个人提案15分，其他10分": the individual one 15; joint,
// collective and one with no subtype 10 each (the remaining cases); an
// individual proposal not filed nothing. 15 + 10 + 10 + 10 = 45.
TEST(Otherwise, TheRemainingCasesOfARuleEarnTheOtherPoints) {
  Committee c(kOneCategory + R"(
rules:
  - {id: individual_filed, category: c, when: {kind: proposal, subtype: individual, flags: filed}, points: 15}
  - {id: other_filed, category: c, when: {kind: proposal, flags: filed}, otherwise: [individual_filed], points: 10}
)",
              "1,A,2024-01-10,proposal,individual,,P1,1,,filed,\n"
              "2,A,2024-02-10,proposal,joint,,P2,1,,filed,\n"
              "3,A,2024-03-10,proposal,collective,,P3,1,,filed,\n"
              "4,A,2024-04-10,proposal,,,P4,1,,filed,\n"
              "5,A,2024-05-10,proposal,individual,,P5,1,,,\n");
  EXPECT_EQ(c.total("A"), 45_pt);
  c.expect_audits_add_up();
}

// An exception decided per row: the first proposer 5, every other
// participant (position 2, and a blank position) 2: 5 + 2 + 2 = 9.
TEST(Otherwise, AnExceptionOnThePositionIsTestedRowByRow) {
  Committee c(kOneCategory + R"(
rules:
  - {id: first, category: c, when: {kind: proposal, position: 1}, points: 5}
  - {id: others, category: c, when: {kind: proposal}, otherwise: [first], points: 2}
)",
              "1,A,2024-01-10,proposal,joint,,P1,1,,,\n"
              "2,A,2024-02-10,proposal,joint,,P2,2,,,\n"
              "3,A,2024-03-10,proposal,individual,,P3,,,,\n");
  EXPECT_EQ(c.total("A"), 9_pt);
  c.expect_audits_add_up();
}

// Two rules that are each other's exception (§12 step 1: a rule matches
// when its `when` holds and no listed rule's `when` does): the first
// proposer's row meets both `when`s, so neither rule takes it and it is
// unmatched, in the counts as in the audit; the co-signer's row goes to
// `others` (2 points).
TEST(Otherwise, ARecordEveryRuleExceptsIsUnmatched) {
  Committee c(kOneCategory + R"(
rules:
  - {id: first, category: c, when: {kind: proposal, position: 1}, otherwise: [others], points: 5}
  - {id: others, category: c, when: {kind: proposal}, otherwise: [first], points: 2}
)",
              "1,A,2024-01-10,proposal,joint,,P1,1,,,\n"
              "2,A,2024-02-10,proposal,joint,,P2,2,,,\n");
  EXPECT_EQ(c.total("A"), 2_pt);
  EXPECT_EQ(c.scores().records_unmatched, 1u);
  EXPECT_EQ(lines_of(c, "A", AuditKind::Unmatched).size(), 1u);
  c.expect_audits_add_up();
}

// ---------------------------------------------------------------- 2. blank values

// `subtype: {blank: true}`: only records with no subtype (the info report
// without one, 3); `{is: joint, blank: true}`: joint or none (2 + 2).
TEST(BlankValues, ABlankTestMatchesOnlyTheBlankValue) {
  Committee c(R"(
id: t
categories: [{id: blank}, {id: joint_or_blank}]
rules:
  - {id: b, category: blank, when: {kind: info, subtype: {blank: true}}, points: 3}
  - {id: j, category: joint_or_blank, when: {kind: proposal, subtype: {is: joint, blank: true}}, points: 2}
)",
              "1,A,2024-01-10,info,,,,,,,\n"
              "2,A,2024-02-10,info,written,,,,,,\n"
              "3,A,2024-03-10,proposal,joint,,P1,1,,,\n"
              "4,A,2024-04-10,proposal,,,P2,1,,,\n"
              "5,A,2024-05-10,proposal,individual,,P3,1,,,\n");
  EXPECT_EQ(c.subtotal("A", "blank"), 3_pt);
  EXPECT_EQ(c.subtotal("A", "joint_or_blank"), 4_pt);
}

// "个人提案不填位次的视为提案人": with `blank_position: 1` a blank position is
// position 1 for conditions and for `by_position` (20, not `other` 10).
TEST(BlankValues, TheRuleSetStatesThatABlankPositionIsTheProposer) {
  const std::string rules = R"(
rules:
  - {id: first_signer, category: c, when: {kind: proposal, position: 1}, points: 1}
  - {id: by_place, category: c, when: {kind: proposal}, share: {by_position: {1: 20, other: 10}}}
)";
  const std::string records = "1,A,2024-01-10,proposal,individual,,P1,,,,\n";
  Committee without(kOneCategory + rules, records);
  Committee with(kOneCategory + "blank_position: 1\n" + rules, records);
  EXPECT_EQ(without.total("A"), 10_pt);
  EXPECT_EQ(with.total("A"), 21_pt);
  with.expect_audits_add_up();
}

// A split share with blank_position: the lone proposer of an individual
// proposal with a blank position is position 1 and takes everything; on a
// joint item the blank row is position 1 of 2 and takes the half.
TEST(BlankValues, ABlankPositionTakesTheFirstProposersSplit) {
  Committee c(kOneCategory + R"(
blank_position: 1
rules:
  - {id: joint, category: c, when: {kind: proposal}, points: 10, share: {first: 1/2}}
)",
              "1,A,2024-01-10,proposal,joint,,P1,,,,\n"
              "2,B,2024-01-10,proposal,joint,,P1,2,,,\n");
  EXPECT_EQ(c.total("A"), 5_pt);
  EXPECT_EQ(c.total("B"), 5_pt);
}

// `dutyscore check` on the data: proposals with a blank subtype that no
// rule takes, while the rule set tests proposals' subtype, are reported;
// info reports with no subtype are not (no rule tests their subtype).
TEST(BlankValues, CheckOnTheDataReportsBlankSubtypesNoRuleTakes) {
  Committee c(kOneCategory + R"(
rules:
  - {id: individual, category: c, when: {kind: proposal, subtype: individual}, points: 15}
  - {id: info, category: c, when: {kind: info}, points: 5}
)",
              "1,A,2024-01-10,proposal,,,P1,1,,,\n"
              "2,A,2024-01-10,info,,,,,,,\n"
              "3,B,2024-02-10,proposal,,,P2,1,,,\n"
              "4,B,2024-02-10,proposal,individual,,P3,1,,,\n");
  Problems problems;
  check_data(c.rules(), c.members(), c.records(), "records.csv", problems);
  ASSERT_EQ(problems.all().size(), 1u);
  EXPECT_EQ(format_problem(problems.all()[0]),
            "records.csv: warning: column 'subtype': 2 record(s) of kind 'proposal' have a blank "
            "subtype and match no rule, minimum or veto (the first is record '1'), though the rule "
            "set tests the subtype of 'proposal' records (rule 'individual'): fill in the subtype, "
            "or say what a blank one earns with 'subtype: {blank: true}', 'subtype: {not: ...}' or "
            "'otherwise'");
  const auto cli = testing::run_command(
      testing::cli() + " check " + testing::source_path("rules/tongcheng-2019.yaml") + " --members " +
      testing::source_path("tests/methods/tongcheng/members.csv") + " --records " +
      testing::source_path("tests/methods/tongcheng/records.csv") + " 2>&1");
  EXPECT_EQ(cli.exit_code, 0) << cli.out;
}

// ---------------------------------------------------------------- 3. points per period

// "每季度参加调研或视察的得2分，全年最多8分" with months: research in
// January (twice), February, April, May and July: 5 months x 2 = 10, cut
// to 8 by the rule's max. No minimum is involved: no member is flagged.
TEST(PointsPerPeriod, EachMonthWithResearchEarnsUpToTheRulesMaximum) {
  Committee c(kOneCategory + R"(
rules:
  - {id: research, category: c, when: {kind: activity, subtype: [research, inspection]}, per: month, points: 2, max: 8}
)",
              "1,A,2024-01-10,activity,research,,,,,,\n"
              "2,A,2024-01-20,activity,inspection,,,,,,\n"
              "3,A,2024-02-10,activity,research,,,,,,\n"
              "4,A,2024-04-10,activity,research,,,,,,\n"
              "5,A,2024-05-10,activity,research,,,,,,\n"
              "6,A,2024-07-10,activity,research,,,,,,\n"
              "7,B,2024-03-10,activity,seminar,,,,,,\n");
  EXPECT_EQ(c.total("A"), 8_pt);
  EXPECT_EQ(c.total("B"), 0);
  EXPECT_EQ(c.flags("A"), 0);
  EXPECT_EQ(c.flags("B"), 0);
  EXPECT_EQ(lines_of(c, "A", AuditKind::PerPeriod).size(), 5u);
  EXPECT_EQ(lines_of(c, "A", AuditKind::RuleMax).size(), 1u);
  c.expect_audits_add_up();
}

// `at_least: 2` a quarter: Q1 has 3 records, Q2 one, Q3 two: Q1 and Q3
// earn 3 each. C joined on 2024-07-01 and earns Q3's.
TEST(PointsPerPeriod, ASubPeriodNeedsAtLeastSoManyRecords) {
  Committee c(kOneCategory + R"(
rules:
  - {id: quarterly, category: c, when: {kind: activity}, per: quarter, at_least: 2, points: 3}
)",
              "1,A,2024-01-10,activity,research,,,,,,\n"
              "2,A,2024-02-10,activity,research,,,,,,\n"
              "3,A,2024-03-10,activity,research,,,,,,\n"
              "4,A,2024-05-10,activity,research,,,,,,\n"
              "5,A,2024-07-10,activity,research,,,,,,\n"
              "6,A,2024-09-10,activity,research,,,,,,\n"
              "7,C,2024-07-10,activity,research,,,,,,\n"
              "8,C,2024-08-10,activity,seminar,,,,,,\n");
  EXPECT_EQ(c.total("A"), 6_pt);
  EXPECT_EQ(c.total("C"), 3_pt);
  c.expect_audits_add_up();
}

// ---------------------------------------------------------------- 4. rates

// "全年出席率达到90%以上得30分，75%以上24分，60%以上18分，其余10分". A:
// present 9 of 10 (90% exactly: 以上 includes it) 30; B: 2 of 3 (66.67%)
// 18; C: no meeting at all, `no_records: 0`.
TEST(Rates, AttendanceRateTiersIncludeTheirBoundary) {
  std::string records;
  for (int i = 1; i <= 10; ++i)
    records += "A" + std::to_string(i) + ",A,2024-0" + std::to_string(i % 9 + 1) + "-15,meeting,standing," +
               (i == 10 ? "absent" : "present") + ",,,,,\n";
  records += "B1,B,2024-02-01,meeting,plenary,present,,,,,\n"
             "B2,B,2024-03-01,meeting,standing,present,,,,,\n"
             "B3,B,2024-04-01,meeting,standing,leave,,,,,\n";
  Committee c(kOneCategory + R"(
rules:
  - id: attendance
    category: c
    when: {kind: meeting}
    tiers_by: rate
    rate_of: {status: present}
    tiers:
      - {at_least: 90%, points: 30}
      - {at_least: 75%, points: 24}
      - {at_least: 60%, points: 18}
      - {at_least: 0%, points: 10}
)",
              records);
  EXPECT_EQ(c.total("A"), 30_pt);
  EXPECT_EQ(c.total("B"), 18_pt);
  EXPECT_EQ(c.total("C"), 0);
  EXPECT_TRUE(has_note(c, lines_of(c, "A", AuditKind::Tier), "9 of 10 records meet 'rate_of' (90.00%)"));
  EXPECT_EQ(lines_of(c, "A", AuditKind::Counting).size(), 10u);
  c.expect_audits_add_up();
}

// 8 of 9 (88.89%) is below 90% however it is rounded for display; 7 of 8
// (87.5%) is at least 7/8. No floating point: the comparison is exact.
TEST(Rates, TheComparisonIsExact) {
  std::string records;
  for (int i = 1; i <= 9; ++i)
    records += "A" + std::to_string(i) + ",A,2024-0" + std::to_string(i) + "-15,meeting,standing," +
               (i == 9 ? "absent" : "present") + ",,,,,\n";
  for (int i = 1; i <= 8; ++i)
    records += "B" + std::to_string(i) + ",B,2024-0" + std::to_string(i) + "-15,meeting,standing," +
               (i == 8 ? "absent" : "present") + ",,,,,\n";
  Committee c(kOneCategory + R"(
rules:
  - {id: rate, category: c, when: {kind: meeting}, tiers_by: rate, rate_of: {status: present},
     tiers: [{at_least: 0.9, points: 5}, {at_least: 7/8, points: 3}]}
)",
              records);
  EXPECT_EQ(c.total("A"), 3_pt);
  EXPECT_EQ(c.total("B"), 3_pt);
}

// "无会议记录的按满分计": a member with no matching record gets `no_records`
// (C), whatever the tiers; the others by their rate.
TEST(Rates, AMemberWithoutRecordsGetsWhatTheRuleSetSays) {
  Committee c(kOneCategory + R"(
rules:
  - {id: rate, category: c, when: {kind: meeting}, tiers_by: rate, rate_of: {status: present},
     tiers: [{at_least: 100%, points: 20}, {at_least: 50%, points: 10}], no_records: 20}
)",
              "1,A,2024-01-10,meeting,plenary,present,,,,,\n"
              "2,B,2024-01-10,meeting,plenary,absent,,,,,\n");
  EXPECT_EQ(c.total("A"), 20_pt);
  EXPECT_EQ(c.total("B"), 0);
  EXPECT_EQ(c.total("C"), 20_pt);
  c.expect_audits_add_up();
}

// ---------------------------------------------------------------- 5. minimums by quantity

// "每名委员每季度至少联系10名群众": the quantity of the service records is
// the people contacted. Q1 6 + 5 = 11 met, Q2 9 unmet, Q3 10 met, Q4
// none unmet: 2 x -1.
TEST(MinimumByQuantity, TenPeopleContactedEachQuarter) {
  Committee c(kOneCategory + R"(
minimums:
  - {id: contact, when: {kind: service}, by: quantity, at_least: 10, per: quarter, penalty: {points: 1, category: c}}
)",
              "1,A,2024-01-10,service,pairing_help,,,,,,6\n"
              "2,A,2024-02-10,service,pairing_help,,,,,,5\n"
              "3,A,2024-05-10,service,pairing_help,,,,,,9\n"
              "4,A,2024-08-10,service,pairing_help,,,,,,10\n");
  EXPECT_EQ(c.total("A"), -2_pt);
  const auto unmet = lines_of(c, "A", AuditKind::MinimumUnmet);
  ASSERT_EQ(unmet.size(), 1u);
  EXPECT_NE(english_note(c, unmet[0]).find("2024-04-01..2024-06-30: 9.0000 of 10.0000"),
            std::string::npos)
      << english_note(c, unmet[0]);
  c.expect_audits_add_up();
}

// ---------------------------------------------------------------- 6. rounding of pro-rated amounts

// C served 184 of 2024's 366 days. "至少2次" pro-rated: 2 x 184 / 366 =
// 1.005: half up 1, up (向上取整) 2, down 1; C has 1 record.
TEST(ProrateRounding, UpOwesTheNextWholeRecord) {
  auto flags_of_c = [](const char* rounding) {
    Committee c(kOneCategory + "prorate_rounding: " + rounding + R"(
minimums:
  - {id: twice, when: {kind: activity}, at_least: 2, prorate: true, penalty: {points: 1, category: c}}
)",
                "1,C,2024-08-10,activity,research,,,,,,\n");
    return c.flags("C");
  };
  EXPECT_EQ(flags_of_c("half_up"), 0);
  EXPECT_EQ(flags_of_c("up"), kMinimumUnmet);
  EXPECT_EQ(flags_of_c("down"), 0);
}

// "全年至少7.5小时志愿服务", pro-rated: A served the whole year and owes
// 7.5 as written (rounding 7.5 to a whole number, 8 half up or 7 down, is
// for members who served part of it). With 7.5 hours A meets it under every
// rounding; with 7 A does not. C (184 of 366 days) owes 7.5 x 184 / 366 =
// 3.77 hours: 4 half up and up, 3 down; C has 3.5.
TEST(ProrateRounding, AMemberWhoServedTheWholePeriodOwesTheQuantityAsWritten) {
  auto flags_of = [](const char* rounding, const char* member) {
    Committee c(kOneCategory + "prorate_rounding: " + rounding + R"(
minimums:
  - {id: hours, when: {kind: charity}, by: quantity, at_least: 7.5, prorate: true, penalty: {points: 1, category: c}}
)",
                "1,A,2024-03-10,charity,volunteer,,,,,,7.5\n"
                "2,B,2024-03-10,charity,volunteer,,,,,,7\n"
                "3,C,2024-08-10,charity,volunteer,,,,,,3.5\n");
    return c.flags(member);
  };
  for (const char* rounding : {"half_up", "up", "down"}) {
    EXPECT_EQ(flags_of(rounding, "A"), 0) << rounding;
    EXPECT_EQ(flags_of(rounding, "B"), kMinimumUnmet) << rounding;
  }
  EXPECT_EQ(flags_of("half_up", "C"), kMinimumUnmet);
  EXPECT_EQ(flags_of("up", "C"), kMinimumUnmet);
  EXPECT_EQ(flags_of("down", "C"), 0);
}

// "满分10分按在任天数折算": 10 x 184 / 366 = 5.0273...: half up 5.03, up
// 5.03, down 5.02.
TEST(ProrateRounding, ProRatedStartsRoundAsTheMethodSays) {
  auto start_of_c = [](const char* rounding) {
    Committee c(std::string("id: t\nprorate_rounding: ") + rounding +
                    "\ncategories: [{id: c, start: 10, prorate_start: true}]\n",
                "");
    return c.total("C");
  };
  EXPECT_EQ(start_of_c("half_up"), 503);
  EXPECT_EQ(start_of_c("up"), 503);
  EXPECT_EQ(start_of_c("down"), 502);
}

// ---------------------------------------------------------------- 7. rescaling

// "以最高分为基准折算为70分": A has 60 raw points (30 + 30), the best; B 45
// (20 + 25): B's part 45 x 70 / 60 = 52.50; its categories take the steps
// of the running total: a 20 x 70/60 = 23.33, then 52.50 - 23.33 = 29.17.
// A: 35.00 + 35.00 = 70.00 exactly.
TEST(Rescaling, TheBestMemberGetsTheStatedPointsAndOthersInProportion) {
  Committee c(R"(
id: t
categories: [{id: a}, {id: b}]
rules:
  - {id: ra, category: a, when: {kind: activity}, points: 5}
  - {id: rb, category: b, when: {kind: study}, points: 5}
parts:
  - {id: duty, categories: [a, b], rescale: {to: 70}}
)",
              "1,A,2024-01-10,activity,research,,,,,,\n2,A,2024-01-11,activity,research,,,,,,\n"
              "3,A,2024-01-12,activity,research,,,,,,\n4,A,2024-01-13,activity,research,,,,,,\n"
              "5,A,2024-01-14,activity,research,,,,,,\n6,A,2024-01-15,activity,research,,,,,,\n"
              "7,A,2024-02-10,study,session,,,,,,\n8,A,2024-02-11,study,session,,,,,,\n"
              "9,A,2024-02-12,study,session,,,,,,\n10,A,2024-02-13,study,session,,,,,,\n"
              "11,A,2024-02-14,study,session,,,,,,\n12,A,2024-02-15,study,session,,,,,,\n"
              "13,B,2024-01-10,activity,research,,,,,,\n14,B,2024-01-11,activity,research,,,,,,\n"
              "15,B,2024-01-12,activity,research,,,,,,\n16,B,2024-01-13,activity,research,,,,,,\n"
              "17,B,2024-02-10,study,session,,,,,,\n18,B,2024-02-11,study,session,,,,,,\n"
              "19,B,2024-02-12,study,session,,,,,,\n20,B,2024-02-13,study,session,,,,,,\n"
              "21,B,2024-02-14,study,session,,,,,,\n");
  EXPECT_EQ(c.total("A"), 70_pt);
  EXPECT_EQ(c.subtotal("A", "a"), 35_pt);
  EXPECT_EQ(c.total("B"), 5250);
  EXPECT_EQ(c.subtotal("B", "a"), 2333);
  EXPECT_EQ(c.subtotal("B", "b"), 2917);
  EXPECT_EQ(c.scores().part_best, std::vector<Points>{60_pt});
  EXPECT_TRUE(has_note(c, lines_of(c, "B", AuditKind::Rescale),
                       "part 'duty' 45.00 x 70.00 / 60.00 (the best member's points) = 52.50"));
  c.expect_audits_add_up();
}

// A vetoed member's points do not set the best: A (vetoed, 10 points) is
// not the benchmark; B (4 points) is, and gets 20; A is rescaled by the
// same factor, 10 x 20 / 4 = 50.
TEST(Rescaling, AVetoedMemberDoesNotSetTheBest) {
  Committee c(R"(
id: t
categories: [{id: a}]
rules:
  - {id: ra, category: a, when: {kind: activity}, points: 2}
vetoes:
  - {id: v, when: {kind: violation}}
parts:
  - {id: duty, categories: [a], rescale: {to: 20}}
)",
              "1,A,2024-01-10,activity,research,,,,,,\n2,A,2024-01-11,activity,research,,,,,,\n"
              "3,A,2024-01-12,activity,research,,,,,,\n4,A,2024-01-13,activity,research,,,,,,\n"
              "5,A,2024-01-14,activity,research,,,,,,\n6,A,2024-03-01,violation,discipline,,,,,,\n"
              "7,B,2024-01-10,activity,research,,,,,,\n8,B,2024-01-11,activity,research,,,,,,\n");
  EXPECT_EQ(c.total("B"), 20_pt);
  EXPECT_EQ(c.total("A"), 50_pt);
  c.expect_audits_add_up();
}

// "按满分100分折算为30分": points x 30 / 100 (A 7 -> 2.10), whatever the best.
TEST(Rescaling, AFixedScaleFromTheFullMarks) {
  Committee c(kOneCategory + R"(
rules:
  - {id: r, category: c, when: {kind: activity}, points: 7}
parts:
  - {id: p, categories: [c], rescale: {to: 30, from: 100}}
)",
              "1,A,2024-01-10,activity,research,,,,,,\n");
  EXPECT_EQ(c.total("A"), 210);
  c.expect_audits_add_up();
}

// Amounts whose product with the factor leaves 64 bits are still exact:
// 3 x 1,000,000,001 points x 0.123456789 = 370,370,367.370370367 ->
// 370370367.37 (the product in units, 3.0e11 x 123456789, is 3.7e19).
TEST(Rescaling, AWeightOnALargeAmountIsExact) {
  Committee c(kOneCategory + R"(
rules:
  - {id: r, category: c, when: {kind: activity}, points: 1000000001}
parts:
  - {id: p, categories: [c], weight: 123456789/1000000000}
)",
              "1,A,2024-01-10,activity,research,,,,,,\n2,A,2024-01-11,activity,research,,,,,,\n"
              "3,A,2024-01-12,activity,research,,,,,,\n");
  EXPECT_EQ(c.total("A"), Points{37037036737});
  c.expect_audits_add_up();
}

// With no member above 0 there is nothing to rescale to: the part is left
// as it is (B -3 stays -3).
TEST(Rescaling, NoPositiveBestLeavesThePartAsItIs) {
  Committee c(kOneCategory + R"(
rules:
  - {id: r, category: c, when: {kind: meeting, status: absent}, points: -3}
parts:
  - {id: p, categories: [c], rescale: {to: 70}}
)",
              "1,B,2024-01-10,meeting,plenary,absent,,,,,\n");
  EXPECT_EQ(c.total("B"), -3_pt);
  EXPECT_EQ(c.total("A"), 0);
}

// ---------------------------------------------------------------- 8. outside scores, weights

constexpr const char* kSurveyMembers =
    "member_id,name,unit,sector,group,roles,joined,left,民主测评\n"
    "A,甲,u,教育界,一组,member,2020-01-01,,90\n"
    "B,乙,u,经济界,二组,member,2020-01-01,,75.5\n"
    "C,丙,u,经济界,二组,member,2024-07-01,,\n";

const std::string kWeighted = R"(
id: t
categories:
  - {id: duty, label: 履职积分}
  - {id: survey, label: 民主测评, outside: {column: 民主测评, min: 0, max: 100, default: 60}}
rules:
  - {id: r, category: duty, when: {kind: activity}, points: 50}
parts:
  - {id: duty_part, categories: [duty], weight: 70%}
  - {id: survey_part, categories: [survey], weight: 30%}
)";

// "量化积分占70%，民主测评占30%". A: 50 x 70% + 90 x 30% = 35 + 27 = 62;
// B: 100 x 70% + 75.5 x 30% = 70 + 22.65 = 92.65; C has no survey score
// and takes the default 60: 18.
TEST(OutsideScores, AWeightedTotalOfDutyPointsAndASurvey) {
  Committee c(kWeighted,
              "1,A,2024-01-10,activity,research,,,,,,\n"
              "2,B,2024-01-10,activity,research,,,,,,\n"
              "3,B,2024-02-10,activity,research,,,,,,\n",
              Period::calendar_year(2024), kSurveyMembers);
  EXPECT_EQ(c.total("A"), 62_pt);
  EXPECT_EQ(c.subtotal("B", "survey"), 2265);
  EXPECT_EQ(c.total("B"), 9265);
  EXPECT_EQ(c.total("C"), 18_pt);
  EXPECT_EQ(lines_of(c, "A", AuditKind::Outside).size(), 1u);
  c.expect_audits_add_up();
}

Problems outside_problems(const std::string& yaml, const std::string& members_text,
                          std::vector<OutsideSource> extra = {}) {
  Problems problems;
  const RuleSet rules = testing::rules_from_yaml(yaml);
  MemberTable members = *read_members(members_text, "members.csv", problems);
  std::vector<OutsideSource> sources{{"members.csv", members_text}};
  sources.insert(sources.end(), extra.begin(), extra.end());
  attach_outside_scores(rules, Period::calendar_year(2024), sources, Encoding::Auto, members,
                        problems);
  return problems;
}

std::string messages(const Problems& problems) {
  std::string out;
  for (const auto& p : problems.all()) out += format_problem(p) + "\n";
  return out;
}

// Without a default, a serving member's missing score is an error naming
// the member and file; so is a score outside min..max.
TEST(OutsideScores, AMissingOrOutOfRangeScoreIsAnErrorNamingTheMember) {
  std::string yaml = kWeighted;
  yaml.replace(yaml.find(", default: 60"), 13, "");
  const std::string members =
      "member_id,name,joined,民主测评\nA,甲,2020-01-01,101\nB,乙,2020-01-01,\nD,丁,2030-01-01,\n";
  EXPECT_EQ(messages(outside_problems(yaml, members)),
            "members.csv:2: error: column '民主测评': the '民主测评' score of member 'A', 101.00, is "
            "outside the range 0.00..100.00 of category 'survey'\n"
            "members.csv:3: error: column '民主测评': member 'B' has no '民主测评' score in "
            "members.csv, which category 'survey' needs; give it, or a 'default' in the rule set\n");
}

// A separate scores file keyed by member_id, when the members file lacks
// the column; an unknown member there is an error.
TEST(OutsideScores, ASeparateScoresFileKeyedByMemberId) {
  const std::string survey = "member_id,民主测评\nA,80\nB,70\nC,60\nZ,50\n";
  EXPECT_EQ(messages(outside_problems(kWeighted, testing::kMembers, {{"survey.csv", survey}})),
            "survey.csv:5: error: column 'member_id': member 'Z' is not in the members file\n");
  const std::string good = "member_id,民主测评\nA,80\nB,70\n";
  EXPECT_EQ(messages(outside_problems(kWeighted, testing::kMembers, {{"survey.csv", good}})), "");
  EXPECT_EQ(messages(outside_problems(kWeighted, testing::kMembers)),
            "test.yaml:5:40: error: category 'survey' takes its points from the column '民主测评', "
            "which none of the files has (members.csv); add the column to the members file or "
            "give a scores file with member_id and '民主测评'\n");
}

// ---------------------------------------------------------------- 9. members who did not serve

constexpr const char* kWithFormerMember =
    "member_id,name,unit,sector,group,roles,joined,left\n"
    "A,甲,u,教育界,一组,member,2020-01-01,\n"
    "B,乙,u,经济界,二组,member,2020-01-01,\n"
    "D,丁,u,经济界,二组,member,2020-01-01,2023-12-31\n";

Committee not_serving_committee(const std::string& mode) {
  return Committee(R"(
id: t
categories: [{id: c, start: 70}]
rules:
  - {id: r, category: c, when: {kind: activity}, points: 10}
grades: [{label: 合格, min: 60}, {label: 不合格}]
)" + (mode.empty() ? "" : "not_serving: " + mode + "\n"),
                   "1,A,2024-01-10,activity,research,,,,,,\n", Period::calendar_year(2024),
                   kWithFormerMember);
}

// Today's rule, stated: D left before 2024 and is neither graded nor
// ranked.
TEST(NotServing, UnrankedLeavesThemUngraded) {
  const Committee c = not_serving_committee("unranked");
  EXPECT_EQ(c.grade("D"), "");
  EXPECT_EQ(c.rank("D"), 0);
  EXPECT_EQ(c.rank("A"), 1);
}

// `ranked`: D is graded by the total (the start, 70: 合格) and ranked with
// B (tied at 70, competition ranking: both 2nd).
TEST(NotServing, RankedGradesAndRanksThemLikeEveryone) {
  const Committee c = not_serving_committee("ranked");
  EXPECT_EQ(c.grade("D"), "合格");
  EXPECT_EQ(c.rank("D"), 2);
  EXPECT_EQ(c.rank("B"), 2);
  EXPECT_NE(c.flags("D") & kNotServing, 0);
}

// `{grade: 不参评}`: D is listed under the named grade, not ranked; the
// band is after the others and no total reaches it.
TEST(NotServing, ANamedGradeListsThemUnderIt) {
  const Committee c = not_serving_committee("{grade: 不参评}");
  EXPECT_EQ(c.grade("D"), "不参评");
  EXPECT_EQ(c.rank("D"), 0);
  EXPECT_EQ(c.grade("B"), "合格");
  EXPECT_EQ(c.rules().grades.back().label, "不参评");
  const std::string text = audit_text(c.rules(), c.members(), c.records(), Period::calendar_year(2024),
                                      c.audit("D"), Language::English);
  EXPECT_NE(text.find("grade 不参评; not serving in the period (listed under the grade for it, not ranked)"),
            std::string::npos)
      << text;
  const std::string chinese = audit_text(c.rules(), c.members(), c.records(),
                                         Period::calendar_year(2024), c.audit("D"));
  EXPECT_NE(chinese.find("等次 不参评；考核期间未在任（列入相应等次，不参加排名）"), std::string::npos)
      << chinese;
}

// The notice of a member who did not serve says what the rule set does
// with them, in each mode.
TEST(NotServing, TheNoticeSaysWhatTheModeDoes) {
  const std::pair<const char*, const char*> modes[] = {
      {"unranked", "考核期间内未在任，不评定等次。"},
      {"ranked", "考核期间内未在任；按本办法仍评定等次、参加排名。"},
      {"{grade: 不参评}", "考核期间内未在任，列为“不参评”，不参加排名。"}};
  for (const auto& [mode, words] : modes) {
    const Committee c = not_serving_committee(mode);
    const std::string html = member_notice_html(c.rules(), c.members(), c.records(),
                                                Period::calendar_year(2024), c.scores(), c.audit("D"));
    EXPECT_NE(html.find(words), std::string::npos) << mode;
  }
}

// The lint's ceiling of totals follows the parts: 70 for the best member
// plus 30% of a survey out of 100 is 100, so a band at 101 is unreachable
// and one at 95 is not.
TEST(Lint, GradeCeilingsFollowTheParts) {
  const std::string base = R"(
id: t
categories:
  - {id: duty}
  - {id: survey, outside: {column: s, max: 100}, max: 100}
parts:
  - {id: d, categories: [duty], rescale: {to: 70}}
  - {id: s, categories: [survey], weight: 30%}
grades:
)";
  auto warnings = [&](const char* band) {
    Problems problems;
    EXPECT_TRUE(load_rules(base + band + "  - {label: 其他}\n", "t.yaml", problems).has_value());
    return problems.all().size();
  };
  EXPECT_EQ(warnings("  - {label: 满分, min: 101}\n"), 1u);
  EXPECT_EQ(warnings("  - {label: 优秀, min: 95}\n"), 0u);
}

// ---------------------------------------------------------------- 10. explain

// A met minimum is shown with what it required, pro-rated: C (184 of 366
// days) owes 2 x 184 / 366 = 1.005, rounded half up to 1, and has 1.
TEST(Explain, AMinimumMetIsShownWithItsRequirement) {
  Committee c(kOneCategory + R"(
minimums:
  - {id: twice, when: {kind: activity}, at_least: 2, prorate: true, penalty: {points: 1, category: c}}
)",
              "1,C,2024-08-10,activity,research,,,,,,\n");
  const auto met = lines_of(c, "C", AuditKind::MinimumMet);
  ASSERT_EQ(met.size(), 1u);
  EXPECT_EQ(english_note(c, met[0]), "minimum 'twice' met (2024-01-01..2024-12-31: 1 of 1)");
  EXPECT_EQ(met[0].points, 0);
}

// Records that count toward a tier are shown as counting, not as records
// that do not count.
TEST(Explain, RecordsTowardATierAreShownAsCounting) {
  Committee c(kOneCategory + R"(
rules:
  - {id: t, category: c, when: {kind: study}, tiers: [{at_least: 2, points: 3}]}
)",
              "1,A,2024-01-10,study,session,,,,,,\n2,A,2024-02-10,study,session,,,,,,\n");
  EXPECT_EQ(lines_of(c, "A", AuditKind::Counting).size(), 2u);
  EXPECT_TRUE(lines_of(c, "A", AuditKind::NotCounted).empty());
  EXPECT_EQ(c.total("A"), 3_pt);
}

}  // namespace
}  // namespace dutyscore
