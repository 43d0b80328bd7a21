#include <iostream>
#include <limits>

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

const CommandText kText{
    "score",
    "score every member and print the ranking (CSV, JSON or a table)",
    R"(Scores every member and prints one row per member in ranking order.)",
    R"(CSV columns: member_id, one per category (the rule set's ids), total, grade, rank.
JSON: docs/schemas/score.schema.json.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.)"};

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
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  // A bar on standard error only when it is a terminal (never in pipes).
  ProgressBar bar = stderr_progress_bar(o.common.quiet);
  const Scores scores =
      evaluate(job.rules, job.members, job.records, job.period, evaluate_options(job, bar));
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

void declare_score(CLI::App& app, ScoreCommandLine& o) {
  declare_common_options(app, o.common, kJob | kOutputFile | kBom | kQuiet,
                         {{"csv", "", true}, {"json", ""}, {"table", "aligned, for a terminal"}});
  const auto parse_top = [](const std::string& text) {
    return parse_whole_number<std::size_t>(text, 0, std::numeric_limits<Points>::max());
  };
  add_checked_option(app, "--top", "N", o.top, parse_top, "a whole number",
                     "only the first N rows of the ranking");
  app.add_flag("--details", o.details, "csv: add name, unit, sector, group and flags columns");
  app.add_option("--archive", o.archive,
                 "also save the evaluation (rule set, input digests, period,\n"
                 "results) for `dutyscore verify`")
      ->type_name("FILE");
}

const CommandRegistration kRegistration{kText, declare_score, run_score};

}  // namespace
}  // namespace dutyscore::cli
