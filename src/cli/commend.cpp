#include <iostream>

#include "command.h"
#include "job.h"
#include "progress.h"
#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"

namespace dutyscore::cli {
namespace {

const char* const kCommendHelp = R"(Usage: dutyscore commend --rules FILE --members FILE --records FILE [options]

Scores every member, then prints each commendation list of the rule set
('commendations', docs/rules.md §16): the first N eligible members in
ranking order.

Options:
  --rules, --members, --records, --year, --from, --to   as for 'score'
  --list ID         only this list
  --format F        csv (default) or table
  --output FILE     write to FILE instead of standard output
  --threads N       threads for reading the records and scoring (default 1;
                    the output is the same bytes for any N)
  --quiet           no progress bar

CSV columns: list, label, position, member_id, name, total, grade, rank.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such list.
)";

int run_commend(int argc, char** argv) {
  auto valued = job_options();
  valued.insert({"list"});
  Args args(valued, {"help", "quiet"});
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore commend", kCommendHelp)) return *stop;
  const std::string format = args.get("format").value_or("csv");
  if (format != "csv" && format != "table") {
    std::cerr << "dutyscore commend: --format must be csv or table\n";
    return kUsage;
  }
  EvaluateOptions eo;
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  eo.threads = job.threads;
  if (job.rules.commendations.empty()) {
    std::cerr << "dutyscore commend: the rule set has no 'commendations' lists\n";
    return kNotFound;
  }
  ProgressBar bar = stderr_progress_bar(args.has("quiet"));
  eo.progress = bar.callback();
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period, eo);
  bar.finish();
  auto lists = commendation_lists(job.rules, job.members, scores, job.period);
  if (auto only = args.get("list")) {
    std::vector<CommendationList> kept;
    for (auto& l : lists)
      if (l.id == *only) kept.push_back(std::move(l));
    if (kept.empty()) {
      std::cerr << "dutyscore commend: no list '" << *only << "' in the rule set\n";
      return kNotFound;
    }
    lists = std::move(kept);
  }
  const std::string text = format == "csv"
                               ? commendations_csv(job.members, job.rules, scores, lists)
                               : commendations_table(job.members, job.rules, scores, lists);
  if (!write_output(args, text)) return kOutputFailed;
  return kOk;
}

const CommandRegistration kRegistration{
    {"commend", "print the commendation lists (双十佳: the top N eligible members)", run_commend}};

}  // namespace
}  // namespace dutyscore::cli
