#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/input.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const char* const kYearsHelp = R"(Usage: dutyscore years --rules FILE --members FILE --records FILE --from-year YYYY --to-year YYYY [options]

Scores every calendar year of the range over the same members and records,
then applies the rule set's 'across_years' rules ("below 60 two years in a
row: warning talk"; "fewer than 3 proposals in the term: not re-nominated";
docs/rules.md section 14).

Options:
  --rules FILE      the rule set (YAML; see docs/rules.md)
  --members FILE    members CSV (interchange layout)
  --records FILE    duty records CSV covering every year of the range
  --from-year YYYY  first year
  --to-year YYYY    last year (at most 50 years after the first)
  --flagged-only    only members flagged by at least one rule
  --output FILE     write to FILE instead of standard output
  --threads N       threads for reading the records and scoring (default 1;
                    the output is the same bytes for any N)

CSV columns: member_id, name, <year>_total and <year>_grade per year, flags
(the ids of the rules that flagged the member, ';'), reasons ("label: why").
Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written.
)";

std::optional<int> year_arg(const Args& args, const char* name) {
  const auto v = args.get(name);
  if (!v) return std::nullopt;
  const auto y = parse_points(*v, 0);
  if (!y || *y < 1900 || *y > 9999) return std::nullopt;
  return static_cast<int>(*y);
}

int run_years(int argc, char** argv) {
  Args args({"rules", "members", "records", "from-year", "to-year", "output", "threads"},
            {"help", "flagged-only"});
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore years", kYearsHelp)) return *stop;
  if (auto stop = require_options(args, "dutyscore years", {"rules", "members", "records", "from-year", "to-year"})) return *stop;
  const auto from = year_arg(args, "from-year");
  const auto to = year_arg(args, "to-year");
  if (!from || !to || *to < *from || *to - *from > 50) {
    std::cerr << "dutyscore years: --from-year and --to-year need two years, from <= to, at most 50 apart\n";
    return kUsage;
  }
  const auto input = input_options(args, "dutyscore years");
  if (!input) return kUsage;
  EvaluateOptions eo;
  eo.threads = input->threads;
  Problems problems;
  auto rules = load_rules_file(*args.get("rules"), problems);
  const InputFiles files =
      read_input_files(*args.get("members"), *args.get("records"), *input, problems);
  const std::optional<MemberTable>& members = files.members;
  const std::optional<RecordBatch>& records = files.records;
  print_problems(problems);
  if (problems.has_errors() || !rules || !members || !records) {
    std::cerr << "dutyscore: " << problems.error_count() << " error(s); nothing was scored\n";
    return kInputProblems;
  }
  if (rules->across_years.empty())
    std::cerr << "dutyscore years: the rule set has no 'across_years' rules; printing the yearly results only\n";
  const MultiYearResult result = evaluate_years(*rules, *members, *records, *from, *to, eo);
  if (!write_output(args, multi_year_csv(*rules, *members, result, args.has("flagged-only"))))
    return kOutputFailed;
  std::size_t flagged = 0;
  for (const auto& f : result.flags) flagged += f.empty() ? 0 : 1;
  std::cerr << members->size() << " members, " << result.years.size() << " years, " << flagged
            << " flagged\n";
  return kOk;
}

const CommandRegistration kRegistration{
    {"years", "score several years and apply the across-years rules (warning talk, not re-nominated)", run_years}};

}  // namespace
}  // namespace dutyscore::cli
