#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const char* const kCheckHelp = R"(Usage: dutyscore check RULES.yaml [RULES.yaml ...]

Validates rule files and prints every problem as file:line:column: message,
warnings included. Exit code 0 when no file has an error, 1 otherwise, 2 on
a usage error.
)";

int run_check(int argc, char** argv) {
  Args args({}, {"help"});
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore check", kCheckHelp)) return *stop;
  if (args.positional().empty()) {
    std::cerr << "dutyscore check: name at least one rule file\n" << kCheckHelp;
    return kUsage;
  }
  bool errors = false;
  for (const auto& path : args.positional()) {
    Problems problems;
    const auto rules = load_rules_file(path, problems);
    print_problems(problems);
    errors = errors || problems.has_errors() || !rules;
    if (rules)
      std::cout << path << ": ok (" << rules->categories.size() << " categories, "
                << rules->rules.size() << " rules, " << problems.all().size()
                << " warning(s))\n";
    else
      std::cout << path << ": " << problems.error_count() << " error(s)\n";
  }
  return errors ? kInputProblems : kOk;
}


const CommandRegistration kRegistration{{"check", "validate rule files and print every problem with file:line:column", run_check}};

}  // namespace
}  // namespace dutyscore::cli
