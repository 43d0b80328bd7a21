// Scores made by hand (members, totals, flags) for the post-ranking steps:
// quotas, commendation lists and what-if comparisons.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/rank.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"
#include "test_support.h"

namespace dutyscore::testing {

struct HandMember {
  std::string id;
  Points total = 0;            // in units of the rule set's precision
  std::uint8_t flags = 0;
  std::optional<Day> joined;   // default: served the whole period
};

struct HandScores {
  MemberTable members;
  Scores scores;

  MemberIndex index(const std::string& id) const { return *members.find(id); }
  std::string grade(const RuleSet& rules, const std::string& id) const {
    const int g = scores.grade[index(id)];
    return g < 0 ? std::string() : rules.grades[static_cast<std::size_t>(g)].label;
  }
};

// One category holding the total; grades by the bands' `min`, as
// evaluate() would; then rank_members(), which applies the quotas.
inline HandScores hand_scores(const RuleSet& rules, const std::vector<HandMember>& list) {
  HandScores out;
  const auto n = list.size();
  out.scores.precision = rules.precision;
  out.scores.subtotals = PointsMatrix::Zero(static_cast<Eigen::Index>(n),
                                            static_cast<Eigen::Index>(rules.categories.size()));
  for (const auto& m : list) {
    out.members.add(m.id, "name " + m.id, "u", "s", "g", {"member"}, m.joined, std::nullopt);
    const auto i = out.scores.totals.size();
    out.scores.subtotals(static_cast<Eigen::Index>(i), 0) = m.total;
    out.scores.totals.push_back(m.total);
    out.scores.flags.push_back(m.flags);
    int grade = -1;
    if (!(m.flags & kNotServing)) {
      for (std::size_t g = 0; g < rules.grades.size(); ++g)
        if (!rules.grades[g].min || m.total >= *rules.grades[g].min) {
          grade = static_cast<int>(g);
          break;
        }
    }
    out.scores.grade.push_back(grade);
  }
  out.scores.unmet.assign(n, 0);
  out.scores.vetoes.assign(n, 0);
  rank_members(rules, out.members, out.scores);
  return out;
}

// Loads rule-set YAML expecting it to fail; the problems as text.
inline std::string rule_errors(const std::string& yaml) {
  Problems problems;
  auto rules = load_rules(yaml, "test.yaml", problems);
  std::string all;
  for (const auto& p : problems.all()) all += format_problem(p) + "\n";
  return rules ? std::string() : all;
}

}  // namespace dutyscore::testing
