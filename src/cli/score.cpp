#include <iostream>
#include <limits>

#include "command.h"
#include "job.h"
#include "options.h"
#include "progress.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/result_tables.h"
#include "dutyscore/results_xlsx.h"
#include "tables_output.h"
#include "dutyscore/scores_format.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "score",
    "score every member and print the ranking (CSV, JSON or a table)",
    R"(Scores every member and prints one row per member in ranking order.)",
    R"(CSV columns: member_id, one per category (the rule set's ids), total, grade, rank
(with --headers labels: the rule set's Chinese labels).
JSON: docs/schemas/score.schema.json.
The workbook (--format xlsx --output FILE) has the sheets 成绩 (with the
members' details), 等次分布 (with a chart), 表彰名单, 待办事项 and 计分明细
(every member's audit lines).
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.)"};

struct ScoreCommandLine {
  CommonOptions common;
  std::optional<std::size_t> top;      // --top N: only the first N rows
  bool details = false;                // --details: csv with name, unit, ... columns
  std::optional<std::string> archive;  // --archive FILE: also save the evaluation
  bool without_audit = false;          // --without-audit: xlsx without the audit lines
  std::optional<std::string> sign;     // --sign FILE.key: sign the archive
};

int run_score(const ScoreCommandLine& o) {
  const std::string& format = o.common.format;
  ScoresFormatOptions fo;
  fo.details = o.details;
  if (o.top) fo.top = *o.top;
  if (o.sign && !o.archive) {
    std::cerr << "dutyscore score: --sign needs --archive FILE\n";
    return kUsage;
  }
  std::optional<SigningKey> key;
  if (const auto& path = o.sign) {
    Problems problems;
    key = load_secret_key_file(*path, problems);
    if (!key) {
      print_problems(problems);
      std::cerr << "dutyscore: 1 error(s); nothing was scored\n";
      return kInputProblems;
    }
  }
  Job job;
  // The inputs' digests are taken as they are read: the archive names the
  // exact bytes that were scored.
  InputDigests digests;
  if (auto stop = load_job(o.common, job, o.archive ? &digests : nullptr)) return *stop;
  // A bar on standard error only when it is a terminal (never in pipes).
  ProgressBar bar = stderr_progress_bar(o.common.quiet);
  Scores scores;
  {
    const Evaluation evaluation(job.rules, job.members, job.records, job.period);
    scores = evaluation.score(evaluate_options(job, bar));
    bar.finish();
    if (format == "xlsx") {
      ScoresWorkbookOptions book;
      book.threads = job.threads;
      book.audit_lines = !o.without_audit;
      std::string error;
      if (!write_scores_workbook(*o.common.output_path, job.rules, job.members, job.records,
                                 evaluation, scores, book, error)) {
        std::cerr << "dutyscore: " << error << '\n';
        return kOutputFailed;
      }
    } else if (format == "csv") {
      if (!write_scores_csv(o.common, job, scores, fo)) return kOutputFailed;
    } else {
      const std::string text =
          format == "json" ? scores_json(job.rules, job.members, scores, job.period, fo)
                           : scores_table(job.rules, job.members, scores, fo) + "\n" +
                                 scores_summary(job.rules, scores) + "\n";
      if (!write_output(o.common, text)) return kOutputFailed;
    }
  }  // the evaluation, which reads the batch
  if (const auto& path = o.archive) {
    // The archive holds no record: the batch's memory goes back first, so
    // that the archive (some 300 bytes a member as it is made and written:
    // 135 MiB for 516,529 members) is not made beside it.
    job.records = RecordBatch();  // its columns are mapped: unmapped now
    // The rule set's text is the one it was loaded from (RuleSet::source_text).
    Problems problems;
    const EvaluationArchive archive = make_archive_from_digests(
        job.rules, digests.members, digests.records, job.period, job.members, scores,
        digests.members_rows, digests.records_rows);
    if (!write_file(*path, write_archive(archive, key ? &*key : nullptr), problems)) {
      print_problems(problems);
      return kOutputFailed;
    }
  }
  if (!o.common.quiet && format != "table")
    std::cerr << scores_summary(job.rules, scores) << '\n';
  return kOk;
}

void declare_score(CLI::App& app, ScoreCommandLine& o) {
  declare_common_options(app, o.common, kJob | kOutputFile | kBom | kQuiet | kTables,
                         {{"csv", "", true},
                          {"json", ""},
                          {"table", "aligned, for a terminal"},
                          {"xlsx", "a workbook, to --output FILE"}});
  const auto parse_top = [](const std::string& text) {
    return parse_whole_number<std::size_t>(text, 0, std::numeric_limits<Points>::max());
  };
  add_checked_option(app, "--top", "N", o.top, parse_top, "a whole number",
                     "only the first N rows of the ranking");
  app.add_flag("--details", o.details, "csv: add name, unit, sector, group and flags columns");
  app.add_flag("--without-audit", o.without_audit,
               "xlsx: leave out the 计分明细 sheets (every member's audit\n"
               "lines: for 20,000 members 1.3 million rows, most of the time)");
  app.add_option("--archive", o.archive,
                 "also save the evaluation (rule set, input digests, period,\n"
                 "results) for `dutyscore verify`")
      ->type_name("FILE");
  app.add_option("--sign", o.sign,
                 "sign the archive with the office's secret key (the .key\n"
                 "file of `dutyscore keygen`)")
      ->type_name("FILE.key");
}

const CommandRegistration kRegistration{kText, declare_score, run_score};

}  // namespace
}  // namespace dutyscore::cli
