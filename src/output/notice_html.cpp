#include "dutyscore/notice_html.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include "dutyscore/archive.h"
#include "dutyscore/audit_notes.h"
#include "base/text_util.h"
#include "output/html_page.h"

namespace dutyscore {
namespace {

using detail::html_bar;
using detail::html_num;

constexpr Language kZh = Language::Chinese;

std::string pts(Points p, int precision) { return format_points(p, precision); }

// What the rule set does with a member who did not serve (not_serving).
std::string not_serving_words(const RuleSet& rs) {
  switch (rs.not_serving) {
    case NotServing::Ranked: return "考核期间内未在任；按本办法仍评定等次、参加排名。";
    case NotServing::Grade:
      return "考核期间内未在任，列为“" +
             html_escape(rs.grades.empty() ? std::string() : rs.grades.back().label) + "”，不参加排名。";
    case NotServing::Unranked: break;
  }
  return "考核期间内未在任，不评定等次。";
}

// What a notice needs besides the audit, computed once a run.
struct NoticeContext {
  const RuleSet& rules;
  const MemberTable& members;
  const RecordBatch& records;
  const Period& period;
  const Scores& scores;
  OfficeInfo office;
  NoticeForm form;
  std::size_t ranked;
};

// "根据《…》，现将…": the sentence a notice opens with.
std::string opening(const NoticeContext& c, MemberIndex m) {
  const std::string_view name = c.members.name(m);
  const std::string_view unit = c.members.unit(m);
  std::string out = "<p class=\"to\">" + html_escape(name) + "委员" +
                    (unit.empty() ? "" : "、" + html_escape(unit)) + "：</p>\n<p>";
  if (!c.rules.name.empty()) out += "根据《" + html_escape(c.rules.name) + "》，";
  out += "现将" + html_escape(name) + "委员" + period_words(c.period, kZh) +
         "的履职考核结果通知如下。</p>\n";
  return out;
}

std::string member_table(const NoticeContext& c, MemberIndex m) {
  const MemberTable& ms = c.members;
  return "<table class=\"member\"><colgroup><col style=\"width:16%\"><col style=\"width:34%\">"
         "<col style=\"width:16%\"><col style=\"width:34%\"></colgroup>\n<tr><th>姓名</th><td class=\"name\">" +
         html_escape(ms.name(m)) + "</td><th>委员编号</th><td>" + html_escape(ms.id(m)) +
         "</td></tr>\n<tr><th>工作单位</th><td colspan=\"3\">" + html_escape(ms.unit(m)) +
         "</td></tr>\n<tr><th>界别</th><td>" + html_escape(ms.sector_names().text(ms.sector(m))) +
         "</td><th>活动组</th><td>" + html_escape(ms.group_names().text(ms.group(m))) +
         "</td></tr></table>\n";
}

std::string result_boxes(const NoticeContext& c, const Audit& audit) {
  const std::string grade = c.rules.grade_label(audit.grade);
  return "<div class=\"result\"><div>总分<div class=\"big total\">" + pts(audit.total, c.rules.precision) +
         "</div></div><div>等次<div class=\"big grade\">" + html_escape(grade.empty() ? "—" : grade) +
         "</div></div><div>排名<div class=\"big rank\">" +
         (audit.rank > 0 ? std::to_string(audit.rank) + " / " + std::to_string(c.ranked) : "—") +
         "</div></div></div>\n";
}

// Minimums unmet, vetoes and quota moves, each with its note: what a
// member must know even on the brief form.
std::string warnings(const NoticeContext& c, const Audit& audit) {
  std::string out;
  if (audit.flags & kNotServing) out += "<p class=\"warn\">" + not_serving_words(c.rules) + "</p>\n";
  for (const AuditLine& line : audit.lines) {
    const bool veto_flag = line.kind == AuditKind::Veto && line.category < 0;
    if (line.kind != AuditKind::MinimumUnmet && !veto_flag && line.kind != AuditKind::GradeQuota)
      continue;
    std::string text = audit_note(c.rules, c.records, line, kZh);
    if (line.points != 0) text += "（扣" + pts(-line.points, c.rules.precision) + "分）";
    out += "<p class=\"warn\">" + html_escape(text) + "</p>\n";
  }
  return out;
}

std::vector<Points> subtotals(const RuleSet& rs, const Audit& audit) {
  std::vector<Points> sub(rs.categories.size(), 0);
  for (const auto& line : audit.lines)
    if (line.category >= 0 && static_cast<std::size_t>(line.category) < sub.size())
      sub[static_cast<std::size_t>(line.category)] += line.points;
  return sub;
}

// Each category's points against its maximum (or, without one, against
// the largest subtotal), as a number and a bar.
std::string category_table(const NoticeContext& c, const Audit& audit) {
  const RuleSet& rs = c.rules;
  const int p = rs.precision;
  const std::vector<Points> sub = subtotals(rs, audit);
  Points largest = 1;
  for (Points v : sub) largest = std::max(largest, v);
  std::string out =
      "<table class=\"categories\"><colgroup><col style=\"width:30%\"><col style=\"width:13%\">"
      "<col style=\"width:13%\"><col style=\"width:44%\"></colgroup>\n<thead><tr><th>类别</th>"
      "<th class=\"num\">得分</th><th class=\"num\">满分</th><th>得分情况</th></tr></thead>\n";
  for (std::size_t i = 0; i < rs.categories.size(); ++i) {
    const Category& cat = rs.categories[i];
    out += "<tr><td>" + html_escape(rs.category_label(static_cast<int>(i))) + "</td>" +
           html_num(pts(sub[i], p)) + html_num(cat.max ? pts(*cat.max, p) : "—") + "<td>" +
           html_bar(sub[i], cat.max ? *cat.max : largest) + "</td></tr>\n";
  }
  out += "<tr><th>合计</th>" + html_num("<b>" + pts(audit.total, p) + "</b>") + "<td></td><td></td></tr></table>\n";
  return out;
}

// Rows whose record counts under another rule: the line that says it does
// not count under this one only repeats that (research_first counts it,
// research_more starts from the sixth).
std::set<std::int64_t> counted_rows(const Audit& audit) {
  std::set<std::int64_t> rows;
  for (const auto& line : audit.lines)
    if (line.kind == AuditKind::Record && line.row >= 0) rows.insert(line.row);
  return rows;
}

std::string audit_table(const NoticeContext& c, const Audit& audit) {
  const RuleSet& rs = c.rules;
  const int p = rs.precision;
  const std::vector<Points> sub = subtotals(rs, audit);
  const std::set<std::int64_t> counted = counted_rows(audit);
  std::string out =
      "<h2>计分明细</h2>\n<table class=\"audit\"><colgroup><col style=\"width:13%\">"
      "<col style=\"width:24%\"><col style=\"width:21%\"><col><col style=\"width:10%\"></colgroup>\n"
      "<thead><tr><th>日期</th><th>事项</th><th>规则</th><th>说明</th><th class=\"num\">分值</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i <= rs.categories.size(); ++i) {
    const int want = i < rs.categories.size() ? static_cast<int>(i) : -1;
    std::string rows;
    for (const auto& line : audit.lines) {
      if (line.category != want) continue;
      if (line.kind == AuditKind::NotCounted && counted.count(line.row)) continue;
      std::string item = audit_record_words(rs, c.records, line.row, kZh);
      if (item.empty()) item = audit_kind_name(line.kind, kZh);
      rows += "<tr><td>" + (line.row >= 0 ? format_day(c.records.date(static_cast<std::size_t>(line.row))) : "") +
              "</td><td>" + html_escape(item) + "</td><td>" + html_escape(audit_rule_name(rs, line, kZh)) +
              "</td><td>" + html_escape(audit_note(rs, c.records, line, kZh)) + "</td>" +
              html_num(signed_points(line.points, p)) + "</tr>\n";
    }
    if (rows.empty()) continue;
    std::string head = want >= 0 ? rs.category_label(want) + "　小计 " + pts(sub[i], p) : "其他";
    if (want >= 0 && rs.categories[i].max) head += "（满分 " + pts(*rs.categories[i].max, p) + "）";
    out += "<tr class=\"cat\"><th colspan=\"5\">" + html_escape(head) + "</th></tr>\n" + rows;
  }
  out += "</tbody></table>\n";
  return out;
}

std::string ask_and_seal(const NoticeContext& c) {
  const OfficeInfo& o = c.office;
  const std::string to = !o.appeal_to.empty() ? o.appeal_to : !o.name.empty() ? o.name : "政协办公室";
  std::string out = "<div class=\"ask\">如对考核结果有异议，请" +
                    (o.appeal_by ? "于" + day_words(*o.appeal_by, kZh) + "前" : std::string()) + "向" +
                    html_escape(to) + "提出。";
  if (!o.contact.empty()) out += "联系方式：" + html_escape(o.contact) + "。";
  out += "</div>\n<footer class=\"doc\"><p class=\"seal\">" + html_escape(o.seal.empty() ? o.name : o.seal) +
         "（盖章）</p><p>" + (o.issued ? day_words(*o.issued, kZh) : "　　　　年　　月　　日") + "</p></footer>\n";
  return out;
}

std::string notice_section(const NoticeContext& c, const Audit& audit) {
  const MemberIndex m = audit.member;
  std::string sub = c.rules.name.empty() ? std::string() : c.rules.name + "　";
  sub += "考核期间：" + period_words(c.period, kZh);
  std::string out = "<section class=\"notice\">\n" +
                    detail::html_doc_header(c.office.name, "委员履职考核结果通知", sub) + opening(c, m) +
                    member_table(c, m) + "<h2>考核结果</h2>\n" + result_boxes(c, audit) + warnings(c, audit) +
                    "<h2>分项得分</h2>\n" + category_table(c, audit);
  if (c.form == NoticeForm::Full) out += audit_table(c, audit);
  out += ask_and_seal(c) + "</section>\n";
  return out;
}

NoticeContext context_of(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
                         const Period& period, const Scores& scores, const ReportOptions& options) {
  return NoticeContext{rules,  members,
                       records, period,
                       scores, detail::effective_office(rules.office, options),
                       options.form, detail::ranked_count(scores)};
}

}  // namespace

std::string notice_file_name(std::string_view member_id) {
  std::string out;
  for (char c : member_id) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    out += plain ? c : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out + ".html";
}

std::vector<std::string> notice_file_names(const MemberTable& members, std::size_t* suffixed) {
  std::unordered_map<std::string, int> uses;
  for (MemberIndex m = 0; m < members.size(); ++m)
    ++uses[detail::lower_ascii(notice_file_name(members.id(m)))];
  std::vector<std::string> names;
  names.reserve(members.size());
  std::unordered_set<std::string> taken;
  std::size_t count = 0;
  for (MemberIndex m = 0; m < members.size(); ++m) {
    const std::string id(members.id(m));
    std::string name = notice_file_name(id);
    if (name != id + ".html" || uses[detail::lower_ascii(name)] > 1) {
      name.resize(name.size() - 5);  // without ".html"
      name += "-" + sha256_hex(id).substr(0, 8) + ".html";
      ++count;
    }
    // An id that is literally another's suffixed name: a further number.
    const std::string base = name.substr(0, name.size() - 5);
    for (int n = 2; !taken.insert(detail::lower_ascii(name)).second; ++n)
      name = base + "-" + std::to_string(n) + ".html";
    names.push_back(std::move(name));
  }
  if (suffixed != nullptr) *suffixed = count;
  return names;
}

std::string member_notice_html(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
                               const Period& period, const Scores& scores, const Audit& audit,
                               const ReportOptions& options) {
  const NoticeContext c = context_of(rules, members, records, period, scores, options);
  return detail::html_document_start(std::string(members.name(audit.member)) + " 履职考核结果通知") +
         notice_section(c, audit) + detail::html_document_end();
}

std::string notices_print_html(const RuleSet& rules, const MemberTable& members, const RecordBatch& records,
                               const Evaluation& evaluation, const Scores& scores,
                               const std::vector<MemberIndex>& notices, const ReportOptions& options) {
  const NoticeContext c = context_of(rules, members, records, evaluation.period(), scores, options);
  std::string out = detail::html_document_start((rules.name.empty() ? rules.id : rules.name) +
                                                " 履职考核结果通知（" + std::to_string(notices.size()) + "份）");
  for (const MemberIndex m : notices) out += notice_section(c, evaluation.explain(m, &scores));
  return out + detail::html_document_end();
}

}  // namespace dutyscore
