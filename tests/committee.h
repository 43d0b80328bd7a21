// A tiny committee written inline, scored under a rule set: the fixture of
// the feature tests (test_features.cpp, test_method_coverage.cpp,
// test_clauses.cpp).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/outside_scores.h"
#include "test_support.h"

namespace dutyscore::testing {

// Three members: A (常委, 教育界, 一组), B (经济界, 二组), and C, who joined
// on 2024-07-01.
constexpr const char* kMembers =
    "member_id,name,unit,sector,group,roles,joined,left\n"
    "A,甲,u,教育界,一组,member;standing,2020-01-01,\n"
    "B,乙,u,经济界,二组,member,2020-01-01,\n"
    "C,丙,u,经济界,二组,member,2024-07-01,\n";

// Scores `records` (rows after the header) under `yaml` for 2024. Outside
// scores, when the rules take any, are read from the members text.
class Committee {
 public:
  Committee(const std::string& yaml, const std::string& records,
            Period period = Period::calendar_year(2024), const std::string& members = kMembers)
      : rules_(rules_from_yaml(yaml)), period_(period), members_text_(members) {
    Problems problems;
    members_ = *read_members(members_text_, "members.csv", problems);
    if (needs_outside_scores(rules_) &&
        !attach_outside_scores(rules_, period, {{"members.csv", members_text_}}, Encoding::Auto,
                               members_, problems))
      throw std::runtime_error(all_problems(problems));
    auto batch = read_records(kRecordsHeader + records, "records.csv", members_, problems);
    if (!batch) throw std::runtime_error(all_problems(problems));
    records_ = std::move(*batch);
    evaluation_ = std::make_unique<Evaluation>(rules_, members_, records_, period);
    scores_ = evaluation_->score();
  }

  MemberIndex index(const std::string& id) const { return *members_.find(id); }
  Points total(const std::string& id) const { return scores_.totals[index(id)]; }
  Points subtotal(const std::string& id, const char* category) const {
    return scores_.subtotals(index(id), rules_.category_index(category));
  }
  std::string grade(const std::string& id) const {
    const int g = scores_.grade[index(id)];
    return g < 0 ? "" : rules_.grades[static_cast<std::size_t>(g)].label;
  }
  std::int32_t rank(const std::string& id) const { return scores_.rank[index(id)]; }
  std::uint8_t flags(const std::string& id) const { return scores_.flags[index(id)]; }
  Audit audit(const std::string& id) const { return evaluation_->explain(index(id), &scores_); }
  // Whether the member missed the minimum with this id.
  bool unmet(const std::string& id, const std::string& minimum) const {
    for (std::size_t i = 0; i < rules_.minimums.size(); ++i)
      if (rules_.minimums[i].id == minimum) return (scores_.unmet[index(id)] >> i & 1) != 0;
    throw std::runtime_error("no minimum " + minimum);
  }
  // The member ids of commendation list `which`, in order.
  std::vector<std::string> list(std::size_t which) const {
    std::vector<std::string> out;
    const auto lists = commendation_lists(rules_, members_, scores_, period_);
    for (MemberIndex m : lists.at(which).members) out.emplace_back(members_.id(m));
    return out;
  }
  const Scores& scores() const { return scores_; }
  const RuleSet& rules() const { return rules_; }
  const MemberTable& members() const { return members_; }
  const RecordBatch& records() const { return records_; }

  // The audit lines of a member add up to its total and to each subtotal:
  // checked for every member, because that is the promise of the audit.
  void expect_audits_add_up() const {
    for (MemberIndex m = 0; m < members_.size(); ++m) {
      Points sum = 0;
      std::vector<Points> per_category(rules_.categories.size(), 0);
      for (const auto& line : evaluation_->explain(m).lines) {
        sum += line.points;
        if (line.category >= 0) per_category[static_cast<std::size_t>(line.category)] += line.points;
      }
      EXPECT_EQ(sum, scores_.totals[m]) << members_.id(m);
      for (std::size_t c = 0; c < per_category.size(); ++c)
        EXPECT_EQ(per_category[c], scores_.subtotals(m, static_cast<Eigen::Index>(c)))
            << members_.id(m) << " " << rules_.categories[c].id;
    }
  }

 private:
  static std::string all_problems(const Problems& problems) {
    std::string all;
    for (const auto& p : problems.all()) all += format_problem(p) + "\n";
    return all;
  }

  RuleSet rules_;
  Period period_;
  std::string members_text_;
  MemberTable members_;
  RecordBatch records_;
  std::unique_ptr<Evaluation> evaluation_;
  Scores scores_;
};

}  // namespace dutyscore::testing
