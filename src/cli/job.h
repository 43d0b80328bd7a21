// Loading what a scoring command needs: rules, members, records, period.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "args.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::cli {

// The options every scoring command takes (--rules, --members, --records,
// --year, --from, --to, --output, --format, --encoding, --quarantine,
// --threads).
const std::set<std::string>& job_options();

// The flags every scoring command takes (--keep-going, --bom).
const std::set<std::string>& job_flags();

// The help text for those options.
extern const char* const kJobOptionsHelp;

struct Job {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  Period period;
  unsigned threads = 1;  // --threads: for reading the records and for scoring
};

// Prints every problem to standard error, one per line.
void print_problems(const Problems& problems);

// --threads N: 1 when not given; nothing (after a message naming the
// command) when it is not a whole number 1..256.
std::optional<unsigned> threads_option(const Args& args, const std::string& command);

// Loads rules, members and records and picks the period; prints every
// problem. Returns the exit code to stop with, or nothing to go on.
std::optional<int> load_job(const Args& args, Job& job);

// Writes to --output or standard output; false (with a message) on failure.
bool write_output(const Args& args, const std::string& text);

}  // namespace dutyscore::cli
