#include "dutyscore/audit_format.h"

#include "dutyscore/result_tables.h"
#include "dutyscore/scores.h"
#include "base/text_util.h"

namespace dutyscore {
namespace {

// What a line says after its points and kind: the record, the rule, then
// (English) the calculation and the note, or (Chinese) the note, which
// carries the calculation with its basis.
std::string describe(const RuleSet& rs, const RecordBatch& b, const AuditLine& line,
                     Language language) {
  std::string out;
  if (line.row >= 0) {
    const auto row = static_cast<std::size_t>(line.row);
    out += language == Language::English
               ? audit_record_words(rs, b, line.row, language)
               : b.record_id(row) + " " + format_day(b.date(row)) + " " +
                     audit_record_words(rs, b, line.row, language);
  }
  const std::string rule = audit_rule_name(rs, line, language);
  if (!rule.empty()) out += (out.empty() ? "" : "  · ") + rule;
  if (language == Language::English) {
    const std::string calc = audit_calculation(rs, b, line, language);
    if (!calc.empty()) out += " (" + calc + ")";
  }
  const std::string note = audit_note(rs, b, line, language);
  if (!note.empty()) out += (out.empty() ? "" : "  · ") + note;
  return out;
}

}  // namespace

std::string audit_text(const RuleSet& rs, const MemberTable& members, const RecordBatch& b,
                       const Period& period, const Audit& audit, Language language) {
  const bool english = language == Language::English;
  const MemberIndex m = audit.member;
  std::string out;
  out += english ? "Member " : "委员 ";
  out += members.id(m);
  out += ' ';
  out += members.name(m);
  std::string about;
  for (const std::string_view part :
       {std::string_view(members.unit(m)), members.sector_names().text(members.sector(m)),
        members.group_names().text(members.group(m))}) {
    if (part.empty()) continue;
    about += about.empty() ? "" : english ? ", " : "，";
    about += part;
  }
  if (!about.empty()) out += english ? " (" + about + ")" : "（" + about + "）";
  if (english)
    out += "\nRule set " + rs.id + (rs.name.empty() ? "" : " " + rs.name) + "; period " +
           period.to_string() + "\n";
  else
    out += "\n考核办法 " + (rs.name.empty() ? rs.id : rs.name) + "；考核期间 " +
           period_words(period, language) + "\n";
  // Office exports often keep no record ids: the reader made them of the
  // place, and the audit says so, for its record ids to be found again.
  if (!b.generated_id_sources().empty()) {
    std::string sources;
    for (const auto& s : b.generated_id_sources())
      sources += (sources.empty() ? "" : english ? ", " : "、") + s;
    out += english ? "Record ids made of sheet (or file) and row, as these have none: " + sources + "\n"
                   : "以下来源没有记录编号，编号由工作表（或文件）名和行号生成：" + sources + "\n";
  }

  const int precision = rs.precision;
  std::size_t width = 0;
  for (const auto& line : audit.lines)
    width = std::max(width, signed_points(line.points, precision).size());
  std::size_t kind_width = 0;
  if (!english)
    for (const auto& line : audit.lines)
      kind_width = std::max(kind_width, detail::display_width(audit_kind_name(line.kind, language)));
  auto line_text = [&](const AuditLine& line) {
    const std::string kind = audit_kind_name(line.kind, language);
    return "  " + detail::pad(signed_points(line.points, precision), width, true) + "  " +
           (english ? kind : detail::pad(kind, kind_width)) + "  " + describe(rs, b, line, language) +
           "\n";
  };

  for (std::size_t c = 0; c < rs.categories.size(); ++c) {
    const Category& cat = rs.categories[c];
    Points subtotal = 0;
    std::string body;
    for (const auto& line : audit.lines) {
      if (line.category != static_cast<int>(c)) continue;
      subtotal += line.points;
      body += line_text(line);
    }
    if (english) {
      out += "\n" + (cat.label.empty() ? cat.id : cat.label + " (" + cat.id + ")") + ": " +
             format_points(subtotal, precision);
      if (cat.max) out += " (max " + format_points(*cat.max, precision) + ")";
      out += "\n" + (body.empty() ? "  (no lines)\n" : body);
    } else {
      out += "\n" + rs.category_label(static_cast<int>(c)) + "：" + format_points(subtotal, precision);
      if (cat.max) out += "（满分 " + format_points(*cat.max, precision) + "）";
      out += "\n" + (body.empty() ? "  （无）\n" : body);
    }
  }
  std::string other;
  for (const auto& line : audit.lines)
    if (line.category < 0) other += line_text(line);
  if (!other.empty())
    out += (english ? "\nOther lines (not in a category):\n" : "\n其他（不属于任何类别）：\n") + other;

  if (english) {
    out += "\nTotal " + format_points(audit.total, precision);
    if (audit.grade >= 0) out += "; grade " + rs.grade_label(audit.grade);
    if (audit.rank > 0) out += "; rank " + std::to_string(audit.rank);
    if (audit.flags & kNotServing) {
      out += "; not serving in the period";
      switch (rs.not_serving) {
        case NotServing::Ranked: out += " (graded and ranked all the same: not_serving: ranked)"; break;
        case NotServing::Grade: out += " (listed under the grade for it, not ranked)"; break;
        case NotServing::Unranked: out += " (not graded or ranked)"; break;
      }
    }
  } else {
    out += "\n总分 " + format_points(audit.total, precision);
    if (audit.grade >= 0) out += "；等次 " + rs.grade_label(audit.grade);
    if (audit.rank > 0) out += "；排名 " + std::to_string(audit.rank);
    if (audit.flags & kNotServing) {
      out += "；考核期间未在任";
      switch (rs.not_serving) {
        case NotServing::Ranked: out += "（照常评定等次、参加排名）"; break;
        case NotServing::Grade: out += "（列入相应等次，不参加排名）"; break;
        case NotServing::Unranked: out += "（不评定等次，不参加排名）"; break;
      }
    }
  }
  out += "\n";
  return out;
}

std::string audit_csv(const RuleSet& rs, const RecordBatch& b, const Audit& audit,
                      Language language) {
  TableOptions options;
  options.language = language;
  return table_csv(table_of_audit(rs, b, audit, options));
}

}  // namespace dutyscore
