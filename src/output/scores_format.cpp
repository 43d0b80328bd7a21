#include "dutyscore/scores_format.h"

#include <algorithm>
#include <map>

#include "dutyscore/csv.h"
#include "base/json_writer.h"
#include "base/text_util.h"

namespace dutyscore {
namespace {

std::size_t row_count(const Scores& scores, const ScoresFormatOptions& options) {
  const std::size_t n = scores.order.size();
  return options.top == 0 ? n : std::min(n, options.top);
}

std::string rank_text(const Scores& scores, MemberIndex m) {
  return scores.rank[m] > 0 ? std::to_string(scores.rank[m]) : std::string();
}

Points subtotal(const Scores& scores, MemberIndex m, std::size_t c) {
  return scores.subtotals(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(c));
}

}  // namespace



std::string scores_summary(const RuleSet& rules, const Scores& scores) {
  const std::size_t n = scores.member_count();
  std::size_t ranked = 0, unmet = 0, vetoed = 0;
  std::vector<std::size_t> per_grade(rules.grades.size(), 0);
  for (std::size_t m = 0; m < n; ++m) {
    ranked += scores.rank[m] > 0 ? 1 : 0;
    unmet += (scores.flags[m] & kMinimumUnmet) ? 1 : 0;
    vetoed += (scores.flags[m] & kVetoed) ? 1 : 0;
    if (scores.grade[m] >= 0) ++per_grade[static_cast<std::size_t>(scores.grade[m])];
  }
  std::string out = std::to_string(n) + " members, " + std::to_string(ranked) + " ranked; " +
                    std::to_string(scores.records_in_period) + " records in period (" +
                    std::to_string(scores.records_outside_period) + " outside, " +
                    std::to_string(scores.records_unmatched) + " unmatched)";
  if (!rules.grades.empty()) {
    out += "; grades:";
    for (std::size_t g = 0; g < rules.grades.size(); ++g)
      out += " " + rules.grades[g].label + " " + std::to_string(per_grade[g]);
  }
  out += "; minimum unmet " + std::to_string(unmet) + ", vetoed " + std::to_string(vetoed);
  return out;
}

std::vector<std::string> member_flag_list(const RuleSet& rules, const Scores& scores,
                                          MemberIndex m) {
  std::vector<std::string> out;
  const std::string flags = member_flags(rules, scores, m);
  for (std::size_t start = 0; start < flags.size();) {
    const std::size_t end = std::min(flags.find(';', start), flags.size());
    out.push_back(flags.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string scores_json(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                        const Period& period, const ScoresFormatOptions& options) {
  using detail::JsonWriter;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("ruleset").string(rules.id);
  w.key("period").period(period);
  w.key("summary").begin_object(JsonWriter::kInline);
  w.key("members").integer(static_cast<std::int64_t>(scores.member_count()));
  w.key("records_in_period").integer(static_cast<std::int64_t>(scores.records_in_period));
  w.key("records_outside_period").integer(static_cast<std::int64_t>(scores.records_outside_period));
  w.key("records_unmatched").integer(static_cast<std::int64_t>(scores.records_unmatched));
  w.end_object();
  w.key("members").begin_array();
  const std::size_t rows = row_count(scores, options);
  for (std::size_t i = 0; i < rows; ++i) {
    const MemberIndex m = scores.order[i];
    w.begin_object(JsonWriter::kInline);
    w.key("member_id").string(members.id(m));
    w.key("name").string(members.name(m));
    w.key("categories").begin_object(JsonWriter::kInline);
    for (std::size_t c = 0; c < rules.categories.size(); ++c)
      w.key(rules.categories[c].id).points(subtotal(scores, m, c), scores.precision);
    w.end_object();
    w.key("total").points(scores.totals[m], scores.precision);
    w.key("grade").string_or_null(grade_label(rules, scores, m));
    w.key("rank").integer_or_null(scores.rank[m]);
    w.key("flags").strings(member_flag_list(rules, scores, m));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
  return out;
}

std::string scores_table(const RuleSet& rules, const MemberTable& members, const Scores& scores,
                         const ScoresFormatOptions& options) {
  using detail::display_width;
  using detail::pad;
  const std::size_t rows = row_count(scores, options);
  std::vector<std::string> header = {"rank", "member", "name"};
  for (std::size_t c = 0; c < rules.categories.size(); ++c)
    header.push_back(rules.category_label(static_cast<int>(c)));
  header.insert(header.end(), {"total", "grade", "flags"});

  std::vector<std::vector<std::string>> table;
  table.push_back(header);
  for (std::size_t i = 0; i < rows; ++i) {
    const MemberIndex m = scores.order[i];
    std::vector<std::string> row = {rank_text(scores, m), std::string(members.id(m)),
                                    std::string(members.name(m))};
    for (std::size_t c = 0; c < rules.categories.size(); ++c)
      row.push_back(format_points(subtotal(scores, m, c), scores.precision));
    row.push_back(format_points(scores.totals[m], scores.precision));
    row.push_back(grade_label(rules, scores, m));
    row.push_back(member_flags(rules, scores, m));
    table.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : table)
    for (std::size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], display_width(row[k]));
  std::string out;
  const std::size_t first_number = 3, last_number = header.size() - 3;
  for (const auto& row : table) {
    std::string line;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const bool right = k == 0 || (k >= first_number && k <= last_number);
      line += (k > 0 ? "  " : "") + pad(row[k], widths[k], right);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

}  // namespace dutyscore
