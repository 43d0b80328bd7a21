// The C API: load, evaluate, results, explain, errors, progress — checked
// against the C++ library on the same input.
#include <gtest/gtest.h>

#include <cstring>

#include "dutyscore/audit_format.h"
#include "dutyscore/dutyscore.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/scores_format.h"
#include "test_support.h"

namespace dutyscore {
namespace {

constexpr const char* kRules =
    "id: capi\ncategories: [{id: meetings, label: 会议}, {id: other}]\n"
    "rules:\n  - {id: m, category: meetings, when: {kind: meeting}, points: 2.5}\n"
    "  - {id: o, category: other, when: {kind: study}, points: 1}\n"
    "grades:\n  - {label: 优秀, min: 5}\n  - {label: 称职}\n";
constexpr const char* kMembers = "member_id,name\nA,甲\nB,乙\n";
constexpr const char* kRecords =
    "record_id,member_id,date,kind\n1,A,2024-03-01,meeting\n2,A,2024-04-01,meeting\n"
    "3,B,2024-03-01,study\n4,B,2023-03-01,meeting\n";

struct Handles {
  ds_ruleset* rules = nullptr;
  ds_data* data = nullptr;
  ds_result* result = nullptr;
  ~Handles() {
    ds_result_free(result);
    ds_data_free(data);
    ds_ruleset_free(rules);
  }
};

TEST(CApi, EvaluatesLikeTheLibraryWithExactTotals) {
  Handles h;
  ASSERT_EQ(ds_ruleset_load_text(kRules, "capi.yaml", &h.rules), DS_OK) << ds_last_error();
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK) << ds_last_error();
  EXPECT_EQ(ds_data_member_count(h.data), 2u);
  ASSERT_EQ(ds_evaluate(h.rules, h.data, "2024-01-01", "2024-12-31", 1, nullptr, nullptr, &h.result),
            DS_OK)
      << ds_last_error();
  ASSERT_EQ(ds_result_member_count(h.result), 2u);
  EXPECT_EQ(ds_result_precision(h.result), 2);
  size_t a = 99;
  ASSERT_EQ(ds_result_find_member(h.result, "A", &a), DS_OK);
  EXPECT_STREQ(ds_result_total_text(h.result, a), "5.00");
  EXPECT_EQ(ds_result_total_scaled(h.result, a), 500);
  EXPECT_EQ(ds_result_rank(h.result, a), 1);
  EXPECT_STREQ(ds_result_grade(h.result, a), "优秀");
  EXPECT_STREQ(ds_result_member_name(h.result, a), "甲");
  EXPECT_EQ(ds_result_order(h.result, 0), a);
  ASSERT_EQ(ds_result_category_count(h.result), 2u);
  EXPECT_STREQ(ds_result_category_id(h.result, 0), "meetings");
  EXPECT_EQ(ds_result_subtotal_scaled(h.result, a, 0), 500);
  EXPECT_EQ(ds_result_flags(h.result, a), 0u);

  // The same CSV as the C++ library gives.
  const RuleSet rules = testing::rules_from_yaml(kRules);
  Problems problems;
  const auto members = read_members(kMembers, "m.csv", problems);
  const auto records = read_records(kRecords, "r.csv", *members, problems);
  const Scores scores = evaluate(rules, *members, *records, Period::calendar_year(2024));
  char* csv = nullptr;
  ASSERT_EQ(ds_result_csv(h.result, &csv), DS_OK);
  EXPECT_EQ(std::string(csv), scores_csv(rules, *members, scores));
  ds_string_free(csv);
}

TEST(CApi, ErrorsAreStatusCodesWithEveryProblemInTheMessage) {
  ds_ruleset* rules = nullptr;
  EXPECT_EQ(ds_ruleset_load_text("id: x\ncategories: [{id: c, maxx: 1}]\n", "bad.yaml", &rules),
            DS_INVALID_INPUT);
  EXPECT_EQ(rules, nullptr);
  EXPECT_NE(std::string(ds_last_error()).find("bad.yaml:2:"), std::string::npos) << ds_last_error();
  EXPECT_EQ(ds_ruleset_load_file("/no/such/rules.yaml", &rules), DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("/no/such/rules.yaml"), std::string::npos);
  ds_data* data = nullptr;
  EXPECT_EQ(ds_data_load_text(kMembers, "record_id,member_id,date,kind\n1,Z,2024-01-01,meeting\n",
                              &data),
            DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("<records>:2"), std::string::npos) << ds_last_error();
  EXPECT_EQ(ds_ruleset_load_text(nullptr, nullptr, &rules), DS_BAD_ARGUMENT);

  Handles h;
  ASSERT_EQ(ds_ruleset_load_text(kRules, nullptr, &h.rules), DS_OK);
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  // No period in the rule set and none given.
  EXPECT_EQ(ds_evaluate(h.rules, h.data, nullptr, nullptr, 1, nullptr, nullptr, &h.result),
            DS_BAD_ARGUMENT);
  EXPECT_EQ(ds_evaluate(h.rules, h.data, "2024-02-30", "2024-12-31", 1, nullptr, nullptr, &h.result),
            DS_BAD_ARGUMENT);
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 0, nullptr, nullptr, &h.result), DS_OK);
  EXPECT_EQ(ds_result_member_id(h.result, 2), nullptr);
  EXPECT_EQ(ds_result_total_scaled(h.result, 7), 0);
  EXPECT_EQ(ds_result_order(h.result, 2), SIZE_MAX);
  size_t index = 0;
  EXPECT_EQ(ds_result_find_member(h.result, "Z", &index), DS_NOT_FOUND);
  char* text = nullptr;
  EXPECT_EQ(ds_explain(h.result, "Z", 0, &text), DS_NOT_FOUND);
  EXPECT_EQ(text, nullptr);
  EXPECT_STREQ(ds_last_error(), "no member 'Z'");
}

void count_progress(size_t done, size_t total, void* user) {
  auto* seen = static_cast<std::vector<std::pair<size_t, size_t>>*>(user);
  seen->emplace_back(done, total);
}

TEST(CApi, ProgressIsReportedAndTheResultOutlivesItsInputs) {
  Handles h;
  ASSERT_EQ(ds_ruleset_load_text(kRules, nullptr, &h.rules), DS_OK);
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  std::vector<std::pair<size_t, size_t>> seen;
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 2, count_progress, &seen, &h.result), DS_OK);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), (std::pair<size_t, size_t>{2, 2}));
  ds_ruleset_free(h.rules);
  ds_data_free(h.data);
  h.rules = nullptr;
  h.data = nullptr;
  char* text = nullptr;
  ASSERT_EQ(ds_explain(h.result, "B", 0, &text), DS_OK) << ds_last_error();
  EXPECT_NE(std::string(text).find("Member B"), std::string::npos) << text;
  ds_string_free(text);
  ASSERT_EQ(ds_explain(h.result, "A", 1, &text), DS_OK);
  EXPECT_NE(std::string(text).find("2.50"), std::string::npos) << text;
  ds_string_free(text);
}

TEST(CApi, GradesAndExplainShowTheGradeAfterQuotas) {
  Handles h;
  const std::string rules = std::string(kRules).replace(std::string(kRules).find("min: 5}"), 7,
                                                        "min: 1, quota: 1}");
  ASSERT_EQ(ds_ruleset_load_text(rules.c_str(), nullptr, &h.rules), DS_OK) << ds_last_error();
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 1, nullptr, nullptr, &h.result), DS_OK);
  size_t b = 0;
  ASSERT_EQ(ds_result_find_member(h.result, "B", &b), DS_OK);
  EXPECT_STREQ(ds_result_grade(h.result, b), "称职");  // 1.00 reaches 优秀, over the quota of 1
  char* text = nullptr;
  ASSERT_EQ(ds_explain(h.result, "B", 0, &text), DS_OK);
  // The final grade, and the line saying why it is not the band's.
  EXPECT_NE(std::string(text).find("; grade 称职"), std::string::npos) << text;
  EXPECT_EQ(std::string(text).find("; grade 优秀"), std::string::npos) << text;
  EXPECT_NE(std::string(text).find("grade-quota  grade 优秀 -> 称职"), std::string::npos) << text;
  ds_string_free(text);
}

TEST(CApi, CommendationListsAsCsv) {
  Handles h;
  const std::string rules = std::string(kRules) + "commendations: [{id: top, label: 双十佳, top: 1}]\n";
  ASSERT_EQ(ds_ruleset_load_text(rules.c_str(), nullptr, &h.rules), DS_OK) << ds_last_error();
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 1, nullptr, nullptr, &h.result), DS_OK);
  char* text = nullptr;
  ASSERT_EQ(ds_result_commendations_csv(h.result, &text), DS_OK);
  EXPECT_EQ(std::string(text),
            "list,label,position,member_id,name,total,grade,rank\ntop,双十佳,1,A,甲,5.00,优秀,1\n");
  ds_string_free(text);
}

}  // namespace
}  // namespace dutyscore
