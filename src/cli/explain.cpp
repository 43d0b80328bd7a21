#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/result_tables.h"
#include "tables_output.h"
#include "dutyscore/results_json.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "explain",
    "print one member's audit: every line that makes the total",
    R"(Prints the audit of one member: per category, every record that earned or
lost points under which rule, the share taken, every cap, floor, minimum and
veto applied. The lines add up exactly to the total. In Chinese (names for
codes, notes in Chinese) unless --lang en.)",
    R"(JSON: docs/schemas/explain.schema.json (lines with labels, shares and notes).
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.)"};

struct ExplainCommandLine {
  CommonOptions common;
  std::string member;                     // --member ID
  Language language = Language::Chinese;  // --lang zh|en
};

int run_explain(const ExplainCommandLine& o) {
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  const auto member = job.members.find(o.member);
  if (!member) {
    std::cerr << "dutyscore explain: member '" << o.member << "' is not in the members file\n";
    return kNotFound;
  }
  const Evaluation evaluation(job.rules, job.members, job.records, job.period);
  const Scores scores = evaluation.score();
  const Audit audit = evaluation.explain(*member, &scores);
  const std::string& format = o.common.format;
  if (format == "csv" || format == "xlsx") {
    TableOptions cells = table_options(o.common);
    cells.language = o.language;
    return write_tables(o.common, {table_of_audit(job.rules, job.records, audit, cells)}) ? kOk
                                                                                        : kOutputFailed;
  }
  const std::string text =
      format == "json"
          ? audit_json(job.rules, job.members, job.records, job.period, scores, audit, o.language)
          : audit_text(job.rules, job.members, job.records, job.period, audit, o.language);
  return write_output(o.common, text) ? kOk : kOutputFailed;
}

void declare_explain(CLI::App& app, ExplainCommandLine& o) {
  declare_common_options(app, o.common, kJob | kOutputFile | kBom | kTables,
                         {{"text", ""},
                          {"csv", "one row per audit line", true},
                          {"json", ""},
                          {"xlsx", "a workbook, to --output FILE"}});
  app.add_option("--member", o.member, "the member to explain")->type_name("ID")->required();
  add_checked_option(app, "--lang", "L", o.language,
                     words_to<Language>({{"zh", Language::Chinese}, {"en", Language::English}}), "zh or en",
                     "the notes' language: zh (default, for people) or en (codes\n"
                     "and English notes, for engineers)");
}

const CommandRegistration kRegistration{kText, declare_explain, run_explain};

}  // namespace
}  // namespace dutyscore::cli
