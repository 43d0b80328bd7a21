#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "tables_output.h"
#include "dutyscore/result_tables.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "dutyscore/results_json.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "groups",
    "score and rank activity groups or sectors (members' results and quotas)",
    R"(Scores and ranks the activity groups (or sectors) under the rule set's
'groups' section (docs/rules.md section 15): from their members' results
and from quotas counted over their members' records.)",
    R"(CSV columns: group (or sector), members, serving, average_total,
meeting_minimums, members_points, per quota <id>_met (met/sub-periods) and
<id>_points, total, rank; in ranking order. JSON: docs/schemas/groups.schema.json.
Exit codes: 0 ok, 1 input problems (or no 'groups' section), 2 usage, 3 output not written.)"};

int run_groups(const CommonOptions& o) {
  Job job;
  if (auto stop = load_job(o, job)) return *stop;
  if (!job.rules.groups.enabled) {
    std::cerr << job.rules.source_file << ":0:0: error: the rule set has no 'groups' section (docs/rules.md section 15)\n";
    return kInputProblems;
  }
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period);
  const GroupScores groups = score_groups(job.rules, job.members, job.records, job.period, scores);
  if (o.format == "json")
    return write_output(o, groups_json(job.rules, job.period, groups)) ? kOk : kOutputFailed;
  if (!write_tables(o, {table_of_groups(job.rules, groups, table_options(o))})) return kOutputFailed;
  return kOk;
}

void declare_groups(CLI::App& app, CommonOptions& o) {
  declare_common_options(app, o, kJob | kOutputFile | kBom | kTables,
                         {{"csv", "", true}, {"json", ""}, {"xlsx", "a workbook, to --output FILE"}});
}

const CommandRegistration kRegistration{kText, declare_groups, run_groups};

}  // namespace
}  // namespace dutyscore::cli
