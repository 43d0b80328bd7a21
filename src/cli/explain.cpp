#include <iostream>
#include <memory>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/evaluate.h"

namespace dutyscore::cli {
namespace {

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
  const std::string text =
      o.common.format == "csv"
          ? audit_csv(job.rules, job.records, audit)
          : audit_text(job.rules, job.members, job.records, job.period, audit);
  return write_output(o.common, text) ? kOk : kOutputFailed;
}

CommandRun declare_explain(CLI::App& app) {
  auto o = std::make_shared<ExplainCommandLine>();
  declare_common_options(app, o->common, kJob | kOutputFile | kBom,
                         {{"text", ""}, {"csv", "one row per audit line"}});
  app.add_option("--member", o->member, "the member to explain")->type_name("ID")->required();
  return [o] { return run_explain(*o); };
}

const CommandRegistration kRegistration{{
    "explain",
    "print one member's audit: every line that makes the total",
    "Prints the audit of one member: per category, every record that earned or\n"
    "lost points under which rule, the share taken, every cap, floor, minimum and\n"
    "veto applied. The lines add up exactly to the total.",
    "Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.",
    declare_explain,
}};

}  // namespace
}  // namespace dutyscore::cli
