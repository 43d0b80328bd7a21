#include <iostream>

#include "command.h"
#include "job.h"
#include "progress.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/scores_format.h"

namespace dutyscore::cli {
namespace {

const char* const kScoreHelp = R"(Usage: dutyscore score --rules FILE --members FILE --records FILE [options]

Scores every member and prints one row per member in ranking order.

Options:
  --rules FILE      the rule set (YAML; see docs/rules.md)
  --members FILE    members CSV (interchange layout)
  --records FILE    duty records CSV (interchange layout)
  --year YYYY       evaluate the calendar year YYYY
  --from DATE --to DATE
                    evaluate any date range (YYYY-MM-DD, inclusive)
                    (without --year/--from, the rule set's own period is used)
  --format F        csv (default), json, or table (aligned, for a terminal)
  --top N           only the first N rows of the ranking
  --details         csv: add name, unit, sector, group and flags columns
  --output FILE     write to FILE instead of standard output
  --threads N       threads for reading the records and scoring (default 1;
                    the output is the same bytes for any N)
  --quiet           no summary line and no progress bar on standard error
  --encoding E      input CSV encoding: auto (default), utf-8, gb18030
  --keep-going      score despite bad rows; needs --quarantine FILE, which gets
                    every rejected row with its reason
  --bom             start the CSV with a UTF-8 BOM (Excel, WPS)
  --archive FILE    also save the evaluation (rule set, input digests, period,
                    results) for `dutyscore verify`

CSV columns: member_id, one per category (the rule set's ids), total, grade, rank.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.
)";

int run_score(int argc, char** argv) {
  auto valued = job_options();
  valued.insert({"top", "archive"});
  std::set<std::string> flags = job_flags();
  flags.insert({"help", "details", "quiet"});
  Args args(valued, flags);
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore score", kScoreHelp)) return *stop;
  const std::string format = args.get("format").value_or("csv");
  if (format != "csv" && format != "json" && format != "table") {
    std::cerr << "dutyscore score: --format must be csv, json or table\n";
    return kUsage;
  }
  ScoresFormatOptions fo;
  fo.details = args.has("details");
  EvaluateOptions eo;
  if (auto v = args.get("top")) {
    const auto n = parse_points(*v, 0);
    if (!n || *n < 0) {
      std::cerr << "dutyscore score: --top needs a whole number\n";
      return kUsage;
    }
    fo.top = static_cast<std::size_t>(*n);
  }
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  eo.threads = job.threads;
  // A bar on standard error only when it is a terminal (never in pipes).
  ProgressBar bar = stderr_progress_bar(args.has("quiet"));
  eo.progress = bar.callback();
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period, eo);
  bar.finish();
  std::string text;
  if (format == "csv") text = scores_csv(job.rules, job.members, scores, fo);
  else if (format == "json") text = scores_json(job.rules, job.members, scores, job.period, fo);
  else text = scores_table(job.rules, job.members, scores, fo) + "\n" + scores_summary(job.rules, scores) + "\n";
  if (!write_output(args, text)) return kOutputFailed;
  if (auto path = args.get("archive")) {
    // The inputs are read again for their digests: the archive names the
    // exact bytes that were scored.
    Problems problems;
    std::string rules_text, members_text, records_text;
    if (!read_file(*args.get("rules"), rules_text, problems) ||
        !read_file(*args.get("members"), members_text, problems) ||
        !read_file(*args.get("records"), records_text, problems) ||
        !write_file(*path, write_archive(make_archive(rules_text, members_text, records_text,
                                                      job.period, job.rules, job.members, scores)),
                    problems)) {
      print_problems(problems);
      return kOutputFailed;
    }
  }
  if (!args.has("quiet") && format != "table")
    std::cerr << scores_summary(job.rules, scores) << '\n';
  return kOk;
}


const CommandRegistration kRegistration{{"score", "score every member and print the ranking (CSV, JSON or a table)", run_score}};

}  // namespace
}  // namespace dutyscore::cli
