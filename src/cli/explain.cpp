#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/results_json.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "explain",
    "print one member's audit: every line that makes the total",
    R"(Prints the audit of one member: per category, every record that earned or
lost points under which rule, the share taken, every cap, floor, minimum and
veto applied. The lines add up exactly to the total.)",
    R"(JSON: docs/schemas/explain.schema.json (lines with labels, shares and notes).
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.)"};

struct ExplainCommandLine {
  CommonOptions common;
  std::string member;  // --member ID
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
  std::string text;
  if (o.common.format == "csv") text = audit_csv(job.rules, job.records, audit);
  else if (o.common.format == "json")
    text = audit_json(job.rules, job.members, job.records, job.period, scores, audit);
  else text = audit_text(job.rules, job.members, job.records, job.period, audit);
  return write_output(o.common, text) ? kOk : kOutputFailed;
}

void declare_explain(CLI::App& app, ExplainCommandLine& o) {
  declare_common_options(app, o.common, kJob | kOutputFile | kBom,
                         {{"text", ""}, {"csv", "one row per audit line", true}, {"json", ""}});
  app.add_option("--member", o.member, "the member to explain")->type_name("ID")->required();
}

const CommandRegistration kRegistration{kText, declare_explain, run_explain};

}  // namespace
}  // namespace dutyscore::cli
