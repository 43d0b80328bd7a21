#include "dutyscore/result_tables.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "output/named_items.h"
#include "output/note_text.h"

namespace dutyscore {
namespace {

bool labels(const TableOptions& o) { return o.headers == HeaderStyle::Labels; }

TableCell text(std::string s) { return TableCell::of_text(std::move(s)); }
TableCell text(std::string_view s) { return TableCell::of_text(std::string(s)); }
TableCell text(const char* s) { return TableCell::of_text(s); }
TableCell number(std::int64_t n) { return TableCell::of_number(n); }
// A rank: blank when unranked (0).
TableCell rank_cell(std::int32_t rank) { return rank > 0 ? number(rank) : TableCell::none(); }

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string sector_of(const MemberTable& members, MemberIndex m) {
  return std::string(members.sector_names().text(members.sector(m)));
}
std::string group_of(const MemberTable& members, MemberIndex m) {
  return std::string(members.group_names().text(members.group(m)));
}

// The list's label for people, by id, from the rule set (the id without it).
std::string list_label(const RuleSet* rules, const std::string& id) {
  if (rules != nullptr)
    for (const auto& c : rules->commendations)
      if (c.id == id && !c.label.empty()) return c.label;
  return id;
}

}  // namespace

std::string member_flags(const RuleSet& rules, const Scores& scores, MemberIndex m, HeaderStyle style) {
  const bool ids = style == HeaderStyle::Ids;
  std::vector<std::string> items;
  for (std::size_t i = 0; i < rules.minimums.size() && i < 64; ++i)
    if (scores.unmet[m] >> i & 1)
      items.push_back(ids ? "minimum:" + rules.minimums[i].id : "未达最低要求：" + rules.minimums[i].label);
  for (std::size_t v = 0; v < rules.vetoes.size() && v < 64; ++v)
    if (scores.vetoes[m] >> v & 1)
      items.push_back(ids ? "veto:" + rules.vetoes[v].id : "一票否决：" + rules.vetoes[v].label);
  if (scores.flags[m] & kNotServing) items.push_back(ids ? "not_serving" : "考核期间未在任");
  return joined(items, ids ? ";" : "；");
}

std::size_t scores_table_rows(const Scores& scores, const ScoresFormatOptions& format) {
  return format.top == 0 ? scores.order.size() : std::min(scores.order.size(), format.top);
}

ResultTable table_of_scores(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                            const ScoresFormatOptions& format, const TableOptions& options) {
  return table_of_scores(rules, members, scores, format, options, 0,
                         scores_table_rows(scores, format));
}

ResultTable table_of_scores(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                            const ScoresFormatOptions& format, const TableOptions& options,
                            std::size_t first, std::size_t last) {
  if (first > last || last > scores_table_rows(scores, format))
    throw std::out_of_range("table_of_scores: rows " + std::to_string(first) + ".." +
                            std::to_string(last) + " of " +
                            std::to_string(scores_table_rows(scores, format)));
  const int p = scores.precision;
  ResultTable t;
  t.name = "成绩";
  t.column("member_id", "委员编号");
  for (std::size_t c = 0; c < rules.categories.size(); ++c)
    t.column(rules.categories[c].id, rules.category_label(static_cast<int>(c)), CellType::Decimal, p);
  t.column("total", "总分", CellType::Decimal, p)
      .column("grade", "等次")
      .column("rank", "排名", CellType::Integer);
  if (format.details)
    t.column("name", "姓名").column("unit", "工作单位").column("sector", "界别").column("group", "活动组")
        .column("flags", "标记");
  t.rows.reserve(last - first);
  for (std::size_t i = first; i < last; ++i) {
    const MemberIndex m = scores.order[i];
    std::vector<TableCell> row;
    row.reserve(t.columns.size());
    row.push_back(text(members.id(m)));
    for (std::size_t c = 0; c < rules.categories.size(); ++c)
      row.push_back(number(scores.subtotals(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(c))));
    row.push_back(number(scores.totals[m]));
    row.push_back(text(grade_label(rules, scores, m)));
    row.push_back(rank_cell(scores.rank[m]));
    if (format.details) {
      row.push_back(text(members.name(m)));
      row.push_back(text(members.unit(m)));
      row.push_back(text(sector_of(members, m)));
      row.push_back(text(group_of(members, m)));
      row.push_back(text(member_flags(rules, scores, m, options.headers)));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

ResultTable table_of_commendations(const MemberTable& members, const RuleSet& rules,
                                   const Scores& scores,
                                   const std::vector<CommendationList>& lists,
                                   const TableOptions& options) {
  ResultTable t;
  t.name = "表彰名单";
  // People read the list's label; its id is for programs.
  if (!labels(options)) t.column("list", "名单编号");
  t.column("label", "名单")
      .column("position", "序号", CellType::Integer)
      .column("member_id", "委员编号")
      .column("name", "姓名")
      .column("total", "总分", CellType::Decimal, scores.precision)
      .column("grade", "等次")
      .column("rank", "排名", CellType::Integer);
  for (const auto& list : lists) {
    std::int64_t position = 0;
    for (const MemberIndex m : list.members) {
      std::vector<TableCell> row;
      if (!labels(options)) row.push_back(text(list.id));
      row.push_back(text(labels(options) && list.label.empty() ? list.id : list.label));
      row.push_back(number(++position));
      row.push_back(text(members.id(m)));
      row.push_back(text(members.name(m)));
      row.push_back(number(scores.totals[m]));
      row.push_back(text(grade_label(rules, scores, m)));
      row.push_back(number(scores.rank[m]));
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

ResultTable table_of_groups(const RuleSet& rules, const GroupScores& groups,
                            const TableOptions&) {
  const int p = rules.precision;
  ResultTable t;
  t.name = groups.by_sector ? "界别排名" : "活动组排名";
  t.column(groups.by_sector ? "sector" : "group", groups.by_sector ? "界别" : "活动组")
      .column("members", "人数", CellType::Integer)
      .column("serving", "在任人数", CellType::Integer)
      .column("average_total", "平均总分", CellType::Decimal, p)
      .column("meeting_minimums", "达到最低要求人数", CellType::Integer)
      .column("members_points", "成员得分", CellType::Decimal, p);
  for (const auto& q : rules.groups.quotas) {
    const std::string label = q.label.empty() ? q.id : q.label;
    t.column(q.id + "_met", label + "（达标期数）").column(q.id + "_points", label + "（得分）", CellType::Decimal, p);
  }
  t.column("total", "得分", CellType::Decimal, p).column("rank", "名次", CellType::Integer);
  for (const std::size_t i : groups.order) {
    const GroupResult& g = groups.groups[i];
    std::vector<TableCell> row{text(g.name),
                               number(static_cast<std::int64_t>(g.members.size())),
                               number(g.serving),
                               number(g.average_total),
                               number(g.meeting_minimums),
                               number(g.members_points)};
    for (const auto& o : g.quotas) {
      row.push_back(text(std::to_string(o.met) + "/" + std::to_string(o.periods)));
      row.push_back(number(o.points));
    }
    row.push_back(number(g.total));
    row.push_back(rank_cell(g.rank));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string across_reason(const RuleSet& rules, const MultiYearResult& years, const AcrossFlag& flag,
                          Language language) {
  if (language == Language::English) return flag.reason;
  if (flag.rule < 0 || static_cast<std::size_t>(flag.rule) >= rules.across_years.size()) return {};
  const AcrossYearsRule& rule = rules.across_years[static_cast<std::size_t>(flag.rule)];
  const int p = rules.precision;
  std::vector<std::string> parts;
  for (const AcrossEvidence& e : flag.evidence) {
    if (e.test < 0 || static_cast<std::size_t>(e.test) >= rule.tests.size()) continue;
    const AcrossTest& t = rule.tests[static_cast<std::size_t>(e.test)];
    std::string when = std::to_string(e.year) + "年";
    if (e.year == 0 && !years.years.empty())
      when = std::to_string(years.years.front()) + "—" + std::to_string(years.years.back()) + "年";
    switch (t.kind) {
      case AcrossTest::Kind::TotalBelow:
        parts.push_back(when + "总分" + format_points(e.total, p) + "，低于" + format_points(t.amount, p));
        break;
      case AcrossTest::Kind::Grade:
        parts.push_back(when + "等次为" + rules.grade_label(e.grade));
        break;
      case AcrossTest::Kind::Count:
        parts.push_back(when + "相关记录" + std::to_string(e.count) + "条，" +
                        (t.fewer_than > 0 ? "少于" + std::to_string(t.fewer_than)
                                          : "不少于" + std::to_string(t.at_least)) +
                        "条");
        break;
    }
  }
  return joined(parts, "；");
}

ResultTable table_of_years(const RuleSet& rules, const MemberTable& members,
                           const MultiYearResult& result, bool flagged_only,
                           const TableOptions& options) {
  const bool people = labels(options);
  ResultTable t;
  t.name = "历年结果";
  t.column("member_id", "委员编号").column("name", "姓名");
  for (const int y : result.years)
    t.column(std::to_string(y) + "_total", std::to_string(y) + "年总分", CellType::Decimal, rules.precision)
        .column(std::to_string(y) + "_grade", std::to_string(y) + "年等次");
  t.column("flags", "处理").column("reasons", "依据");
  for (MemberIndex m = 0; m < members.size(); ++m) {
    if (flagged_only && result.flags[m].empty()) continue;
    std::vector<TableCell> row{text(members.id(m)), text(members.name(m))};
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      const Scores& s = result.scores[y];
      const bool serving = !(s.flags[m] & kNotServing);
      row.push_back(serving ? number(s.totals[m]) : TableCell::none());
      row.push_back(text(serving ? grade_label(rules, s, m) : std::string()));
    }
    std::vector<std::string> ids, reasons;
    for (const auto& flag : result.flags[m]) {
      const auto& rule = rules.across_years[static_cast<std::size_t>(flag.rule)];
      const std::string label = rule.label.empty() ? rule.id : rule.label;
      ids.push_back(people ? label : rule.id);
      reasons.push_back(label + (people ? "：" : ": ") + across_reason(rules, result, flag, options.language));
    }
    row.push_back(text(joined(ids, people ? "、" : ";")));
    row.push_back(text(joined(reasons, people ? "；" : " | ")));
    t.rows.push_back(std::move(row));
  }
  return t;
}

ResultTable table_of_whatif(const WhatIf& result, const MemberTable& members, bool changed_only,
                            const TableOptions& options, const RuleSet* new_rules) {
  const int p = result.precision;
  const bool people = labels(options);
  ResultTable t;
  t.name = "规则变化对比";
  t.column("member_id", "委员编号")
      .column("name", "姓名")
      .column("old_total", "原总分", CellType::Decimal, p)
      .column("new_total", "新总分", CellType::Decimal, p)
      .column("change", "变化", CellType::Decimal, p)
      .column("old_rank", "原排名", CellType::Integer)
      .column("new_rank", "新排名", CellType::Integer)
      .column("old_grade", "原等次")
      .column("new_grade", "新等次")
      .column("lists_entered", "新进名单")
      .column("lists_left", "退出名单");
  auto lists = [&](const std::vector<std::string>& ids) {
    if (!people) return joined(ids, ";");
    std::vector<std::string> names;
    for (const auto& id : ids) names.push_back(list_label(new_rules, id));
    return joined(names, "、");
  };
  for (const auto& r : result.rows) {
    if (changed_only && !r.changed()) continue;
    t.rows.push_back({text(members.id(r.member)), text(members.name(r.member)), number(r.old_total),
                      number(r.new_total), number(r.change()), number(r.old_rank),
                      number(r.new_rank), text(r.old_grade), text(r.new_grade),
                      text(lists(r.lists_entered)), text(lists(r.lists_left))});
  }
  return t;
}

ResultTable table_of_audit(const RuleSet& rs, const RecordBatch& b, const Audit& audit,
                           const TableOptions& options, const MemberTable* members) {
  const bool people = labels(options);
  const int p = rs.precision;
  ResultTable t;
  t.name = "计分明细";
  if (members != nullptr) t.column("member_id", "委员编号").column("name", "姓名");
  t.column("kind", "计分类型").column("category", "类别").column("rule", "规则");
  t.column("record_id", "记录编号").column("date", "日期");
  if (people) t.column("record", "事项");
  t.column("points", "分值", CellType::Decimal, p)
      .column("base", "基础分值", CellType::Decimal, p)
      .column("share", "份额")
      .column("note", "说明");
  t.rows.reserve(audit.lines.size());
  for (const auto& line : audit.lines) {
    std::vector<TableCell> row;
    row.reserve(t.columns.size());
    if (members != nullptr) {
      row.push_back(text(members->id(audit.member)));
      row.push_back(text(members->name(audit.member)));
    }
    row.push_back(text(people ? audit_kind_name(line.kind, Language::Chinese) : to_string(line.kind)));
    std::string category;
    if (line.category >= 0)
      category = people ? rs.category_label(line.category)
                        : rs.categories[static_cast<std::size_t>(line.category)].id;
    row.push_back(text(category));
    const std::string rule = audit_rule_name(rs, line, people ? Language::Chinese : Language::English);
    row.push_back(text(people ? rule : rule.substr(0, rule.find(' '))));
    if (line.row >= 0) {
      const auto r = static_cast<std::size_t>(line.row);
      row.push_back(text(b.record_id(r)));
      row.push_back(text(format_day(b.date(r))));
    } else {
      row.push_back(text(std::string()));
      row.push_back(text(std::string()));
    }
    if (people) row.push_back(text(audit_record_words(rs, b, line.row, Language::Chinese)));
    row.push_back(number(line.points));
    const bool record = line.kind == AuditKind::Record;
    row.push_back(record ? number(line.base) : TableCell::none());
    row.push_back(text(record ? detail::fraction_text(line.share) : std::string()));
    row.push_back(text(audit_note(rs, b, line, options.language)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

ResultTable table_of_actions(const RuleSet& rules, const MemberTable& members,
                             const Scores& scores, const ActionLists& actions,
                             const MultiYearResult* years, const TableOptions& options) {
  const bool people = labels(options);
  ResultTable t;
  t.name = "待办事项";
  t.column("list", "事项")
      .column("member_id", "委员编号")
      .column("name", "姓名")
      .column("sector", "界别")
      .column("unit", "工作单位")
      .column("reason", "原因")
      .column("total", "总分", CellType::Decimal, scores.precision)
      .column("grade", "等次");
  auto add = [&](const char* id, const char* label, const MemberAction& a, std::string reason) {
    const MemberIndex m = a.member;
    const bool serving = !(scores.flags[m] & kNotServing);
    t.rows.push_back({text(people ? label : id), text(members.id(m)), text(members.name(m)),
                      text(sector_of(members, m)), text(members.unit(m)), text(std::move(reason)),
                      serving ? number(scores.totals[m]) : TableCell::none(),
                      text(grade_label(rules, scores, m))});
  };
  const char* separator = people ? "、" : ";";
  for (const MemberAction& a : actions.minimums_unmet)
    add("minimum_unmet", "未达最低履职要求", a, detail::named_items(rules.minimums, a.items, people, separator));
  for (const MemberAction& a : actions.vetoed)
    add("vetoed", "一票否决", a, detail::named_items(rules.vetoes, a.items, people, separator));
  if (years != nullptr)
    for (const MemberAction& a : actions.across_years) {
      std::vector<std::string> items;
      for (const int f : a.items) {
        const AcrossFlag& flag = years->flags[a.member][static_cast<std::size_t>(f)];
        const AcrossYearsRule& rule = rules.across_years[static_cast<std::size_t>(flag.rule)];
        const std::string label = rule.label.empty() ? rule.id : rule.label;
        items.push_back((people ? label + "：" : rule.id + ": ") +
                        across_reason(rules, *years, flag, options.language));
      }
      add("across_years", "跨年度处理", a, joined(items, people ? "；" : " | "));
    }
  return t;
}

ResultTable table_of_grade_counts(const RuleSet& rules, const Scores& scores,
                                  const TableOptions&) {
  std::vector<std::int64_t> counts(rules.grades.size(), 0);
  std::int64_t graded = 0, ungraded = 0;
  for (std::size_t m = 0; m < scores.member_count(); ++m) {
    const int g = scores.grade[m];
    if (g >= 0 && static_cast<std::size_t>(g) < counts.size()) {
      ++counts[static_cast<std::size_t>(g)];
      ++graded;
    } else {
      ++ungraded;
    }
  }
  ResultTable t;
  t.name = "等次分布";
  t.column("grade", "等次")
      .column("members", "人数", CellType::Integer)
      .column("percent", "占比（%）", CellType::Decimal, 2);
  for (std::size_t g = 0; g < counts.size(); ++g)
    t.rows.push_back({text(rules.grades[g].label), number(counts[g]),
                      graded > 0 ? number(divide_half_up(static_cast<WideInt>(counts[g]) * 10000, graded))
                                 : TableCell::none()});
  t.rows.push_back({text("未评定"), number(ungraded), TableCell::none()});
  return t;
}

}  // namespace dutyscore
