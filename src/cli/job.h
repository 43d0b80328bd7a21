// Loading what a scoring command needs: rules, members, records, period.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "args.h"
#include "dutyscore/input.h"
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

// How to read the input files: --encoding and --threads (as far as the
// command takes them). Nothing, after a message naming the command, on a
// bad value.
std::optional<InputOptions> input_options(const Args& args, const std::string& command);

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

// Loads rules, members and records and picks the period; prints every
// problem. Returns the exit code to stop with, or nothing to go on.
std::optional<int> load_job(const Args& args, Job& job);

// Writes to --output or standard output; false (with a message) on failure.
bool write_output(const Args& args, const std::string& text);

}  // namespace dutyscore::cli
