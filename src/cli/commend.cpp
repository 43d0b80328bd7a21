#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "tables_output.h"
#include "dutyscore/result_tables.h"
#include "progress.h"
#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/guardrails.h"
#include "dutyscore/results_json.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "commend",
    "print the commendation lists (双十佳: the top N eligible members)",
    R"(Scores every member, then prints each commendation list of the rule set
('commendations', docs/rules.md §16): the first N eligible members in
ranking order.)",
    R"(CSV columns: list, label, position, member_id, name, total, grade, rank.
JSON: docs/schemas/commend.schema.json. A list longer than its top (ties let
in) is named in a warning.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such list.)"};

struct CommendCommandLine {
  CommonOptions common;
  std::optional<std::string> list;  // --list ID: only this list
};

int run_commend(const CommendCommandLine& o) {
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  if (job.rules.commendations.empty()) {
    std::cerr << "dutyscore commend: the rule set has no 'commendations' lists\n";
    return kNotFound;
  }
  ProgressBar bar = stderr_progress_bar(o.common.quiet);
  const Scores scores =
      evaluate(job.rules, job.members, job.records, job.period, evaluate_options(job, bar));
  bar.finish();
  auto lists = commendation_lists(job.rules, job.members, scores, job.period);
  if (const auto& only = o.list) {
    std::vector<CommendationList> kept;
    for (auto& l : lists)
      if (l.id == *only) kept.push_back(std::move(l));
    if (kept.empty()) {
      std::cerr << "dutyscore commend: no list '" << *only << "' in the rule set\n";
      return kNotFound;
    }
    lists = std::move(kept);
  }
  Problems warnings;
  check_list_lengths(job.rules, lists, warnings);
  print_problems(warnings);
  const std::string& format = o.common.format;
  if (format == "csv" || format == "xlsx")
    return write_tables(o.common, {table_of_commendations(job.members, job.rules, scores, lists,
                                                          table_options(o.common))})
               ? kOk
               : kOutputFailed;
  const std::string text = format == "json"
                               ? commendations_json(job.rules, job.members, scores, job.period, lists)
                               : commendations_table(job.members, job.rules, scores, lists);
  return write_output(o.common, text) ? kOk : kOutputFailed;
}

void declare_commend(CLI::App& app, CommendCommandLine& o) {
  declare_common_options(app, o.common, kJob | kOutputFile | kBom | kQuiet | kTables,
                         {{"csv", "", true},
                          {"json", ""},
                          {"table", ""},
                          {"xlsx", "a workbook, to --output FILE"}});
  app.add_option("--list", o.list, "only this list")->type_name("ID");
}

const CommandRegistration kRegistration{kText, declare_commend, run_commend};

}  // namespace
}  // namespace dutyscore::cli
