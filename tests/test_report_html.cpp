// Reports people read: the member notice and the office summary as
// self-contained HTML, checked as text and as rendered by headless Chromium.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "dutyscore/report_html.h"
#include "test_support.h"

namespace dutyscore {
namespace {

struct Example {
  testing::LoadedJob job;
  Period period = Period::calendar_year(2025);
  Scores scores;
  Example()
      : job(testing::load_job(testing::source_path("rules/default.yaml"),
                              testing::source_path("examples/data/members.csv"),
                              testing::source_path("examples/data/records.csv"))) {
    scores = evaluate(job.rules, job.members, job.records, period);
  }
  std::string notice(const char* id, const ReportOptions& o = {}) const {
    Evaluation ev(job.rules, job.members, job.records, period);
    const MemberIndex m = *job.members.find(id);
    return member_notice_html(job.rules, job.members, job.records, period, scores, ev.explain(m, &scores), o);
  }
};

const Example& example() {
  static const Example e;
  return e;
}

// Nothing in the page may be fetched: no script, no link, no URL.
void expect_self_contained(const std::string& html) {
  for (const char* banned : {"<script", "<link", "http:", "https:", "url(", "@import", "src="})
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("\"Noto Sans CJK SC\""), std::string::npos);
  EXPECT_NE(html.find("\"WenQuanYi Zen Hei\""), std::string::npos);
}

TEST(ReportHtml, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("<b>&\"'x</b>"), "&lt;b&gt;&amp;&quot;&#39;x&lt;/b&gt;");
  EXPECT_EQ(html_escape("马刚云"), "马刚云");
}

TEST(ReportHtml, MemberNoticeShowsMemberCategoriesAuditAndResult) {
  const Example& e = example();
  const std::string html = e.notice("M001", ReportOptions{"政协安远县委员会办公室", {}, NoticeForm::Full});
  expect_self_contained(html);
  const MemberIndex m = *e.job.members.find("M001");
  EXPECT_NE(html.find("<td class=\"name\">马刚云</td>"), std::string::npos);
  EXPECT_NE(html.find("政协安远县委员会办公室"), std::string::npos);
  EXPECT_NE(html.find("考核期间：2025年1月1日至12月31日"), std::string::npos);
  EXPECT_NE(html.find("马刚云委员、安远县农业科学研究所："), std::string::npos);
  EXPECT_NE(html.find("<div class=\"big total\">" + format_points(e.scores.totals[m], 2) + "</div>"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"big rank\">" + std::to_string(e.scores.rank[m]) + " / 300</div>"), std::string::npos);
  // Every category has a row with its points, its maximum and a bar.
  const std::string categories = html.substr(html.find("<table class=\"categories\">"));
  for (const auto& c : e.job.rules.categories) {
    EXPECT_NE(categories.find("<tr><td>" + c.label + "</td>"), std::string::npos) << c.label;
    if (c.max) EXPECT_NE(categories.find("<td class=\"num\">" + format_points(*c.max, 2) + "</td>"), std::string::npos);
  }
  std::size_t bars = 0;
  for (auto at = categories.find("<div class=\"meter\">"); at != std::string::npos && at < categories.find("</table>");
       at = categories.find("<div class=\"meter\">", at + 1))
    ++bars;
  EXPECT_EQ(bars, e.job.rules.categories.size());
  EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  // One audit row per audit line, but for a record's "does not count here"
  // when another rule counts it; and one heading row per category shown.
  Evaluation ev(e.job.rules, e.job.members, e.job.records, e.period);
  const Audit audit = ev.explain(m);
  std::set<std::int64_t> counted;
  std::set<int> categories_shown;
  for (const auto& line : audit.lines)
    if (line.kind == AuditKind::Record) counted.insert(line.row);
  std::size_t lines = 0;
  for (const auto& line : audit.lines) {
    if (line.kind == AuditKind::NotCounted && counted.count(line.row)) continue;
    ++lines;
    categories_shown.insert(line.category);
  }
  const auto audit_begin = html.find("<table class=\"audit\">");
  const std::string table = html.substr(audit_begin, html.find("</table>", audit_begin) - audit_begin);
  std::size_t rows = 0, heads = 0;
  for (auto at = table.find("<tr>"); at != std::string::npos; at = table.find("<tr>", at + 1)) ++rows;
  for (auto at = table.find("<tr class=\"cat\">"); at != std::string::npos; at = table.find("<tr class=\"cat\">", at + 1)) ++heads;
  EXPECT_EQ(rows, lines + 1);  // and the header row
  EXPECT_EQ(heads, categories_shown.size());
  // Chinese throughout: the share with its basis, names for codes.
  EXPECT_NE(table.find("5.00 × 1/14（联名提案，第3人，共8人）"), std::string::npos);
  EXPECT_NE(table.find("基础分按在任天数折算：365/365天"), std::string::npos);
  for (const char* code : {"meeting", "group_discussion", "present", "proposal", "activity", "supervision", "counts",
                           "pro-rated", "tier"})
    EXPECT_EQ(html.find(code), std::string::npos) << code;
}

TEST(ReportHtml, BriefNoticeHasNoAuditTableButTheUnmetMinimum) {
  const Example& e = example();
  const std::string html = e.notice("M001", ReportOptions{"政协安远县委员会办公室", {}, NoticeForm::Brief});
  expect_self_contained(html);
  EXPECT_EQ(html.find("<table class=\"audit\">"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"categories\">"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"warn\">未达到“每季度至少参加一次活动”：2025年1月1日至3月31日应至少1次，实际0次（扣1.00分）</p>"),
            std::string::npos);
  EXPECT_NE(html.find("如对考核结果有异议，请向政协安远县委员会办公室提出。"), std::string::npos);
}

TEST(ReportHtml, OfficeBlockGivesContactDeadlineAndSeal) {
  const Example& e = example();
  ReportOptions o;
  o.form = NoticeForm::Brief;
  o.office.name = "政协安远县委员会办公室";
  o.office.contact = "委员工作室　电话 0797-3721234";
  o.office.appeal_by = days_from_civil(2026, 1, 31);
  o.office.seal = "政协安远县委员会";
  o.office.issued = days_from_civil(2026, 1, 10);
  const std::string html = e.notice("M001", o);
  EXPECT_NE(html.find("如对考核结果有异议，请于2026年1月31日前向政协安远县委员会办公室提出。联系方式：委员工作室　电话 0797-3721234。"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"seal\">政协安远县委员会（盖章）</p><p>2026年1月10日</p>"), std::string::npos);
  // --committee replaces the office's name at the top.
  o.committee = "政协某某县委员会办公室";
  EXPECT_NE(e.notice("M001", o).find("<div class=\"office\">政协某某县委员会办公室</div>"), std::string::npos);
}

TEST(ReportHtml, MarkupInNamesIsEscaped) {
  Problems problems;
  auto members = read_members("member_id,name,unit,sector,group,roles,joined,left\n"
                              "X,<script>alert(1)</script>,A&B \"Co\",s,g,member,,\n",
                              "m.csv", problems);
  ASSERT_TRUE(members);
  auto records = read_records("record_id,member_id,date,kind\n", "r.csv", *members, problems);
  ASSERT_TRUE(records);
  const RuleSet rules = testing::rules_from_yaml("id: t\nname: <i>办法</i>\ncategories: [{id: c, label: a<b, start: 5, max: 10}]\n");
  const Period year = Period::calendar_year(2024);
  Evaluation ev(rules, *members, *records, year);
  const Scores s = ev.score();
  const std::string html = member_notice_html(rules, *members, *records, year, s, ev.explain(0, &s));
  expect_self_contained(html);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("A&amp;B &quot;Co&quot;"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;办法&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>a&lt;b</td>"), std::string::npos);
  const std::string summary = office_summary_html(rules, *members, s, year, {});
  expect_self_contained(summary);
  EXPECT_EQ(summary.find("<i>"), std::string::npos);
}

TEST(ReportHtml, OfficeSummaryHasHistogramGradesAveragesGroupsAndCommendations) {
  const Example& e = example();
  SummaryExtras extras;
  CommendationList list{"top10", "优秀委员", {e.scores.order.begin(), e.scores.order.begin() + 10}};
  extras.commendations.push_back(list);
  RuleSet rules = e.job.rules;
  rules.groups.enabled = true;
  rules.groups.members_total = true;
  const GroupScores groups = score_groups(rules, e.job.members, e.job.records, e.period, e.scores);
  extras.groups = &groups;
  const std::string html = office_summary_html(rules, e.job.members, e.scores, e.period, extras);
  expect_self_contained(html);
  EXPECT_NE(html.find("<svg class=\"chart histogram\""), std::string::npos);
  // Grade counts add up to the members.
  int counted = 0;
  for (std::size_t g = 0; g < rules.grades.size(); ++g) {
    const std::string cell = "<tr><td>" + rules.grades[g].label + "</td><td class=\"num\">";
    const auto at = html.find(cell);
    ASSERT_NE(at, std::string::npos);
    counted += std::atoi(html.c_str() + at + cell.size());
  }
  EXPECT_EQ(counted, 300);
  EXPECT_NE(html.find("各界别平均分"), std::string::npos);
  EXPECT_NE(html.find("各活动组平均分"), std::string::npos);
  EXPECT_NE(html.find("活动组考核排名"), std::string::npos);
  EXPECT_NE(html.find("<h3>优秀委员（10 人）</h3>"), std::string::npos);
  const MemberIndex first = e.scores.order[0];
  EXPECT_NE(html.find("<td class=\"num\">1</td><td>" + std::string(e.job.members.name(first)) + "</td>"), std::string::npos);
}

TEST(ReportHtml, HistogramWidensItsBinsForAWideSpreadOfTotals) {
  Problems problems;
  auto members = read_members("member_id,name,unit,sector,group,roles,joined,left\n"
                              "A,甲,u,s,g,member,,\nB,乙,u,s,g,member,,\nC,丙,u,s,g,member,,\n",
                              "m.csv", problems);
  ASSERT_TRUE(members);
  const RuleSet rules = testing::rules_from_yaml("id: t\ncategories: [{id: c}]\n");
  Scores s;
  s.subtotals = PointsMatrix::Zero(3, 1);
  s.totals = {0, 50000, 100000};  // 0, 500, 1000 points: 100 bins of 10
  s.grade = {-1, -1, -1};
  s.flags = {0, 0, 0};
  s.unmet = s.vetoes = {0, 0, 0};
  s.rank = {3, 2, 1};
  s.order = {2, 1, 0};
  const std::string html = office_summary_html(rules, *members, s, Period::calendar_year(2024), {});
  EXPECT_NE(html.find("横轴为每 40 分一档"), std::string::npos);  // 10 -> 20 -> 40: 25 bins
  const auto svg = html.substr(html.find("<svg"), html.find("</svg>") - html.find("<svg"));
  std::size_t bars = 0;
  for (auto at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) ++bars;
  EXPECT_EQ(bars, 26u);
}

TEST(ReportCli, WritesOneNoticeEveryNoticeAndTheSummary) {
  const std::string dir = ::testing::TempDir() + "report_cli";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  const std::string job = " --rules " + testing::source_path("rules/tongcheng-2019.yaml") + " --members " +
                          testing::source_path("tests/methods/tongcheng/members.csv") + " --records " +
                          testing::source_path("tests/methods/tongcheng/records.csv") + " --year 2024";
  const auto one = testing::run_command(testing::cli() + " report" + job + " --member T04");
  ASSERT_EQ(one.exit_code, 0) << one.out;
  EXPECT_NE(one.out.find("<div class=\"big total\">81.00</div>"), std::string::npos);
  const auto all = testing::run_command(testing::cli() + " report" + job + " --all --out " + dir + "/notices 2>&1");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  EXPECT_TRUE(std::filesystem::exists(dir + "/notices/T04.html"));
  EXPECT_EQ(testing::slurp(dir + "/notices/T04.html"), one.out);
  const auto summary = testing::run_command(testing::cli() + " report" + job + " --summary " + dir + "/summary.html");
  ASSERT_EQ(summary.exit_code, 0) << summary.out;
  EXPECT_NE(testing::slurp(dir + "/summary.html").find("委员履职考核汇总"), std::string::npos);
  EXPECT_EQ(testing::run_command(testing::cli() + " report" + job + " --member NOPE 2>&1").exit_code, 4);
  EXPECT_EQ(testing::run_command(testing::cli() + " report" + job + " 2>&1").exit_code, 2);
  EXPECT_EQ(testing::run_command(testing::cli() + " report" + job + " --all 2>&1").exit_code, 2);
}

TEST(ReportCli, SummaryListsTheRuleSetsCommendationsAndGroupRanking) {
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/summary_rules.yaml")
      << testing::default_rules_core() +
             "\ncommendations:\n  - {id: top_ten, label: 双十佳, top: 10}\n"
             "groups:\n  by: sector\n  members_total: average\n";
  const auto out = testing::run_command(testing::cli() + " report --rules " + dir + "/summary_rules.yaml --members " +
                                        testing::source_path("examples/data/members.csv") + " --records " +
                                        testing::source_path("examples/data/records.csv") +
                                        " --year 2025 --committee 政协安远县委员会办公室 --summary " + dir + "/summary.html 2>&1");
  ASSERT_EQ(out.exit_code, 0) << out.out;
  const std::string html = testing::slurp(dir + "/summary.html");
  expect_self_contained(html);
  // Members tied at the boundary are left out by default, so at most 10.
  const auto job = testing::load_job(dir + "/summary_rules.yaml", testing::source_path("examples/data/members.csv"),
                                     testing::source_path("examples/data/records.csv"));
  const Period year = Period::calendar_year(2025);
  const Scores scores = evaluate(job.rules, job.members, job.records, year);
  const auto lists = commendation_lists(job.rules, job.members, scores, year);
  ASSERT_EQ(lists.size(), 1u);
  ASSERT_FALSE(lists[0].members.empty());
  EXPECT_NE(html.find("<h3>双十佳（" + std::to_string(lists[0].members.size()) + " 人）</h3>"), std::string::npos);
  EXPECT_NE(html.find("<td>" + std::string(job.members.name(lists[0].members[0])) + "</td>"), std::string::npos);
  EXPECT_NE(html.find("界别考核排名"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"office\">政协安远县委员会办公室</div>"), std::string::npos);
}

TEST(ReportHtml, RuleSetNamesReplaceTheStandardOnes) {
  const Example& e = example();
  RuleSet renamed = e.job.rules;
  renamed.names.push_back(VocabularyName{VocabularyField::Subtype, "meeting", "group_discussion", "分组讨论会", {}});
  renamed.names.push_back(VocabularyName{VocabularyField::Flag, "", "filed", "已立案", {}});
  Evaluation ev(renamed, e.job.members, e.job.records, e.period);
  const Scores s = ev.score();
  const MemberIndex m = *e.job.members.find("M001");
  const std::string html = member_notice_html(renamed, e.job.members, e.job.records, e.period, s, ev.explain(m, &s));
  EXPECT_NE(html.find("<td>分组讨论会 请假</td>"), std::string::npos);
  EXPECT_NE(html.find("联名提案 P20250363 已立案"), std::string::npos);
  EXPECT_EQ(html.find("小组讨论"), std::string::npos);
}

TEST(ReportHtml, PrintFileHasEveryNoticeEachOnItsOwnPage) {
  const Example& e = example();
  Evaluation ev(e.job.rules, e.job.members, e.job.records, e.period);
  const std::vector<MemberIndex> three{*e.job.members.find("M003"), *e.job.members.find("M001"),
                                       *e.job.members.find("M002")};
  const std::string html = notices_print_html(e.job.rules, e.job.members, e.job.records, ev, e.scores, three,
                                              ReportOptions{"", {}, NoticeForm::Brief});
  expect_self_contained(html);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>"), 0u);  // one document
  std::vector<std::size_t> at;
  for (auto p = html.find("<section class=\"notice\">"); p != std::string::npos;
       p = html.find("<section class=\"notice\">", p + 1))
    at.push_back(p);
  ASSERT_EQ(at.size(), 3u);
  // In the order asked, each one the member's notice.
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string name(e.job.members.name(three[i]));
    const auto found = html.find("<td class=\"name\">" + name + "</td>", at[i]);
    EXPECT_TRUE(found != std::string::npos && (i + 1 == 3 || found < at[i + 1])) << name;
  }
  EXPECT_NE(html.find("section.notice + section.notice { break-before: page;"), std::string::npos);
}

TEST(ReportCli, FormsPrintFileOfficeFileAndPdfWithoutABrowser) {
  const std::string dir = ::testing::TempDir() + "report_forms";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  std::filesystem::create_directories(dir);
  const std::string job = " --rules " + testing::source_path("rules/tongcheng-2019.yaml") + " --members " +
                          testing::source_path("tests/methods/tongcheng/members.csv") + " --records " +
                          testing::source_path("tests/methods/tongcheng/records.csv") + " --year 2024";
  std::ofstream(dir + "/office.yaml") << "name: 政协桐城市委员会办公室\ncontact: 电话 0556-6123456\n"
                                         "appeal_by: 2025-01-31\n";
  const auto brief = testing::run_command(testing::cli() + " report" + job + " --member T04 --form brief --office " +
                                          dir + "/office.yaml");
  ASSERT_EQ(brief.exit_code, 0) << brief.out;
  EXPECT_EQ(brief.out.find("<table class=\"audit\">"), std::string::npos);
  EXPECT_NE(brief.out.find("请于2025年1月31日前向政协桐城市委员会办公室提出。联系方式：电话 0556-6123456。"),
            std::string::npos);
  const auto print = testing::run_command(testing::cli() + " report" + job + " --print-file " + dir + "/all.html 2>&1");
  ASSERT_EQ(print.exit_code, 0) << print.out;
  const std::string all = testing::slurp(dir + "/all.html");
  std::size_t sections = 0;
  for (auto p = all.find("<section class=\"notice\">"); p != std::string::npos; p = all.find("<section class=\"notice\">", p + 1))
    ++sections;
  const auto job_loaded = testing::load_job(testing::source_path("rules/tongcheng-2019.yaml"),
                                            testing::source_path("tests/methods/tongcheng/members.csv"),
                                            testing::source_path("tests/methods/tongcheng/records.csv"));
  EXPECT_EQ(sections, job_loaded.members.size());
  // A bad office file is an input problem, placed.
  std::ofstream(dir + "/bad_office.yaml") << "name: x\nissued: 2025-13-01\n";
  const auto bad = testing::run_command(testing::cli() + " report" + job + " --member T04 --office " + dir +
                                        "/bad_office.yaml 2>&1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("bad_office.yaml:2:9: error: 'issued' in the office file must be a date like 2026-01-31, got '2025-13-01'"),
            std::string::npos) << bad.out;
  // --pdf where no browser can be found says how to get one.
  const auto no_browser = testing::run_command("DUTYSCORE_CHROMIUM=/nonexistent " + testing::cli() + " report" + job +
                                               " --summary " + dir + "/s.pdf --pdf 2>&1");
  EXPECT_EQ(no_browser.exit_code, 3);
  EXPECT_NE(no_browser.out.find("apt-get install chromium"), std::string::npos) << no_browser.out;
  EXPECT_FALSE(std::filesystem::exists(dir + "/s.pdf"));
  const auto usage = testing::run_command(testing::cli() + " report" + job + " --member T04 --pdf 2>&1");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.out.find("--member with --pdf needs --output FILE"), std::string::npos) << usage.out;
  EXPECT_EQ(testing::run_command(testing::cli() + " report" + job + " --member T04 --form short 2>&1").exit_code, 2);
}

}  // namespace
}  // namespace dutyscore
