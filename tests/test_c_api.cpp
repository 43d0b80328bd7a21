// The C API: load, evaluate, results, explain, errors, progress, input
// options, labels, JSON, lists, groups, years, what-if, reports and
// archives — checked against the C++ library on the same input.
#include <gtest/gtest.h>

#include <cstring>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dutyscore/audit_format.h"
#include "dutyscore/dutyscore.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/results_json.h"
#include "dutyscore/scores_format.h"
#include "dutyscore/whatif.h"
#include "rows_digest_oracle.h"
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


// Takes a char** result and frees it.
std::string taken(char* text) {
  std::string out = text ? text : "";
  ds_string_free(text);
  return out;
}

// The bundled committee through the C++ library.
testing::LoadedJob bundled_job() {
  return testing::load_job(testing::source_path("rules/default.yaml"),
                           testing::source_path("examples/data/members.csv"),
                           testing::source_path("examples/data/records.csv"));
}

struct Bundled {
  Handles h;
  Bundled() {
    EXPECT_EQ(ds_ruleset_load_file(testing::source_path("rules/default.yaml").c_str(), &h.rules), DS_OK)
        << ds_last_error();
    EXPECT_EQ(ds_data_load_files(testing::source_path("examples/data/members.csv").c_str(),
                                 testing::source_path("examples/data/records.csv").c_str(), &h.data),
              DS_OK)
        << ds_last_error();
    EXPECT_EQ(ds_evaluate_year(h.rules, h.data, 2025, 2, nullptr, nullptr, &h.result), DS_OK)
        << ds_last_error();
  }
};

TEST(CApi, LabelsOfCategoriesAndGrades) {
  Handles h;
  ASSERT_EQ(ds_ruleset_load_text(kRules, "capi.yaml", &h.rules), DS_OK);
  EXPECT_STREQ(ds_ruleset_name(h.rules), "capi");
  ASSERT_EQ(ds_ruleset_category_count(h.rules), 2u);
  EXPECT_STREQ(ds_ruleset_category_label(h.rules, 0), "会议");
  EXPECT_STREQ(ds_ruleset_category_label(h.rules, 1), "other");  // no label: the id
  EXPECT_EQ(ds_ruleset_category_label(h.rules, 2), nullptr);
  ASSERT_EQ(ds_ruleset_grade_count(h.rules), 2u);
  EXPECT_STREQ(ds_ruleset_grade_label(h.rules, 0), "优秀");
  EXPECT_STREQ(ds_ruleset_grade_label(h.rules, 1), "称职");
  EXPECT_EQ(ds_ruleset_grade_label(h.rules, 2), nullptr);
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 1, nullptr, nullptr, &h.result), DS_OK);
  EXPECT_STREQ(ds_result_category_label(h.result, 0), "会议");
  EXPECT_STREQ(ds_result_period_from(h.result), "2024-01-01");
  EXPECT_STREQ(ds_result_period_to(h.result), "2024-12-31");
}

TEST(CApi, ProblemsCarryTheirPlaceAndComeAsJson) {
  ds_ruleset* rules = nullptr;
  ASSERT_EQ(ds_ruleset_load_text("id: x\ncategories: [{id: c, maxx: 1}]\nrules: [{id: r}]\n",
                                 "bad.yaml", &rules),
            DS_INVALID_INPUT);
  const ds_problems* problems = ds_last_problems();
  ASSERT_GE(ds_problems_count(problems), 2u);
  const ds_problem* first = ds_problems_get(problems, 0);
  EXPECT_STREQ(first->file, "bad.yaml");
  EXPECT_EQ(first->line, 2);
  EXPECT_GT(first->column, 0);
  EXPECT_EQ(first->severity, DS_SEVERITY_ERROR);
  EXPECT_NE(std::string(first->message).find("maxx"), std::string::npos) << first->message;
  EXPECT_EQ(ds_problems_get(problems, 99), nullptr);
  char* json = nullptr;
  ASSERT_EQ(ds_problems_json(problems, &json), DS_OK);
  const std::string text = taken(json);
  EXPECT_EQ(text.rfind("[\n  {\"file\": \"bad.yaml\", \"line\": 2, ", 0), 0u) << text;
  // A successful call starts a fresh list.
  Handles h;
  ASSERT_EQ(ds_ruleset_load_text(kRules, nullptr, &h.rules), DS_OK);
  EXPECT_EQ(ds_problems_count(ds_last_problems()), 0u);
  EXPECT_STREQ(ds_last_error(), "");
  // A bad argument is a problem too, without a place.
  EXPECT_EQ(ds_ruleset_load_text(nullptr, nullptr, &rules), DS_BAD_ARGUMENT);
  ASSERT_EQ(ds_problems_count(ds_last_problems()), 1u);
  EXPECT_STREQ(ds_problems_get(ds_last_problems(), 0)->file, "");
}

TEST(CApi, EncodingOptionReadsGb18030WithoutABom) {
  // "甲" and "乙" in GB18030, no BOM: as UTF-8 every row would be invalid.
  const std::string members = "member_id,name\nA,\xbc\xd7\nB,\xd2\xd2\n";
  Handles h;
  ds_input_options options = ds_input_options_default();
  EXPECT_STREQ(options.encoding, "auto");
  options.encoding = "utf-8";
  EXPECT_EQ(ds_data_load_text_opt(members.c_str(), "m.csv", kRecords, "r.csv", &options, &h.data),
            DS_INVALID_INPUT);
  // Not UTF-8, so recognised as GB18030 without an option.
  ds_data* detected = nullptr;
  ASSERT_EQ(ds_data_load_text(members.c_str(), kRecords, &detected), DS_OK) << ds_last_error();
  ds_data_free(detected);
  options.encoding = "gb18030";
  ASSERT_EQ(ds_data_load_text_opt(members.c_str(), "m.csv", kRecords, "r.csv", &options, &h.data),
            DS_OK)
      << ds_last_error();
  ASSERT_EQ(ds_ruleset_load_text(kRules, nullptr, &h.rules), DS_OK);
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 1, nullptr, nullptr, &h.result), DS_OK);
  EXPECT_STREQ(ds_result_member_name(h.result, 0), "甲");
  ds_data* data = nullptr;
  options.encoding = "latin1";
  EXPECT_EQ(ds_data_load_text_opt(kMembers, nullptr, kRecords, nullptr, &options, &data),
            DS_BAD_ARGUMENT);
  EXPECT_NE(std::string(ds_last_error()).find("gb18030"), std::string::npos);
}

TEST(CApi, KeepGoingCountsTheRowsLeftOut) {
  const std::string records = std::string(kRecords) + "5,Z,2024-05-01,meeting\n6,A,2024-13-01,meeting\n";
  Handles h;
  EXPECT_EQ(ds_data_load_text(kMembers, records.c_str(), &h.data), DS_INVALID_INPUT);
  ds_input_options options = ds_input_options_default();
  options.keep_going = 1;
  ASSERT_EQ(ds_data_load_text_opt(kMembers, "m.csv", records.c_str(), "r.csv", &options, &h.data),
            DS_OK)
      << ds_last_error();
  EXPECT_EQ(ds_data_rows_read(h.data), 8u);  // 2 members + 6 records
  EXPECT_EQ(ds_data_rows_rejected(h.data), 2u);
  EXPECT_EQ(ds_data_rows_scored(h.data), 6u);
  EXPECT_EQ(ds_problems_count(ds_data_warnings(h.data)), 2u);
  EXPECT_EQ(ds_problems_get(ds_data_warnings(h.data), 0)->severity, DS_SEVERITY_WARNING);
  char* csv = nullptr;
  ASSERT_EQ(ds_data_quarantine_csv(h.data, &csv), DS_OK);
  const std::string quarantine = taken(csv);
  EXPECT_EQ(quarantine.rfind("file,line,reason,row\n", 0), 0u) << quarantine;
  EXPECT_NE(quarantine.find("r.csv,6,"), std::string::npos) << quarantine;
  EXPECT_NE(quarantine.find("r.csv,7,"), std::string::npos) << quarantine;
}

TEST(CApi, ResultsAndExplainAsJsonAreTheLibrarys) {
  Bundled b;
  const testing::LoadedJob job = bundled_job();
  const Period year = Period::calendar_year(2025);
  const Evaluation evaluation(job.rules, job.members, job.records, year);
  const Scores scores = evaluation.score();
  char* text = nullptr;
  ASSERT_EQ(ds_result_json(b.h.result, &text), DS_OK);
  EXPECT_EQ(taken(text), scores_json(job.rules, job.members, scores, year));
  const MemberIndex m = *job.members.find("M017");
  ASSERT_EQ(ds_explain(b.h.result, "M017", DS_FORMAT_JSON, &text), DS_OK);
  // The C API is for engineers: English notes, as `explain --lang en`.
  EXPECT_EQ(taken(text), audit_json(job.rules, job.members, job.records, year, scores,
                                    evaluation.explain(m, &scores), Language::English));
  EXPECT_EQ(ds_explain(b.h.result, "M017", 3, &text), DS_BAD_ARGUMENT);
  ASSERT_EQ(ds_result_commendations(b.h.result, DS_FORMAT_JSON, &text), DS_OK);
  EXPECT_EQ(taken(text), commendations_json(job.rules, job.members, scores, year,
                                            commendation_lists(job.rules, job.members, scores, year)));
  ASSERT_EQ(ds_result_groups(b.h.result, DS_FORMAT_CSV, &text), DS_OK);
  EXPECT_EQ(taken(text), groups_csv(job.rules, score_groups(job.rules, job.members, job.records,
                                                             year, scores)));
  EXPECT_EQ(ds_result_groups(b.h.result, DS_FORMAT_TEXT, &text), DS_BAD_ARGUMENT);
}

TEST(CApi, GroupsNeedAGroupsSection) {
  Handles h;
  ASSERT_EQ(ds_ruleset_load_text(kRules, "capi.yaml", &h.rules), DS_OK);
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  ASSERT_EQ(ds_evaluate_year(h.rules, h.data, 2024, 1, nullptr, nullptr, &h.result), DS_OK);
  char* text = nullptr;
  EXPECT_EQ(ds_result_groups(h.result, DS_FORMAT_JSON, &text), DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("capi.yaml: error: the rule set has no 'groups'"),
            std::string::npos)
      << ds_last_error();
}

TEST(CApi, WarningsAboutResultsThatLookValid) {
  Bundled b;
  // The bundled top_ten list lets in members tied at the boundary.
  const ds_problems* warnings = ds_result_warnings(b.h.result);
  ASSERT_EQ(ds_problems_count(warnings), 1u);
  EXPECT_NE(std::string(ds_problems_get(warnings, 0)->message).find("'top_ten'"), std::string::npos);
  // The wrong year: nearly every record is outside it.
  ds_result* wrong = nullptr;
  ASSERT_EQ(ds_evaluate_year(b.h.rules, b.h.data, 2024, 1, nullptr, nullptr, &wrong), DS_OK);
  bool period_warning = false;
  for (size_t i = 0; i < ds_problems_count(ds_last_problems()); ++i) {
    const ds_problem* p = ds_problems_get(ds_last_problems(), i);
    if (std::string(p->message).find("outside the period 2024-01-01..2024-12-31") != std::string::npos) {
      period_warning = true;
      EXPECT_NE(std::string(p->file).find("records.csv"), std::string::npos) << p->file;
    }
  }
  EXPECT_TRUE(period_warning);
  EXPECT_EQ(ds_problems_count(ds_result_warnings(wrong)), ds_problems_count(ds_last_problems()));
  ds_result_free(wrong);
  // A term rule over one year of a five-year term.
  char* text = nullptr;
  ASSERT_EQ(ds_years(b.h.rules, b.h.data, 2025, 2025, 1, DS_FORMAT_JSON, &text), DS_OK);
  ds_string_free(text);
  ASSERT_EQ(ds_problems_count(ds_last_problems()), 1u);
  EXPECT_NE(std::string(ds_problems_get(ds_last_problems(), 0)->message).find("5-year term"),
            std::string::npos);
}

TEST(CApi, YearsAndWhatIfAreTheLibrarys) {
  Bundled b;
  const testing::LoadedJob job = bundled_job();
  char* text = nullptr;
  ASSERT_EQ(ds_years(b.h.rules, b.h.data, 2024, 2025, 2, DS_FORMAT_CSV, &text), DS_OK);
  EXPECT_EQ(taken(text), multi_year_csv(job.rules, job.members,
                                        evaluate_years(job.rules, job.members, job.records, 2024, 2025)));
  EXPECT_EQ(ds_years(b.h.rules, b.h.data, 2025, 2024, 1, DS_FORMAT_CSV, &text), DS_BAD_ARGUMENT);
  // A proposed method: the one in force with the first rule worth more.
  std::string proposed = testing::slurp(testing::source_path("rules/default.yaml"));
  proposed.replace(proposed.find("points: 3"), 9, "points: 6");
  ds_ruleset* new_rules = nullptr;
  ASSERT_EQ(ds_ruleset_load_text(proposed.c_str(), "proposed.yaml", &new_rules), DS_OK);
  ASSERT_EQ(ds_whatif(b.h.result, new_rules, 2, DS_FORMAT_CSV, &text), DS_OK) << ds_last_error();
  const RuleSet new_set = testing::rules_from_yaml(proposed);
  const WhatIf expected = what_if(job.rules, new_set, job.members, job.records,
                                  Period::calendar_year(2025));
  EXPECT_GT(expected.summary.totals_changed, 0u);
  EXPECT_EQ(taken(text), whatif_csv(expected, job.members));
  ASSERT_EQ(ds_whatif(b.h.result, new_rules, 1, DS_FORMAT_JSON, &text), DS_OK);
  EXPECT_EQ(taken(text), whatif_json(expected, job.rules, new_set, job.members,
                                     Period::calendar_year(2025)));
  ds_ruleset_free(new_rules);
}

// Outside scores (民主测评) from the members file through the C API, which
// keeps only the header of a members file that has no column but the
// interchange ones: with the column the scores are the method's, without
// it the message is the command-line tool's, naming the members file.
TEST(CApi, OutsideScoresFromTheMembersFileOrAMessageAsTheTools) {
  const std::string dir = testing::source_path("tests/methods/district/");
  const std::string rules_path = testing::source_path("rules/district-2024.yaml");
  const std::string work = ::testing::TempDir() + "capi-outside/";
  std::filesystem::create_directories(work);
  std::string members;
  std::istringstream in(testing::slurp(dir + "members.csv"));
  for (std::string line; std::getline(in, line);) members += line.substr(0, line.rfind(',')) + "\n";
  ASSERT_EQ(members.rfind("member_id,name,unit,sector,group,roles,joined,left\n", 0), 0u)
      << "the district's members file has changed: this test needs its header";
  const std::string without = work + "members.csv";
  std::ofstream(without, std::ios::binary) << members;
  for (const std::string& path : {dir + "members.csv", without}) {
    SCOPED_TRACE(path);
    Handles h;
    ASSERT_EQ(ds_ruleset_load_file(rules_path.c_str(), &h.rules), DS_OK) << ds_last_error();
    ASSERT_EQ(ds_data_load_files(path.c_str(), (dir + "records.csv").c_str(), &h.data), DS_OK)
        << ds_last_error();
    const ds_status status = ds_evaluate_year(h.rules, h.data, 2024, 1, nullptr, nullptr, &h.result);
    const auto cli = testing::run_command(testing::cli() + " score --quiet --year 2024 --rules " +
                                          rules_path + " --members " + path + " --records " + dir +
                                          "records.csv 2>&1");
    if (path == without) {
      ASSERT_NE(status, DS_OK);
      ASSERT_EQ(ds_problems_count(ds_last_problems()), 1u);
      const ds_problem* p = ds_problems_get(ds_last_problems(), 0);
      EXPECT_NE(std::string(p->message).find("which none of the files has (" + without + ")"),
                std::string::npos)
          << p->message;
      EXPECT_NE(cli.out.find(p->message), std::string::npos) << cli.out;
    } else {
      ASSERT_EQ(status, DS_OK) << ds_last_error();
      char* csv = nullptr;
      ASSERT_EQ(ds_result_csv(h.result, &csv), DS_OK) << ds_last_error();
      EXPECT_EQ(taken(csv), testing::slurp(dir + "expected.csv"));
      EXPECT_EQ(cli.exit_code, 0);
    }
  }
}

TEST(CApi, ArchiveWrittenThenVerifiedAndDifferencesFound) {
  Bundled b;
  const std::string dir = ::testing::TempDir() + "capi-archive";
  std::filesystem::create_directories(dir);
  const std::string archive = dir + "/run.dsa";
  ASSERT_EQ(ds_archive_write(b.h.result, archive.c_str()), DS_OK) << ds_last_error();
  char* report = nullptr;
  ASSERT_EQ(ds_archive_verify(archive.c_str(), b.h.data, 2, DS_FORMAT_TEXT, &report), DS_OK)
      << ds_last_error();
  const std::string text = taken(report);
  EXPECT_EQ(text.rfind("archive: engine ", 0), 0u) << text;
  EXPECT_NE(text.find("\nverified: every member's score matches the archive\n"), std::string::npos)
      << text;
  // The records file was read window by window, never whole: its digests,
  // taken as it was read, are the sha256sum program's of its bytes and the
  // rows digest of its whole text.
  {
    Problems problems;
    const auto saved = load_archive_file(archive, problems);
    ASSERT_TRUE(saved.has_value());
    const std::string records_path = testing::source_path("examples/data/records.csv");
    const auto sum = testing::run_command("sha256sum '" + records_path + "'");
    ASSERT_EQ(sum.exit_code, 0);
    EXPECT_EQ(sum.out.substr(0, 64), saved->archive.records_digest);
    EXPECT_EQ(saved->archive.records_rows_digest,
              testing::rows_digest_whole(testing::slurp(records_path)));
  }
  // The command-line tool verifies the C API's archive too.
  const auto cli = testing::run_command(
      testing::cli() + " verify --archive " + archive + " --members " +
      testing::source_path("examples/data/members.csv") + " --records " +
      testing::source_path("examples/data/records.csv"));
  EXPECT_EQ(cli.exit_code, 0) << cli.out;
  // Other records: the digest and some scores differ.
  std::string records = testing::slurp(testing::source_path("examples/data/records.csv"));
  records.resize(records.rfind('\n', records.size() - 2) + 1);  // the last record left out
  Handles other;
  ASSERT_EQ(ds_data_load_text(testing::slurp(testing::source_path("examples/data/members.csv")).c_str(),
                              records.c_str(), &other.data),
            DS_OK);
  ASSERT_EQ(ds_archive_verify(archive.c_str(), other.data, 1, DS_FORMAT_JSON, &report), DS_DIFFERENT);
  const std::string json = taken(report);
  EXPECT_NE(json.find("\"records_file_matches\": false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"verified\": false"), std::string::npos) << json;
  EXPECT_NE(std::string(ds_last_error()).find("records file is not the one archived"),
            std::string::npos);
  // Not an archive.
  EXPECT_EQ(ds_archive_verify(testing::source_path("rules/default.yaml").c_str(), b.h.data, 1,
                              DS_FORMAT_TEXT, &report),
            DS_INVALID_INPUT);
  EXPECT_EQ(report, nullptr);
}

// Several interchange records files (ds_data_load_office) are one batch:
// the results of the same records in one file, and an archive whose
// records digests are those of the files one after the other.
TEST(CApi, SeveralRecordsFilesAreOneBatchAndTheirDigestsTheConcatenations) {
  Bundled b;
  const std::string dir = ::testing::TempDir() + "capi-files";
  std::filesystem::create_directories(dir);
  const std::string text = testing::slurp(testing::source_path("examples/data/records.csv"));
  const std::size_t header = text.find('\n') + 1;
  const std::size_t middle = text.find('\n', text.size() / 2) + 1;
  const std::string first = text.substr(0, middle);
  const std::string second = text.substr(0, header) + text.substr(middle);
  const std::string paths[] = {dir + "/r1.csv", dir + "/r2.csv"};
  std::ofstream(paths[0], std::ios::binary) << first;
  std::ofstream(paths[1], std::ios::binary) << second;
  const char* records[] = {paths[0].c_str(), paths[1].c_str()};
  Handles two;
  ASSERT_EQ(ds_data_load_office(testing::source_path("examples/data/members.csv").c_str(), records,
                                2, nullptr, nullptr, &two.data),
            DS_OK)
      << ds_last_error();
  ASSERT_EQ(ds_evaluate_year(b.h.rules, two.data, 2025, 2, nullptr, nullptr, &two.result), DS_OK)
      << ds_last_error();
  char* one_json = nullptr;
  char* two_json = nullptr;
  ASSERT_EQ(ds_result_json(b.h.result, &one_json), DS_OK);
  ASSERT_EQ(ds_result_json(two.result, &two_json), DS_OK);
  EXPECT_EQ(taken(one_json), taken(two_json));
  const std::string archive = dir + "/two.dsa";
  ASSERT_EQ(ds_archive_write(two.result, archive.c_str()), DS_OK) << ds_last_error();
  Problems problems;
  const auto saved = load_archive_file(archive, problems);
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->archive.records_digest, sha256_hex(first + second));
  EXPECT_EQ(saved->archive.records_rows_digest, testing::rows_digest_whole(first + second));
  std::filesystem::remove_all(dir);
}

TEST(CApi, SignedArchivesNameTheirSignerAndAnotherKeyIsRefused) {
  Bundled b;
  const std::string dir = ::testing::TempDir() + "capi-signed";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ASSERT_EQ(ds_keygen("南城区政协办公室", (dir + "/office").c_str()), DS_OK) << ds_last_error();
  EXPECT_EQ(std::filesystem::status(dir + "/office.key").permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  // A key is never overwritten; a name on two lines names nobody.
  EXPECT_EQ(ds_keygen("南城区政协办公室", (dir + "/office").c_str()), DS_OUTPUT_FAILED);
  EXPECT_NE(std::string(ds_last_error()).find("never overwritten"), std::string::npos);
  EXPECT_EQ(ds_keygen("a\nb", (dir + "/two").c_str()), DS_BAD_ARGUMENT);
  const std::string archive = dir + "/run.dsa";
  ASSERT_EQ(ds_archive_write_signed(b.h.result, archive.c_str(), (dir + "/office.key").c_str()),
            DS_OK)
      << ds_last_error();
  char* report = nullptr;
  ASSERT_EQ(ds_archive_verify_signed(archive.c_str(), (dir + "/office.pub").c_str(), b.h.data, 1,
                                     DS_FORMAT_TEXT, &report),
            DS_OK)
      << ds_last_error();
  EXPECT_NE(taken(report).find("signed by '南城区政协办公室'"), std::string::npos);
  // The public key cannot sign; another office's key is refused, at the archive.
  EXPECT_EQ(ds_archive_write_signed(b.h.result, (dir + "/x.dsa").c_str(),
                                    (dir + "/office.pub").c_str()),
            DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("not a dutyscore secret key"), std::string::npos);
  ASSERT_EQ(ds_keygen("北城区政协办公室", (dir + "/other").c_str()), DS_OK);
  EXPECT_EQ(ds_archive_verify_signed(archive.c_str(), (dir + "/other.pub").c_str(), b.h.data, 1,
                                     DS_FORMAT_JSON, &report),
            DS_INVALID_INPUT);
  EXPECT_EQ(report, nullptr);
  ASSERT_EQ(ds_problems_count(ds_last_problems()), 1u);
  EXPECT_EQ(std::string(ds_problems_get(ds_last_problems(), 0)->file), archive);
  EXPECT_NE(std::string(ds_last_error()).find("signed by '南城区政协办公室'"), std::string::npos);
  // An unsigned archive with a signer required.
  const std::string unsigned_archive = dir + "/unsigned.dsa";
  ASSERT_EQ(ds_archive_write(b.h.result, unsigned_archive.c_str()), DS_OK);
  EXPECT_EQ(ds_archive_verify_signed(unsigned_archive.c_str(), (dir + "/office.pub").c_str(),
                                     b.h.data, 1, DS_FORMAT_TEXT, &report),
            DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("the archive is not signed"), std::string::npos);
  // A byte changed after signing: the signature no longer matches.
  std::string bytes = testing::slurp(archive);
  bytes[bytes.size() / 2] ^= 1;
  std::ofstream(dir + "/edited.dsa", std::ios::binary) << bytes;
  EXPECT_EQ(ds_archive_verify((dir + "/edited.dsa").c_str(), b.h.data, 1, DS_FORMAT_TEXT, &report),
            DS_INVALID_INPUT);
}

TEST(CApi, HostileArchivesFarDatesAndOverflowAreInvalidInputWithTheirPlace) {
  Handles h;
  ASSERT_EQ(ds_data_load_text(kMembers, kRecords, &h.data), DS_OK);
  char* report = nullptr;
  for (const char* name : {"archive_precision_64.dsa", "archive_1e8_members.dsa",
                           "archive_4gb_string.dsa", "archive_period_out_of_range.dsa",
                           "archive_categories_disagree.dsa"}) {
    SCOPED_TRACE(name);
    const std::string path = testing::source_path(std::string("tests/bad_inputs/") + name);
    EXPECT_EQ(ds_archive_verify(path.c_str(), h.data, 1, DS_FORMAT_JSON, &report),
              DS_INVALID_INPUT);
    EXPECT_EQ(report, nullptr);
    ASSERT_GE(ds_problems_count(ds_last_problems()), 1u);
    EXPECT_EQ(std::string(ds_problems_get(ds_last_problems(), 0)->file), path);
  }
  // The supported dates end on 9999-12-31.
  ASSERT_EQ(ds_ruleset_load_text(kRules, "capi.yaml", &h.rules), DS_OK);
  EXPECT_EQ(ds_evaluate(h.rules, h.data, "9999-01-01", "9999-12-31", 1, nullptr, nullptr,
                        &h.result),
            DS_OK)
      << ds_last_error();
  ds_result* far = nullptr;
  EXPECT_EQ(ds_evaluate(h.rules, h.data, "1899-12-31", "1900-12-31", 1, nullptr, nullptr, &far),
            DS_BAD_ARGUMENT);
  EXPECT_NE(std::string(ds_last_error()).find("1900-01-01"), std::string::npos) << ds_last_error();
  EXPECT_EQ(far, nullptr);
  // Rules at the largest amount: an error naming the member and rule, not a wrapped sum.
  ds_ruleset* huge = nullptr;
  ASSERT_EQ(ds_ruleset_load_text(
                "id: o\ncategories: [{id: a}]\nrules:\n"
                "  - {id: r1, category: a, when: {kind: meeting}, points: 92233720368547758.07}\n"
                "  - {id: r2, category: a, when: {kind: meeting}, points: 92233720368547758.07}\n",
                "o.yaml", &huge),
            DS_OK)
      << ds_last_error();
  EXPECT_EQ(ds_evaluate(huge, h.data, "2024-01-01", "2024-12-31", 1, nullptr, nullptr, &far),
            DS_INVALID_INPUT);
  EXPECT_NE(std::string(ds_last_error()).find("'A'"), std::string::npos) << ds_last_error();
  EXPECT_NE(std::string(ds_last_error()).find("rule 'r1'"), std::string::npos) << ds_last_error();
  ds_ruleset_free(huge);
}

TEST(CApi, ReportsToAFolder) {
  Bundled b;
  const std::string dir = ::testing::TempDir() + "capi-notices";
  std::filesystem::remove_all(dir);
  ASSERT_EQ(ds_report_notices(b.h.result, dir.c_str(), "政协安远县委员会办公室"), DS_OK)
      << ds_last_error();
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.is_regular_file();
  EXPECT_EQ(files, 300u);
  const std::string notice = testing::slurp(dir + "/M017.html");
  EXPECT_NE(notice.find("赵健"), std::string::npos);
  EXPECT_NE(notice.find("政协安远县委员会办公室"), std::string::npos);
  ASSERT_EQ(ds_report_summary(b.h.result, (dir + "/summary.html").c_str(), nullptr), DS_OK);
  EXPECT_EQ(ds_report_summary(b.h.result, "/no/such/folder/summary.html", nullptr), DS_OUTPUT_FAILED);
  EXPECT_NE(std::string(ds_last_error()).find("/no/such/folder/summary.html"), std::string::npos);
}

}  // namespace
}  // namespace dutyscore
