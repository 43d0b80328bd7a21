// Loading what a scoring command needs: rules, members, records, period.
#pragma once

#include <optional>
#include <string>

#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "options.h"
#include "progress.h"

namespace dutyscore::cli {

struct Job {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  Period period;
  unsigned threads = 1;  // --threads: for reading the records and for scoring
};

// Prints every problem to standard error, one per line.
void print_problems(const Problems& problems);

// The members and records files, as text (for digests) and as read; the
// records are read only when the members were. Problems go to `problems`.
struct InputFiles {
  std::string members_text, records_text;
  std::optional<MemberTable> members;
  std::optional<RecordBatch> records;
};
InputFiles read_input_files(const std::string& members_path, const std::string& records_path,
                            const InputOptions& input, Problems& problems,
                            Quarantine* quarantine = nullptr);

// Reads the outside scores `rules` takes (docs/rules.md §4) into `members`,
// from the members file's text and the --outside files, checked for
// `period`; problems go to `problems`. A warning when --outside files are
// given to a rule set that takes no outside score.
void attach_outside(const CommonOptions& options, const RuleSet& rules, const Period& period,
                    const std::string& members_text, MemberTable& members, Problems& problems);

// Loads rules, members and records and picks the period, from the options
// of kJob; prints every problem, and a warning when most records fall
// outside the period (guardrails.h). Returns the exit code to stop with, or
// nothing to go on.
std::optional<int> load_job(const CommonOptions& options, Job& job);

// How to evaluate `job`: with its --threads, `bar` showing the progress.
EvaluateOptions evaluate_options(const Job& job, ProgressBar& bar);

// Writes to --output or standard output, after a BOM with --bom when the
// format is CSV; false (with a message) on failure.
bool write_output(const CommonOptions& options, const std::string& text);

}  // namespace dutyscore::cli
