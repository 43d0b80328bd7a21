// One small test per feature of the rule format (docs/rules.md), each on a
// tiny committee written inline.
#include <gtest/gtest.h>

#include "dutyscore/evaluate.h"
#include "dutyscore/scores_format.h"
#include "committee.h"
#include "test_support.h"

namespace dutyscore {
namespace {

using testing::Committee;
using testing::kMembers;

// Points are in cents (precision 2) throughout.
constexpr Points operator""_pt(unsigned long long whole) { return static_cast<Points>(whole) * 100; }

const std::string kOneCategory = R"(
id: t
precision: 2
categories:
  - {id: c, label: 类别}
)";

TEST(PointsPerRecord, KindSubtypeStatusAndFlagsSelectThePoints) {
  Committee c(kOneCategory + R"(
rules:
  - {id: submitted, category: c, when: {kind: proposal}, points: 10}
  - {id: filed, category: c, when: {kind: proposal, flags: filed}, points: 15}
  - {id: present, category: c, when: {kind: meeting, subtype: plenary, status: present}, points: 3}
)",
              "1,A,2024-01-01,proposal,individual,,P1,1,,filed,\n"
              "2,A,2024-01-02,proposal,individual,,P2,1,,,\n"
              "3,A,2024-01-03,meeting,plenary,present,,,,,\n"
              "4,A,2024-01-04,meeting,plenary,absent,,,,,\n");
  EXPECT_EQ(c.total("A"), 38_pt);
  c.expect_audits_add_up();
}

TEST(PointsPerRecord, PointsByLevelLookUpTheRecordsLevel) {
  Committee c(kOneCategory + R"(
rules:
  - id: adopted
    category: c
    when: {kind: info, flags: adopted}
    points: {by: level, county: 2, city: 4, province: 8}
)",
              "1,A,2024-01-01,info,,,,,city,adopted,\n"
              "2,A,2024-01-02,info,,,,,province,adopted,\n"
              "3,A,2024-01-03,info,,,,,national,adopted,\n");  // not in the table: 0
  EXPECT_EQ(c.total("A"), 12_pt);
}

TEST(PointsPerRecord, NotFlagsExcludesRecordsWithTheFlag) {
  Committee c(kOneCategory + R"(
rules:
  - {id: r, category: c, when: {kind: proposal, flags: to_info, not_flags: filed}, points: 5}
)",
              "1,A,2024-01-01,proposal,individual,,P1,1,,to_info,\n"
              "2,A,2024-01-02,proposal,individual,,P2,1,,to_info;filed,\n");
  EXPECT_EQ(c.total("A"), 5_pt);
}

TEST(MemberConditions, StandingOnlyRuleSkipsOrdinaryMembers) {
  Committee c(kOneCategory + R"(
rules:
  - {id: standing_absent, category: c, when: {kind: meeting, subtype: standing, status: absent, role: standing}, points: -5}
)",
              "1,A,2024-03-01,meeting,standing,absent,,,,,\n"
              "2,B,2024-03-01,meeting,standing,absent,,,,,\n");
  EXPECT_EQ(c.total("A"), -5_pt);
  EXPECT_EQ(c.total("B"), 0);
}

TEST(MemberConditions, RuleForOneSectorOnly) {
  Committee c(kOneCategory + R"(
rules:
  - {id: r, category: c, when: {kind: charity, sector: 经济界}, points: 4}
)",
              "1,A,2024-03-01,charity,donation,,,,,,\n"
              "2,B,2024-03-01,charity,donation,,,,,,\n");
  EXPECT_EQ(c.total("A"), 0);
  EXPECT_EQ(c.total("B"), 4_pt);
}

// Members with 2,000 distinct sectors and groups, in no order of them: each
// member's profile (the member tests it passes) is found by its facts in a
// table that must tell every sector and group apart.
TEST(MemberConditions, ThousandsOfDistinctSectorsAndGroupsEachGetTheirOwnTests) {
  std::string members = "member_id,name,unit,sector,group,roles,joined,left\n";
  std::string records;
  const int count = 2000;
  for (int i = 0; i < count; ++i) {
    const std::string id = "M" + std::to_string(10000 + i);
    members += id + ",名,u,界" + std::to_string(i % 700) + ",组" + std::to_string(i % 3) +
               ",member,2020-01-01,\n";
    records += std::to_string(i + 1) + "," + id + ",2024-03-01,charity,donation,,,,,,\n";
  }
  Committee c(kOneCategory + R"(
rules:
  - {id: sectors, category: c, when: {kind: charity, sector: [界1, 界7, 界100, 界699]}, points: 4}
  - {id: group, category: c, when: {kind: charity, group: 组1}, points: 1}
)",
              records, Period::calendar_year(2024), members);
  for (int i = 0; i < count; ++i) {
    const int sector = i % 700;
    const bool in_sectors = sector == 1 || sector == 7 || sector == 100 || sector == 699;
    EXPECT_EQ(c.total("M" + std::to_string(10000 + i)), (in_sectors ? 4_pt : 0) + (i % 3 == 1 ? 1_pt : 0))
        << i;
  }
}

// More distinct member tests than the evaluator tabulates per member (64):
// member conditions must then be tested row by row, with the same result.
TEST(MemberConditions, ManyDistinctMemberTestsStillSelectTheirMembers) {
  struct Choice {
    const char* yaml;  // "" = not tested
    bool a, b;         // does member A / B pass it
  };
  const Choice roles[] = {{"", true, true}, {"role: member", true, true},
                          {"role: standing", true, false}, {"role: [member, standing]", true, true}};
  const Choice sectors[] = {{"", true, true}, {"sector: 教育界", true, false},
                            {"sector: 经济界", false, true}, {"sector: [教育界, 经济界]", true, true},
                            {"sector: 无此界", false, false}};
  const Choice groups[] = {{"", true, true}, {"group: 一组", true, false}, {"group: 二组", false, true},
                           {"group: [一组, 二组]", true, true}, {"group: 无此组", false, false}};
  std::string yaml = kOneCategory + "rules:\n";
  Points expect_a = 0, expect_b = 0;
  int k = 0;
  for (const auto& r : roles)
    for (const auto& s : sectors)
      for (const auto& g : groups) {
        ++k;
        yaml += "  - {id: r" + std::to_string(k) + ", category: c, when: {kind: charity";
        for (const char* part : {r.yaml, s.yaml, g.yaml})
          if (*part) yaml += std::string(", ") + part;
        yaml += "}, points: 0.0" + std::to_string(k % 10) + "}\n";
        if (r.a && s.a && g.a) expect_a += k % 10;
        if (r.b && s.b && g.b) expect_b += k % 10;
      }
  ASSERT_GT(k, 64);
  Committee c(yaml,
              "1,A,2024-03-01,charity,donation,,,,,,\n"
              "2,B,2024-03-01,charity,donation,,,,,,\n");
  EXPECT_EQ(c.total("A"), expect_a);
  EXPECT_EQ(c.total("B"), expect_b);
  c.expect_audits_add_up();
}

TEST(CategoryMaximum, CapCutsTheSubtotalAndTheAuditShowsTheCut) {
  Committee c(R"(
id: t
categories:
  - {id: info, max: 15}
rules:
  - {id: r, category: info, when: {kind: info}, points: 10}
)",
              "1,A,2024-01-01,info,,,,,,,\n2,A,2024-02-01,info,,,,,,,\n");
  EXPECT_EQ(c.total("A"), 15_pt);
  const Audit audit = c.audit("A");
  ASSERT_FALSE(audit.lines.empty());
  EXPECT_EQ(audit.lines.back().kind, AuditKind::CategoryMax);
  EXPECT_EQ(audit.lines.back().points, -5_pt);
  c.expect_audits_add_up();
}

TEST(CategoryFloor, DeductionsStopAtZero) {
  Committee c(R"(
id: t
categories:
  - {id: attendance, start: 10, floor: 0}
rules:
  - {id: absent, category: attendance, when: {kind: meeting, status: absent}, points: -1.5}
)",
              "1,A,2024-01-01,meeting,other,absent,,,,,\n"
              "2,A,2024-02-01,meeting,other,absent,,,,,\n"
              "3,A,2024-03-01,meeting,other,absent,,,,,\n"
              "4,A,2024-04-01,meeting,other,absent,,,,,\n"
              "5,A,2024-05-01,meeting,other,absent,,,,,\n"
              "6,A,2024-06-01,meeting,other,absent,,,,,\n"
              "7,A,2024-07-01,meeting,other,absent,,,,,\n"
              "8,B,2024-07-01,meeting,other,absent,,,,,\n");
  EXPECT_EQ(c.total("A"), 0);
  EXPECT_EQ(c.total("B"), 850);
  c.expect_audits_add_up();
}

TEST(StartingPoints, CategoryStartsFullAndLosesPoints) {
  Committee c(R"(
id: t
categories:
  - {id: attendance, start: 10}
rules:
  - {id: late, category: attendance, when: {kind: meeting, status: late}, points: -1}
)",
              "1,A,2024-01-01,meeting,plenary,late,,,,,\n");
  EXPECT_EQ(c.total("A"), 9_pt);
  EXPECT_EQ(c.total("B"), 10_pt);
}

TEST(StartingPoints, ProratedForAMemberWhoJoinedMidYear) {
  Committee c(R"(
id: t
categories:
  - {id: attendance, start: 10, prorate_start: true}
rules:
  - {id: late, category: attendance, when: {kind: meeting, status: late}, points: -1}
)",
              "");
  // C joined 2024-07-01: 184 of 366 days -> 10 x 184/366 = 5.027... -> 5.03
  EXPECT_EQ(c.total("C"), 503);
  EXPECT_EQ(c.total("A"), 10_pt);
}

TEST(OrdinalRule, FromTheSecondOnFiveEachAtMostTwenty) {
  Committee c(kOneCategory + R"(
rules:
  - {id: filed, category: c, when: {kind: proposal, flags: filed}, points: 5, from: 2, max: 20}
)",
              "1,A,2024-01-01,proposal,individual,,P1,1,,filed,\n"
              "2,A,2024-01-02,proposal,individual,,P2,1,,filed,\n"
              "3,A,2024-01-03,proposal,individual,,P3,1,,filed,\n"
              "4,B,2024-01-01,proposal,individual,,P4,1,,filed,\n"
              "5,B,2024-01-02,proposal,individual,,P5,1,,filed,\n"
              "6,B,2024-01-03,proposal,individual,,P6,1,,filed,\n"
              "7,B,2024-01-04,proposal,individual,,P7,1,,filed,\n"
              "8,B,2024-01-05,proposal,individual,,P8,1,,filed,\n"
              "9,B,2024-01-06,proposal,individual,,P9,1,,filed,\n");
  EXPECT_EQ(c.total("A"), 10_pt);  // 2nd and 3rd
  EXPECT_EQ(c.total("B"), 20_pt);  // 5 x 5 = 25, at most 20
  c.expect_audits_add_up();
}

TEST(OrdinalRule, OrderIsByDateNotByRowOrder) {
  Committee c(kOneCategory + R"(
rules:
  - {id: first_only, category: c, when: {kind: info}, points: {by: level, city: 4, county: 2}, once: true}
)",
              "z,A,2024-05-01,info,,,,,county,,\n"
              "a,A,2024-02-01,info,,,,,city,,\n");
  EXPECT_EQ(c.total("A"), 4_pt);  // the February record is the first
}

TEST(TierRule, AtLeastFourActivitiesGivesThirty) {
  Committee c(kOneCategory + R"(
rules:
  - id: activities
    category: c
    when: {kind: activity}
    tiers:
      - {at_least: 4, points: 30}
      - {at_least: 2, points: 15}
)",
              "1,A,2024-01-01,activity,research,,,,,,\n"
              "2,A,2024-02-01,activity,research,,,,,,\n"
              "3,A,2024-03-01,activity,inspection,,,,,,\n"
              "4,A,2024-04-01,activity,seminar,,,,,,\n"
              "5,B,2024-01-01,activity,research,,,,,,\n"
              "6,B,2024-02-01,activity,research,,,,,,\n"
              "7,C,2024-08-01,activity,research,,,,,,\n");
  EXPECT_EQ(c.total("A"), 30_pt);
  EXPECT_EQ(c.total("B"), 15_pt);
  EXPECT_EQ(c.total("C"), 0);
  c.expect_audits_add_up();
}

TEST(TierRule, TiersByQuantityOfVolunteerHours) {
  Committee c(kOneCategory + R"(
rules:
  - id: volunteer
    category: c
    when: {kind: charity, subtype: volunteer}
    tiers_by: quantity
    tiers:
      - {at_least: 20, points: 5}
      - {at_least: 8.5, points: 2}
)",
              "1,A,2024-01-01,charity,volunteer,,,,,,4.25\n"
              "2,A,2024-02-01,charity,volunteer,,,,,,4.25\n"
              "3,B,2024-02-01,charity,volunteer,,,,,,8\n");
  EXPECT_EQ(c.total("A"), 2_pt);
  EXPECT_EQ(c.total("B"), 0);
}

// §12 step 3: `from` and `limit` come before `tiers`, so the tiers measure
// only the records that count.
TEST(TierRule, FromAndLimitComeBeforeTheTiers) {
  Committee c(kOneCategory + R"(
rules:
  - id: limited
    category: c
    when: {kind: activity}
    limit: 2
    tiers:
      - {at_least: 3, points: 10}
      - {at_least: 2, points: 5}
  - id: from_second
    category: c
    when: {kind: study}
    from: 2
    tiers:
      - {at_least: 3, points: 10}
      - {at_least: 2, points: 5}
  - id: hours
    category: c
    when: {kind: charity}
    tiers_by: quantity
    limit: 1
    tiers:
      - {at_least: 8.5, points: 2}
)",
              "1,A,2024-01-01,activity,research,,,,,,\n2,A,2024-02-01,activity,research,,,,,,\n"
              "3,A,2024-03-01,activity,research,,,,,,\n"
              "4,B,2024-01-01,study,session,,,,,,\n5,B,2024-02-01,study,session,,,,,,\n"
              "6,B,2024-03-01,study,session,,,,,,\n"
              "7,C,2024-08-01,charity,volunteer,,,,,,4.25\n8,C,2024-09-01,charity,volunteer,,,,,,4.25\n");
  EXPECT_EQ(c.total("A"), 5_pt);  // 3 records, at most 2 count: the 'at least 2' tier
  EXPECT_EQ(c.total("B"), 5_pt);  // 3 records, from the 2nd on: 2 count
  EXPECT_EQ(c.total("C"), 0);     // only the first 4.25 hours count: below 8.5
  c.expect_audits_add_up();
}

TEST(CountedOnce, SeveralStudyNotesCountOnce) {
  Committee c(kOneCategory + R"(
rules:
  - {id: notes, category: c, when: {kind: study, subtype: notes}, points: 5, once: true}
)",
              "1,A,2024-01-01,study,notes,,,,,,\n2,A,2024-02-01,study,notes,,,,,,\n");
  EXPECT_EQ(c.total("A"), 5_pt);
  c.expect_audits_add_up();
}

TEST(LimitRule, AtMostThreeRecordsCount) {
  Committee c(kOneCategory + R"(
rules:
  - {id: r, category: c, when: {kind: activity}, points: 2, limit: 3}
)",
              "1,A,2024-01-01,activity,research,,,,,,\n2,A,2024-02-01,activity,research,,,,,,\n"
              "3,A,2024-03-01,activity,research,,,,,,\n4,A,2024-04-01,activity,research,,,,,,\n");
  EXPECT_EQ(c.total("A"), 6_pt);
}

TEST(HighestOnly, SeveralHonoursOnlyTheHighestCounts) {
  Committee c(kOneCategory + R"(
rules:
  - {id: honour, category: c, when: {kind: honor}, points: {by: level, national: 10, province: 8, city: 4}, count: highest}
)",
              "1,A,2024-01-01,honor,,,,,city,,\n2,A,2024-06-01,honor,,,,,province,,\n");
  EXPECT_EQ(c.total("A"), 8_pt);
  const Audit audit = c.audit("A");
  bool cut = false;
  for (const auto& line : audit.lines) cut = cut || (line.kind == AuditKind::NotHighest && line.points == -4_pt);
  EXPECT_TRUE(cut);
  c.expect_audits_add_up();
}

TEST(ExclusiveRules, HigherOfIndividualAndJointCountsNotBoth) {
  Committee c(kOneCategory + R"(
rules:
  - {id: individual, category: c, when: {kind: proposal, subtype: individual}, points: 6}
  - {id: joint, category: c, when: {kind: proposal, subtype: joint}, points: 4}
exclusive:
  - {id: best, rules: [individual, joint]}
)",
              "1,A,2024-01-01,proposal,individual,,P1,1,,,\n"
              "2,A,2024-01-02,proposal,joint,,P2,1,,,\n"
              "3,A,2024-01-03,proposal,joint,,P3,1,,,\n"
              "4,B,2024-01-02,proposal,joint,,P2,2,,,\n");
  EXPECT_EQ(c.total("A"), 8_pt);  // joint 8 beats individual 6
  EXPECT_EQ(c.total("B"), 4_pt);
  c.expect_audits_add_up();
}

TEST(JointShare, FirstProposerHalfOthersShareTheRestRoundedHalfUp) {
  Committee c(kOneCategory + R"(
rules:
  - {id: joint, category: c, when: {kind: proposal, subtype: joint}, points: 10, share: {first: 1/2}}
)",
              "1,A,2024-01-01,proposal,joint,,P1,1,,,\n"
              "2,B,2024-01-01,proposal,joint,,P1,2,,,\n"
              "3,C,2024-01-01,proposal,joint,,P1,3,,,\n");
  // C joined 2024-07-01, but the proposal is dated before: still a share
  // holder (the item has three participants).
  EXPECT_EQ(c.total("A"), 5_pt);
  EXPECT_EQ(c.total("B"), 250);
  EXPECT_EQ(c.total("C"), 250);
}

TEST(JointShare, ThirdsRoundHalfUpPerLine) {
  Committee c(kOneCategory + R"(
rules:
  - {id: joint, category: c, when: {kind: proposal}, points: 10, share: {first: 1/2}}
)",
              "1,A,2024-01-01,proposal,joint,,P1,1,,,\n"
              "2,B,2024-01-01,proposal,joint,,P1,2,,,\n"
              "3,C,2024-01-01,proposal,joint,,P1,3,,,\n"
              "4,A,2024-02-01,proposal,joint,,P2,2,,,\n"
              "5,B,2024-02-01,proposal,joint,,P2,3,,,\n"
              "6,C,2024-02-01,proposal,joint,,P2,4,,,\n"
              "7,D,2024-02-01,proposal,joint,,P2,1,,,\n",
              Period::calendar_year(2024),
              std::string(kMembers) + "D,丁,u,经济界,二组,member,2020-01-01,\n");
  // P2: 4 participants: 5 / 3 = 1.666... -> 1.67 each
  EXPECT_EQ(c.total("A"), 500 + 167);
  const Audit audit = c.audit("A");
  bool third = false;
  for (const auto& line : audit.lines)
    third = third || (line.share.num == 1 && line.share.den == 6 && line.points == 167);
  EXPECT_TRUE(third);
}

// Items with 16 or more participants are past the scoring path's share
// tables: the same line values, computed row by row.
TEST(JointShare, LargeItemsScoreLikeSmallOnes) {
  // Members J1..J20 take position n of each item (a member takes part in
  // an item once).
  std::string rows, members = "member_id,name\n";
  for (int n = 1; n <= 20; ++n) members += "J" + std::to_string(n) + ",委员\n";
  for (int position = 1; position <= 20; ++position)
    rows += std::to_string(position) + ",J" + std::to_string(position) +
            ",2024-01-01,proposal,joint,,P1," + std::to_string(position) + ",,,\n";
  for (int position = 1; position <= 18; ++position)
    rows += std::to_string(100 + position) + ",J" + std::to_string(position) +
            ",2024-03-01,proposal,collective,,P2," + std::to_string(position) + ",,,\n";
  Committee c(kOneCategory + R"(
rules:
  - {id: joint, category: c, when: {kind: proposal, subtype: joint}, points: 10, share: {first: 1/2}}
  - {id: collective, category: c, when: {kind: proposal, subtype: collective}, points: 2, share: {first_n: 17}}
)",
              rows, Period::calendar_year(2024), members);
  // Joint: the first 5.00, each of the 19 others 5/19 = 0.26. Collective:
  // positions 1..17 earn 2.00, 18 nothing.
  EXPECT_EQ(c.total("J1"), 500 + 200);
  EXPECT_EQ(c.total("J16"), 26 + 200);  // past the share tables' 16 positions
  EXPECT_EQ(c.total("J17"), 26 + 200);
  EXPECT_EQ(c.total("J18"), 26);        // collective position 18 earns 0
  EXPECT_EQ(c.total("J20"), 26);        // no collective row
  c.expect_audits_add_up();
}

// A class whose only per-row work is its share's table takes one add from
// the table on the scoring path (RowAdd/ShareAdd in evaluation_plan.h),
// also when the class's constant points go to another category; a class
// with a further row test keeps the full path. Both against hand-computed
// subtotals and the audit's.
TEST(JointShare, ShareOnlyClassesScoreAsTheFullPath) {
  Committee c(R"(
id: t
precision: 2
categories:
  - {id: p, label: 提案}
  - {id: q, label: 奖励}
rules:
  - {id: joint, category: p, when: {kind: proposal, subtype: joint}, points: 10, share: {first: 1/2}}
  - {id: joint_bonus, category: q, when: {kind: proposal, subtype: joint}, points: 1}
  - {id: collective, category: p, when: {kind: proposal, subtype: collective}, points: 3, share: {first_n: 2}}
  - {id: collective_first, category: q, when: {kind: proposal, subtype: collective, position: 1}, points: 0.5}
)",
              "1,A,2024-01-01,proposal,joint,,P1,1,,,\n"
              "2,B,2024-01-01,proposal,joint,,P1,2,,,\n"
              "3,C,2024-01-01,proposal,joint,,P1,3,,,\n"
              "4,A,2024-02-01,proposal,collective,,P2,1,,,\n"
              "5,B,2024-02-01,proposal,collective,,P2,2,,,\n"
              "6,C,2024-02-01,proposal,collective,,P2,3,,,\n",
              Period::calendar_year(2024));
  // Joint P1: A 5.00, B and C 5/2 = 2.50 each, and 1 each to q.
  // Collective P2: positions 1 and 2 earn 3.00; A 0.50 more to q.
  EXPECT_EQ(c.subtotal("A", "p"), 500 + 300);
  EXPECT_EQ(c.subtotal("A", "q"), 100 + 50);
  EXPECT_EQ(c.subtotal("B", "p"), 250 + 300);
  EXPECT_EQ(c.subtotal("B", "q"), 100);
  EXPECT_EQ(c.subtotal("C", "p"), 250);
  EXPECT_EQ(c.subtotal("C", "q"), 100);
  c.expect_audits_add_up();
}

TEST(JointShare, FixedPointsByPosition) {
  Committee c(kOneCategory + R"(
rules:
  - {id: research_report, category: c, when: {kind: activity, subtype: research}, share: {by_position: {1: 15, other: 3}}}
)",
              "1,A,2024-01-01,activity,research,,X1,1,,,\n"
              "2,B,2024-01-01,activity,research,,X1,2,,,\n");
  EXPECT_EQ(c.total("A"), 15_pt);
  EXPECT_EQ(c.total("B"), 3_pt);
}

TEST(CollectiveItem, OnlyTheFirstThreeMainMembersAreCredited) {
  Committee c(kOneCategory + R"(
rules:
  - {id: collective, category: c, when: {kind: proposal, subtype: collective}, points: 10, share: {first_n: 2}}
)",
              "1,A,2024-01-01,proposal,collective,,P1,1,,,\n"
              "2,B,2024-01-01,proposal,collective,,P1,2,,,\n"
              "3,C,2024-01-01,proposal,collective,,P1,3,,,\n");
  EXPECT_EQ(c.total("A"), 10_pt);
  EXPECT_EQ(c.total("B"), 10_pt);
  EXPECT_EQ(c.total("C"), 0);
}

TEST(Quantity, PointsPerHalfDayAttended) {
  Committee c(kOneCategory + R"(
rules:
  - {id: plenary, category: c, when: {kind: meeting, subtype: plenary, status: present}, points: 1.5, per_quantity: true}
)",
              "1,A,2024-01-01,meeting,plenary,present,,,,,4\n"
              "2,B,2024-01-01,meeting,plenary,present,,,,,2.5\n");
  EXPECT_EQ(c.total("A"), 6_pt);
  EXPECT_EQ(c.total("B"), 375);
}

const std::string kGrades = R"(
grades:
  - {label: 优秀, min: 90}
  - {label: 称职, min: 60}
  - {label: 不称职}
)";

TEST(MinimumDuty, MissingThePlenaryCostsPoints) {
  Committee c(R"(
id: t
categories:
  - {id: base, start: 100}
rules: []
minimums:
  - id: plenary
    label: 至少出席一次全体会议
    when: {kind: meeting, subtype: plenary, status: present}
    penalty: {points: 20, category: base}
)" + kGrades,
              "1,A,2024-01-10,meeting,plenary,present,,,,,\n");
  EXPECT_EQ(c.total("A"), 100_pt);
  EXPECT_EQ(c.total("B"), 80_pt);
  EXPECT_TRUE(c.flags("B") & kMinimumUnmet);
  EXPECT_EQ(c.grade("B"), "称职");
  c.expect_audits_add_up();
}

TEST(MinimumDuty, ProposalOrInfoReportMakesTheGradeWhateverTheScore) {
  Committee c(R"(
id: t
categories:
  - {id: base, start: 100}
rules: []
minimums:
  - id: proposal_or_info
    when: [{kind: proposal}, {kind: info}]
    grade: 不称职
)" + kGrades,
              "1,A,2024-01-10,info,,,,,,,\n");
  EXPECT_EQ(c.grade("A"), "优秀");
  EXPECT_EQ(c.grade("B"), "不称职");
  EXPECT_EQ(c.total("B"), 100_pt);
}

TEST(MinimumDuty, OneResearchAQuarterEachMissedQuarterCosts) {
  Committee c(R"(
id: t
categories:
  - {id: base, start: 20}
rules: []
minimums:
  - id: quarterly_research
    when: {kind: activity, subtype: [research, inspection]}
    per: quarter
    prorate: true
    penalty: {points: 2, category: base}
)",
              "1,A,2024-02-10,activity,research,,,,,,\n"
              "2,A,2024-05-10,activity,inspection,,,,,,\n"
              "3,C,2024-08-10,activity,research,,,,,,\n");
  EXPECT_EQ(c.total("A"), 16_pt);  // Q3 and Q4 missed
  EXPECT_EQ(c.total("B"), 12_pt);  // all four missed
  EXPECT_EQ(c.total("C"), 18_pt);  // joined in Q3: only Q3 and Q4 required
  c.expect_audits_add_up();
}

TEST(Veto, BreachForcesTheGradeAndCanZeroTheTotal) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 95}
vetoes:
  - {id: integrity, label: 廉洁自律, when: {kind: violation}, grade: 不称职, zero_total: true}
ranking: {vetoed: last}
)" + kGrades,
              "1,A,2024-01-10,info,,,,,,,\n"
              "2,A,2024-03-10,violation,discipline,,,,,,\n"
              "3,B,2024-01-10,info,,,,,,,\n");
  EXPECT_EQ(c.grade("A"), "不称职");
  EXPECT_EQ(c.total("A"), 0);
  EXPECT_TRUE(c.flags("A") & kVetoed);
  EXPECT_EQ(c.grade("B"), "优秀");
  EXPECT_EQ(c.rank("B"), 1);
  EXPECT_EQ(c.rank("A"), 3);  // after C (0 points, no veto)
  c.expect_audits_add_up();
}

TEST(GradeBands, TotalsFallIntoTheirBands) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 30}
)" + kGrades,
              "1,A,2024-01-10,info,,,,,,,\n2,A,2024-01-11,info,,,,,,,\n3,A,2024-01-12,info,,,,,,,\n"
              "4,B,2024-01-10,info,,,,,,,\n5,B,2024-01-11,info,,,,,,,\n");
  EXPECT_EQ(c.grade("A"), "优秀");  // 90: the band includes its minimum
  EXPECT_EQ(c.grade("B"), "称职");
  EXPECT_EQ(c.grade("C"), "不称职");
}

TEST(Ranking, CompetitionTiesShareARankListedByMemberId) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
)",
              "1,B,2024-01-10,info,,,,,,,\n2,A,2024-01-10,info,,,,,,,\n");
  EXPECT_EQ(c.rank("A"), 1);
  EXPECT_EQ(c.rank("B"), 1);
  EXPECT_EQ(c.rank("C"), 3);
  EXPECT_EQ(c.members().id(c.scores().order[0]), "A");
}

TEST(Ranking, DenseTies) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
ranking: {ties: dense}
)",
              "1,B,2024-01-10,info,,,,,,,\n2,A,2024-01-10,info,,,,,,,\n");
  EXPECT_EQ(c.rank("C"), 2);
}

TEST(Ranking, OrdinalTiesBrokenByACategory) {
  Committee c(R"(
id: t
categories:
  - {id: a}
  - {id: b}
rules:
  - {id: ra, category: a, when: {kind: info}, points: 10}
  - {id: rb, category: b, when: {kind: activity}, points: 10}
ranking: {ties: ordinal, tie_break: [b]}
)",
              "1,A,2024-01-10,info,,,,,,,\n2,B,2024-01-10,activity,research,,,,,,\n");
  EXPECT_EQ(c.rank("B"), 1);
  EXPECT_EQ(c.rank("A"), 2);
}

TEST(Period, RecordsOutsideThePeriodDoNotCount) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
)",
              "1,A,2023-12-31,info,,,,,,,\n2,A,2024-01-01,info,,,,,,,\n3,A,2025-01-01,info,,,,,,,\n");
  EXPECT_EQ(c.total("A"), 10_pt);
  EXPECT_EQ(c.scores().records_outside_period, 2u);
}

TEST(Period, AnyDateRange) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
)",
              "1,A,2023-12-31,info,,,,,,,\n2,A,2024-01-01,info,,,,,,,\n3,A,2024-03-01,info,,,,,,,\n",
              Period{*parse_day("2023-12-01"), *parse_day("2024-01-31")});
  EXPECT_EQ(c.total("A"), 20_pt);
}

TEST(Period, MemberNotServingInThePeriodIsNotRanked) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
)",
              "", Period::calendar_year(2023));
  EXPECT_TRUE(c.flags("C") & kNotServing);  // joined 2024-07-01
  EXPECT_EQ(c.rank("C"), 0);
  EXPECT_EQ(c.rank("A"), 1);
}

TEST(Unmatched, RecordNoRuleCoversIsCountedAndShownWithZeroPoints) {
  Committee c(kOneCategory + R"(
rules:
  - {id: info, category: c, when: {kind: info}, points: 10}
)",
              "1,A,2024-01-10,charity,donation,,,,,,\n");
  EXPECT_EQ(c.scores().records_unmatched, 1u);
  const Audit audit = c.audit("A");
  ASSERT_EQ(audit.lines.size(), 1u);
  EXPECT_EQ(audit.lines[0].kind, AuditKind::Unmatched);
  EXPECT_EQ(audit.lines[0].points, 0);
}

}  // namespace
}  // namespace dutyscore
