// An office system's use of the library: load a rule set, members and
// records, score the year, print the top of the ranking and one audit.
//   consumer RULES.yaml MEMBERS.csv RECORDS.csv YEAR
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <dutyscore/audit_format.h>
#include <dutyscore/evaluate.h>
#include <dutyscore/input.h>
#include <dutyscore/rule_loader.h>
#include <dutyscore/scores_format.h>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: consumer RULES.yaml MEMBERS.csv RECORDS.csv YEAR\n";
    return 2;
  }
  dutyscore::Problems problems;
  auto rules = dutyscore::load_rules_file(argv[1], problems);
  std::string members_text, records_text;
  std::optional<dutyscore::MemberTable> members;
  std::optional<dutyscore::RecordBatch> records;
  if (dutyscore::read_file(argv[2], members_text, problems))
    members = dutyscore::read_members(members_text, argv[2], problems);
  if (members && dutyscore::read_file(argv[3], records_text, problems))
    records = dutyscore::read_records(records_text, argv[3], *members, problems);
  for (const auto& p : problems.all()) std::cerr << dutyscore::format_problem(p) << '\n';
  if (!rules || !members || !records) return 1;

  const auto period = dutyscore::Period::calendar_year(std::atoi(argv[4]));
  const dutyscore::Evaluation evaluation(*rules, *members, *records, period);
  const dutyscore::Scores scores = evaluation.score();
  dutyscore::ScoresFormatOptions top;
  top.top = 3;
  std::cout << dutyscore::scores_csv(*rules, *members, scores, top);
  const auto audit = evaluation.explain(scores.order.front(), &scores);
  std::cout << dutyscore::audit_text(*rules, *members, *records, period, audit);
  return 0;
}
