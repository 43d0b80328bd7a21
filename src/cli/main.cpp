// dutyscore: score members' duty records under a YAML rule set.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "args.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/scores_format.h"

namespace dutyscore::cli {
namespace {

// Exit codes (documented in the README and in --help).
constexpr int kOk = 0;
constexpr int kInputProblems = 1;  // rule file or CSV errors; nothing scored
constexpr int kUsage = 2;          // bad command line
constexpr int kOutputFailed = 3;   // the output file could not be written
constexpr int kNotFound = 4;       // explain: no such member

const char* const kMainHelp = R"(dutyscore - score CPPCC members' duty records under a published rule set

Usage: dutyscore <command> [options]

Commands:
  score     score every member and print the ranking (CSV, JSON or a table)
  explain   print one member's audit: every line that makes the total
  check     validate rule files and print every problem with file:line:column

Run 'dutyscore <command> --help' for a command's options.

Exit codes:
  0  success
  1  input problems (rule file, members or records): all are printed, nothing is scored
  2  usage error (unknown option, missing argument)
  3  the output could not be written
  4  explain: the member is not in the members file
)";

const char* const kScoreHelp = R"(Usage: dutyscore score --rules FILE --members FILE --records FILE [options]

Scores every member and prints one row per member in ranking order.

Options:
  --rules FILE      the rule set (YAML; see docs/rules.md)
  --members FILE    members CSV (interchange layout)
  --records FILE    duty records CSV (interchange layout)
  --year YYYY       evaluate the calendar year YYYY
  --from DATE --to DATE
                    evaluate any date range (YYYY-MM-DD, inclusive)
                    (without --year/--from, the rule set's own period is used)
  --format F        csv (default), json, or table (aligned, for a terminal)
  --top N           only the first N rows of the ranking
  --details         csv: add name, unit, sector, group and flags columns
  --output FILE     write to FILE instead of standard output
  --threads N       evaluation threads (default 1; output is identical)
  --quiet           no summary line on standard error

CSV columns: member_id, one per category (the rule set's ids), total, grade, rank.
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.
)";

const char* const kExplainHelp = R"(Usage: dutyscore explain --rules FILE --members FILE --records FILE --member ID [options]

Prints the audit of one member: per category, every record that earned or
lost points under which rule, the share taken, every cap, floor, minimum and
veto applied. The lines add up exactly to the total.

Options:
  --rules, --members, --records, --year, --from, --to   as for 'score'
  --member ID       the member to explain
  --format F        text (default) or csv (one row per audit line)
  --output FILE     write to FILE instead of standard output

Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.
)";

const char* const kCheckHelp = R"(Usage: dutyscore check RULES.yaml [RULES.yaml ...]

Validates rule files and prints every problem as file:line:column: message,
warnings included. Exit code 0 when no file has an error, 1 otherwise, 2 on
a usage error.
)";

void print_problems(const Problems& problems) {
  for (const auto& p : problems.all()) std::cerr << format_problem(p) << '\n';
}

bool write_output(const Args& args, const std::string& text) {
  if (auto path = args.get("output")) {
    std::ofstream out(*path, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::cerr << "dutyscore: cannot write " << *path << '\n';
      return false;
    }
    return true;
  }
  std::cout << text;
  std::cout.flush();
  return static_cast<bool>(std::cout);
}

// Everything a scoring command needs, loaded and checked.
struct Job {
  RuleSet rules;
  MemberTable members;
  RecordBatch records;
  Period period;
};

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

// Loads rules, members and records; prints every problem. Returns the exit
// code to stop with, or nothing to go on.
std::optional<int> load_job(const Args& args, Job& job) {
  for (const char* required : {"rules", "members", "records"}) {
    if (!args.has(required)) {
      std::cerr << "dutyscore: --" << required << " is required (see --help)\n";
      return kUsage;
    }
  }
  Problems problems;
  auto rules = load_rules_file(*args.get("rules"), problems);
  std::string members_text, records_text;
  std::optional<MemberTable> members;
  if (read_file(*args.get("members"), members_text, problems))
    members = read_members(members_text, *args.get("members"), problems);
  std::optional<RecordBatch> records;
  if (members && read_file(*args.get("records"), records_text, problems))
    records = read_records(records_text, *args.get("records"), *members, problems);
  std::optional<Period> period;
  bool usage_error = false;
  if (rules) period = period_from_args(args, *rules, problems, usage_error);
  print_problems(problems);
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

const std::set<std::string> kJobOptions = {"rules", "members", "records", "year", "from", "to",
                                           "output", "format"};

int run_score(int argc, char** argv) {
  auto valued = kJobOptions;
  valued.insert({"top", "threads"});
  Args args(valued, {"help", "details", "quiet"});
  if (!args.parse(argc, argv, 2)) {
    std::cerr << "dutyscore score: " << args.error() << "\n" << kScoreHelp;
    return kUsage;
  }
  if (args.has("help")) {
    std::cout << kScoreHelp;
    return kOk;
  }
  const std::string format = args.get("format").value_or("csv");
  if (format != "csv" && format != "json" && format != "table") {
    std::cerr << "dutyscore score: --format must be csv, json or table\n";
    return kUsage;
  }
  ScoresFormatOptions fo;
  fo.details = args.has("details");
  EvaluateOptions eo;
  if (auto v = args.get("top")) {
    const auto n = parse_points(*v, 0);
    if (!n || *n < 0) {
      std::cerr << "dutyscore score: --top needs a whole number\n";
      return kUsage;
    }
    fo.top = static_cast<std::size_t>(*n);
  }
  if (auto v = args.get("threads")) {
    const auto n = parse_points(*v, 0);
    if (!n || *n < 1 || *n > 256) {
      std::cerr << "dutyscore score: --threads needs a number 1..256\n";
      return kUsage;
    }
    eo.threads = static_cast<unsigned>(*n);
  }
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  const Scores scores = evaluate(job.rules, job.members, job.records, job.period, eo);
  std::string text;
  if (format == "csv") text = scores_csv(job.rules, job.members, scores, fo);
  else if (format == "json") text = scores_json(job.rules, job.members, scores, job.period, fo);
  else text = scores_table(job.rules, job.members, scores, fo) + "\n" + scores_summary(job.rules, scores) + "\n";
  if (!write_output(args, text)) return kOutputFailed;
  if (!args.has("quiet") && format != "table")
    std::cerr << scores_summary(job.rules, scores) << '\n';
  return kOk;
}

int run_explain(int argc, char** argv) {
  auto valued = kJobOptions;
  valued.insert("member");
  Args args(valued, {"help"});
  if (!args.parse(argc, argv, 2)) {
    std::cerr << "dutyscore explain: " << args.error() << "\n" << kExplainHelp;
    return kUsage;
  }
  if (args.has("help")) {
    std::cout << kExplainHelp;
    return kOk;
  }
  if (!args.has("member")) {
    std::cerr << "dutyscore explain: --member is required\n";
    return kUsage;
  }
  const std::string format = args.get("format").value_or("text");
  if (format != "text" && format != "csv") {
    std::cerr << "dutyscore explain: --format must be text or csv\n";
    return kUsage;
  }
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  const auto member = job.members.find(*args.get("member"));
  if (!member) {
    std::cerr << "dutyscore explain: member '" << *args.get("member")
              << "' is not in the members file\n";
    return kNotFound;
  }
  const Evaluation evaluation(job.rules, job.members, job.records, job.period);
  const Scores scores = evaluation.score();
  const Audit audit = evaluation.explain(*member, &scores);
  const std::string text =
      format == "csv" ? audit_csv(job.rules, job.records, audit)
                      : audit_text(job.rules, job.members, job.records, job.period, audit);
  return write_output(args, text) ? kOk : kOutputFailed;
}

int run_check(int argc, char** argv) {
  Args args({}, {"help"});
  if (!args.parse(argc, argv, 2)) {
    std::cerr << "dutyscore check: " << args.error() << "\n" << kCheckHelp;
    return kUsage;
  }
  if (args.has("help")) {
    std::cout << kCheckHelp;
    return kOk;
  }
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

}  // namespace
}  // namespace dutyscore::cli

int main(int argc, char** argv) {
  using namespace dutyscore::cli;
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "score") return run_score(argc, argv);
    if (command == "explain") return run_explain(argc, argv);
    if (command == "check") return run_check(argc, argv);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kMainHelp;
      return kOk;
    }
    if (command == "--version") {
      std::cout << "dutyscore " << DUTYSCORE_CLI_VERSION << '\n';
      return kOk;
    }
    std::cerr << (command.empty() ? "dutyscore: no command given\n"
                                  : "dutyscore: unknown command '" + command + "'\n")
              << kMainHelp;
    return kUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "dutyscore: out of memory\n";
    return kInputProblems;
  }
}
