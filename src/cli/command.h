// The subcommands of the command-line tool. Each lives in its own file and
// registers itself, so adding a command touches no other command's file.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace dutyscore::cli {

// Exit codes (documented in the README and in --help).
constexpr int kOk = 0;
constexpr int kInputProblems = 1;  // rule file or input errors; nothing produced
constexpr int kUsage = 2;          // bad command line
constexpr int kOutputFailed = 3;   // the output could not be written
constexpr int kNotFound = 4;       // the named member (or item) does not exist

struct Command {
  const char* name;
  const char* summary;  // one line for the main --help
  // argv[1] is the command name; options start at argv[2].
  int (*run)(int argc, char** argv);
};

class Args;

// Parses a command's options (argv[2] on). A usage error prints the error
// and `help` to standard error and stops with kUsage; --help prints `help`
// and stops with kOk; nothing means go on. `command` names the command in
// messages ("dutyscore score").
std::optional<int> parse_command_line(Args& args, int argc, char** argv, const std::string& command,
                                      const std::string& help);

// Stops with kUsage, naming the first option of `required` not given.
std::optional<int> require_options(const Args& args, const std::string& command,
                                   std::initializer_list<const char*> required);

// All registered commands, sorted by name.
const std::vector<Command>& commands();

// Registers a command at start-up: `static CommandRegistration r{{...}};`
struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

}  // namespace dutyscore::cli
