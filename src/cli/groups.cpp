#include <iostream>
#include <memory>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"

namespace dutyscore::cli {
namespace {

int run_groups(const CommonOptions& o) {
  Job job;
  if (auto stop = load_job(o, job)) return *stop;
  if (!job.rules.groups.enabled) {
    std::cerr << job.rules.source_file << ":0:0: error: the rule set has no 'groups' section (docs/rules.md section 15)\n";
    return kInputProblems;
  }
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period);
  const GroupScores groups = score_groups(job.rules, job.members, job.records, job.period, scores);
  if (!write_output(o, groups_csv(job.rules, groups))) return kOutputFailed;
  return kOk;
}

CommandRun declare_groups(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  declare_common_options(app, *o, kJob | kOutputFile | kBom, {{"csv", ""}});
  return [o] { return run_groups(*o); };
}

const CommandRegistration kRegistration{{
    "groups",
    "score and rank activity groups or sectors (members' results and quotas)",
    "Scores and ranks the activity groups (or sectors) under the rule set's\n"
    "'groups' section (docs/rules.md section 15): from their members' results\n"
    "and from quotas counted over their members' records.",
    "CSV columns: group (or sector), members, serving, average_total,\n"
    "meeting_minimums, members_points, per quota <id>_met (met/sub-periods) and\n"
    "<id>_points, total, rank; in ranking order.\n"
    "Exit codes: 0 ok, 1 input problems (or no 'groups' section), 2 usage, 3 output not written.",
    declare_groups,
}};

}  // namespace
}  // namespace dutyscore::cli
