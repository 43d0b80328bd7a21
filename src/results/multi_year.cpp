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
                const detail::ConditionMatcher* matcher, int test, std::string& why,
                std::vector<AcrossEvidence>& evidence) {
  const int precision = rules.precision;
  if (t.kind == AcrossTest::Kind::Count && rule.over_term) {
    const std::int64_t n = count_rows(records, m, r.periods.front().first, r.periods.back().last, *matcher);
    why = "records " + std::to_string(r.years.front()) + "-" + std::to_string(r.years.back()) + ": " +
          count_words(t, n);
    AcrossEvidence e;
    e.test = test;
    e.count = n;
    if (count_holds(t, n)) evidence.push_back(e);
    return count_holds(t, n);
  }
  // Per year: the latest run of consecutive years for which it holds.
  int run = 0;
  std::vector<std::string> parts;
  std::vector<std::string> best;
  std::vector<AcrossEvidence> facts, best_facts;
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    const Scores& s = r.scores[y];
    bool holds = false;
    std::string part = std::to_string(r.years[y]) + " ";
    AcrossEvidence fact;
    fact.test = test;
    fact.year = r.years[y];
    if (!(s.flags[m] & kNotServing)) {
      if (t.kind == AcrossTest::Kind::TotalBelow) {
        holds = s.totals[m] < t.amount;
        fact.total = s.totals[m];
        part += "total " + format_points(s.totals[m], precision) + " < " + format_points(t.amount, precision);
      } else if (t.kind == AcrossTest::Kind::Grade) {
        const int g = s.grade[m];
        const std::string& label = rules.grade_label(g);
        holds = g >= 0 && std::find(t.grades.begin(), t.grades.end(), label) != t.grades.end();
        fact.grade = g;
        part += "grade " + label;
      } else {
        const std::int64_t n = count_rows(records, m, r.periods[y].first, r.periods[y].last, *matcher);
        holds = count_holds(t, n);
        fact.count = n;
        part += "records " + count_words(t, n);
      }
    }
    if (holds) {
      ++run;
      parts.push_back(part);
      facts.push_back(fact);
      if (run >= t.years_in_a_row) {
        best.assign(parts.end() - t.years_in_a_row, parts.end());
        best_facts.assign(facts.end() - t.years_in_a_row, facts.end());
      }
    } else {
      run = 0;
      parts.clear();
      facts.clear();
    }
  }
  if (best.empty()) return false;
  for (std::size_t i = 0; i < best.size(); ++i) why += (i ? "; " : "") + best[i];
  evidence.insert(evidence.end(), best_facts.begin(), best_facts.end());
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
      std::vector<AcrossEvidence> evidence;
      bool flagged = !rule.any;
      for (std::size_t ti = 0; ti < rule.tests.size(); ++ti) {
        std::string why;
        const bool holds = test_holds(rules, rule, rule.tests[ti], records, r, m, matchers[ti].get(),
                                      static_cast<int>(ti), why, evidence);
        if (holds) reasons.push_back(why);
        if (rule.any && holds) flagged = true;
        if (!rule.any && !holds) flagged = false;
      }
      if (!flagged || rule.tests.empty()) continue;
      std::string reason;
      for (std::size_t i = 0; i < reasons.size(); ++i) reason += (i ? "; " : "") + reasons[i];
      r.flags[m].push_back(AcrossFlag{static_cast<int>(ri), reason, std::move(evidence)});
    }
  }
  return r;
}


}  // namespace dutyscore
