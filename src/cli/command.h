// The subcommands of the command-line tool. Each lives in its own file and
// registers itself, so adding a command touches no other command's file.
#pragma once

#include <functional>
#include <memory>
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

// What `dutyscore --help` and the command's --help say of it.
struct CommandText {
  const char* name;
  const char* summary;      // one line for `dutyscore --help`
  const char* description;  // the paragraphs atop `dutyscore <name> --help`
  const char* footer;       // the end of its --help: output columns, exit codes
};

struct Command {
  CommandText text;
  // Declares the command's options on `app` and returns what runs the
  // command with the values parsed into them. Called once, before parsing.
  std::function<CommandRun(CLI::App& app)> declare;
};

// All registered commands, sorted by name.
const std::vector<Command>& commands();

// Registers a command at start-up:
//   const CommandRegistration kRegistration{kText, declare_name, run_name};
// `declare(app, line)` declares the command's options (options.h has the
// shared ones), filling `line`, a struct of the command's own; `run(line)`
// runs it once they are parsed.
struct CommandRegistration {
  template <typename CommandLine>
  CommandRegistration(CommandText text, void (*declare)(CLI::App&, CommandLine&),
                      int (*run)(const CommandLine&)) {
    add({text, [declare, run](CLI::App& app) {
           auto line = std::make_shared<CommandLine>();
           declare(app, *line);
           return CommandRun([line, run] { return run(*line); });
         }});
  }

 private:
  static void add(Command command);
};

}  // namespace dutyscore::cli
