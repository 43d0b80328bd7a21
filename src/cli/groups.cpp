#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"

namespace dutyscore::cli {
namespace {

const char* const kGroupsHelp = R"(Usage: dutyscore groups --rules FILE --members FILE --records FILE [options]

Scores and ranks the activity groups (or sectors) under the rule set's
'groups' section (docs/rules.md section 15): from their members' results
and from quotas counted over their members' records.

Options:
)";

const char* const kGroupsHelpTail = R"(  --output FILE     write to FILE instead of standard output

CSV columns: group (or sector), members, serving, average_total,
meeting_minimums, members_points, per quota <id>_met (met/sub-periods) and
<id>_points, total, rank; in ranking order.
Exit codes: 0 ok, 1 input problems (or no 'groups' section), 2 usage, 3 output not written.
)";

int run_groups(int argc, char** argv) {
  Args args(job_options(), {"help"});
  const std::string help = std::string(kGroupsHelp) + kJobOptionsHelp + kGroupsHelpTail;
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore groups", help)) return *stop;
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  if (!job.rules.groups.enabled) {
    std::cerr << job.rules.source_file << ":0:0: error: the rule set has no 'groups' section (docs/rules.md section 15)\n";
    return kInputProblems;
  }
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period);
  const GroupScores groups = score_groups(job.rules, job.members, job.records, job.period, scores);
  if (!write_output(args, groups_csv(job.rules, groups))) return kOutputFailed;
  return kOk;
}

const CommandRegistration kRegistration{
    {"groups", "score and rank activity groups or sectors (members' results and quotas)", run_groups}};

}  // namespace
}  // namespace dutyscore::cli
