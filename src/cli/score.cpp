#include <iostream>
#include <memory>

#include "command.h"
#include "job.h"
#include "options.h"
#include "progress.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/scores_format.h"

namespace dutyscore::cli {
namespace {

struct ScoreCommandLine {
  CommonOptions common;
  std::optional<std::size_t> top;      // --top N: only the first N rows
  bool details = false;                // --details: csv with name, unit, ... columns
  std::optional<std::string> archive;  // --archive FILE: also save the evaluation
};

int run_score(const ScoreCommandLine& o) {
  const std::string& format = o.common.format;
  ScoresFormatOptions fo;
  fo.details = o.details;
  if (o.top) fo.top = *o.top;
  EvaluateOptions eo;
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  eo.threads = job.threads;
  // A bar on standard error only when it is a terminal (never in pipes).
  ProgressBar bar = stderr_progress_bar(o.common.quiet);
  eo.progress = bar.callback();
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period, eo);
  bar.finish();
  std::string text;
  if (format == "csv") text = scores_csv(job.rules, job.members, scores, fo);
  else if (format == "json") text = scores_json(job.rules, job.members, scores, job.period, fo);
  else text = scores_table(job.rules, job.members, scores, fo) + "\n" + scores_summary(job.rules, scores) + "\n";
  if (!write_output(o.common, text)) return kOutputFailed;
  if (const auto& path = o.archive) {
    // The inputs are read again for their digests: the archive names the
    // exact bytes that were scored.
    Problems problems;
    std::string rules_text, members_text, records_text;
    if (!read_file(o.common.rules_path, rules_text, problems) ||
        !read_file(o.common.members_path, members_text, problems) ||
        !read_file(o.common.records_path, records_text, problems) ||
        !write_file(*path, write_archive(make_archive(rules_text, members_text, records_text,
                                                      job.period, job.rules, job.members, scores)),
                    problems)) {
      print_problems(problems);
      return kOutputFailed;
    }
  }
  if (!o.common.quiet && format != "table")
    std::cerr << scores_summary(job.rules, scores) << '\n';
  return kOk;
}

CommandRun declare_score(CLI::App& app) {
  auto o = std::make_shared<ScoreCommandLine>();
  declare_common_options(app, o->common, kJob | kOutputFile | kBom | kQuiet,
                         {{"csv", ""}, {"json", ""}, {"table", "aligned, for a terminal"}});
  app.add_option_function<std::string>(
         "--top",
         [o](const std::string& text) {
           const auto n = parse_points(text, 0);
           if (!n || *n < 0) throw CLI::ValidationError("--top needs a whole number");
           o->top = static_cast<std::size_t>(*n);
         },
         "only the first N rows of the ranking")
      ->type_name("N");
  app.add_flag("--details", o->details, "csv: add name, unit, sector, group and flags columns");
  app.add_option("--archive", o->archive,
                 "also save the evaluation (rule set, input digests, period,\n"
                 "results) for `dutyscore verify`")
      ->type_name("FILE");
  return [o] { return run_score(*o); };
}

const CommandRegistration kRegistration{{
    "score",
    "score every member and print the ranking (CSV, JSON or a table)",
    "Scores every member and prints one row per member in ranking order.",
    "CSV columns: member_id, one per category (the rule set's ids), total, grade, rank.\n"
    "Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.",
    declare_score,
}};

}  // namespace
}  // namespace dutyscore::cli
