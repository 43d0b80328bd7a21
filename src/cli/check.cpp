#include <iostream>
#include <optional>
#include <vector>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/data_check.h"
#include "dutyscore/results_json.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "check",
    "validate rule files and print every problem with file:line:column",
    R"(Validates rule files and prints every problem as file:line:column: message,
warnings included. With --members and --records, also checks each rule set
against that data: records with a blank kind or subtype that no rule,
minimum or veto matches, where the rule set tests that kind's subtype.)",
    R"(Exit codes: 0 when no file has an error, 1 otherwise, 2 on a usage error,
3 output not written.)"};

struct CheckCommandLine {
  CommonOptions common;
  std::vector<std::string> paths;  // the rule files
  std::string members_path, records_path;  // optional: data to check them against
};

int run_check(const CheckCommandLine& o) {
  if (o.paths.empty()) {
    std::cerr << "dutyscore check: name at least one rule file (see --help)\n";
    return kUsage;
  }
  if (o.members_path.empty() != o.records_path.empty()) {
    std::cerr << "dutyscore check: give both --members and --records, or neither\n";
    return kUsage;
  }
  std::optional<InputFiles> data;
  if (!o.members_path.empty()) {
    Problems problems;
    data = read_input_files(o.members_path, o.records_path, InputOptions{}, problems);
    print_problems(problems);
    if (!data->members || !data->records) {
      std::cout << o.records_path << ": " << problems.error_count() << " error(s)\n";
      return kInputProblems;
    }
  }
  const bool json = o.common.format == "json";
  bool errors = false;
  std::vector<std::optional<RuleSet>> loaded;
  std::vector<RuleFileCheck> checks;
  loaded.reserve(o.paths.size());
  for (const auto& path : o.paths) {
    Problems problems;
    const auto& rules = loaded.emplace_back(load_rules_file(path, problems));
    if (rules && data) check_data(*rules, *data->members, *data->records, o.records_path, problems);
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
      app, o.common, 0,
      {{"text", ""}, {"json", "every file and problem (docs/schemas/check.schema.json)"}});
  app.add_option("RULES.yaml", o.paths, "the rule files to check");
  app.add_option("--members", o.members_path, "members CSV to check the rule files against")
      ->type_name("FILE");
  app.add_option("--records", o.records_path, "duty records CSV to check the rule files against")
      ->type_name("FILE");
}

const CommandRegistration kRegistration{kText, declare_check, run_check};

}  // namespace
}  // namespace dutyscore::cli
