// Loading what a scoring command needs: rules, members, records, period.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dutyscore/archive.h"
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

// Flushes standard output; false, with a message saying why ("No space
// left on device"), when what was written there did not all get out.
bool flush_standard_output();

// Prints the problems to standard error, one per line, one message per
// problem met on many rows (summarize_problems()).
void print_problems(const Problems& problems);

// With --all-problems FILE, writes every problem there, one per line;
// false (with a message) when it cannot.
bool write_all_problems(const CommonOptions& options, const Problems& problems);

// The members and records files of `options` (--members, --records,
// through --profile, --sheet, --encoding), as read; the records are read
// only when the members were. Problems go to `problems`. A lone records
// file is read window by window and never held whole. With `digests`,
// the files' digests an archive keeps are taken as they are read (the
// records files' one after the other). The members file's bytes (which
// outside scores are read from) are kept unless `keep_members_text` is
// false; then they are let go before the records are read (a national
// members file is some 240 MB).
struct InputFiles {
  std::string members_text;
  std::optional<MemberTable> members;
  std::optional<RecordBatch> records;
};
InputFiles read_input_files(const CommonOptions& options, Problems& problems,
                            Quarantine* quarantine = nullptr, InputDigests* digests = nullptr,
                            bool keep_members_text = true);

// Reads the outside scores `rules` takes (docs/rules.md §4) into `members`,
// from the members file's text and the --outside files, checked for
// `period`; problems go to `problems`. A warning when --outside files are
// given to a rule set that takes no outside score.
void attach_outside(const CommonOptions& options, const RuleSet& rules, const Period& period,
                    const std::string& members_text, MemberTable& members, Problems& problems);
// Loads rules, members and records and picks the period, from the options
// of kJob; prints every problem, and a warning when most records fall
// outside the period (guardrails.h); with `digests`, takes the input
// files' digests as read_input_files() does. Returns the exit code to stop
// with, or nothing to go on.
std::optional<int> load_job(const CommonOptions& options, Job& job,
                            InputDigests* digests = nullptr);

// How to evaluate `job`: with its --threads, `bar` showing the progress.
EvaluateOptions evaluate_options(const Job& job, ProgressBar& bar);

// Writes to --output or standard output, after a BOM with --bom when the
// format is CSV; false (with a message) on failure.
bool write_output(const CommonOptions& options, const std::string& text);

// write_output() piece by piece, for output too large to hold whole (the
// ranking of a national committee): open() once, write() each piece,
// close(). Each returns false after a message on failure; after that the
// other calls do nothing and return false.
class Output {
 public:
  explicit Output(const CommonOptions& options) : options_(options) {}
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  bool open();
  bool write(std::string_view text);
  bool close();

 private:
  bool fail(int error);

  const CommonOptions& options_;
  int fd_ = -1;  // --output; standard output when -1 and no path
  bool failed_ = false;
};

}  // namespace dutyscore::cli
