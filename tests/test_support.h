// Helpers shared by the tests: files, running the CLI, loading a job.
#pragma once

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "dutyscore/input.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(DUTYSCORE_SOURCE_DIR) + "/" + relative;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output (standard error when merged)
};

// Runs a shell command; captures standard output (add 2>&1 to merge).
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline std::string cli() { return DUTYSCORE_CLI; }

// The header row of records.csv in the interchange layout.
constexpr const char* kRecordsHeader =
    "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n";

// rules/default.yaml without its commendation, across-years and group
// sections, for tests that append sections of their own.
inline std::string default_rules_core() {
  const std::string text = slurp(source_path("rules/default.yaml"));
  const auto cut = text.find("\n# ---------------------------------------------------------------- 表彰");
  if (cut == std::string::npos) throw std::runtime_error("rules/default.yaml: section marker not found");
  return text.substr(0, cut + 1);
}

// Rules, members and records loaded from files, failing the test loudly.
struct LoadedJob {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
};

inline LoadedJob load_job(const std::string& rules_path, const std::string& members_path,
                          const std::string& records_path) {
  Problems problems;
  auto rules = load_rules_file(rules_path, problems);
  auto members = read_members(slurp(members_path), members_path, problems);
  if (!rules || !members) {
    std::string all;
    for (const auto& p : problems.all()) all += format_problem(p) + "\n";
    throw std::runtime_error("cannot load job:\n" + all);
  }
  // Outside scores (民主测评) from the members file, checked for the rule
  // set's own period.
  const std::string members_text = slurp(members_path);
  if (needs_outside_scores(*rules) &&
      !attach_outside_scores(*rules, rules->period.value_or(Period::calendar_year(2024)),
                             {{members_path, members_text}}, Encoding::Auto, *members, problems)) {
    std::string all;
    for (const auto& p : problems.all()) all += format_problem(p) + "\n";
    throw std::runtime_error("cannot read the outside scores:\n" + all);
  }
  auto records = read_records(slurp(records_path), records_path, *members, problems);
  if (!records) {
    std::string all;
    for (const auto& p : problems.all()) all += format_problem(p) + "\n";
    throw std::runtime_error("cannot load records:\n" + all);
  }
  return LoadedJob{std::move(*rules), std::move(*members), std::move(*records)};
}

// Rule-set YAML made from a body: precision 2 and one category 'c' unless
// the body says otherwise. Throws with the problems when it does not load.
inline RuleSet rules_from_yaml(const std::string& yaml) {
  Problems problems;
  auto rules = load_rules(yaml, "test.yaml", problems);
  if (!rules) {
    std::string all;
    for (const auto& p : problems.all()) all += format_problem(p) + "\n";
    throw std::runtime_error("rules do not load:\n" + all);
  }
  return std::move(*rules);
}

}  // namespace dutyscore::testing
