// dutyscore: score members' duty records under a YAML rule set.
#include <malloc.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "command.h"
#include "job.h"
#include "help.h"

namespace dutyscore::cli {
namespace {

std::vector<Command>& registry() {
  static std::vector<Command> all;
  return all;
}

const char* const kMainFooter =
    "Run 'dutyscore <command> --help' for a command's options.\n\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  input problems (rule file, members, records or archive): all are printed,\n"
    "     nothing is produced\n"
    "  2  usage error (unknown option, missing argument, bad or repeated option)\n"
    "  3  the output could not be written\n"
    "  4  the named member (or commendation list) does not exist\n"
    "  5  verify: a recomputed score differs from the archive";

// Every option of `command` that takes one value, and every flag, given
// twice is a usage error; CLI11 would let the last flag win. Flags take no
// value ("--quiet=false" is refused, not read).
void refuse_repeats(CLI::App& command) {
  for (CLI::Option* opt : command.get_options()) {
    if (opt->get_expected_max() > 1) continue;  // a list: the rule files of 'check'
    opt->multi_option_policy(CLI::MultiOptionPolicy::Throw);
    if (opt->get_expected_max() == 0) opt->disable_flag_override();
  }
}

// The option a CLI11 message is about: the message starts with its name
// ("--rules: 1 required FILE missing"; "quiet was given a disallowed flag
// override").
const CLI::Option* option_named_in(const CLI::App& command, const std::string& message) {
  for (const CLI::Option* opt : command.get_options()) {
    for (const std::string& lname : opt->get_lnames()) {
      for (const std::string& name : {"--" + lname, lname}) {
        if (message.size() > name.size() && message.compare(0, name.size(), name) == 0 &&
            (message[name.size()] == ':' || message[name.size()] == ' '))
          return opt;
      }
    }
  }
  return nullptr;
}

// A usage error of `command` in our words where CLI11's would puzzle.
// Unknown options and stray arguments come first: CLI11 reports a missing
// required option before them.
std::string usage_message(const CLI::App& app, const CLI::App& command, const CLI::ParseError& e) {
  const std::vector<std::string> extra = app.remaining(true);
  for (const std::string& arg : extra)
    if (arg.size() > 1 && arg[0] == '-') return "unknown option " + arg.substr(0, arg.find('='));
  if (!extra.empty()) return "unexpected argument '" + extra.front() + "'";
  const CLI::Option* opt = option_named_in(command, e.what());
  if (opt != nullptr && dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    if (opt->count() > 1) return opt->get_name() + " is given more than once; give it once";
    if (opt->get_expected_max() == 0) return opt->get_name() + " takes no value";
    return opt->get_name() + " needs a value";
  }
  return e.what();
}

// Prints a usage error: for a command, its message and where its options
// are listed; without one, the list of commands.
int usage_error(const CLI::App& app, const CLI::ParseError& e) {
  const std::vector<CLI::App*> used = app.get_subcommands();
  if (used.empty()) {
    const std::vector<std::string> extra = app.remaining(true);
    std::cerr << (extra.empty() ? "dutyscore: no command given\n"
                                : "dutyscore: unknown command '" + extra.front() + "'\n")
              << app.help();
    return kUsage;
  }
  const std::string name = "dutyscore " + used.front()->get_name();
  std::cerr << name << ": " << usage_message(app, *used.front(), e) << "\nRun '" << name
            << " --help' for its options.\n";
  return kUsage;
}

int run(int argc, char** argv) {
  CLI::App app("dutyscore - score CPPCC members' duty records under a published rule set",
               "dutyscore");
  app.formatter(std::make_shared<HelpFormatter>());
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_version_flag("--version", std::string("dutyscore ") + DUTYSCORE_CLI_VERSION,
                       "print the version and exit");
  app.footer(kMainFooter);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, CommandRun>> runs;
  for (const Command& c : commands()) {
    CLI::App* command = app.add_subcommand(c.text.name, c.text.description);
    command->group("Commands");
    command->footer(c.text.footer);
    CommandRun run = c.declare(*command);
    refuse_repeats(*command);
    runs.emplace_back(command, std::move(run));
  }
  if (argc > 1 && std::string(argv[1]) == "help") {
    std::cout << app.help();
    return kOk;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kOk;
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << '\n';
    return kOk;
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e);
  }
  for (auto& [command, run_command] : runs) {
    if (!command->parsed()) continue;
    const int code = run_command();
    // Whatever a command printed must reach its reader: a full disk or a
    // closed pipe is an output failure, said once, whatever the command.
    if (code == kOk && !flush_standard_output()) return kOutputFailed;
    return code;
  }
  return kUsage;  // not reached: CLI11 requires one command
}

}  // namespace

void CommandRegistration::add(Command command) {
  auto& all = registry();
  all.push_back(std::move(command));
  std::sort(all.begin(), all.end(), [](const Command& a, const Command& b) {
    return std::string(a.text.name) < b.text.name;
  });
}

const std::vector<Command>& commands() { return registry(); }

}  // namespace dutyscore::cli

int main(int argc, char** argv) {
  // Buffers of 4 MiB and more (windows of the records file, parts read on
  // threads, the member file's rows) go back to the system when freed.
  // glibc's default raises this bound to 32 MiB after the first such free,
  // and the freed buffers then stay resident while the batch grows:
  // 100 MiB more peak at 10^8 records, for no gain in speed.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  try {
    return dutyscore::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "dutyscore: out of memory\n";
    return dutyscore::cli::kInputProblems;
  } catch (const std::overflow_error& e) {
    // A member's points beyond 64 bits (dutyscore::PointsOverflow): the
    // message names the member and the rule.
    std::cerr << "dutyscore: " << e.what() << '\n';
    return dutyscore::cli::kInputProblems;
  }
}
