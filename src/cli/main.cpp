// dutyscore: score members' duty records under a YAML rule set.
#include <algorithm>
#include <iostream>
#include <new>
#include <string>

#include "command.h"

namespace dutyscore::cli {
namespace {

std::vector<Command>& registry() {
  static std::vector<Command> all;
  return all;
}

std::string main_help() {
  std::string out =
      "dutyscore - score CPPCC members' duty records under a published rule set\n\n"
      "Usage: dutyscore <command> [options]\n\nCommands:\n";
  for (const auto& c : commands()) {
    std::string name = c.name;
    name.resize(std::max<std::size_t>(name.size() + 2, 10), ' ');
    out += "  " + name + c.summary + "\n";
  }
  out +=
      "\nRun 'dutyscore <command> --help' for a command's options.\n\n"
      "Exit codes:\n"
      "  0  success\n"
      "  1  input problems (rule file, members, records or archive): all are printed,\n"
      "     nothing is produced\n"
      "  2  usage error (unknown option, missing argument)\n"
      "  3  the output could not be written\n"
      "  4  the named member (or commendation list) does not exist\n"
      "  5  verify: a recomputed score differs from the archive\n";
  return out;
}

}  // namespace

CommandRegistration::CommandRegistration(Command command) {
  auto& all = registry();
  all.push_back(command);
  std::sort(all.begin(), all.end(),
            [](const Command& a, const Command& b) { return std::string(a.name) < b.name; });
}

const std::vector<Command>& commands() { return registry(); }

}  // namespace dutyscore::cli

int main(int argc, char** argv) {
  using namespace dutyscore::cli;
  try {
    const std::string name = argc > 1 ? argv[1] : "";
    for (const auto& c : commands())
      if (name == c.name) return c.run(argc, argv);
    if (name == "--help" || name == "-h" || name == "help") {
      std::cout << main_help();
      return kOk;
    }
    if (name == "--version") {
      std::cout << "dutyscore " << DUTYSCORE_CLI_VERSION << '\n';
      return kOk;
    }
    std::cerr << (name.empty() ? "dutyscore: no command given\n"
                               : "dutyscore: unknown command '" + name + "'\n")
              << main_help();
    return kUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "dutyscore: out of memory\n";
    return kInputProblems;
  }
}
