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
the archive, and reports who signed it, whether the input files are the
archived ones, and every member whose results differ. The last line says
plainly which differ: the inputs, the scores, both or neither.)",
    R"(A truncated, tampered, wrongly signed or future-version archive is refused
before it is read. --signer FILE.pub requires the archive to be signed with
that public key (see `dutyscore keygen`).
Exit codes: 0 every score matches and the inputs hold the archived rows (in
any order), 1 input problems, an unreadable archive or a wrong signer,
2 usage, 5 some scores or input files differ.)"};

struct VerifyCommandLine {
  CommonOptions common;
  std::string archive_path;              // --archive FILE
  std::optional<std::string> signer_path;  // --signer FILE.pub
};

// How an input file compares with the archived one: "" when its bytes are
// the same; a note when only the order of its rows (or its line ends)
// changed; otherwise the difference.
struct InputComparison {
  bool same_rows = true;
  std::string line;
};

InputComparison compare_input(const char* what, const std::string& text,
                              const std::string& digest, const std::string& rows_digest_archived) {
  if (sha256_hex(text) == digest) return {true, ""};
  if (!rows_digest_archived.empty() && rows_digest(text) == rows_digest_archived)
    return {true, std::string("the ") + what +
                      " file holds the archived rows in another order (or with other line "
                      "ends): its bytes differ, its rows do not"};
  return {false, std::string("the ") + what + " file is not the one archived (its SHA-256 differs)"};
}

int run_verify(const VerifyCommandLine& o) {
  const std::string& archive_path = o.archive_path;
  const InputOptions& input = o.common.input;
  EvaluateOptions eo;
  eo.threads = input.threads;
  Problems problems;
  std::string archive_bytes;
  std::optional<EvaluationArchive> archive;
  if (read_file(archive_path, archive_bytes, problems, input.max_file_bytes))
    archive = read_archive(archive_bytes, archive_path, problems);
  std::optional<ArchiveSigner> expected_signer;
  if (const auto& path = o.signer_path) {
    std::string key_text;
    if (read_file(*path, key_text, problems, 1 << 16))
      expected_signer = read_public_key(key_text, *path, problems);
  }
  if (archive && expected_signer) {
    if (!archive->signer) {
      problems.error(Location{archive_path, 0, 0, {}},
                     "the archive is not signed, but --signer asks for the signature of '" +
                         expected_signer->name + "'");
    } else if (archive->signer->public_key != expected_signer->public_key) {
      problems.error(Location{archive_path, 0, 0, {}},
                     "the archive is signed by '" + archive->signer->name + "' (key " +
                         archive->signer->public_key.substr(0, 16) + "…), not with the key of '" +
                         expected_signer->name + "' in " + *o.signer_path);
    }
  }
  std::optional<RuleSet> rules;
  if (archive) rules = load_rules(archive->rules_text, archive_path + " (rule set)", problems);
  const InputFiles files =
      read_input_files(o.common.members_path, o.common.records_path, input, problems);
  const std::optional<MemberTable>& members = files.members;
  const std::optional<RecordBatch>& records = files.records;
  print_problems(problems);
  if (problems.has_errors() || !archive || !rules || !members || !records) {
    std::cerr << "dutyscore verify: " << problems.error_count() << " error(s); nothing was verified\n";
    return kInputProblems;
  }
  const Period period{archive->period_first, archive->period_last};
  const Scores scores = evaluate(*rules, *members, *records, period, eo);
  std::cout << "archive: engine " << archive->engine_version << ", period " << period.to_string()
            << ", " << archive->members.size() << " members, rule set sha256 "
            << archive->rules_digest << "\n";
  if (const auto& signer = archive->signer)
    std::cout << "signed by '" << signer->name << "' (Ed25519 public key " << signer->public_key
              << ")\n";
  else
    std::cout << "not signed: the checksum shows the file is whole, not who made it\n";
  bool inputs_same = true;
  for (const auto& c : {compare_input("members", files.members_text, archive->members_digest,
                                      archive->members_rows_digest),
                        compare_input("records", files.records_text, archive->records_digest,
                                      archive->records_rows_digest)}) {
    inputs_same = inputs_same && c.same_rows;
    if (!c.line.empty()) std::cout << c.line << "\n";
  }
  const std::vector<std::string> differences = compare_with_archive(*archive, *rules, *members, scores);
  for (const auto& d : differences) std::cout << d << "\n";
  const bool scores_same = differences.empty();
  if (inputs_same && scores_same) {
    std::cout << "verified: every member's score matches the archive, and the inputs are the "
                 "archived ones\n";
    return kOk;
  }
  if (scores_same)
    std::cout << "the inputs differ from the archived ones; every member's score matches\n";
  else if (inputs_same)
    std::cout << "the inputs are the archived ones; " << differences.size()
              << " member(s) score differently\n";
  else
    std::cout << "both differ: the inputs are not the archived ones and " << differences.size()
              << " member(s) score differently\n";
  return kDifferent;
}

void declare_verify(CLI::App& app, VerifyCommandLine& o) {
  declare_common_options(app, o.common, kInputFiles, {{"text", ""}});
  app.add_option("--archive", o.archive_path, "the evaluation archive")
      ->type_name("FILE")->required();
  app.add_option("--signer", o.signer_path,
                 "require the archive to be signed with this public key\n"
                 "(the .pub file of `dutyscore keygen`)")
      ->type_name("FILE.pub");
}

const CommandRegistration kRegistration{kText, declare_verify, run_verify};

}  // namespace
}  // namespace dutyscore::cli
