#include "job.h"

#include <fstream>
#include <iostream>

#include "dutyscore/csv.h"
#include "dutyscore/input.h"
#include "dutyscore/rule_loader.h"
#include "command.h"

namespace dutyscore::cli {

const std::set<std::string>& job_options() {
  static const std::set<std::string> options = {"rules", "members", "records", "year",
                                                "from",  "to",      "output",  "format",
                                                "encoding", "quarantine", "threads"};
  return options;
}

const char* const kJobOptionsHelp =
    "  --rules FILE      the rule set (YAML; see docs/rules.md)\n"
    "  --members FILE    members CSV (interchange layout)\n"
    "  --records FILE    duty records CSV (interchange layout)\n"
    "  --year YYYY       evaluate the calendar year YYYY\n"
    "  --from DATE --to DATE\n"
    "                    evaluate any date range (YYYY-MM-DD, inclusive)\n"
    "                    (without --year/--from, the rule set's own period is used)\n"
    "  --encoding E      input CSV encoding: auto (default: UTF-8, or GB18030 when\n"
    "                    the file starts with its BOM), utf-8, gb18030\n"
    "  --keep-going      score despite bad rows: they are left out, written to the\n"
    "                    --quarantine FILE with their reason, and counted\n"
    "  --quarantine FILE where --keep-going writes the rejected rows (CSV)\n"
    "  --bom             start CSV output with a UTF-8 BOM (for Excel and WPS)\n"
    "  --threads N       threads for reading the records and scoring (default 1;\n"
    "                    the output is the same bytes for any N)\n";

namespace {
std::optional<Period> period_from_args(const Args& args, const RuleSet& rules, Problems& problems,
                                       bool& usage_error) {
  if (auto year = args.get("year")) {
    if (args.has("from") || args.has("to")) {
      std::cerr << "dutyscore: give either --year or --from/--to, not both\n";
      usage_error = true;
      return std::nullopt;
    }
    const auto y = parse_points(*year, 0);
    if (!y || *y < 1900 || *y > 9999) {
      std::cerr << "dutyscore: --year '" << *year << "' is not a year\n";
      usage_error = true;
      return std::nullopt;
    }
    return Period::calendar_year(static_cast<int>(*y));
  }
  if (args.has("from") || args.has("to")) {
    const auto from = parse_day(args.get("from").value_or(""));
    const auto to = parse_day(args.get("to").value_or(""));
    if (!from || !to || *to < *from) {
      std::cerr << "dutyscore: --from and --to need two dates YYYY-MM-DD, from <= to\n";
      usage_error = true;
      return std::nullopt;
    }
    return Period{*from, *to};
  }
  if (rules.period) return rules.period;
  problems.error(Location{rules.source_file, 0, 0, {}},
                 "no evaluation period: give --year or --from/--to, or set 'period' in the rule file");
  return std::nullopt;
}

}  // namespace

void print_problems(const Problems& problems) {
  for (const auto& p : problems.all()) std::cerr << format_problem(p) << '\n';
}

const std::set<std::string>& job_flags() {
  static const std::set<std::string> flags = {"keep-going", "bom"};
  return flags;
}

bool write_output(const Args& args, const std::string& text) {
  // Excel and WPS read a CSV file as UTF-8 only with a BOM.
  const std::string_view bom = args.has("bom") ? kUtf8Bom : std::string_view();
  if (auto path = args.get("output")) {
    std::ofstream out(*path, std::ios::binary);
    out << bom << text;
    out.close();
    if (!out) {
      std::cerr << "dutyscore: cannot write " << *path << '\n';
      return false;
    }
    return true;
  }
  std::cout << bom << text;
  std::cout.flush();
  return static_cast<bool>(std::cout);
}

std::optional<unsigned> threads_option(const Args& args, const std::string& command) {
  const auto v = args.get("threads");
  if (!v) return 1u;
  const auto n = parse_points(*v, 0);
  if (!n || *n < 1 || *n > 256) {
    std::cerr << command << ": --threads needs a number 1..256\n";
    return std::nullopt;
  }
  return static_cast<unsigned>(*n);
}

std::optional<InputOptions> input_options(const Args& args, const std::string& command) {
  InputOptions input;
  if (auto name = args.get("encoding")) {
    const auto encoding = parse_encoding(*name);
    if (!encoding) {
      std::cerr << command << ": --encoding must be auto, utf-8 or gb18030\n";
      return std::nullopt;
    }
    input.encoding = *encoding;
  }
  const auto threads = threads_option(args, command);
  if (!threads) return std::nullopt;
  input.threads = *threads;
  return input;
}

InputFiles read_input_files(const std::string& members_path, const std::string& records_path,
                            const InputOptions& input, Problems& problems,
                            Quarantine* quarantine) {
  InputFiles files;
  if (read_file(members_path, files.members_text, problems))
    files.members = read_members(files.members_text, members_path, input, problems, quarantine);
  if (files.members && read_file(records_path, files.records_text, problems))
    files.records = read_records(files.records_text, records_path, *files.members, input,
                                 problems, quarantine);
  return files;
}

// Loads rules, members and records; prints every problem. Returns the exit
// code to stop with, or nothing to go on.
std::optional<int> load_job(const Args& args, Job& job) {
  if (auto stop = require_options(args, "dutyscore", {"rules", "members", "records"})) return *stop;
  auto options = input_options(args, "dutyscore");
  if (!options) return kUsage;
  InputOptions& input = *options;
  job.threads = input.threads;
  input.keep_going = args.has("keep-going");
  if (input.keep_going != args.has("quarantine")) {
    // Rows are left out only when they are kept somewhere.
    std::cerr << "dutyscore: --keep-going and --quarantine FILE go together\n";
    return kUsage;
  }
  Quarantine quarantine;
  Problems problems;
  auto rules = load_rules_file(*args.get("rules"), problems);
  InputFiles files =
      read_input_files(*args.get("members"), *args.get("records"), input, problems, &quarantine);
  std::optional<MemberTable>& members = files.members;
  std::optional<RecordBatch>& records = files.records;
  std::string reconciliation;
  if (input.keep_going && members && records) {
    const std::string path = *args.get("quarantine");
    std::ofstream out(path, std::ios::binary);
    out << quarantine_csv(quarantine);
    out.close();
    if (!out) {
      print_problems(problems);
      std::cerr << "dutyscore: cannot write the quarantine file " << path
                << "; nothing was scored\n";
      return kOutputFailed;
    }
    reconciliation = "dutyscore: rows read " + std::to_string(quarantine.rows_read) +
                     " = rows scored " + std::to_string(quarantine.rows_accepted) +
                     " + rows rejected " + std::to_string(quarantine.rejected.size()) +
                     " (written to " + path + ")\n";
  }
  std::optional<Period> period;
  bool usage_error = false;
  if (rules) period = period_from_args(args, *rules, problems, usage_error);
  print_problems(problems);
  std::cerr << reconciliation;
  if (usage_error) return kUsage;
  if (problems.has_errors() || !rules || !members || !records || !period) {
    std::cerr << "dutyscore: " << problems.error_count()
              << " error(s); nothing was scored\n";
    return kInputProblems;
  }
  job.rules = std::move(*rules);
  job.members = std::move(*members);
  job.records = std::move(*records);
  job.period = *period;
  return std::nullopt;
}

}  // namespace dutyscore::cli
