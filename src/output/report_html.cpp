#include "dutyscore/report_html.h"

#include <algorithm>
#include <map>

namespace dutyscore {
namespace {

// CJK fonts Debian packages (fonts-noto-cjk, fonts-wqy-zenhei), then common
// ones elsewhere, then the generic family: nothing is fetched.
const char* const kStyle = R"(
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
       "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #111; margin: 0 auto; max-width: 190mm; font-size: 10.5pt; line-height: 1.5; }
header.doc { text-align: center; border-bottom: 2px solid #b00000; padding-bottom: 4mm; margin-bottom: 5mm; }
header.doc .office { color: #b00000; font-size: 15pt; font-weight: bold; letter-spacing: 0.1em; }
h1 { font-size: 18pt; margin: 2mm 0 1mm; letter-spacing: 0.15em; }
h2 { font-size: 12pt; border-left: 4px solid #b00000; padding-left: 2mm; margin: 6mm 0 2mm; }
.sub { color: #444; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f1f1f1; font-weight: bold; }
table.audit td:nth-child(-n+2) { white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; break-inside: avoid; }
.result { display: flex; gap: 4mm; margin: 3mm 0; }
.result > div { flex: 1; border: 1px solid #999; padding: 2mm; text-align: center; }
.result .big { font-size: 18pt; font-weight: bold; }
.warn { color: #b00000; font-weight: bold; }
.chart text { font-family: inherit; font-size: 11px; }
footer.doc { margin-top: 8mm; text-align: right; }
@media print {
  body { max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  th, .bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";


std::string pts(Points p, int precision) { return format_points(p, precision); }

std::string signed_pts(Points p, int precision) {
  return (p > 0 ? "+" : "") + format_points(p, precision);
}

const char* kind_words(AuditKind k) {
  switch (k) {
    case AuditKind::Start: return "基础分";
    case AuditKind::Record: return "记录得分";
    case AuditKind::NotCounted: return "不计分";
    case AuditKind::Tier: return "达档得分";
    case AuditKind::NotHighest: return "只计最高";
    case AuditKind::RuleMax: return "单项封顶";
    case AuditKind::Exclusive: return "就高不重复";
    case AuditKind::MinimumUnmet: return "未达最低要求";
    case AuditKind::CategoryMax: return "类别封顶";
    case AuditKind::CategoryFloor: return "扣完为止";
    case AuditKind::Veto: return "一票否决";
    case AuditKind::Unmatched: return "未计分记录";
    case AuditKind::GradeQuota: return "名额限制";
    case AuditKind::Counting: return "计入统计";
    case AuditKind::PerPeriod: return "按期得分";
    case AuditKind::MinimumMet: return "达到最低要求";
    case AuditKind::Outside: return "外部评分";
    case AuditKind::Rescale: return "折算";
  }
  return "";
}

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

std::string rule_words(const RuleSet& rs, const AuditLine& line) {
  if (line.rule < 0) return {};
  const auto i = static_cast<std::size_t>(line.rule);
  if (line.kind == AuditKind::MinimumUnmet || line.kind == AuditKind::MinimumMet)
    return i < rs.minimums.size() ? rs.minimums[i].label : "";
  if (line.kind == AuditKind::Veto) return i < rs.vetoes.size() ? rs.vetoes[i].label : "";
  return i < rs.rules.size() ? rs.rules[i].label : "";
}

std::string record_words(const RecordBatch& b, std::int64_t row_index) {
  if (row_index < 0) return {};
  const auto row = static_cast<std::size_t>(row_index);
  std::string out = format_day(b.date(row)) + " " + std::string(b.record_id(row)) + " " +
                    b.kinds().text(b.kind(row));
  if (b.subtype(row) != kAbsent) out += "/" + b.subtypes().text(b.subtype(row));
  if (b.status(row) != kAbsent) out += " " + b.statuses().text(b.status(row));
  if (b.level(row) != kAbsent) out += " " + b.levels().text(b.level(row));
  return out;
}

std::string page_start(const std::string& title, const ReportOptions& o, const std::string& heading,
                       const std::string& sub) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header class=\"doc\">";
  if (!o.committee.empty()) out += "<div class=\"office\">" + html_escape(o.committee) + "</div>";
  out += "<h1>" + html_escape(heading) + "</h1><div class=\"sub\">" + html_escape(sub) + "</div></header>\n";
  return out;
}

// Horizontal bars, one per (label, value, max) row, as inline SVG.
struct Bar {
  std::string label;
  Points value = 0;
  Points max = 0;        // the scale of the bar; <= 0: none
  std::string caption;   // printed right of the bar
};

std::string bar_chart(const std::vector<Bar>& bars) {
  const int row_h = 26, label_w = 150, bar_w = 380, width = 680;
  const int height = row_h * static_cast<int>(bars.size()) + 6;
  std::string out = "<svg class=\"chart\" role=\"img\" width=\"100%\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) + "\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = 4 + static_cast<int>(i) * row_h;
    long long fill = 0;
    if (b.max > 0 && b.value > 0)
      fill = static_cast<long long>(std::min<WideInt>(bar_w, static_cast<WideInt>(b.value) * bar_w / b.max));
    out += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + html_escape(b.label) + "</text>";
    out += "<rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + std::to_string(bar_w) + "\" height=\"16\" fill=\"#eeeeee\" stroke=\"#999\"/>";
    out += "<rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + std::to_string(fill) + "\" height=\"16\" fill=\"#b00000\"/>";
    out += "<text x=\"" + std::to_string(label_w + bar_w + 8) + "\" y=\"" + std::to_string(y + 15) + "\">" +
           html_escape(b.caption) + "</text>\n";
  }
  out += "</svg>\n";
  return out;
}


std::size_t ranked_count(const Scores& s) {
  return static_cast<std::size_t>(std::count_if(s.rank.begin(), s.rank.end(), [](std::int32_t r) { return r > 0; }));
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

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string member_notice_html(const RuleSet& rs, const MemberTable& members, const RecordBatch& b,
                               const Period& period, const Scores& scores, const Audit& audit,
                               const ReportOptions& options) {
  const MemberIndex m = audit.member;
  const int p = rs.precision;
  std::string out = page_start(members.name(m) + " 履职考核结果通知", options, "委员履职考核结果通知",
                               rs.name + "　考核期间 " + period.to_string());

  out += "<h2>委员信息</h2>\n<table class=\"member\"><tr><th>姓名</th><td class=\"name\">" +
         html_escape(members.name(m)) + "</td><th>委员编号</th><td>" + html_escape(members.id(m)) +
         "</td></tr>\n<tr><th>工作单位</th><td colspan=\"3\">" + html_escape(members.unit(m)) +
         "</td></tr>\n<tr><th>界别</th><td>" + html_escape(members.sector_names().text(members.sector(m))) +
         "</td><th>活动组</th><td>" + html_escape(members.group_names().text(members.group(m))) +
         "</td></tr></table>\n";

  // Result first: it is what the member looks for.
  out += "<h2>考核结果</h2>\n<div class=\"result\"><div>总分<div class=\"big total\">" + pts(audit.total, p) +
         "</div></div><div>等次<div class=\"big grade\">" +
         html_escape(rs.grade_label(audit.grade).empty() ? "—" : rs.grade_label(audit.grade)) +
         "</div></div><div>排名<div class=\"big rank\">" +
         (audit.rank > 0 ? std::to_string(audit.rank) + " / " + std::to_string(ranked_count(scores)) : "—") +
         "</div></div></div>\n";
  if (audit.flags & kNotServing) out += "<p class=\"warn\">" + not_serving_words(rs) + "</p>\n";
  for (std::size_t i = 0; i < rs.minimums.size() && i < 64; ++i)
    if (m < scores.unmet.size() && (scores.unmet[m] >> i & 1))
      out += "<p class=\"warn\">未达最低履职要求：" + html_escape(rs.minimums[i].label) + "</p>\n";
  for (std::size_t i = 0; i < rs.vetoes.size() && i < 64; ++i)
    if (m < scores.vetoes.size() && (scores.vetoes[m] >> i & 1))
      out += "<p class=\"warn\">一票否决：" + html_escape(rs.vetoes[i].label) + "</p>\n";

  // Per category: subtotal against its maximum (or against the largest
  // subtotal when the category has none).
  std::vector<Points> sub(rs.categories.size(), 0);
  for (const auto& line : audit.lines)
    if (line.category >= 0 && static_cast<std::size_t>(line.category) < sub.size()) sub[line.category] += line.points;
  Points largest = 1;
  for (Points v : sub) largest = std::max(largest, v);
  std::vector<Bar> bars;
  for (std::size_t c = 0; c < rs.categories.size(); ++c) {
    const Category& cat = rs.categories[c];
    Bar bar{rs.category_label(static_cast<int>(c)), sub[c], cat.max ? *cat.max : largest, pts(sub[c], p)};
    if (cat.max) bar.caption += " / " + pts(*cat.max, p);
    bars.push_back(bar);
  }
  out += "<h2>分项得分</h2>\n" + bar_chart(bars);
  out += "<table class=\"categories\"><tr><th>类别</th><th class=\"num\">得分</th><th class=\"num\">满分</th></tr>\n";
  for (std::size_t c = 0; c < rs.categories.size(); ++c)
    out += "<tr><td>" + html_escape(rs.category_label(static_cast<int>(c))) + "</td><td class=\"num\">" + pts(sub[c], p) +
           "</td><td class=\"num\">" + (rs.categories[c].max ? pts(*rs.categories[c].max, p) : "—") + "</td></tr>\n";
  out += "<tr><th>合计</th><th class=\"num\">" + pts(audit.total, p) + "</th><th></th></tr></table>\n";

  // The header row in <thead>: printed again at the top of every page.
  out += "<h2>计分明细</h2>\n<table class=\"audit\"><thead><tr><th>类别</th><th>事项</th><th>记录</th><th>规则</th><th>说明</th><th class=\"num\">分值</th></tr></thead>\n<tbody>\n";
  for (std::size_t c = 0; c <= rs.categories.size(); ++c) {
    const int want = c < rs.categories.size() ? static_cast<int>(c) : -1;
    for (const auto& line : audit.lines) {
      if (line.category != want) continue;
      out += "<tr><td>" + html_escape(want >= 0 ? rs.category_label(static_cast<int>(c)) : "") + "</td><td>" +
             kind_words(line.kind) + "</td><td>" + html_escape(record_words(b, line.row)) + "</td><td>" +
             html_escape(rule_words(rs, line)) + "</td><td>" + html_escape(line.note) + "</td><td class=\"num\">" +
             signed_pts(line.points, p) + "</td></tr>\n";
    }
  }
  out += "</tbody></table>\n";
  out += "<footer class=\"doc\"><p>" + html_escape(options.committee.empty() ? "" : options.committee) +
         "</p><p>（盖章）　　　　年　　月　　日</p></footer>\n</body>\n</html>\n";
  return out;
}

std::string office_summary_html(const RuleSet& rs, const MemberTable& members, const Scores& scores,
                                const Period& period, const SummaryExtras& extras,
                                const ReportOptions& options) {
  const int p = rs.precision;
  std::string out = page_start(rs.name + " 履职考核汇总", options, "委员履职考核汇总",
                               rs.name + "　考核期间 " + period.to_string());
  std::size_t serving = 0;
  for (std::size_t m = 0; m < scores.member_count(); ++m)
    if (!(scores.flags[m] & kNotServing)) ++serving;
  out += "<p class=\"counts\">委员 " + std::to_string(members.size()) + " 人，在任 " + std::to_string(serving) +
         " 人，参与排名 " + std::to_string(ranked_count(scores)) + " 人；期间内记录 " +
         std::to_string(scores.records_in_period) + " 条。</p>\n";

  // Histogram of serving members' totals in bins of 10 points, widened
  // (20, 40, ...) until at most 30 bins remain, so the chart stays legible.
  Points bin = 10 * scale_of(p);
  std::map<Points, int> bins;
  for (;;) {
    bins.clear();
    for (std::size_t m = 0; m < scores.member_count(); ++m) {
      if (scores.flags[m] & kNotServing) continue;
      const Points t = scores.totals[m];
      const Points lo = (t >= 0 ? t / bin : -((-t + bin - 1) / bin)) * bin;
      ++bins[lo];
    }
    if (bins.empty() || (bins.rbegin()->first - bins.begin()->first) / bin < 30) break;
    bin *= 2;
  }
  out += "<h2>总分分布</h2>\n";
  if (!bins.empty()) {
    const Points first = bins.begin()->first, last = bins.rbegin()->first;
    int peak = 1;
    for (const auto& kv : bins) peak = std::max(peak, kv.second);
    const int n = static_cast<int>((last - first) / bin) + 1;
    const int col = std::max(24, std::min(70, 640 / n)), chart_h = 180, width = col * n + 20;
    out += "<svg class=\"chart histogram\" role=\"img\" width=\"100%\" viewBox=\"0 0 " +
           std::to_string(width) + " " + std::to_string(chart_h + 40) + "\">\n";
    for (int i = 0; i < n; ++i) {
      const Points lo = first + bin * i;
      const auto it = bins.find(lo);
      const int count = it == bins.end() ? 0 : it->second;
      const int h = count * chart_h / peak;
      const int x = 10 + i * col;
      out += "<rect class=\"bar\" x=\"" + std::to_string(x + 2) + "\" y=\"" + std::to_string(chart_h - h + 14) +
             "\" width=\"" + std::to_string(col - 4) + "\" height=\"" + std::to_string(h) + "\" fill=\"#b00000\"/>";
      out += "<text x=\"" + std::to_string(x + col / 2) + "\" y=\"" + std::to_string(chart_h - h + 10) +
             "\" text-anchor=\"middle\">" + std::to_string(count) + "</text>";
      out += "<text x=\"" + std::to_string(x + col / 2) + "\" y=\"" + std::to_string(chart_h + 30) +
             "\" text-anchor=\"middle\">" + format_points(lo / scale_of(p), 0) + "</text>\n";
    }
    out += "</svg>\n<p class=\"sub\">横轴为每 " + format_points(bin / scale_of(p), 0) +
           " 分一档的下限，柱上数字为人数。</p>\n";
  }

  out += "<h2>等次统计</h2>\n<table class=\"grades\"><tr><th>等次</th><th class=\"num\">人数</th></tr>\n";
  std::vector<int> grade_counts(rs.grades.size(), 0);
  int ungraded = 0;
  for (std::size_t m = 0; m < scores.member_count(); ++m) {
    const int g = scores.grade[m];
    if (g >= 0 && static_cast<std::size_t>(g) < grade_counts.size()) ++grade_counts[g];
    else ++ungraded;
  }
  for (std::size_t g = 0; g < rs.grades.size(); ++g)
    out += "<tr><td>" + html_escape(rs.grades[g].label) + "</td><td class=\"num\">" + std::to_string(grade_counts[g]) +
           "</td></tr>\n";
  out += "<tr><td>未评定</td><td class=\"num\">" + std::to_string(ungraded) + "</td></tr></table>\n";

  for (bool by_sector : {true, false}) {
    const CategoryAverages avg = category_averages(rs, members, scores, by_sector);
    out += std::string("<h2>") + (by_sector ? "各界别分项平均分" : "各活动组分项平均分") + "</h2>\n";
    out += std::string("<table class=\"averages\"><tr><th>") + (by_sector ? "界别" : "活动组") +
           "</th><th class=\"num\">人数</th>";
    for (std::size_t c = 0; c < rs.categories.size(); ++c)
      out += "<th class=\"num\">" + html_escape(rs.category_label(static_cast<int>(c))) + "</th>";
    out += "</tr>\n";
    for (std::size_t i = 0; i < avg.names.size(); ++i) {
      out += "<tr><td>" + html_escape(avg.names[i]) + "</td><td class=\"num\">" + std::to_string(avg.counts[i]) + "</td>";
      for (Points v : avg.averages[i]) out += "<td class=\"num\">" + pts(v, p) + "</td>";
      out += "</tr>\n";
    }
    out += "</table>\n";
  }

  if (extras.groups) {
    const GroupScores& gs = *extras.groups;
    out += std::string("<h2>") + (gs.by_sector ? "界别" : "活动组") + "考核排名</h2>\n<table class=\"groups\"><tr><th class=\"num\">名次</th><th>名称</th><th class=\"num\">在任人数</th><th class=\"num\">平均总分</th>";
    for (const auto& q : rs.groups.quotas) out += "<th class=\"num\">" + html_escape(q.label) + "</th>";
    out += "<th class=\"num\">得分</th></tr>\n";
    for (std::size_t i : gs.order) {
      const GroupResult& g = gs.groups[i];
      out += "<tr><td class=\"num\">" + (g.rank > 0 ? std::to_string(g.rank) : "—") + "</td><td>" + html_escape(g.name) +
             "</td><td class=\"num\">" + std::to_string(g.serving) + "</td><td class=\"num\">" + pts(g.average_total, p) + "</td>";
      for (const auto& o : g.quotas)
        out += "<td class=\"num\">" + std::to_string(o.met) + "/" + std::to_string(o.periods) + "（" + signed_pts(o.points, p) + "）</td>";
      out += "<td class=\"num\">" + pts(g.total, p) + "</td></tr>\n";
    }
    out += "</table>\n";
  }

  out += "<h2>表彰名单</h2>\n";
  if (extras.commendations.empty()) out += "<p class=\"sub\">本考核办法未设表彰名单。</p>\n";
  for (const auto& list : extras.commendations) {
    out += "<h3>" + html_escape(list.label.empty() ? list.id : list.label) + "（" + std::to_string(list.members.size()) +
           " 人）</h3>\n<table class=\"commendation\"><tr><th class=\"num\">序号</th><th>姓名</th><th>界别</th><th>工作单位</th><th class=\"num\">总分</th><th class=\"num\">排名</th></tr>\n";
    for (std::size_t i = 0; i < list.members.size(); ++i) {
      const MemberIndex m = list.members[i];
      out += "<tr><td class=\"num\">" + std::to_string(i + 1) + "</td><td>" + html_escape(members.name(m)) + "</td><td>" +
             html_escape(members.sector_names().text(members.sector(m))) + "</td><td>" + html_escape(members.unit(m)) +
             "</td><td class=\"num\">" + pts(scores.totals[m], p) + "</td><td class=\"num\">" +
             (scores.rank[m] > 0 ? std::to_string(scores.rank[m]) : "—") + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace dutyscore
