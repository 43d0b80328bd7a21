#include "dutyscore/multi_year.h"

#include <algorithm>
#include <memory>

#include "engine/condition_match.h"
#include "dutyscore/csv.h"
#include "base/text_util.h"

namespace dutyscore {
namespace {

// Records of member m dated in [first, last] matching `matcher`.
std::int64_t count_rows(const RecordBatch& records, MemberIndex m, Day first, Day last,
                        const detail::ConditionMatcher& matcher) {
  std::int64_t n = 0;
  for (std::size_t row = records.member_begin(m); row < records.member_end(m); ++row) {
    const Day d = records.date(row);
    if (d < first || d > last) continue;
    if (matcher.matches(row, m)) ++n;
  }
  return n;
}

bool count_holds(const AcrossTest& t, std::int64_t n) {
  if (t.fewer_than > 0) return n < t.fewer_than;
  return n >= t.at_least;
}

std::string count_words(const AcrossTest& t, std::int64_t n) {
  return std::to_string(n) + (t.fewer_than > 0 ? " < " + std::to_string(t.fewer_than)
                                               : " >= " + std::to_string(t.at_least));
}

// Whether test `t` holds for member m over the run; `why` says how.
bool test_holds(const RuleSet& rules, const AcrossYearsRule& rule, const AcrossTest& t,
                const RecordBatch& records, const MultiYearResult& r, MemberIndex m,
                const detail::ConditionMatcher* matcher, std::string& why) {
  const int precision = rules.precision;
  if (t.kind == AcrossTest::Kind::Count && rule.over_term) {
    const std::int64_t n = count_rows(records, m, r.periods.front().first, r.periods.back().last, *matcher);
    why = "records " + std::to_string(r.years.front()) + "-" + std::to_string(r.years.back()) + ": " +
          count_words(t, n);
    return count_holds(t, n);
  }
  // Per year: the latest run of consecutive years for which it holds.
  int run = 0;
  std::vector<std::string> parts;
  std::vector<std::string> best;
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    const Scores& s = r.scores[y];
    bool holds = false;
    std::string part = std::to_string(r.years[y]) + " ";
    if (!(s.flags[m] & kNotServing)) {
      if (t.kind == AcrossTest::Kind::TotalBelow) {
        holds = s.totals[m] < t.amount;
        part += "total " + format_points(s.totals[m], precision) + " < " + format_points(t.amount, precision);
      } else if (t.kind == AcrossTest::Kind::Grade) {
        const int g = s.grade[m];
        const std::string& label = rules.grade_label(g);
        holds = g >= 0 && std::find(t.grades.begin(), t.grades.end(), label) != t.grades.end();
        part += "grade " + label;
      } else {
        const std::int64_t n = count_rows(records, m, r.periods[y].first, r.periods[y].last, *matcher);
        holds = count_holds(t, n);
        part += "records " + count_words(t, n);
      }
    }
    if (holds) {
      ++run;
      parts.push_back(part);
      if (run >= t.years_in_a_row) {
        best.assign(parts.end() - t.years_in_a_row, parts.end());
      }
    } else {
      run = 0;
      parts.clear();
    }
  }
  if (best.empty()) return false;
  for (std::size_t i = 0; i < best.size(); ++i) why += (i ? "; " : "") + best[i];
  return true;
}

}  // namespace

MultiYearResult evaluate_years(const RuleSet& rules, const MemberTable& members,
                               const RecordBatch& records, int from_year, int to_year,
                               const EvaluateOptions& options) {
  MultiYearResult r;
  for (int y = from_year; y <= to_year; ++y) {
    r.years.push_back(y);
    r.periods.push_back(Period::calendar_year(y));
    Evaluation ev(rules, members, records, r.periods.back());
    r.scores.push_back(ev.score(options));
  }
  r.flags.assign(members.size(), {});
  if (r.years.empty()) return r;
  for (std::size_t ri = 0; ri < rules.across_years.size(); ++ri) {
    const AcrossYearsRule& rule = rules.across_years[ri];
    std::vector<std::unique_ptr<detail::ConditionMatcher>> matchers;
    for (const auto& t : rule.tests) {
      matchers.push_back(t.kind == AcrossTest::Kind::Count
                             ? std::make_unique<detail::ConditionMatcher>(t.count, members, records,
                                                                           rules.blank_position)
                             : nullptr);
    }
    for (MemberIndex m = 0; m < members.size(); ++m) {
      std::vector<std::string> reasons;
      bool flagged = !rule.any;
      for (std::size_t ti = 0; ti < rule.tests.size(); ++ti) {
        std::string why;
        const bool holds = test_holds(rules, rule, rule.tests[ti], records, r, m, matchers[ti].get(), why);
        if (holds) reasons.push_back(why);
        if (rule.any && holds) flagged = true;
        if (!rule.any && !holds) flagged = false;
      }
      if (!flagged || rule.tests.empty()) continue;
      std::string reason;
      for (std::size_t i = 0; i < reasons.size(); ++i) reason += (i ? "; " : "") + reasons[i];
      r.flags[m].push_back(AcrossFlag{static_cast<int>(ri), reason});
    }
  }
  return r;
}

std::string multi_year_csv(const RuleSet& rules, const MemberTable& members,
                           const MultiYearResult& result, bool flagged_only) {
  std::vector<std::string> header{"member_id", "name"};
  for (int y : result.years) {
    header.push_back(std::to_string(y) + "_total");
    header.push_back(std::to_string(y) + "_grade");
  }
  header.push_back("flags");
  header.push_back("reasons");
  std::string out;
  auto row_out = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      append_csv_cell(out, fields[i]);
    }
    out += '\n';
  };
  row_out(header);
  for (MemberIndex m = 0; m < members.size(); ++m) {
    if (flagged_only && result.flags[m].empty()) continue;
    std::vector<std::string> f{members.id(m), members.name(m)};
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      const Scores& s = result.scores[y];
      const bool serving = !(s.flags[m] & kNotServing);
      f.push_back(serving ? format_points(s.totals[m], rules.precision) : "");
      f.push_back(serving ? grade_label(rules, s, m) : "");
    }
    std::string ids, reasons;
    for (const auto& flag : result.flags[m]) {
      const auto& rule = rules.across_years[flag.rule];
      ids += (ids.empty() ? "" : ";") + rule.id;
      reasons += (reasons.empty() ? "" : " | ") + rule.label + ": " + flag.reason;
    }
    f.push_back(ids);
    f.push_back(reasons);
    row_out(f);
  }
  return out;
}

}  // namespace dutyscore
