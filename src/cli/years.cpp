#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "tables_output.h"
#include "dutyscore/result_tables.h"
#include "dutyscore/guardrails.h"
#include "dutyscore/input.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/results_json.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "years",
    "score several years and apply the across-years rules (warning talk, not re-nominated)",
    R"(Scores every calendar year of the range over the same members and records
(the records file covers every year of the range), then applies the rule
set's 'across_years' rules ("below 60 two years in a row: warning talk";
"fewer than 3 proposals in the term: not re-nominated"; docs/rules.md
section 14).)",
    R"(CSV columns: member_id, name, <year>_total and <year>_grade per year, flags
(the ids of the rules that flagged the member, ';'), reasons ("label: why").
JSON: docs/schemas/years.schema.json. A rule over the term ('over: term') run
over fewer years than the rule set's term_years is named in a warning.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.)"};

struct YearsCommandLine {
  CommonOptions common;
  std::optional<int> from_year, to_year;  // --from-year, --to-year
  bool flagged_only = false;              // --flagged-only
};

int run_years(const YearsCommandLine& o) {
  const int from = *o.from_year, to = *o.to_year;
  if (to < from || to - from > 50) {
    std::cerr << "dutyscore years: --from-year and --to-year need two years, from <= to, at most 50 apart\n";
    return kUsage;
  }
  EvaluateOptions eo;
  eo.threads = o.common.input.threads;
  Problems problems;
  auto rules = load_rules_file(o.common.rules_path, problems, o.common.max_rule_bytes);
  InputFiles files = read_input_files(o.common, problems);
  std::optional<MemberTable>& members = files.members;
  const std::optional<RecordBatch>& records = files.records;
  if (rules && members)
    attach_outside(o.common, *rules,
                   Period{Period::calendar_year(from).first, Period::calendar_year(to).last},
                   files.members_text, *members, problems);
  if (rules) check_term_coverage(*rules, from, to, problems);
  if (!write_all_problems(o.common, problems)) return kOutputFailed;
  print_problems(problems);
  if (problems.has_errors() || !rules || !members || !records) {
    std::cerr << "dutyscore: " << problems.error_count() << " error(s); nothing was scored\n";
    return kInputProblems;
  }
  if (rules->across_years.empty())
    std::cerr << "dutyscore years: the rule set has no 'across_years' rules; printing the yearly results only\n";
  const MultiYearResult result = evaluate_years(*rules, *members, *records, from, to, eo);
  if (o.common.format == "json") {
    if (!write_output(o.common, years_json(*rules, *members, result, o.flagged_only))) return kOutputFailed;
  } else {
    const TableOptions cells = table_options(o.common);
    std::vector<ResultTable> tables{table_of_years(*rules, *members, result, o.flagged_only, cells)};
    // The workbook adds the members to act on, across the years too.
    if (o.common.format == "xlsx")
      tables.push_back(table_of_actions(*rules, *members, result.scores.back(),
                                        action_lists(*rules, *members, result.scores.back(), &result),
                                        &result, cells));
    if (!write_tables(o.common, tables)) return kOutputFailed;
  }
  std::size_t flagged = 0;
  for (const auto& f : result.flags) flagged += f.empty() ? 0 : 1;
  std::cerr << members->size() << " members, " << result.years.size() << " years, " << flagged
            << " flagged\n";
  return kOk;
}

void declare_years(CLI::App& app, YearsCommandLine& o) {
  declare_common_options(app, o.common, kRules | kInputFiles | kOffice | kOutputFile | kBom | kTables,
                         {{"csv", "", true}, {"json", ""}, {"xlsx", "a workbook, to --output FILE"}});
  add_year_option(app, "--from-year", o.from_year, "first year")->required();
  add_year_option(app, "--to-year", o.to_year, "last year (at most 50 years after the first)")
      ->required();
  app.add_flag("--flagged-only", o.flagged_only, "only members flagged by at least one rule");
}

const CommandRegistration kRegistration{kText, declare_years, run_years};

}  // namespace
}  // namespace dutyscore::cli
