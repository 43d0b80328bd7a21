#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/evaluate.h"

namespace dutyscore::cli {
namespace {

const char* const kExplainHelp = R"(Usage: dutyscore explain --rules FILE --members FILE --records FILE --member ID [options]

Prints the audit of one member: per category, every record that earned or
lost points under which rule, the share taken, every cap, floor, minimum and
veto applied. The lines add up exactly to the total.

Options:
  --rules, --members, --records, --year, --from, --to   as for 'score'
  --member ID       the member to explain
  --format F        text (default) or csv (one row per audit line)
  --output FILE     write to FILE instead of standard output

Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.
)";

int run_explain(int argc, char** argv) {
  auto valued = job_options();
  valued.insert({"member", "lang"});
  Args args(valued, {"help"});
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore explain", kExplainHelp)) return *stop;
  if (!args.has("member")) {
    std::cerr << "dutyscore explain: --member is required\n";
    return kUsage;
  }
  const std::string format = args.get("format").value_or("text");
  if (format != "text" && format != "csv") {
    std::cerr << "dutyscore explain: --format must be text or csv\n";
    return kUsage;
  }
  const std::string lang = args.get("lang").value_or("zh");
  if (lang != "zh" && lang != "en") {
    std::cerr << "dutyscore explain: --lang must be zh or en\n";
    return kUsage;
  }
  const Language language = lang == "en" ? Language::English : Language::Chinese;
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  const auto member = job.members.find(*args.get("member"));
  if (!member) {
    std::cerr << "dutyscore explain: member '" << *args.get("member")
              << "' is not in the members file\n";
    return kNotFound;
  }
  const Evaluation evaluation(job.rules, job.members, job.records, job.period);
  const Scores scores = evaluation.score();
  const Audit audit = evaluation.explain(*member, &scores);
  const std::string text =
      format == "csv" ? audit_csv(job.rules, job.records, audit, language)
                      : audit_text(job.rules, job.members, job.records, job.period, audit, language);
  return write_output(args, text) ? kOk : kOutputFailed;
}


const CommandRegistration kRegistration{{"explain", "print one member's audit: every line that makes the total", run_explain}};

}  // namespace
}  // namespace dutyscore::cli
