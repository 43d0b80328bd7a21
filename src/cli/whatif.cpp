#include <iostream>

#include "command.h"
#include "job.h"
#include "progress.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/whatif.h"

namespace dutyscore::cli {
namespace {

const char* const kWhatIfHelp = R"(Usage: dutyscore whatif --rules OLD --new-rules NEW --members FILE --records FILE [options]

Scores the same members and records under two rule sets (or two versions of
one) and shows what the change does: per member the old and new total, rank
and grade, the commendation lists entered or left, and a summary. Totals are
compared at the finer of the two precisions, exactly.

Options:
  --rules OLD       the rule set in force
  --new-rules NEW   the proposed rule set
  --members, --records, --year, --from, --to   as for 'score'
                    (without --year/--from, the OLD rule set's period is used)
  --format F        csv (default: every member), changes (csv, only members
                    whose total, rank, grade or lists changed), or table
                    (members crossing a grade or list boundary, and the summary)
  --output FILE     write to FILE instead of standard output
  --threads N       threads for reading the records and scoring (default 1;
                    the output is the same bytes for any N)
  --quiet           no summary on standard error, no progress bar

CSV columns: member_id, name, old_total, new_total, change, old_rank,
new_rank, old_grade, new_grade, lists_entered, lists_left.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.
)";

int run_whatif(int argc, char** argv) {
  auto valued = job_options();
  valued.insert({"new-rules"});
  Args args(valued, {"help", "quiet"});
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore whatif", kWhatIfHelp)) return *stop;
  if (!args.has("new-rules")) {
    std::cerr << "dutyscore whatif: --new-rules is required\n";
    return kUsage;
  }
  const std::string format = args.get("format").value_or("csv");
  if (format != "csv" && format != "changes" && format != "table") {
    std::cerr << "dutyscore whatif: --format must be csv, changes or table\n";
    return kUsage;
  }
  EvaluateOptions eo;
  Problems problems;
  auto new_rules = load_rules_file(*args.get("new-rules"), problems);
  if (!new_rules) {
    print_problems(problems);
    std::cerr << "dutyscore: " << problems.error_count() << " error(s); nothing was scored\n";
    return kInputProblems;
  }
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  eo.threads = job.threads;
  ProgressBar bar = stderr_progress_bar(args.has("quiet"));
  eo.progress = bar.callback();
  const WhatIf result = what_if(job.rules, *new_rules, job.members, job.records, job.period, eo);
  bar.finish();
  std::string text;
  if (format == "table") text = whatif_table(result, job.members);
  else text = whatif_csv(result, job.members, format == "changes");
  if (!write_output(args, text)) return kOutputFailed;
  if (!args.has("quiet") && format != "table") std::cerr << whatif_summary(result);
  return kOk;
}

const CommandRegistration kRegistration{
    {"whatif", "compare two rule sets on the same data: who moves, by how much", run_whatif}};

}  // namespace
}  // namespace dutyscore::cli
