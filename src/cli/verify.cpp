#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/results_json.h"
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
that public key (see `dutyscore keygen` and docs/archives.md). A records file
whose rows were only re-ordered is noted, not counted as a difference.
Exit codes: 0 every score matches and the inputs hold the archived rows,
1 input problems, an unreadable archive or another signer, 2 usage,
3 output not written, 5 some scores or input files differ.)"};

struct VerifyCommandLine {
  CommonOptions common;
  std::string archive_path;                // --archive FILE
  std::optional<std::string> signer_path;  // --signer FILE.pub
};

int run_verify(const VerifyCommandLine& o) {
  const std::string& archive_path = o.archive_path;
  const InputOptions& input = o.common.input;
  Problems problems;
  // The archive is read and checked first (a damaged or foreign one is
  // said before the inputs are read), then its members and bytes are let
  // go and its file read again once the records are scored and gone:
  // beside the batch, a national archive's members would take some 200
  // bytes each parsed, 80 as bytes.
  std::optional<LoadedArchive> loaded;
  {
    std::string archive_bytes;
    if (read_file(archive_path, archive_bytes, problems, input.max_file_bytes))
      loaded = load_archive(archive_bytes, archive_path, problems);
  }
  if (loaded && o.signer_path) {
    if (const auto expected = load_public_key_file(*o.signer_path, problems))
      require_signer(loaded->archive, archive_path, *expected, *o.signer_path, problems);
  }
  if (loaded) std::vector<ArchivedMember>().swap(loaded->archive.members);
  InputDigests digests;
  // The members file's text is kept only for the outside scores it holds.
  InputFiles files = read_input_files(o.common, problems, nullptr, &digests,
                                      !loaded || needs_outside_scores(loaded->rules));
  std::optional<MemberTable>& members = files.members;
  if (loaded && members)
    attach_outside(o.common, loaded->rules,
                   Period{loaded->archive.period_first, loaded->archive.period_last},
                   files.members_text, *members, problems);
  if (!write_all_problems(o.common, problems)) return kOutputFailed;
  print_problems(problems);
  if (problems.has_errors() || !loaded || !members || !files.records) {
    std::cerr << "dutyscore verify: " << problems.error_count() << " error(s); nothing was verified\n";
    return kInputProblems;
  }
  EvaluateOptions options;
  options.threads = input.threads;
  const RuleSet& rules = loaded->rules;
  const Scores scores =
      evaluate(rules, *members, *files.records,
               Period{loaded->archive.period_first, loaded->archive.period_last}, options);
  files.records.reset();
  EvaluationArchive& archive = loaded->archive;
  {
    std::string archive_bytes;
    Problems again;
    if (!read_file(archive_path, archive_bytes, again, input.max_file_bytes)) {
      print_problems(again);
      std::cerr << "dutyscore verify: " << archive_path
                << ": the archive could not be read again after the records were scored (moved, "
                   "deleted or made unreadable meanwhile); nothing was verified: verify again "
                   "when nothing changes it\n";
      return kInputProblems;
    }
    if (!read_archive_members(archive_bytes, archive)) {
      std::cerr << "dutyscore verify: " << archive_path
                << ": the archive changed on disk while it was verified (its content is no "
                   "longer what was checked); nothing was verified: verify again when nothing "
                   "writes to it\n";
      return kInputProblems;
    }
  }
  const VerifyOutcome outcome = verify_scores(archive, rules, *members, scores, digests);
  std::cout << (o.common.format == "json" ? verify_json(archive_path, archive, outcome)
                                          : verify_text(archive, outcome));
  if (!flush_standard_output()) return kOutputFailed;
  return outcome.verified() ? kOk : kDifferent;
}

void declare_verify(CLI::App& app, VerifyCommandLine& o) {
  declare_common_options(app, o.common, kInputFiles | kOffice,
                         {{"text", ""}, {"json", "docs/schemas/verify.schema.json"}});
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
