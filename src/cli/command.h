// The subcommands of the command-line tool. Each lives in its own file and
// registers itself, so adding a command touches no other command's file.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace dutyscore::cli {

// Exit codes (documented in the README and in --help).
constexpr int kOk = 0;
constexpr int kInputProblems = 1;  // rule file or input errors; nothing produced
constexpr int kUsage = 2;          // bad command line
constexpr int kOutputFailed = 3;   // the output could not be written
constexpr int kNotFound = 4;       // the named member (or item) does not exist
constexpr int kDifferent = 5;      // verify: a recomputed score differs from the archive

// Runs a command once its command line is parsed; returns the exit code.
using CommandRun = std::function<int()>;

struct Command {
  const char* name;
  const char* summary;      // one line for `dutyscore --help`
  const char* description;  // the paragraphs atop `dutyscore <name> --help`
  const char* footer;       // the end of its --help: output columns, exit codes
  // Declares the command's options on `app` (options.h has the shared
  // ones) and returns what runs the command with the values parsed into
  // them. Called once, before parsing.
  CommandRun (*declare)(CLI::App& app);
};

// All registered commands, sorted by name.
const std::vector<Command>& commands();

// Registers a command at start-up: `static CommandRegistration r{{...}};`
struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

}  // namespace dutyscore::cli
