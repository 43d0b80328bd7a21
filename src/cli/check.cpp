#include <algorithm>
#include <iostream>
#include <optional>
#include <vector>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/data_check.h"
#include "dutyscore/profile.h"
#include "dutyscore/results_json.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "check",
    "validate rule files, or an input profile and the office files it reads",
    R"(Validates rule files and prints every problem as file:line:column: message,
warnings included.

With --profile FILE, checks an input profile (docs/input.md) the same way. With
--members FILE (and --records FILE...), reads them as a scoring command would
(through the profile, or the built-in default profile without one) and shows
which sheet or file each layout read, where each field comes from, and every
distinct value that maps to nothing, with its count and first places, so that
the profile can be completed before scoring. With rule files as well, also
checks each rule set against that data: records with a blank kind or subtype
that no rule, minimum or veto matches, where the rule set tests that kind's
subtype.)",
    R"(Exit codes: 0 when no file has an error, 1 otherwise (a value that maps to
nothing included), 2 on a usage error, 3 output not written.)"};

struct CheckCommandLine {
  CommonOptions common;
  std::vector<std::string> paths;  // the rule files
};

// The sheets and files read, each with its layout and columns.
void print_sources(const std::vector<SourceRead>& sources) {
  for (const auto& s : sources) {
    if (s.layout.empty()) {
      std::cout << s.source << ": not read (its header fits no layout)\n";
      continue;
    }
    std::cout << s.source << ": layout '" << s.layout << "', header on row " << s.header_row
              << ", " << s.rows << " row(s)\n";
    for (const auto& [field, header] : s.columns)
      std::cout << "    " << field << " <- " << header << "\n";
  }
}

// Every value that maps to nothing (the problems of group "unmapped:..."),
// with its count and first places.
std::size_t print_unmapped(const Problems& problems) {
  struct Value {
    std::string file, column, field, word;
    std::size_t count = 0;
    std::vector<std::string> places;
  };
  std::vector<Value> values;
  for (const auto& p : problems.all()) {
    if (p.group.rfind("unmapped:", 0) != 0) continue;
    auto it = std::find_if(values.begin(), values.end(), [&](const Value& v) {
      return v.file == p.where.file && v.column == p.where.field &&
             "unmapped:" + v.field + ":" + v.word == p.group;
    });
    if (it == values.end()) {
      const std::string rest = p.group.substr(9);
      const auto colon = rest.find(':');
      values.push_back(Value{p.where.file, p.where.field, rest.substr(0, colon),
                             rest.substr(colon + 1), 0, {}});
      it = values.end() - 1;
    }
    ++it->count;
    if (it->places.size() < 3)
      it->places.push_back(!p.where.cell.empty() ? p.where.cell
                                                 : "line " + std::to_string(p.where.line));
  }
  if (values.empty()) return 0;
  std::cout << "values that map to nothing (say what they mean under 'values:' in the profile):\n";
  for (const auto& v : values) {
    std::cout << "  " << v.file << " column '" << v.column << "' (" << v.field << "): '" << v.word
              << "' in " << v.count << " row(s): ";
    for (std::size_t i = 0; i < v.places.size(); ++i) std::cout << (i ? ", " : "") << v.places[i];
    std::cout << (v.count > v.places.size() ? ", ...\n" : "\n");
  }
  return values.size();
}

int run_check(const CheckCommandLine& o) {
  const CommonOptions& c = o.common;
  const bool data = !c.members_path.empty() || !c.records_paths.empty();
  if (o.paths.empty() && c.profile_path.empty() && !data) {
    std::cerr << "dutyscore check: name at least one rule file, or --profile FILE or --members FILE "
                 "(see --help)\n";
    return kUsage;
  }
  if (!c.records_paths.empty() && c.members_path.empty()) {
    std::cerr << "dutyscore check: --records needs --members (records are read against the "
                 "members)\n";
    return kUsage;
  }
  const bool json = o.common.format == "json";
  if (json && (!c.profile_path.empty() || data)) {
    std::cerr << "dutyscore check: --format json is for rule files; check a profile and its "
                 "files with the text format\n";
    return kUsage;
  }
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
    return errors ? kInputProblems : kOk;
  }
  if (!c.profile_path.empty()) {
    Problems problems;
    const auto profile = load_profile_file(c.profile_path, problems);
    print_problems(problems);
    errors = errors || !profile;
    if (profile)
      std::cout << c.profile_path << ": ok (" << profile->members.size() << " members layout(s), "
                << profile->records.size() << " records layout(s), " << problems.all().size()
                << " warning(s))\n";
    else
      std::cout << c.profile_path << ": " << problems.error_count() << " error(s)\n";
    if (!profile) return kInputProblems;
  }
  if (!data) return errors ? kInputProblems : kOk;
  // The data, read as a scoring command would, every row kept going so
  // that every value is seen.
  CommonOptions read = c;
  read.input.keep_going = true;
  std::vector<SourceRead> sources;
  read.input.sources_read = &sources;
  Problems problems;
  Quarantine quarantine;
  quarantine.count_only();  // only their number is said
  const InputFiles files = read_input_files(read, problems, &quarantine);
  print_sources(sources);
  if (!write_all_problems(c, problems)) return kOutputFailed;
  print_problems(problems);
  const std::size_t unmapped = print_unmapped(problems);
  if (files.members) std::cout << c.members_path << ": " << files.members->size() << " members\n";
  if (files.records)
    std::cout << "records: " << files.records->size() << " read, "
              << quarantine.rows_rejected() << " row(s) with a problem\n";
  if (files.members && files.records) {
    // The rule sets against the data read (data_check.h).
    std::string records_files;
    for (const auto& path : c.records_paths) records_files += (records_files.empty() ? "" : ", ") + path;
    for (const auto& rules : loaded) {
      if (!rules) continue;
      Problems against;
      check_data(*rules, *files.members, *files.records, records_files, against);
      print_problems(against);
      errors = errors || against.has_errors();
    }
  }
  errors = errors || problems.has_errors() || !files.members ||
           (!c.records_paths.empty() && !files.records) || quarantine.rows_rejected() > 0 ||
           unmapped > 0;
  return errors ? kInputProblems : kOk;
}

void declare_check(CLI::App& app, CheckCommandLine& o) {
  declare_common_options(
      app, o.common, kOffice | kOptionalInputFiles | kRuleSize,
      {{"text", ""}, {"json", "every file and problem (docs/schemas/check.schema.json)"}});
  app.add_option("RULES.yaml", o.paths, "the rule files to check");
}

const CommandRegistration kRegistration{kText, declare_check, run_check};

}  // namespace
}  // namespace dutyscore::cli
