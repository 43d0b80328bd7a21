// Test-only: the engine's results for the reference comparison
// (tests/reference/differential.py), as one JSON line per case.
//
// Reads cases from standard input, each a header line
//   case <rules bytes> <members bytes> <records bytes> <from|-> <to|-> <first year|-> <last year|->
// followed by the three texts. The period is from..to, or the rule file's
// own `period` when both are '-'; with years given, evaluate_years() runs
// over them too. Prints per case every member's subtotals, total, grade,
// rank, flags and audit lines (in points units of the rule set's
// precision, no rounding or formatting of ours), the ranking order, the
// record counts, the commendation lists, the groups and the across-years
// flags; or {"error": ...} when an input does not load. Outside scores
// (docs/rules.md §4) are read from the members file's columns. Only public
// headers are used, so that the CLI's formats can change freely.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "dutyscore/input.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/rule_loader.h"

namespace {

using namespace dutyscore;

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}
// Also for std::string, so that std::quoted (found by argument lookup) never
// wins over the text's own overload.
std::string quoted(const std::string& text) { return quoted(std::string_view(text)); }
std::string quoted(const char* text) { return quoted(std::string_view(text)); }

std::string grade_label(const RuleSet& rules, int grade) {
  return grade < 0 ? "null" : quoted(rules.grades[static_cast<std::size_t>(grade)].label);
}

std::string index_name(int index, const std::vector<std::string>& names) {
  return index < 0 ? "\"\"" : quoted(names[static_cast<std::size_t>(index)]);
}

template <class T, class F>
std::vector<std::string> ids_of(const std::vector<T>& items, F id) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(id(item));
  return out;
}

std::string bit_ids(std::uint64_t bits, const std::vector<std::string>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (bits >> i & 1) out += (out.size() > 1 ? "," : "") + quoted(ids[i]);
  return out + "]";
}

std::string problems_text(const Problems& problems) {
  std::string all;
  for (const auto& p : problems.all())
    if (p.severity == Severity::Error) all += format_problem(p) + "\n";
  return all;
}

// The names an audit line's `rule` index refers to, by line kind.
const std::vector<std::string>& owner_names(AuditKind kind, const std::vector<std::string>& rules,
                                            const std::vector<std::string>& minimums,
                                            const std::vector<std::string>& vetoes) {
  if (kind == AuditKind::MinimumUnmet || kind == AuditKind::MinimumMet) return minimums;
  if (kind == AuditKind::Veto) return vetoes;
  return rules;
}

std::string score_case(const std::string& rules_text, const std::string& members_text,
                       const std::string& records_text, const std::string& from,
                       const std::string& to, const std::string& first_year,
                       const std::string& last_year) {
  Problems problems;
  auto rules = load_rules(rules_text, "rules.yaml", problems);
  if (!rules) return "{\"error\":" + quoted("rules: " + problems_text(problems)) + "}";
  const InputOptions options;
  auto members = read_members(members_text, "members.csv", options, problems);
  if (!members) return "{\"error\":" + quoted("members: " + problems_text(problems)) + "}";
  auto records = read_records(records_text, "records.csv", *members, options, problems);
  if (!records) return "{\"error\":" + quoted("records: " + problems_text(problems)) + "}";

  Period period;
  if (from != "-") {
    period = Period{*parse_day(from), *parse_day(to)};
  } else if (rules->period) {
    period = *rules->period;
  } else {
    return "{\"error\":\"no period\"}";
  }
  // Outside scores (民主测评) come from a column of the members file, the
  // one source a case has.
  if (needs_outside_scores(*rules) &&
      !attach_outside_scores(*rules, period, {{"members.csv", members_text}}, Encoding::Auto,
                             *members, problems))
    return "{\"error\":" + quoted("outside scores: " + problems_text(problems)) + "}";

  const auto category_ids = ids_of(rules->categories, [](const Category& c) { return c.id; });
  const auto rule_ids = ids_of(rules->rules, [](const Rule& r) { return r.id; });
  const auto minimum_ids = ids_of(rules->minimums, [](const Minimum& m) { return m.id; });
  const auto veto_ids = ids_of(rules->vetoes, [](const Veto& v) { return v.id; });

  const Evaluation evaluation(*rules, *members, *records, period);
  const Scores scores = evaluation.score();
  std::ostringstream out;
  out << "{\"precision\":" << scores.precision << ",\"period\":["
      << quoted(format_day(period.first)) << "," << quoted(format_day(period.last)) << "]";
  out << ",\"counts\":[" << scores.records_in_period << "," << scores.records_outside_period << ","
      << scores.records_unmatched << "]";
  out << ",\"members\":[";
  for (MemberIndex m = 0; m < members->size(); ++m) {
    if (m) out << ",";
    out << "{\"id\":" << quoted(members->id(m)) << ",\"categories\":{";
    for (std::size_t c = 0; c < category_ids.size(); ++c)
      out << (c ? "," : "") << quoted(category_ids[c]) << ":"
          << scores.subtotals(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(c));
    out << "},\"total\":" << scores.totals[m] << ",\"grade\":" << grade_label(*rules, scores.grade[m])
        << ",\"rank\":" << scores.rank[m]
        << ",\"not_serving\":" << ((scores.flags[m] & kNotServing) ? "true" : "false")
        << ",\"minimum_flag\":" << ((scores.flags[m] & kMinimumUnmet) ? "true" : "false")
        << ",\"veto_flag\":" << ((scores.flags[m] & kVetoed) ? "true" : "false")
        << ",\"unmet\":" << bit_ids(scores.unmet[m], minimum_ids)
        << ",\"vetoes\":" << bit_ids(scores.vetoes[m], veto_ids);
    const Audit audit = evaluation.explain(m, &scores);
    out << ",\"audit\":{\"total\":" << audit.total << ",\"grade\":" << grade_label(*rules, audit.grade)
        << ",\"rank\":" << audit.rank << ",\"lines\":[";
    for (std::size_t i = 0; i < audit.lines.size(); ++i) {
      const AuditLine& line = audit.lines[i];
      out << (i ? "," : "") << "[" << quoted(to_string(line.kind)) << ","
          << index_name(line.category, category_ids) << ","
          << index_name(line.rule, owner_names(line.kind, rule_ids, minimum_ids, veto_ids)) << ","
          << (line.row < 0 ? "\"\"" : quoted(records->record_id(static_cast<std::size_t>(line.row))))
          << "," << line.points << "]";
    }
    out << "]}}";
  }
  out << "],\"order\":[";
  for (std::size_t i = 0; i < scores.order.size(); ++i)
    out << (i ? "," : "") << quoted(members->id(scores.order[i]));
  out << "],\"commendations\":{";
  const auto lists = commendation_lists(*rules, *members, scores, period);
  for (std::size_t l = 0; l < lists.size(); ++l) {
    out << (l ? "," : "") << quoted(lists[l].id) << ":[";
    for (std::size_t i = 0; i < lists[l].members.size(); ++i)
      out << (i ? "," : "") << quoted(members->id(lists[l].members[i]));
    out << "]";
  }
  out << "}";
  if (rules->groups.enabled) {
    const GroupScores groups = score_groups(*rules, *members, *records, period, scores);
    out << ",\"groups\":[";
    for (std::size_t g = 0; g < groups.groups.size(); ++g) {
      const GroupResult& r = groups.groups[g];
      out << (g ? "," : "") << "{\"name\":" << quoted(r.name) << ",\"members\":" << r.members.size()
          << ",\"serving\":" << r.serving << ",\"meeting_minimums\":" << r.meeting_minimums
          << ",\"average_total\":" << r.average_total << ",\"members_points\":" << r.members_points
          << ",\"quotas\":[";
      for (std::size_t q = 0; q < r.quotas.size(); ++q) {
        const QuotaOutcome& o = r.quotas[q];
        out << (q ? "," : "") << "[" << o.periods << "," << o.met << "," << o.items << ","
            << o.required << "," << o.points << "]";
      }
      out << "],\"total\":" << r.total << ",\"rank\":" << r.rank << "}";
    }
    out << "],\"group_order\":[";
    for (std::size_t i = 0; i < groups.order.size(); ++i)
      out << (i ? "," : "") << quoted(groups.groups[groups.order[i]].name);
    out << "]";
  }
  if (first_year != "-") {
    const MultiYearResult years =
        evaluate_years(*rules, *members, *records, std::stoi(first_year), std::stoi(last_year));
    const auto across_ids =
        ids_of(rules->across_years, [](const AcrossYearsRule& r) { return r.id; });
    out << ",\"years\":{\"years\":[";
    for (std::size_t y = 0; y < years.years.size(); ++y) out << (y ? "," : "") << years.years[y];
    out << "],\"members\":{";
    for (MemberIndex m = 0; m < members->size(); ++m) {
      out << (m ? "," : "") << quoted(members->id(m)) << ":{\"totals\":[";
      for (std::size_t y = 0; y < years.scores.size(); ++y) {
        const Scores& s = years.scores[y];
        const bool serving = !(s.flags[m] & kNotServing);
        out << (y ? "," : "") << "[" << (serving ? "true" : "false") << "," << s.totals[m] << ","
            << grade_label(*rules, s.grade[m]) << "]";
      }
      out << "],\"flags\":[";
      for (std::size_t f = 0; f < years.flags[m].size(); ++f)
        out << (f ? "," : "") << index_name(years.flags[m][f].rule, across_ids);
      out << "]}";
    }
    out << "}}";
  }
  out << "}";
  return out.str();
}

bool read_exactly(std::istream& in, std::size_t n, std::string& out) {
  out.assign(n, '\0');
  return n == 0 || static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(n)));
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string header;
  while (std::getline(std::cin, header)) {
    if (header.empty()) continue;
    std::istringstream h(header);
    std::string word, from, to, first_year, last_year;
    std::size_t rules_size = 0, members_size = 0, records_size = 0;
    h >> word >> rules_size >> members_size >> records_size >> from >> to >> first_year >> last_year;
    if (word != "case" || !h) {
      std::cerr << "driver: bad header: " << header << "\n";
      return 2;
    }
    std::string rules_text, members_text, records_text;
    if (!read_exactly(std::cin, rules_size, rules_text) ||
        !read_exactly(std::cin, members_size, members_text) ||
        !read_exactly(std::cin, records_size, records_text)) {
      std::cerr << "driver: truncated case\n";
      return 2;
    }
    std::cout << score_case(rules_text, members_text, records_text, from, to, first_year, last_year)
              << "\n"
              << std::flush;
  }
  return 0;
}
