/* Scores a committee through the C API and prints the top of the ranking
 * and one member's audit.
 *
 *   example RULES.yaml MEMBERS.csv RECORDS.csv YEAR
 *
 * Build against an installed dutyscore:
 *   cc example.c $(pkg-config --cflags --libs dutyscore)
 * or with CMake (examples/c/CMakeLists.txt): find_package(dutyscore) and
 * target_link_libraries(example PRIVATE dutyscore::dutyscore_c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dutyscore/dutyscore.h"

/* Every problem of the last call, each with its place. */
static void print_problems(const ds_problems* problems) {
  size_t i;
  for (i = 0; i < ds_problems_count(problems); ++i) {
    const ds_problem* p = ds_problems_get(problems, i);
    fprintf(stderr, "%s:%d:%d: %s: %s\n", p->file, p->line, p->column,
            p->severity == DS_SEVERITY_ERROR ? "error" : "warning", p->message);
  }
}

static int failed(const char* what) {
  fprintf(stderr, "%s failed:\n", what);
  print_problems(ds_last_problems());
  return 1;
}

static void on_progress(size_t done, size_t total, void* user) {
  size_t* calls = (size_t*)user;
  ++*calls;
  (void)done;
  (void)total;
}

int main(int argc, char** argv) {
  ds_ruleset* rules = NULL;
  ds_data* data = NULL;
  ds_result* result = NULL;
  char* audit = NULL;
  char* json = NULL;
  ds_input_options input = ds_input_options_default();
  size_t progress_calls = 0, i, count;
  int checks_failed = 0;

  if (argc != 5) {
    fprintf(stderr, "usage: %s RULES.yaml MEMBERS.csv RECORDS.csv YEAR\n", argv[0]);
    return 2;
  }
  printf("dutyscore %s\n", ds_version());
  if (ds_ruleset_load_file(argv[1], &rules) != DS_OK) return failed("loading the rules");
  input.encoding = "auto"; /* UTF-8, or GB18030 with its BOM; "gb18030" without one */
  input.threads = 2;
  if (ds_data_load_files_opt(argv[2], argv[3], &input, &data) != DS_OK)
    return failed("loading the data");
  if (ds_evaluate_year(rules, data, atoi(argv[4]), 2, on_progress, &progress_calls, &result) !=
      DS_OK)
    return failed("evaluating");
  print_problems(ds_result_warnings(result));
  /* The result keeps what it needs: the rule set and data may go first. */
  ds_ruleset_free(rules);
  ds_data_free(data);

  count = ds_result_member_count(result);
  printf("%lu members, precision %d, period %s..%s\n", (unsigned long)count,
         ds_result_precision(result), ds_result_period_from(result), ds_result_period_to(result));
  for (i = 0; i < ds_result_category_count(result); ++i)
    printf("%s%s %s", i ? ", " : "categories: ", ds_result_category_id(result, i),
           ds_result_category_label(result, i));
  printf("\n");
  for (i = 0; i < count && i < 5; ++i) {
    size_t m = ds_result_order(result, i);
    printf("%d. %s %s %s %s\n", ds_result_rank(result, m), ds_result_member_id(result, m),
           ds_result_member_name(result, m), ds_result_total_text(result, m),
           ds_result_grade(result, m));
  }

  /* Checks the tests rely on: the ranking order is by total, a bad member
   * id is an error with a message, progress was reported. */
  for (i = 1; i < count; ++i) {
    size_t a = ds_result_order(result, i - 1), b = ds_result_order(result, i);
    if (ds_result_rank(result, b) != 0 &&
        ds_result_total_scaled(result, a) < ds_result_total_scaled(result, b) &&
        (ds_result_flags(result, a) & DS_FLAG_VETOED) == 0)
      ++checks_failed;
  }
  if (ds_explain(result, "no-such-member", 0, &audit) != DS_NOT_FOUND ||
      strlen(ds_last_error()) == 0)
    ++checks_failed;
  if (progress_calls == 0) ++checks_failed;
  /* The whole ranking as JSON (docs/schemas/score.schema.json). */
  if (ds_result_json(result, &json) != DS_OK) return failed("writing JSON");
  if (json[0] != '{') ++checks_failed;
  ds_string_free(json);

  if (count > 0) {
    const char* first = ds_result_member_id(result, ds_result_order(result, 0));
    if (ds_explain(result, first, 0, &audit) != DS_OK) return failed("explaining");
    printf("\n%s\n", audit);
    ds_string_free(audit);
  }
  ds_result_free(result);
  if (checks_failed != 0) {
    printf("%d check(s) failed\n", checks_failed);
    return 1;
  }
  printf("checks passed\n");
  return 0;
}
