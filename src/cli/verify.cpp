#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const char* const kVerifyHelp = R"(Usage: dutyscore verify --archive FILE --members FILE --records FILE [options]

Recomputes a saved evaluation (written by `dutyscore score --archive FILE`)
from the members and records files, with the rule set and period kept in
the archive, and reports every member whose results differ.

Options:
  --archive FILE    the evaluation archive
  --members FILE    members CSV (the archived digest is compared)
  --records FILE    duty records CSV (the archived digest is compared)
  --encoding E      input CSV encoding: auto (default), utf-8, gb18030
  --threads N       threads for reading the records and scoring (default 1)

A truncated, tampered or future-version archive is refused before it is read.
Exit codes: 0 every score matches, 1 input problems or an unreadable archive,
2 usage, 5 some scores or input files differ.
)";

constexpr int kDifferent = 5;

int run_verify(int argc, char** argv) {
  Args args({"archive", "members", "records", "encoding", "threads"}, {"help"});
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore verify", kVerifyHelp)) return *stop;
  if (auto stop = require_options(args, "dutyscore verify", {"archive", "members", "records"})) return *stop;
  auto input = input_options(args, "dutyscore verify");
  if (!input) return kUsage;
  EvaluateOptions eo;
  eo.threads = input->threads;
  Problems problems;
  std::string archive_bytes;
  std::optional<EvaluationArchive> archive;
  if (read_file(*args.get("archive"), archive_bytes, problems))
    archive = read_archive(archive_bytes, *args.get("archive"), problems);
  std::optional<RuleSet> rules;
  if (archive) rules = load_rules(archive->rules_text, *args.get("archive") + " (rule set)", problems);
  const InputFiles files =
      read_input_files(*args.get("members"), *args.get("records"), *input, problems);
  const std::optional<MemberTable>& members = files.members;
  const std::optional<RecordBatch>& records = files.records;
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

const CommandRegistration kRegistration{
    {"verify", "recompute a saved evaluation archive and report any score that differs", run_verify}};

}  // namespace
}  // namespace dutyscore::cli
