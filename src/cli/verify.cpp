#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "verify",
    "recompute a saved evaluation archive and report any score that differs",
    R"(Recomputes a saved evaluation (written by `dutyscore score --archive FILE`)
from the members and records files, with the rule set and period kept in
the archive, and reports every member whose results differ (the archived
digests of the members and records files are compared too).)",
    R"(A truncated, tampered or future-version archive is refused before it is read.
Exit codes: 0 every score matches, 1 input problems or an unreadable archive,
2 usage, 5 some scores or input files differ.)"};

struct VerifyCommandLine {
  CommonOptions common;
  std::string archive_path;  // --archive FILE
};

int run_verify(const VerifyCommandLine& o) {
  const std::string& archive_path = o.archive_path;
  const InputOptions& input = o.common.input;
  EvaluateOptions eo;
  eo.threads = input.threads;
  Problems problems;
  std::string archive_bytes;
  std::optional<EvaluationArchive> archive;
  if (read_file(archive_path, archive_bytes, problems))
    archive = read_archive(archive_bytes, archive_path, problems);
  std::optional<RuleSet> rules;
  if (archive) rules = load_rules(archive->rules_text, archive_path + " (rule set)", problems);
  InputFiles files =
      read_input_files(o.common.members_path, o.common.records_path, input, problems);
  std::optional<MemberTable>& members = files.members;
  const std::optional<RecordBatch>& records = files.records;
  if (archive && rules && members)
    attach_outside(o.common, *rules, Period{archive->period_first, archive->period_last},
                   files.members_text, *members, problems);
  print_problems(problems);
  if (problems.has_errors() || !archive || !rules || !members || !records) {
    std::cerr << "dutyscore verify: " << problems.error_count() << " error(s); nothing was verified\n";
    return kInputProblems;
  }
  std::vector<std::string> differences;
  if (sha256_hex(files.members_text) != archive->members_digest)
    differences.push_back("the members file is not the one archived (its SHA-256 differs)");
  if (sha256_hex(files.records_text) != archive->records_digest)
    differences.push_back("the records file is not the one archived (its SHA-256 differs)");
  const Period period{archive->period_first, archive->period_last};
  const Scores scores = evaluate(*rules, *members, *records, period, eo);
  for (auto& d : compare_with_archive(*archive, *rules, *members, scores))
    differences.push_back(std::move(d));
  std::cout << "archive: engine " << archive->engine_version << ", period " << period.to_string()
            << ", " << archive->members.size() << " members, rule set sha256 "
            << archive->rules_digest << "\n";
  for (const auto& d : differences) std::cout << d << "\n";
  if (differences.empty()) {
    std::cout << "verified: every member's score matches the archive\n";
    return kOk;
  }
  std::cout << differences.size() << " difference(s)\n";
  return kDifferent;
}

void declare_verify(CLI::App& app, VerifyCommandLine& o) {
  declare_common_options(app, o.common, kInputFiles, {{"text", ""}});
  app.add_option("--archive", o.archive_path, "the evaluation archive")
      ->type_name("FILE")->required();
}

const CommandRegistration kRegistration{kText, declare_verify, run_verify};

}  // namespace
}  // namespace dutyscore::cli
