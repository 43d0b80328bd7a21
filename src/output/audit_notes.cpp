#include "dutyscore/audit_notes.h"

#include "output/note_text.h"

namespace dutyscore {
namespace {

using detail::fraction_text;
using detail::quantity_text;

const Rule* rule_of(const RuleSet& rs, const AuditLine& line) {
  if (line.rule < 0 || line.kind == AuditKind::MinimumUnmet ||
      line.kind == AuditKind::MinimumMet || line.kind == AuditKind::Veto)
    return nullptr;
  const auto i = static_cast<std::size_t>(line.rule);
  return i < rs.rules.size() ? &rs.rules[i] : nullptr;
}

const Minimum* minimum_of(const RuleSet& rs, const AuditLine& line) {
  if ((line.kind != AuditKind::MinimumUnmet && line.kind != AuditKind::MinimumMet) ||
      line.rule < 0)
    return nullptr;
  const auto i = static_cast<std::size_t>(line.rule);
  return i < rs.minimums.size() ? &rs.minimums[i] : nullptr;
}

const Veto* veto_of(const RuleSet& rs, const AuditLine& line) {
  if (line.kind != AuditKind::Veto || line.rule < 0) return nullptr;
  const auto i = static_cast<std::size_t>(line.rule);
  return i < rs.vetoes.size() ? &rs.vetoes[i] : nullptr;
}

const Category* category_of(const RuleSet& rs, const AuditLine& line) {
  if (line.category < 0 || static_cast<std::size_t>(line.category) >= rs.categories.size())
    return nullptr;
  return &rs.categories[static_cast<std::size_t>(line.category)];
}

const Part* part_of(const RuleSet& rs, const AuditLine& line) {
  if (line.kind != AuditKind::Rescale || line.part < 0) return nullptr;
  const auto i = static_cast<std::size_t>(line.part);
  return i < rs.parts.size() ? &rs.parts[i] : nullptr;
}

// A share as a percentage with 2 decimals ("87.50%").
std::string percent_text(std::int64_t num, std::int64_t den) {
  return den == 0 ? std::string("-")
                  : format_points(divide_half_up(static_cast<WideInt>(num) * 10000, den), 2) + "%";
}

// A minimum's amount: records, or a quantity (1/10000) for `by: quantity`.
std::string minimum_amount(const Minimum* minimum, std::int64_t v, Language language) {
  if (minimum == nullptr || !minimum->by_quantity) return std::to_string(v);
  return language == Language::English ? format_points(v, 4) : quantity_text(v);
}

std::string grade_or_dash(const RuleSet& rs, int grade, const char* none) {
  if (grade < 0 || static_cast<std::size_t>(grade) >= rs.grades.size()) return none;
  return rs.grades[static_cast<std::size_t>(grade)].label;
}

// "联名提案" for a record's subtype, or its kind when it has none. A
// subtype every kind may have ("其他") is read with its kind.
std::string item_name(const RuleSet& rs, const RecordBatch& b, std::size_t row) {
  const std::string kind(b.kinds().text(b.kind(row)));
  if (b.subtype(row) == kAbsent) return rs.name_of(VocabularyField::Kind, kind);
  const std::string subtype(b.subtypes().text(b.subtype(row)));
  const std::string name = rs.name_of(VocabularyField::Subtype, subtype, kind);
  const Term* term = find_term(VocabularyField::Subtype, subtype, kind);
  if (term != nullptr && term->kind.empty() && name == term->name)
    return rs.name_of(VocabularyField::Kind, kind) + "（" + name + "）";
  return name;
}

// The basis of a share, in Chinese: "联名提案，第3人，共8人".
std::string share_basis(const RuleSet& rs, const RecordBatch& b, const Rule& rule, std::size_t row) {
  const std::uint16_t position = b.position(row), size = b.item_size(row);
  std::string out = item_name(rs, b, row);
  const std::string place = position > 0 ? "第" + std::to_string(position) + "人" : "";
  switch (rule.share.mode) {
    case ShareMode::Split:
      if (!place.empty()) out += "，" + place + (position == 1 ? "（领衔）" : "");
      out += "，共" + std::to_string(size) + "人";
      break;
    case ShareMode::FirstN:
      if (!place.empty()) out += "，" + place;
      out += "，前" + std::to_string(rule.share.n) + "人计分";
      break;
    case ShareMode::ByPosition:
      out += "，按位次计分";
      if (!place.empty()) out += "，" + place;
      if (size > 1) out += "，共" + std::to_string(size) + "人";
      break;
    case ShareMode::Full:
      break;
  }
  return out;
}

std::string chinese_note(const RuleSet& rs, const RecordBatch& b, const AuditLine& line) {
  const int p = rs.precision;
  const Rule* rule = rule_of(rs, line);
  const std::string nth = "第" + std::to_string(line.nth) + "条";
  switch (line.kind) {
    case AuditKind::Record: {
      std::string out = audit_calculation(rs, b, line, Language::Chinese);
      if (line.nth > 0) out += (out.empty() ? "" : "；") + nth;
      return out;
    }
    case AuditKind::NotCounted:
      switch (line.why) {
        case NotCountedReason::TowardTiers: return nth + "，按条数计档";
        case NotCountedReason::BeforeFrom:
          return nth + "：从第" + std::to_string(rule ? rule->from_nth : 0) + "条起计分";
        case NotCountedReason::BeyondLimit:
          return nth + "：最多计" + std::to_string(rule ? rule->limit : 0) + "条";
        case NotCountedReason::None:
        case NotCountedReason::TowardRate:
        case NotCountedReason::TowardSubPeriod: return "不计分";
      }
      return "不计分";
    case AuditKind::Counting:
      switch (line.why) {
        case NotCountedReason::TowardRate:
          return nth + "，计入比例" + (line.meets ? "（符合条件）" : "（不符合条件）");
        case NotCountedReason::TowardSubPeriod:
          return "计入" + period_words(line.sub, Language::Chinese) + "（该期间第" +
                 std::to_string(line.nth) + "条）";
        default: return nth + "，按条数计档";
      }
    case AuditKind::PerPeriod:
      return period_words(line.sub, Language::Chinese) + "共" + std::to_string(line.reached) +
             "条（不少于" + std::to_string(line.tier_at_least) + "条）";
    case AuditKind::Tier:
      if (rule && rule->tiers_by_rate) {
        if (line.rate_of == 0) return "没有相应记录，按“无记录”计分";
        const std::string rate = "共" + std::to_string(line.rate_of) + "条，其中符合条件" +
                                 std::to_string(line.reached) + "条（" +
                                 percent_text(line.reached, line.rate_of) + "）";
        if (line.rate.den == 0) return rate + "，未达到任何档次";
        return rate + "，达到“不低于" + percent_text(line.rate.num, line.rate.den) + "”档";
      }
      if (rule && rule->tiers_by_quantity)
        return "合计" + quantity_text(line.reached) + "，达到“不少于" +
               quantity_text(line.tier_at_least) + "”档";
      return "共" + std::to_string(line.reached) + "条，达到“不少于" +
             std::to_string(line.tier_at_least) + "条”档";
    case AuditKind::NotHighest:
      return "只计最高一项（" + format_points(line.reached, p) + "分）";
    case AuditKind::RuleMax:
      return "本项最多计" + (rule && rule->max ? format_points(*rule->max, p) : std::string("0")) +
             "分";
    case AuditKind::Exclusive: {
      const std::string kept =
          line.kept_rule >= 0 && static_cast<std::size_t>(line.kept_rule) < rs.rules.size()
              ? rs.rules[static_cast<std::size_t>(line.kept_rule)].label
              : std::string();
      return "与“" + kept + "”就高计分，不重复计";
    }
    case AuditKind::Start:
      if (line.period_days > 0)
        return "基础分按在任天数折算：" + std::to_string(line.days_served) + "/" +
               std::to_string(line.period_days) + "天";
      return "基础分";
    case AuditKind::MinimumUnmet: {
      const Minimum* minimum = minimum_of(rs, line);
      std::string out = "未达到“" + (minimum ? minimum->label : std::string()) + "”";
      for (std::size_t i = 0; i < line.unmet.size(); ++i) {
        const UnmetPeriod& u = line.unmet[i];
        out += (i == 0 ? "：" : "；") + period_words(u.period, Language::Chinese) + "应至少" +
               minimum_amount(minimum, u.required, Language::Chinese) + "次，实际" +
               minimum_amount(minimum, u.have, Language::Chinese) + "次";
      }
      if (minimum && !minimum->grade.empty()) out += "；等次定为" + minimum->grade;
      return out;
    }
    case AuditKind::MinimumMet: {
      const Minimum* minimum = minimum_of(rs, line);
      std::string out = "已达到“" + (minimum ? minimum->label : std::string()) + "”";
      for (std::size_t i = 0; i < line.unmet.size(); ++i) {
        const UnmetPeriod& u = line.unmet[i];
        out += (i == 0 ? "：" : "；") + period_words(u.period, Language::Chinese);
        out += u.required < 0 ? "未全程在任，不作要求"
                              : "应至少" + minimum_amount(minimum, u.required, Language::Chinese) +
                                    "次，实际" + minimum_amount(minimum, u.have, Language::Chinese) +
                                    "次";
      }
      return out;
    }
    case AuditKind::Outside: {
      const Category* c = category_of(rs, line);
      return "外部评分（" + (c && c->outside ? c->outside->column : std::string()) + "）";
    }
    case AuditKind::Rescale: {
      const Part* part = part_of(rs, line);
      const std::string label = part ? (part->label.empty() ? part->id : part->label) : std::string();
      std::string how = part && part->to_best
                            ? "× " + format_points(part->best_points, p) + " / " +
                                  format_points(line.part_best, p) + "（以最高分为准）"
                            : "× " + fraction_text(line.factor);
      return "“" + label + "”合计" + format_points(line.part_raw, p) + " " + how + " = " +
             format_points(line.part_scaled, p) + "；本类" + format_points(line.raw, p) + "折算为" +
             format_points(line.raw + line.points, p);
    }
    case AuditKind::CategoryMax: {
      const Category* c = category_of(rs, line);
      return "本类满分" + (c && c->max ? format_points(*c->max, p) : std::string("0")) +
             "分，超出部分不计";
    }
    case AuditKind::CategoryFloor: {
      const Category* c = category_of(rs, line);
      return "本类扣完为止（最低" + (c && c->floor ? format_points(*c->floor, p) : std::string("0")) +
             "分）";
    }
    case AuditKind::Veto: {
      const Veto* veto = veto_of(rs, line);
      const std::string label = veto ? veto->label : std::string();
      if (line.category >= 0) return "一票否决（" + label + "）：得分计为0";
      std::string out = "一票否决：" + label;
      if (veto && !veto->grade.empty()) out += "；等次定为" + veto->grade;
      return out;
    }
    case AuditKind::Unmatched: return "没有对应的计分规则，不计分";
    case AuditKind::GradeQuota: {
      const std::string from = grade_or_dash(rs, line.grade_from, "未评定");
      return "等次由" + from + "调整为" + grade_or_dash(rs, line.grade_to, "未评定") + "：" + from +
             "名额已满";
    }
  }
  return {};
}

// The notes `explain` has always printed, word for word.
std::string english_note(const RuleSet& rs, const AuditLine& line) {
  const int p = rs.precision;
  const Rule* rule = rule_of(rs, line);
  const std::string nth = "#" + std::to_string(line.nth);
  switch (line.kind) {
    case AuditKind::Record: return line.nth > 0 ? nth : std::string();
    case AuditKind::NotCounted:
      switch (line.why) {
        case NotCountedReason::TowardTiers: return "counts toward the tiers (" + nth + ")";
        case NotCountedReason::BeforeFrom:
          return nth + ": counts from #" + std::to_string(rule ? rule->from_nth : 0) + " on";
        case NotCountedReason::BeyondLimit:
          return nth + ": at most " + std::to_string(rule ? rule->limit : 0) + " count";
        case NotCountedReason::None:
        case NotCountedReason::TowardRate:
        case NotCountedReason::TowardSubPeriod: return {};
      }
      return {};
    case AuditKind::Counting:
      switch (line.why) {
        case NotCountedReason::TowardRate:
          return std::string("counts toward the rate, ") +
                 (line.meets ? "meets 'rate_of'" : "does not meet 'rate_of'") + " (" + nth + ")";
        case NotCountedReason::TowardSubPeriod:
          return "counts toward " + line.sub.to_string() + " (" + nth + " in it)";
        default: return "counts toward the tiers (" + nth + ")";
      }
    case AuditKind::PerPeriod:
      return line.sub.to_string() + ": " + std::to_string(line.reached) +
             (line.reached == 1 ? " record" : " records") + " (at least " +
             std::to_string(line.tier_at_least) + ")";
    case AuditKind::Tier: {
      if (rule && rule->tiers_by_rate) {
        if (line.rate_of == 0) return "no matching records: 'no_records'";
        const std::string rate = std::to_string(line.reached) + " of " +
                                 std::to_string(line.rate_of) + " records meet 'rate_of' (" +
                                 percent_text(line.reached, line.rate_of) + ")";
        if (line.rate.den == 0) return rate + ": no tier reached";
        return rate + ": tier 'at least " + percent_text(line.rate.num, line.rate.den) + "'";
      }
      const bool by_quantity = rule && rule->tiers_by_quantity;
      const std::string amount =
          by_quantity ? format_points(line.reached, 4) : std::to_string(line.reached);
      const std::string limit =
          by_quantity ? format_points(line.tier_at_least, 4) : std::to_string(line.tier_at_least);
      return amount + (by_quantity ? " in all" : " records") + ": tier 'at least " + limit + "'";
    }
    case AuditKind::NotHighest:
      return "only the highest counts (" + format_points(line.reached, p) + ")";
    case AuditKind::RuleMax:
      return "rule maximum " + (rule && rule->max ? format_points(*rule->max, p) : std::string());
    case AuditKind::Exclusive: {
      const std::string kept =
          line.kept_rule >= 0 && static_cast<std::size_t>(line.kept_rule) < rs.rules.size()
              ? rs.rules[static_cast<std::size_t>(line.kept_rule)].id
              : std::string();
      return "the higher rule '" + kept + "' counts, not both";
    }
    case AuditKind::Start:
      if (line.period_days > 0)
        return "starting points pro-rated: " + std::to_string(line.days_served) + "/" +
               std::to_string(line.period_days) + " days served";
      return "starting points";
    case AuditKind::MinimumUnmet: {
      const Minimum* minimum = minimum_of(rs, line);
      std::string detail;
      for (const UnmetPeriod& u : line.unmet)
        detail += (detail.empty() ? "" : ", ") + u.period.to_string() + ": " +
                  minimum_amount(minimum, u.have, Language::English) + " of " +
                  minimum_amount(minimum, u.required, Language::English);
      std::string out = "minimum '" + (minimum ? minimum->id : std::string()) + "' unmet (" + detail + ")";
      if (minimum && !minimum->grade.empty()) out += "; grade " + minimum->grade;
      return out;
    }
    case AuditKind::MinimumMet: {
      const Minimum* minimum = minimum_of(rs, line);
      std::string detail;
      for (const UnmetPeriod& u : line.unmet) {
        detail += (detail.empty() ? "" : ", ") + u.period.to_string() + ": ";
        detail += u.required < 0 ? std::string("not required (not served in full)")
                                 : minimum_amount(minimum, u.have, Language::English) + " of " +
                                       minimum_amount(minimum, u.required, Language::English);
      }
      return "minimum '" + (minimum ? minimum->id : std::string()) + "' met (" + detail + ")";
    }
    case AuditKind::Outside: {
      const Category* c = category_of(rs, line);
      return "outside score '" + (c && c->outside ? c->outside->column : std::string()) + "'";
    }
    case AuditKind::Rescale: {
      const Part* part = part_of(rs, line);
      const std::string how = part && part->to_best
                                  ? "x " + format_points(part->best_points, p) + " / " +
                                        format_points(line.part_best, p) +
                                        " (the best member's points)"
                                  : "x " + fraction_text(line.factor);
      return "part '" + (part ? part->id : std::string()) + "' " + format_points(line.part_raw, p) +
             " " + how + " = " + format_points(line.part_scaled, p) + "; this category " +
             format_points(line.raw, p) + " -> " + format_points(line.raw + line.points, p);
    }
    case AuditKind::CategoryMax: {
      const Category* c = category_of(rs, line);
      return "category maximum " + (c && c->max ? format_points(*c->max, p) : std::string());
    }
    case AuditKind::CategoryFloor: {
      const Category* c = category_of(rs, line);
      return "category floor " + (c && c->floor ? format_points(*c->floor, p) : std::string());
    }
    case AuditKind::Veto: {
      const Veto* veto = veto_of(rs, line);
      const std::string id = veto ? veto->id : std::string();
      if (line.category >= 0) return "veto '" + id + "': total set to 0";
      return "veto '" + id + "'" + (veto && !veto->grade.empty() ? ": grade " + veto->grade : "");
    }
    case AuditKind::Unmatched: return "no rule covers this record";
    case AuditKind::GradeQuota: {
      const std::string from = grade_or_dash(rs, line.grade_from, "-");
      return "grade " + from + " -> " + grade_or_dash(rs, line.grade_to, "-") + ": the quota of " +
             from + " is full";
    }
  }
  return {};
}

}  // namespace

std::string audit_kind_name(AuditKind kind, Language language) {
  if (language == Language::English) return to_string(kind);
  switch (kind) {
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
  return {};
}

std::string audit_rule_name(const RuleSet& rs, const AuditLine& line, Language language) {
  if (line.rule < 0) return {};
  const bool english = language == Language::English;
  if (const Minimum* m = minimum_of(rs, line)) return english ? m->id + " " + m->label : m->label;
  if (const Veto* v = veto_of(rs, line)) return english ? v->id + " " + v->label : v->label;
  const Rule* r = rule_of(rs, line);
  if (r == nullptr) return {};
  if (!english) return r->label.empty() ? r->id : r->label;
  return r->id + (r->label != r->id ? " " + r->label : "");
}

std::string audit_record_words(const RuleSet& rs, const RecordBatch& b, std::int64_t row_index,
                               Language language) {
  if (row_index < 0) return {};
  const auto row = static_cast<std::size_t>(row_index);
  const FlagMask flags = b.flags(row);
  if (language == Language::English) {
    // "R017 2024-01-17 proposal/joint P03 position 1 of 4 [filed]"
    std::string out(b.record_id(row));
    out += ' ' + format_day(b.date(row)) + ' ' + std::string(b.kinds().text(b.kind(row)));
    if (b.subtype(row) != kAbsent) out += '/' + std::string(b.subtypes().text(b.subtype(row)));
    if (b.status(row) != kAbsent) out += ' ' + std::string(b.statuses().text(b.status(row)));
    if (b.level(row) != kAbsent) out += " @" + std::string(b.levels().text(b.level(row)));
    if (b.ref(row) != kAbsent) {
      out += ' ' + std::string(b.refs().text(b.ref(row)));
      if (b.position(row) != 0)
        out += " position " + std::to_string(b.position(row)) + " of " +
               std::to_string(b.item_size(row));
    }
    if (flags != 0) {
      out += " [";
      bool first = true;
      for (Code code = 1; code < b.flag_names().size(); ++code) {
        if (!(flags >> (code - 1) & 1)) continue;
        out += (first ? "" : ";") + std::string(b.flag_names().text(code));
        first = false;
      }
      out += ']';
    }
    if (b.quantity(row) != kNoQuantity) out += " qty " + format_points(b.quantity(row), 4);
    return out;
  }
  // "联名提案 P20250363 立案": what a member recognises.
  std::string out = item_name(rs, b, row);
  if (b.status(row) != kAbsent)
    out += " " + rs.name_of(VocabularyField::Status, b.statuses().text(b.status(row)));
  if (b.level(row) != kAbsent)
    out += " " + rs.name_of(VocabularyField::Level, b.levels().text(b.level(row)));
  if (b.ref(row) != kAbsent) out += " " + std::string(b.refs().text(b.ref(row)));
  for (Code code = 1; code < b.flag_names().size(); ++code)
    if (flags >> (code - 1) & 1) out += " " + rs.name_of(VocabularyField::Flag, b.flag_names().text(code));
  if (b.quantity(row) != kNoQuantity) out += " 数量" + quantity_text(b.quantity(row));
  return out;
}

std::string audit_calculation(const RuleSet& rs, const RecordBatch& b, const AuditLine& line,
                              Language language) {
  if (line.kind != AuditKind::Record) return {};
  const int p = rs.precision;
  const bool english = language == Language::English;
  std::string calc = format_points(line.base, p);
  if (line.share.num != line.share.den) calc += " × " + fraction_text(line.share);
  if (line.quantity != 0)
    calc += " × " + (english ? format_points(line.quantity, 4) : quantity_text(line.quantity));
  const bool shown = calc != format_points(line.points, p);
  if (english) return shown ? calc : std::string();
  const Rule* rule = rule_of(rs, line);
  std::string basis;
  if (rule != nullptr && line.row >= 0 && rule->share.mode != ShareMode::Full) {
    const auto row = static_cast<std::size_t>(line.row);
    const bool joint = b.item_size(row) > 1 || b.position(row) > 1;
    if (joint || rule->share.mode == ShareMode::ByPosition || line.share.num != line.share.den)
      basis = share_basis(rs, b, *rule, row);
  }
  if (basis.empty() && line.quantity != 0) basis = "按数量计";
  if (!shown) return basis.empty() ? std::string() : basis;
  return calc + (basis.empty() ? "" : "（" + basis + "）");
}

std::string audit_note(const RuleSet& rs, const RecordBatch& b, const AuditLine& line,
                       Language language) {
  return language == Language::English ? english_note(rs, line) : chinese_note(rs, b, line);
}

std::string day_words(Day day, Language language) {
  const std::string iso = format_day(day);
  if (language == Language::English) return iso;
  const int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)),
            d = std::stoi(iso.substr(8, 2));
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

std::string period_words(const Period& period, Language language) {
  if (language == Language::English) return period.to_string();
  const std::string first = day_words(period.first, language);
  if (period.last == period.first) return first;
  std::string last = day_words(period.last, language);
  // The year once when both ends share it: "2025年1月1日至12月31日".
  const std::size_t year = first.find("年") + std::string_view("年").size();
  if (last.compare(0, year, first, 0, year) == 0) last.erase(0, year);
  return first + "至" + last;
}

std::string signed_points(Points points, int precision) {
  return (points > 0 ? "+" : "") + format_points(points, precision);
}

}  // namespace dutyscore
