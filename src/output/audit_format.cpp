#include "dutyscore/audit_format.h"

#include <numeric>

#include "dutyscore/csv.h"
#include "dutyscore/scores.h"
#include "base/text_util.h"

namespace dutyscore {
namespace {

std::string signed_points(Points p, int precision) {
  return (p > 0 ? "+" : "") + format_points(p, precision);
}

std::string fraction_text(Fraction f) {
  const std::int64_t g = std::gcd(f.num, f.den);
  const Fraction r = g > 0 ? Fraction{f.num / g, f.den / g} : f;
  return r.den == 1 ? std::to_string(r.num) : std::to_string(r.num) + "/" + std::to_string(r.den);
}

// "R017 2024-01-17 proposal/joint P03 position 1 of 4 [filed]"
std::string record_text(const RecordBatch& b, std::int64_t row_index) {
  const auto row = static_cast<std::size_t>(row_index);
  std::string out(b.record_id(row));
  out += ' ' + format_day(b.date(row)) + ' ' + b.kinds().text(b.kind(row));
  if (b.subtype(row) != kAbsent) out += '/' + b.subtypes().text(b.subtype(row));
  if (b.status(row) != kAbsent) out += ' ' + b.statuses().text(b.status(row));
  if (b.level(row) != kAbsent) out += " @" + b.levels().text(b.level(row));
  if (b.ref(row) != kAbsent) {
    out += ' ' + b.refs().text(b.ref(row));
    if (b.position(row) != 0)
      out += " position " + std::to_string(b.position(row)) + " of " +
             std::to_string(b.item_size(row));
  }
  const FlagMask flags = b.flags(row);
  if (flags != 0) {
    out += " [";
    bool first = true;
    for (Code code = 1; code < b.flag_names().size(); ++code) {
      if (!(flags >> (code - 1) & 1)) continue;
      out += (first ? "" : ";") + b.flag_names().text(code);
      first = false;
    }
    out += ']';
  }
  if (b.quantity(row) != kNoQuantity) out += " qty " + format_points(b.quantity(row), 4);
  return out;
}

std::string rule_name(const RuleSet& rs, const AuditLine& line) {
  if (line.rule < 0) return {};
  const auto i = static_cast<std::size_t>(line.rule);
  if (line.kind == AuditKind::MinimumUnmet || line.kind == AuditKind::MinimumMet)
    return rs.minimums[i].id + " " + rs.minimums[i].label;
  if (line.kind == AuditKind::Veto) return rs.vetoes[i].id + " " + rs.vetoes[i].label;
  return rs.rules[i].id + (rs.rules[i].label != rs.rules[i].id ? " " + rs.rules[i].label : "");
}

std::string describe(const RuleSet& rs, const RecordBatch& b, const AuditLine& line) {
  std::string out;
  if (line.row >= 0) out += record_text(b, line.row);
  const std::string rule = rule_name(rs, line);
  if (!rule.empty()) out += (out.empty() ? "" : "  · ") + rule;
  if (line.kind == AuditKind::Record) {
    std::string calc = format_points(line.base, rs.precision);
    if (line.share.num != line.share.den) calc += " × " + fraction_text(line.share);
    if (line.quantity != 0) calc += " × " + format_points(line.quantity, 4);
    if (calc != format_points(line.points, rs.precision)) out += " (" + calc + ")";
  }
  if (!line.note.empty()) out += (out.empty() ? "" : "  · ") + line.note;
  return out;
}

}  // namespace

std::string audit_text(const RuleSet& rs, const MemberTable& members, const RecordBatch& b,
                       const Period& period, const Audit& audit) {
  const MemberIndex m = audit.member;
  std::string out;
  out += "Member " + members.id(m) + " " + members.name(m);
  std::string about;
  for (const std::string* part : {&members.unit(m), &members.sector_names().text(members.sector(m)),
                                  &members.group_names().text(members.group(m))})
    if (!part->empty()) about += (about.empty() ? "" : ", ") + *part;
  if (!about.empty()) out += " (" + about + ")";
  out += "\nRule set " + rs.id + (rs.name.empty() ? "" : " " + rs.name) + "; period " +
         period.to_string() + "\n";

  const int precision = rs.precision;
  std::size_t width = 0;
  for (const auto& line : audit.lines)
    width = std::max(width, signed_points(line.points, precision).size());

  for (std::size_t c = 0; c < rs.categories.size(); ++c) {
    const Category& cat = rs.categories[c];
    Points subtotal = 0;
    std::string body;
    for (const auto& line : audit.lines) {
      if (line.category != static_cast<int>(c)) continue;
      subtotal += line.points;
      body += "  " + detail::pad(signed_points(line.points, precision), width, true) + "  " +
              to_string(line.kind) + "  " + describe(rs, b, line) + "\n";
    }
    out += "\n" + (cat.label.empty() ? cat.id : cat.label + " (" + cat.id + ")") + ": " +
           format_points(subtotal, precision);
    if (cat.max) out += " (max " + format_points(*cat.max, precision) + ")";
    out += "\n" + (body.empty() ? "  (no lines)\n" : body);
  }
  std::string other;
  for (const auto& line : audit.lines) {
    if (line.category >= 0) continue;
    other += "  " + detail::pad(signed_points(line.points, precision), width, true) + "  " +
             to_string(line.kind) + "  " + describe(rs, b, line) + "\n";
  }
  if (!other.empty()) out += "\nOther lines (not in a category):\n" + other;

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
  out += "\n";
  return out;
}

std::string audit_csv(const RuleSet& rs, const RecordBatch& b, const Audit& audit) {
  std::string out = "kind,category,rule,record_id,date,points,base,share,note\n";
  for (const auto& line : audit.lines) {
    append_safe_csv_cell(out, to_string(line.kind));
    out += ',';
    if (line.category >= 0) append_safe_csv_cell(out, rs.categories[static_cast<std::size_t>(line.category)].id);
    out += ',';
    const std::string rule = rule_name(rs, line);
    append_safe_csv_cell(out, rule.substr(0, rule.find(' ')));
    out += ',';
    if (line.row >= 0) {
      append_safe_csv_cell(out, b.record_id(static_cast<std::size_t>(line.row)));
      out += ',' + format_day(b.date(static_cast<std::size_t>(line.row)));
    } else {
      out += ',';
    }
    out += ',' + format_points(line.points, rs.precision) + ',';
    if (line.kind == AuditKind::Record)
      out += format_points(line.base, rs.precision) + ',' + fraction_text(line.share);
    else
      out += ',';
    out += ',';
    append_safe_csv_cell(out, line.note);
    out += '\n';
  }
  return out;
}

}  // namespace dutyscore
