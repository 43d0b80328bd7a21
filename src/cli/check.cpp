#include <iostream>
#include <optional>
#include <vector>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/results_json.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "check",
    "validate rule files and print every problem with file:line:column",
    R"(Validates rule files and prints every problem as file:line:column: message,
warnings included.)",
    R"(Exit codes: 0 when no file has an error, 1 otherwise, 2 on a usage error,
3 output not written.)"};

struct CheckCommandLine {
  CommonOptions common;
  std::vector<std::string> paths;  // the rule files
};

int run_check(const CheckCommandLine& o) {
  if (o.paths.empty()) {
    std::cerr << "dutyscore check: name at least one rule file (see --help)\n";
    return kUsage;
  }
  const bool json = o.common.format == "json";
  bool errors = false;
  std::vector<std::optional<RuleSet>> loaded;
  std::vector<RuleFileCheck> checks;
  loaded.reserve(o.paths.size());
  for (const auto& path : o.paths) {
    Problems problems;
    const auto& rules = loaded.emplace_back(load_rules_file(path, problems, o.common.max_rule_bytes));
    errors = errors || problems.has_errors() || !rules;
    if (json) {
      checks.push_back({path, rules ? &*rules : nullptr, problems.all()});
      continue;
    }
    print_problems(problems);
    if (rules)
      std::cout << path << ": ok (" << rules->categories.size() << " categories, "
                << rules->rules.size() << " rules, " << problems.all().size()
                << " warning(s))\n";
    else
      std::cout << path << ": " << problems.error_count() << " error(s)\n";
  }
  if (json) {
    std::cout << check_json(checks);
    std::cout.flush();
    if (!std::cout) return kOutputFailed;
  }
  return errors ? kInputProblems : kOk;
}

void declare_check(CLI::App& app, CheckCommandLine& o) {
  declare_common_options(
      app, o.common, kRuleSize,
      {{"text", ""}, {"json", "every file and problem (docs/schemas/check.schema.json)"}});
  app.add_option("RULES.yaml", o.paths, "the rule files to check");
}

const CommandRegistration kRegistration{kText, declare_check, run_check};

}  // namespace
}  // namespace dutyscore::cli
