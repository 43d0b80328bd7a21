// The notes people read: each audit line's note written from the audit's
// data, in Chinese for members and in English (as `explain` always wrote
// it) for engineers; the period and the record in Chinese; the names a
// rule set gives codes.
#include <gtest/gtest.h>

#include <algorithm>

#include "dutyscore/audit_notes.h"
#include "dutyscore/evaluate.h"
#include "test_support.h"

namespace dutyscore {
namespace {

// One member A (joined 2024-07-01) with records exercising each kind of note.
struct NotesCase {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  Audit audit;
  NotesCase() {
    rules = testing::rules_from_yaml(R"(id: notes
name: 测试办法
categories:
  - {id: attend, label: 出席会议, start: 10, prorate_start: true, max: 10, floor: 0}
  - {id: proposals, label: 提案, max: 2}
  - {id: research, label: 调研视察}
  - {id: study, label: 学习培训}
  - {id: honours, label: 获得荣誉}
rules:
  - {id: absent, label: 缺席会议, category: attend, when: {kind: meeting, status: absent}, points: -6}
  - {id: joint, label: 联名提案, category: proposals, when: {kind: proposal, subtype: joint}, points: 10, share: {first: 1/2}}
  - {id: collective, label: 集体提案, category: proposals, when: {kind: proposal, subtype: collective}, points: 4, share: {first_n: 1}}
  - {id: research_more, label: 调研（第2次起）, category: research, when: {kind: activity, subtype: research}, points: 1, from: 2}
  - {id: research_first, label: 调研（首次）, category: research, when: {kind: activity, subtype: research}, points: 3, limit: 1}
  - {id: inspection, label: 视察, category: research, when: {kind: activity, subtype: inspection}, points: 5, max: 4}
  - {id: sessions, label: 学习会, category: study, when: {kind: study, subtype: session}, tiers: [{at_least: 2, points: 3}, {at_least: 1, points: 1}]}
  - {id: honour, label: 获得荣誉, category: honours, when: {kind: honor}, points: {by: level, national: 8, city: 2}, count: highest}
minimums:
  - {id: quarterly, label: 每季度一次调研, when: {kind: activity, subtype: research}, per: quarter, prorate: true, penalty: {points: 1, category: research}}
grades:
  - {label: 优秀, min: 20}
  - {label: 称职}
)");
    Problems problems;
    members = *read_members("member_id,name,unit,sector,group,roles,joined,left\n"
                            "A,甲,某单位,科技界,第一活动组,member,2024-07-01,\n"
                            "B,乙,某单位,科技界,第一活动组,member,,\n"
                            "C,丙,某单位,科技界,第一活动组,member,,\n",
                            "m.csv", problems);
    records = *read_records(std::string(testing::kRecordsHeader) +
                                "r1,A,2024-07-02,meeting,plenary,absent,,,,,\n"
                                "r2,A,2024-08-01,meeting,other,absent,,,,,\n"
                                "r3,A,2024-08-02,proposal,joint,,P1,3,,,\n"
                                "r4,B,2024-08-02,proposal,joint,,P1,1,,,\n"
                                "r5,C,2024-08-02,proposal,joint,,P1,2,,,\n"
                                "r6,A,2024-08-03,proposal,collective,,P2,2,,,\n"
                                "r7,B,2024-08-03,proposal,collective,,P2,1,,,\n"
                                "r8,A,2024-08-05,activity,research,,,,,,\n"
                                "r9,A,2024-08-06,activity,research,,,,,,\n"
                                "r10,A,2024-08-07,activity,inspection,,,,,,\n"
                                "r11,A,2024-09-01,study,session,,,,,,\n"
                                "r12,A,2024-09-02,study,session,,,,,,\n"
                                "r13,A,2024-09-03,honor,,,,,national,,\n"
                                "r14,A,2024-09-04,honor,,,,,city,,\n"
                                "r15,A,2024-09-05,service,,,,,,,\n",
                            "r.csv", members, problems);
    Evaluation ev(rules, members, records, Period::calendar_year(2024));
    const Scores scores = ev.score();
    audit = ev.explain(*members.find("A"), &scores);
  }
  // The note of the first line of `kind` (and rule id, when given).
  std::string note(AuditKind kind, Language language, const std::string& rule = "") const {
    for (const auto& line : audit.lines) {
      if (line.kind != kind) continue;
      if (!rule.empty() && (line.rule < 0 || rules.rules[static_cast<std::size_t>(line.rule)].id != rule))
        continue;
      return audit_note(rules, records, line, language);
    }
    return "(no line)";
  }
};

const NotesCase& notes() {
  static const NotesCase c;
  return c;
}

TEST(AuditNotes, ChineseNotesSayWhyInWords) {
  const NotesCase& c = notes();
  const Language zh = Language::Chinese;
  EXPECT_EQ(c.note(AuditKind::Start, zh), "基础分按在任天数折算：184/366天");
  EXPECT_EQ(c.note(AuditKind::CategoryFloor, zh), "本类扣完为止（最低0.00分）");
  EXPECT_EQ(c.note(AuditKind::Record, zh, "joint"), "10.00 × 1/4（联名提案，第3人，共3人）");
  EXPECT_EQ(c.note(AuditKind::Record, zh, "collective"), "4.00 × 0（集体提案，第2人，前1人计分）");
  EXPECT_EQ(c.note(AuditKind::NotCounted, zh, "research_more"), "第1条：从第2条起计分");
  EXPECT_EQ(c.note(AuditKind::NotCounted, zh, "research_first"), "第2条：最多计1条");
  EXPECT_EQ(c.note(AuditKind::Record, zh, "research_first"), "第1条");
  EXPECT_EQ(c.note(AuditKind::RuleMax, zh, "inspection"), "本项最多计4.00分");
  EXPECT_EQ(c.note(AuditKind::Counting, zh, "sessions"), "第1条，按条数计档");
  EXPECT_EQ(c.note(AuditKind::Tier, zh, "sessions"), "共2条，达到“不少于2条”档");
  EXPECT_EQ(c.note(AuditKind::NotHighest, zh, "honour"), "只计最高一项（8.00分）");
  EXPECT_EQ(c.note(AuditKind::CategoryMax, zh), "本类满分2.00分，超出部分不计");
  EXPECT_EQ(c.note(AuditKind::Unmatched, zh), "没有对应的计分规则，不计分");
  // Joined on 1 July: the third quarter had research, the fourth none.
  EXPECT_EQ(c.note(AuditKind::MinimumUnmet, zh), "未达到“每季度一次调研”：2024年10月1日至12月31日应至少1次，实际0次");
}

TEST(AuditNotes, EnglishNotesAreWhatExplainAlwaysWrote) {
  const NotesCase& c = notes();
  const Language en = Language::English;
  EXPECT_EQ(c.note(AuditKind::Start, en), "starting points pro-rated: 184/366 days served");
  EXPECT_EQ(c.note(AuditKind::CategoryFloor, en), "category floor 0.00");
  EXPECT_EQ(c.note(AuditKind::Record, en, "joint"), "");
  EXPECT_EQ(c.note(AuditKind::NotCounted, en, "research_more"), "#1: counts from #2 on");
  EXPECT_EQ(c.note(AuditKind::NotCounted, en, "research_first"), "#2: at most 1 count");
  EXPECT_EQ(c.note(AuditKind::Record, en, "research_first"), "#1");
  EXPECT_EQ(c.note(AuditKind::RuleMax, en, "inspection"), "rule maximum 4.00");
  EXPECT_EQ(c.note(AuditKind::Counting, en, "sessions"), "counts toward the tiers (#1)");
  EXPECT_EQ(c.note(AuditKind::Tier, en, "sessions"), "2 records: tier 'at least 2'");
  EXPECT_EQ(c.note(AuditKind::NotHighest, en, "honour"), "only the highest counts (8.00)");
  EXPECT_EQ(c.note(AuditKind::CategoryMax, en), "category maximum 2.00");
  EXPECT_EQ(c.note(AuditKind::Unmatched, en), "no rule covers this record");
  EXPECT_EQ(c.note(AuditKind::MinimumUnmet, en), "minimum 'quarterly' unmet (2024-10-01..2024-12-31: 0 of 1)");
  for (const auto& line : c.audit.lines)
    if (line.kind == AuditKind::Record && line.rule >= 0 && c.rules.rules[static_cast<std::size_t>(line.rule)].id == "joint")
      EXPECT_EQ(audit_calculation(c.rules, c.records, line, en), "10.00 × 1/4");
}

TEST(AuditNotes, TheAuditStillAddsUpAndCarriesItsFacts) {
  const NotesCase& c = notes();
  Points sum = 0;
  for (const auto& line : c.audit.lines) sum += line.points;
  EXPECT_EQ(sum, c.audit.total);
  for (const auto& line : c.audit.lines) {
    if (line.kind == AuditKind::Start) {
      EXPECT_EQ(line.days_served, 184);
      EXPECT_EQ(line.period_days, 366);
    }
    if (line.kind == AuditKind::Tier) {
      EXPECT_EQ(line.reached, 2);
      EXPECT_EQ(line.tier_at_least, 2);
    }
    if (line.kind == AuditKind::MinimumUnmet) {
      ASSERT_EQ(line.unmet.size(), 1u);
      EXPECT_EQ(line.unmet[0].have, 0);
      EXPECT_EQ(line.unmet[0].required, 1);
    }
  }
}

// Vetoes, exclusive groups and grade quotas, in both languages.
TEST(AuditNotes, VetoExclusiveAndQuotaNotes) {
  const RuleSet rules = testing::rules_from_yaml(R"(id: v
categories: [{id: c, label: 类别, start: 5}]
rules:
  - {id: speech, label: 大会发言, category: c, when: {kind: activity, subtype: speech}, points: 3}
  - {id: written, label: 书面发言, category: c, when: {kind: activity, subtype: written_speech}, points: 2}
exclusive:
  - {id: one_speech, rules: [speech, written]}
vetoes:
  - {id: integrity, label: 廉洁自律, when: {kind: violation}, grade: 称职, zero_total: true}
grades:
  - {label: 优秀, min: 6, quota: 1}
  - {label: 称职}
)");
  Problems problems;
  const auto members = read_members("member_id,name,unit,sector,group,roles,joined,left\n"
                                    "A,甲,u,s,g,member,,\nB,乙,u,s,g,member,,\nC,丙,u,s,g,member,,\n",
                                    "m.csv", problems);
  const auto records = read_records(std::string(testing::kRecordsHeader) +
                                        "1,A,2024-03-01,activity,speech,,,,,,\n"
                                        "2,A,2024-03-02,activity,written_speech,,,,,,\n"
                                        "3,B,2024-03-01,activity,speech,,,,,,\n"
                                        "4,B,2024-04-01,activity,written_speech,,,,,,\n"
                                        "5,C,2024-05-01,violation,discipline,,,,,,\n",
                                    "r.csv", *members, problems);
  ASSERT_TRUE(records) << problems.error_count();
  Evaluation ev(rules, *members, *records, Period::calendar_year(2024));
  const Scores scores = ev.score();
  auto notes_of = [&](const char* id, Language language) {
    std::vector<std::string> out;
    for (const auto& line : ev.explain(*members->find(id), &scores).lines) {
      const std::string note = audit_note(rules, *records, line, language);
      if (!note.empty()) out.push_back(note);
    }
    return out;
  };
  const auto a_zh = notes_of("A", Language::Chinese), a_en = notes_of("A", Language::English);
  EXPECT_NE(std::find(a_zh.begin(), a_zh.end(), "与“大会发言”就高计分，不重复计"), a_zh.end());
  EXPECT_NE(std::find(a_en.begin(), a_en.end(), "the higher rule 'speech' counts, not both"), a_en.end());
  // A and B both reach 优秀 (8 points); the quota of one leaves B 称职.
  const auto b_zh = notes_of("B", Language::Chinese), b_en = notes_of("B", Language::English);
  EXPECT_NE(std::find(b_zh.begin(), b_zh.end(), "等次由优秀调整为称职：优秀名额已满"), b_zh.end());
  EXPECT_NE(std::find(b_en.begin(), b_en.end(), "grade 优秀 -> 称职: the quota of 优秀 is full"), b_en.end());
  const auto c_zh = notes_of("C", Language::Chinese), c_en = notes_of("C", Language::English);
  EXPECT_NE(std::find(c_zh.begin(), c_zh.end(), "一票否决：廉洁自律；等次定为称职"), c_zh.end());
  EXPECT_NE(std::find(c_zh.begin(), c_zh.end(), "一票否决（廉洁自律）：得分计为0"), c_zh.end());
  EXPECT_NE(std::find(c_en.begin(), c_en.end(), "veto 'integrity': grade 称职"), c_en.end());
  EXPECT_NE(std::find(c_en.begin(), c_en.end(), "veto 'integrity': total set to 0"), c_en.end());
}

TEST(AuditNotes, RecordsReadAsTheirChineseNames) {
  const NotesCase& c = notes();
  const auto row = [&](const char* id) {
    for (std::size_t r = 0; r < c.records.size(); ++r)
      if (c.records.record_id(r) == id) return static_cast<std::int64_t>(r);
    return std::int64_t{-1};
  };
  const Language zh = Language::Chinese, en = Language::English;
  EXPECT_EQ(audit_record_words(c.rules, c.records, row("r1"), zh), "全体会议 缺席");
  EXPECT_EQ(audit_record_words(c.rules, c.records, row("r2"), zh), "其他会议 缺席");
  EXPECT_EQ(audit_record_words(c.rules, c.records, row("r3"), zh), "联名提案 P1");
  EXPECT_EQ(audit_record_words(c.rules, c.records, row("r13"), zh), "获得荣誉 全国");
  EXPECT_EQ(audit_record_words(c.rules, c.records, row("r15"), zh), "服务");
  EXPECT_EQ(audit_record_words(c.rules, c.records, row("r3"), en), "r3 2024-08-02 proposal/joint P1 position 3 of 3");
  // A rule set's own names win.
  RuleSet renamed = c.rules;
  renamed.names.push_back(VocabularyName{VocabularyField::Subtype, "meeting", "plenary", "政协全会", {}});
  renamed.names.push_back(VocabularyName{VocabularyField::Status, "", "absent", "无故缺席", {}});
  EXPECT_EQ(audit_record_words(renamed, c.records, row("r1"), zh), "政协全会 无故缺席");
  EXPECT_EQ(audit_kind_name(AuditKind::CategoryMax, zh), "类别封顶");
  EXPECT_EQ(audit_kind_name(AuditKind::CategoryMax, en), "category-max");
}

TEST(AuditNotes, PeriodsAndDaysInChinese) {
  EXPECT_EQ(period_words(Period::calendar_year(2025), Language::Chinese), "2025年1月1日至12月31日");
  EXPECT_EQ(period_words(Period{days_from_civil(2024, 7, 1), days_from_civil(2025, 6, 30)}, Language::Chinese),
            "2024年7月1日至2025年6月30日");
  EXPECT_EQ(period_words(Period{days_from_civil(2025, 3, 8), days_from_civil(2025, 3, 8)}, Language::Chinese),
            "2025年3月8日");
  EXPECT_EQ(period_words(Period::calendar_year(2025), Language::English), "2025-01-01..2025-12-31");
  EXPECT_EQ(day_words(days_from_civil(2026, 1, 31), Language::Chinese), "2026年1月31日");
  EXPECT_EQ(signed_points(250, 2), "+2.50");
  EXPECT_EQ(signed_points(-100, 2), "-1.00");
  EXPECT_EQ(signed_points(0, 2), "0.00");
}

}  // namespace
}  // namespace dutyscore
