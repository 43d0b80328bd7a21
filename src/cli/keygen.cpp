#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/archive.h"
#include "dutyscore/input.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "keygen",
    "make an office's key pair for signing evaluation archives",
    R"(Makes an Ed25519 key pair (libsodium) for signing evaluation archives:
PREFIX.key, the secret key (written readable by its owner only), and
PREFIX.pub, the public key. Sign with `dutyscore score --archive FILE --sign
PREFIX.key`; anyone checks with `dutyscore verify --signer PREFIX.pub`.
Keep PREFIX.key on the office's machine and a copy in its safe; publish
PREFIX.pub (docs/archives.md).)",
    R"(Existing files are never overwritten.
Exit codes: 0 ok, 2 usage, 3 the files could not be written.)"};

struct KeygenCommandLine {
  CommonOptions common;
  std::string signer;  // --signer NAME
  std::string prefix;  // --out PREFIX
};

int run_keygen(const KeygenCommandLine& o) {
  if (const auto problem = signer_name_problem(o.signer)) {
    std::cerr << "dutyscore keygen: --signer: " << *problem << "\n";
    return kUsage;
  }
  const std::string secret_path = o.prefix + ".key", public_path = o.prefix + ".pub";
  Problems problems;
  if (!write_key_files(make_signing_key(o.signer), o.prefix, problems)) {
    print_problems(problems);
    return kOutputFailed;
  }
  std::cout << "secret key: " << secret_path << " (keep it private)\npublic key: " << public_path
            << " (publish it)\n";
  return kOk;
}

void declare_keygen(CLI::App& app, KeygenCommandLine& o) {
  declare_common_options(app, o.common, 0, {{"text", ""}});
  app.add_option("--signer", o.signer, "who signs, as verify will name them, e.g. 南城区政协办公室")
      ->type_name("NAME")->required();
  app.add_option("--out", o.prefix, "write PREFIX.key and PREFIX.pub")
      ->type_name("PREFIX")->required();
}

const CommandRegistration kRegistration{kText, declare_keygen, run_keygen};

}  // namespace
}  // namespace dutyscore::cli
