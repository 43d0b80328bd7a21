#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
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
  const auto loaded = load_archive_file(archive_path, problems, input.max_file_bytes);
  if (loaded && o.signer_path) {
    if (const auto expected = load_public_key_file(*o.signer_path, problems))
      require_signer(loaded->archive, archive_path, *expected, *o.signer_path, problems);
  }
  InputDigests digests;
  InputFiles files = read_input_files(o.common, problems, nullptr, &digests);
  std::optional<MemberTable>& members = files.members;
  const std::optional<RecordBatch>& records = files.records;
  if (loaded && members)
    attach_outside(o.common, loaded->rules,
                   Period{loaded->archive.period_first, loaded->archive.period_last},
                   files.members_text, *members, problems);
  if (!write_all_problems(o.common, problems)) return kOutputFailed;
  print_problems(problems);
  if (problems.has_errors() || !loaded || !members || !records) {
    std::cerr << "dutyscore verify: " << problems.error_count() << " error(s); nothing was verified\n";
    return kInputProblems;
  }
  const EvaluationArchive& archive = loaded->archive;
  const VerifyOutcome outcome =
      verify_archive(archive, loaded->rules, *members, *records, digests, input.threads);
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
