#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/outside_scores.h"
#include "options.h"
#include "tables_output.h"
#include "dutyscore/result_tables.h"
#include "progress.h"
#include "dutyscore/results_json.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/whatif.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "whatif",
    "compare two rule sets on the same data: who moves, by how much",
    R"(Scores the same members and records under two rule sets (or two versions of
one) and shows what the change does: per member the old and new total, rank
and grade, the commendation lists entered or left, and a summary. Totals are
compared at the finer of the two precisions, exactly. Without --year or
--from/--to, the OLD rule set's period is used.)",
    R"(CSV columns: member_id, name, old_total, new_total, change, old_rank,
new_rank, old_grade, new_grade, lists_entered, lists_left.
JSON: docs/schemas/whatif.schema.json.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.)"};

struct WhatIfCommandLine {
  CommonOptions common;
  std::string new_rules_path;  // --new-rules NEW
};

int run_whatif(const WhatIfCommandLine& o) {
  const std::string& format = o.common.format;
  Problems problems;
  auto new_rules = load_rules_file(o.new_rules_path, problems, o.common.max_rule_bytes);
  if (!new_rules) {
    print_problems(problems);
    std::cerr << "dutyscore: " << problems.error_count() << " error(s); nothing was scored\n";
    return kInputProblems;
  }
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  if (needs_outside_scores(*new_rules)) {
    // The members text again: the proposed rule set may take other columns.
    std::string members_text;
    if (read_file(o.common.members_path, members_text, problems))
      attach_outside(o.common, *new_rules, job.period, members_text, job.members, problems);
    print_problems(problems);
    if (problems.has_errors()) {
      std::cerr << "dutyscore: " << problems.error_count() << " error(s); nothing was scored\n";
      return kInputProblems;
    }
  }
  ProgressBar bar = stderr_progress_bar(o.common.quiet);
  const WhatIf result = what_if(job.rules, *new_rules, job.members, job.records, job.period,
                                evaluate_options(job, bar));
  bar.finish();
  if (format == "table" || format == "json") {
    const std::string text = format == "table"
                                 ? whatif_table(result, job.members)
                                 : whatif_json(result, job.rules, *new_rules, job.members, job.period);
    if (!write_output(o.common, text)) return kOutputFailed;
  } else if (!write_tables(o.common, {table_of_whatif(result, job.members, format == "changes",
                                                      table_options(o.common), &*new_rules)})) {
    return kOutputFailed;
  }
  if (!o.common.quiet && format != "table") std::cerr << whatif_summary(result);
  return kOk;
}

void declare_whatif(CLI::App& app, WhatIfCommandLine& o) {
  declare_common_options(
      app, o.common, kJob | kOutputFile | kBom | kQuiet | kTables,
      {{"csv", "every member", true},
       {"changes", "csv, only members whose total, rank, grade or lists changed", true},
       {"json", "every member, and the summary"},
       {"table", "members crossing a grade or list boundary, and the summary"},
       {"xlsx", "a workbook of every member, to --output FILE"}});
  app.get_option("--rules")->description("the rule set in force (OLD)");
  app.add_option("--new-rules", o.new_rules_path, "the proposed rule set")
      ->type_name("NEW")->required();
}

const CommandRegistration kRegistration{kText, declare_whatif, run_whatif};

}  // namespace
}  // namespace dutyscore::cli
