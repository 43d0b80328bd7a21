#include "dutyscore/summary_html.h"

#include <algorithm>
#include <map>

#include "dutyscore/action_lists.h"
#include "dutyscore/audit_notes.h"
#include "dutyscore/result_tables.h"
#include "output/html_page.h"
#include "output/named_items.h"

namespace dutyscore {
namespace {

using detail::html_num;

constexpr Language kZh = Language::Chinese;

std::string pts(Points p, int precision) { return format_points(p, precision); }

// "<colgroup>" from widths in percent of the page; a 0 takes what is left.
std::string colgroup(const std::vector<int>& percents) {
  std::string out = "<colgroup>";
  for (int w : percents)
    out += w > 0 ? "<col style=\"width:" + std::to_string(w) + "%\">" : std::string("<col>");
  return out + "</colgroup>\n";
}

// Widths for a name column, a count column and `numbers` equal columns,
// in percent of the page: the name keeps room for six characters.
std::vector<int> name_and_numbers(std::size_t numbers, int name = 17, int count = 7) {
  std::vector<int> w{name, count};
  const int each = numbers > 0 ? (100 - name - count) / static_cast<int>(numbers) : 0;
  for (std::size_t i = 0; i < numbers; ++i) w.push_back(each);
  return w;
}

// The serving members' totals in bins of 10 points, widened (20, 40, ...)
// until at most 30 bins remain, so the chart stays legible.
std::string histogram(const Scores& scores, int p) {
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
  std::string out = "<h2>总分分布</h2>\n";
  if (bins.empty()) return out + "<p class=\"sub\">无在任委员。</p>\n";
  const Points first = bins.begin()->first, last = bins.rbegin()->first;
  int peak = 1;
  for (const auto& kv : bins) peak = std::max(peak, kv.second);
  const int n = static_cast<int>((last - first) / bin) + 1;
  const int col = std::max(24, std::min(70, 640 / n)), chart_h = 150, width = col * n + 20;
  out += "<svg class=\"chart histogram\" role=\"img\" width=\"100%\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(chart_h + 40) + "\">\n";
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
  return out;
}

std::string grade_table(const RuleSet& rs, const Scores& scores) {
  const ResultTable t = table_of_grade_counts(rs, scores, TableOptions{HeaderStyle::Labels, kZh});
  std::string out = "<h2>等次统计</h2>\n<table class=\"grades\">" + colgroup({40, 30, 30}) +
                    "<thead><tr><th>等次</th><th class=\"num\">人数</th><th class=\"num\">占参评人数比例</th></tr></thead>\n";
  for (const auto& row : t.rows)
    out += "<tr><td>" + html_escape(row[0].text) + "</td>" + html_num(std::to_string(row[1].number)) +
           html_num(row[2].blank ? "—" : pts(row[2].number, 2) + "%") + "</tr>\n";
  return out + "</table>\n";
}

// A table holds at most this many number columns beside the name and the
// count, so that each keeps room for "100.00" on A4; more categories go on
// into a second table with the names again.
constexpr std::size_t kNumberColumns = 8;

std::string averages_table(const RuleSet& rs, const MemberTable& members, const Scores& scores,
                           bool by_sector) {
  const int p = rs.precision;
  const CategoryAverages avg = category_averages(rs, members, scores, by_sector);
  std::string out = std::string("<h2>") + (by_sector ? "各界别平均分" : "各活动组平均分") + "</h2>\n";
  if (avg.names.empty()) return out + "<p class=\"sub\">无。</p>\n";
  // Columns: each category, then the average total (index categories.size()).
  const std::size_t columns = rs.categories.size() + 1;
  for (std::size_t first = 0; first < columns; first += kNumberColumns) {
    const std::size_t last = std::min(columns, first + kNumberColumns);
    out += "<table class=\"averages compact\">" + colgroup(name_and_numbers(last - first)) +
           "<thead><tr><th>" + (by_sector ? "界别" : "活动组") + "</th><th class=\"num\">人数</th>";
    for (std::size_t c = first; c < last; ++c)
      out += "<th class=\"num\">" +
             (c < rs.categories.size() ? html_escape(rs.category_label(static_cast<int>(c))) : "平均总分") + "</th>";
    out += "</tr></thead>\n";
    for (std::size_t i = 0; i < avg.names.size(); ++i) {
      out += "<tr><td>" + html_escape(avg.names[i]) + "</td>" + html_num(std::to_string(avg.counts[i]));
      for (std::size_t c = first; c < last; ++c)
        out += html_num(pts(c < rs.categories.size() ? avg.averages[i][c] : avg.totals[i], p));
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  return out;
}

std::string group_ranking(const RuleSet& rs, const GroupScores& gs) {
  const int p = rs.precision;
  // The quotas share what the fixed columns leave; every width is set, so
  // that no column is squeezed to nothing.
  const int quotas = static_cast<int>(rs.groups.quotas.size());
  std::vector<int> widths{6, quotas > 0 ? 16 : 48, 9, 10};
  for (int q = 0; q < quotas; ++q) widths.push_back((100 - 6 - 16 - 9 - 10 - 11) / quotas);
  widths.push_back(11);
  std::string out = std::string("<h2>") + (gs.by_sector ? "界别" : "活动组") + "考核排名</h2>\n" +
                    "<table class=\"groups compact\">" + colgroup(widths) +
                    "<thead><tr><th class=\"num\">名次</th><th>名称</th><th class=\"num\">在任人数</th>"
                    "<th class=\"num\">平均总分</th>";
  for (const auto& q : rs.groups.quotas)
    out += "<th class=\"num\">" + html_escape(q.label.empty() ? q.id : q.label) + "</th>";
  out += "<th class=\"num\">得分</th></tr></thead>\n";
  for (std::size_t i : gs.order) {
    const GroupResult& g = gs.groups[i];
    out += "<tr>" + html_num(g.rank > 0 ? std::to_string(g.rank) : "—") + "<td>" + html_escape(g.name) + "</td>" +
           html_num(std::to_string(g.serving)) + html_num(pts(g.average_total, p));
    for (const auto& o : g.quotas)
      out += "<td class=\"num\">" + std::to_string(o.met) + "/" + std::to_string(o.periods) + "<br>" +
             signed_points(o.points, p) + "</td>";
    out += html_num(pts(g.total, p)) + "</tr>\n";
  }
  return out + "</table>\n";
}

// A table of members: 序号, 姓名, 界别, 工作单位, then columns of its own.
struct Header {
  std::string text;
  bool number = false;
};
struct MemberColumns {
  std::vector<Header> headers;  // after the four
  std::vector<int> widths;      // the four's and the others', percent
};

std::string member_rows_start(const MemberColumns& mc) {
  std::string out = "<table class=\"members compact\">" + colgroup(mc.widths) +
                    "<thead><tr><th class=\"num\">序号</th><th>姓名</th><th>界别</th><th>工作单位</th>";
  for (const auto& h : mc.headers)
    out += std::string(h.number ? "<th class=\"num\">" : "<th>") + html_escape(h.text) + "</th>";
  return out + "</tr></thead>\n";
}

std::string member_cells(const MemberTable& members, MemberIndex m, std::size_t position) {
  return html_num(std::to_string(position)) + "<td>" + html_escape(members.name(m)) + "</td><td>" +
         html_escape(members.sector_names().text(members.sector(m))) + "</td><td>" +
         html_escape(members.unit(m)) + "</td>";
}

std::string commendations(const RuleSet& rs, const MemberTable& members, const Scores& scores,
                          const std::vector<CommendationList>& lists) {
  const int p = rs.precision;
  std::string out = "<h2>表彰名单</h2>\n";
  if (lists.empty()) return out + "<p class=\"sub\">本考核办法未设表彰名单。</p>\n";
  for (const auto& list : lists) {
    out += "<h3>" + html_escape(list.label.empty() ? list.id : list.label) + "（" +
           std::to_string(list.members.size()) + " 人）</h3>\n";
    for (const auto& c : rs.commendations)
      if (c.id == list.id && c.top > 0 && static_cast<std::int64_t>(list.members.size()) > c.top)
        out += "<p class=\"sub\">名单定额 " + std::to_string(c.top) + " 人；因第 " + std::to_string(c.top) +
               " 名有总分相同者并列，名单为 " + std::to_string(list.members.size()) + " 人。</p>\n";
    if (list.members.empty()) {
      out += "<p class=\"sub\">无符合条件的委员。</p>\n";
      continue;
    }
    out += member_rows_start({{{"总分", true}, {"排名", true}}, {7, 14, 18, 0, 12, 9}});
    std::size_t position = 0;
    for (const MemberIndex m : list.members)
      out += "<tr>" + member_cells(members, m, ++position) + html_num(pts(scores.totals[m], p)) +
             html_num(scores.rank[m] > 0 ? std::to_string(scores.rank[m]) : "—") + "</tr>\n";
    out += "</table>\n";
  }
  return out;
}

std::string action_section(const RuleSet& rs, const MemberTable& members, const Scores& scores,
                            const SummaryExtras& extras) {
  const int p = rs.precision;
  const ActionLists actions = action_lists(rs, members, scores, extras.years);
  auto total = [&](MemberIndex m) {
    return (scores.flags[m] & kNotServing) ? std::string("—") : pts(scores.totals[m], p);
  };
  auto grade = [&](MemberIndex m) {
    const std::string& g = grade_label(rs, scores, m);
    return g.empty() ? std::string("—") : html_escape(g);
  };
  // A list of members, each with what put it there (`what` of its items).
  auto member_list = [&](const std::string& title, const char* header, const std::vector<MemberAction>& list,
                         const auto& what) {
    std::string html = "<h3>" + title + "（" + std::to_string(list.size()) + " 人）</h3>\n";
    if (list.empty()) return html + "<p class=\"sub\">无。</p>\n";
    html += member_rows_start({{{header}, {"总分", true}, {"等次"}}, {7, 11, 13, 0, 28, 10, 9}});
    std::size_t position = 0;
    for (const MemberAction& a : list)
      html += "<tr>" + member_cells(members, a.member, ++position) + "<td>" + html_escape(what(a)) + "</td>" +
              html_num(total(a.member)) + "<td>" + grade(a.member) + "</td></tr>\n";
    return html + "</table>\n";
  };
  std::string out = "<h2>需办理事项</h2>\n";
  out += member_list("未达最低履职要求的委员", "未达要求", actions.minimums_unmet,
              [&](const MemberAction& a) { return detail::named_items(rs.minimums, a.items, true, "、"); });
  out += member_list("一票否决的委员", "否决事由", actions.vetoed,
              [&](const MemberAction& a) { return detail::named_items(rs.vetoes, a.items, true, "、"); });
  if (extras.years != nullptr) {
    const MultiYearResult& years = *extras.years;
    out += "<h3>跨年度处理（" + std::to_string(years.years.front()) + "—" + std::to_string(years.years.back()) +
           "年，" + std::to_string(actions.across_years.size()) + " 人）</h3>\n";
    if (actions.across_years.empty()) {
      out += "<p class=\"sub\">无。</p>\n";
    } else {
      out += member_rows_start({{{"处理"}, {"依据"}}, {7, 11, 13, 18, 15, 0}});
      std::size_t position = 0;
      for (const MemberAction& a : actions.across_years) {
        std::string what, why;
        for (int f : a.items) {
          const AcrossFlag& flag = years.flags[a.member][static_cast<std::size_t>(f)];
          const AcrossYearsRule& rule = rs.across_years[static_cast<std::size_t>(flag.rule)];
          what += (what.empty() ? "" : "、") + (rule.label.empty() ? rule.id : rule.label);
          why += (why.empty() ? "" : "；") + across_reason(rs, years, flag, kZh);
        }
        out += "<tr>" + member_cells(members, a.member, ++position) + "<td>" + html_escape(what) + "</td><td>" +
               html_escape(why) + "</td></tr>\n";
      }
      out += "</table>\n";
    }
  }
  return out;
}

}  // namespace

std::string office_summary_html(const RuleSet& rs, const MemberTable& members, const Scores& scores,
                                const Period& period, const SummaryExtras& extras,
                                const ReportOptions& options) {
  const OfficeInfo office = detail::effective_office(rs.office, options);
  std::string out = detail::html_document_start(rs.name + " 履职考核汇总");
  out += detail::html_doc_header(office.name, "委员履职考核汇总",
                                 (rs.name.empty() ? std::string() : rs.name + "　") + "考核期间：" +
                                     period_words(period, kZh));
  std::size_t serving = 0;
  for (std::size_t m = 0; m < scores.member_count(); ++m)
    if (!(scores.flags[m] & kNotServing)) ++serving;
  out += "<p class=\"counts\">委员 " + std::to_string(members.size()) + " 人，在任 " + std::to_string(serving) +
         " 人，参与排名 " + std::to_string(detail::ranked_count(scores)) + " 人；期间内记录 " +
         std::to_string(scores.records_in_period) + " 条。</p>\n";
  // The overview, then what the office decides (commendations, action
  // lists), then the statistics by sector and group.
  out += grade_table(rs, scores);
  out += histogram(scores, rs.precision);
  out += commendations(rs, members, scores, extras.commendations);
  out += action_section(rs, members, scores, extras);
  for (bool by_sector : {true, false}) out += averages_table(rs, members, scores, by_sector);
  if (extras.groups) out += group_ranking(rs, *extras.groups);
  out += detail::html_document_end();
  return out;
}

}  // namespace dutyscore
