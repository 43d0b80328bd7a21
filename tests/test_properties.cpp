// Properties that must hold on any data: checked on generated committees.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "dutyscore/audit_format.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/rank.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/scores_format.h"
#include "generator.h"
#include "test_support.h"

namespace dutyscore {
namespace {

const char* const kRuleSets[] = {"rules/default.yaml",          "rules/tongcheng-2019.yaml",
                                 "rules/guangshui-2017.yaml",   "rules/district-2024.yaml",
                                 "bench/compare/compare.yaml",  "tests/rule_sets/fast_paths.yaml",
                                 "tests/rule_sets/method_coverage.yaml",
                                 "tests/rule_sets/many_groups.yaml"};

// A scores file (member_id and every outside column the rules take) for a
// generated committee: a value for each member, in the columns' ranges,
// from the member's index; every 7th member has none where every outside
// category has a default.
std::string generated_scores(const RuleSet& rules, const MemberTable& members) {
  std::vector<const OutsideScore*> columns;
  bool defaults = true;
  for (const auto& c : rules.categories) {
    if (!c.outside) continue;
    columns.push_back(&*c.outside);
    defaults = defaults && c.outside->fallback.has_value();
  }
  std::string csv = "member_id";
  for (const auto* column : columns) csv += "," + column->column;
  csv += "\n";
  for (MemberIndex m = 0; m < members.size(); ++m) {
    csv += members.id(m);
    for (const auto* column : columns) {
      csv += ",";
      if (defaults && m % 7 == 6) continue;
      const Points span = column->max ? *column->max - column->min : 100 * scale_of(rules.precision);
      csv += format_points(column->min + (static_cast<Points>(m) * 7919 + 13) % (span + 1),
                           rules.precision);
    }
    csv += "\n";
  }
  return csv;
}

// The members with the outside scores `rules` takes attached, generated.
MemberTable with_outside_scores(const RuleSet& rules, MemberTable members, const Period& period) {
  if (!needs_outside_scores(rules)) return members;
  const std::string scores = generated_scores(rules, members);
  Problems problems;
  EXPECT_TRUE(attach_outside_scores(rules, period, {{"scores.csv", scores}}, Encoding::Auto,
                                    members, problems))
      << (problems.all().empty() ? std::string() : format_problem(problems.all().front()));
  return members;
}

struct Csv {
  std::string members, records;
};

Csv generated_csv(std::uint32_t members, std::uint64_t seed) {
  gen::Options options;
  options.members = members;
  options.seed = seed;
  std::ostringstream m, r;
  gen::write_csv(options, m, r);
  return {m.str(), r.str()};
}

// The records CSV with its data rows in a scrambled, seed-determined order.
std::string shuffled(const std::string& csv, std::uint64_t seed) {
  std::vector<std::string> rows;
  std::istringstream in(csv);
  std::string header, line;
  std::getline(in, header);
  while (std::getline(in, line)) rows.push_back(line);
  std::uint64_t state = seed;
  for (std::size_t i = rows.size(); i > 1; --i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(rows[i - 1], rows[(state >> 33) % i]);
  }
  std::string out = header + "\n";
  for (const auto& row : rows) out += row + "\n";
  return out;
}

struct Outputs {
  std::string csv, json, audits;
};

Outputs score_text(const RuleSet& rules, const Csv& csv, unsigned threads) {
  Problems problems;
  const Period period = Period::calendar_year(2025);
  auto read = read_members(csv.members, "members.csv", problems);
  const std::optional<MemberTable> members = with_outside_scores(rules, std::move(*read), period);
  const auto records = read_records(csv.records, "records.csv", *members, problems);
  EXPECT_FALSE(problems.has_errors());
  const Evaluation evaluation(rules, *members, *records, period);
  EvaluateOptions options;
  options.threads = threads;
  const Scores scores = evaluation.score(options);
  Outputs out{scores_csv(rules, *members, scores, {true, 0}),
              scores_json(rules, *members, scores, period), ""};
  for (MemberIndex m = 0; m < members->size(); m += 37)
    out.audits += audit_text(rules, *members, *records, period, evaluation.explain(m, &scores));
  return out;
}

gen::Generated generated_committee(std::uint32_t members, std::uint64_t seed,
                                   std::uint32_t records_per_member = 50) {
  gen::Options options;
  options.members = members;
  options.seed = seed;
  options.records_per_member = records_per_member;
  return gen::build_in_memory(options);
}

// The evaluation's ranking on 1 and 2 threads (told what the scoring saw of
// the totals) is rank_members()' own, ranking the same totals afresh.
void expect_ranked_as_afresh(const RuleSet& rs, const MemberTable& members,
                             const Evaluation& evaluation) {
  for (const unsigned threads : {1u, 2u}) {
    EvaluateOptions options;
    options.threads = threads;
    const Scores scored = evaluation.score(options);
    Scores afresh = scored;
    afresh.rank.clear();
    afresh.order.clear();
    rank_members(rs, members, afresh, 1);
    EXPECT_EQ(scored.order, afresh.order) << threads;
    EXPECT_EQ(scored.rank, afresh.rank) << threads;
  }
}

class GeneratedCommittee : public ::testing::TestWithParam<const char*> {
 protected:
  RuleSet rules() const {
    Problems problems;
    auto rs = load_rules_file(testing::source_path(GetParam()), problems);
    EXPECT_TRUE(rs.has_value());
    return std::move(*rs);
  }
};

TEST_P(GeneratedCommittee, EveryAuditAddsUpToItsTotalAndSubtotals) {
  const RuleSet rs = rules();
  const gen::Generated data = generated_committee(400, 7);
  const MemberTable members = with_outside_scores(rs, data.members, Period::calendar_year(2025));
  const Evaluation evaluation(rs, members, data.records, Period::calendar_year(2025));
  const Scores scores = evaluation.score();
  for (MemberIndex m = 0; m < data.members.size(); ++m) {
    const Audit audit = evaluation.explain(m, &scores);
    Points sum = 0;
    std::vector<Points> per_category(rs.categories.size(), 0);
    for (const auto& line : audit.lines) {
      sum += line.points;
      if (line.category >= 0) per_category[static_cast<std::size_t>(line.category)] += line.points;
    }
    ASSERT_EQ(sum, scores.totals[m]) << data.members.id(m);
    ASSERT_EQ(audit.grade, scores.grade[m]) << data.members.id(m);
    for (std::size_t c = 0; c < per_category.size(); ++c)
      ASSERT_EQ(per_category[c], scores.subtotals(m, static_cast<Eigen::Index>(c)))
          << data.members.id(m) << " " << rs.categories[c].id;
  }
}

TEST_P(GeneratedCommittee, ShufflingTheRowsChangesNoOutputByte) {
  const RuleSet rs = rules();
  const Csv original = generated_csv(300, 11);
  const Csv scrambled{original.members, shuffled(original.records, 99)};
  ASSERT_NE(original.records, scrambled.records);
  const Outputs a = score_text(rs, original, 1);
  const Outputs b = score_text(rs, scrambled, 1);
  EXPECT_EQ(a.csv, b.csv);
  EXPECT_EQ(a.json, b.json);
  EXPECT_EQ(a.audits, b.audits);
}

TEST_P(GeneratedCommittee, ThreadCountChangesNoOutputByte) {
  const RuleSet rs = rules();
  const Csv data = generated_csv(300, 12);
  const Outputs one = score_text(rs, data, 1);
  const Outputs two = score_text(rs, data, 2);
  const Outputs five = score_text(rs, data, 5);
  EXPECT_EQ(one.csv, two.csv);
  EXPECT_EQ(one.csv, five.csv);
  EXPECT_EQ(one.json, two.json);
}

// The scoring ranks its members told what it saw of their totals (after
// any rescaling of parts, which changes them): the same order and ranks as
// rank_members() ranking the same totals afresh.
TEST_P(GeneratedCommittee, TheScoringsRankingIsThatOfItsTotals) {
  const RuleSet rs = rules();
  const gen::Generated data = generated_committee(500, 13);
  const MemberTable members = with_outside_scores(rs, data.members, Period::calendar_year(2025));
  expect_ranked_as_afresh(rs, members, Evaluation(rs, members, data.records, Period::calendar_year(2025)));
}

// score_into() an earlier result (of every rule set, on this committee
// and on larger and smaller ones) gives score()'s result, field for field:
// what the earlier one held (ranks of the same members, a part's best,
// counts) is no part of it. In 2023 some members had not joined yet: they
// are unranked, where the earlier results ranked them.
TEST_P(GeneratedCommittee, ScoringIntoAnEarlierResultGivesTheSameScores) {
  const RuleSet rs = rules();
  const Period year = Period::calendar_year(2025);
  const gen::Generated data = generated_committee(400, 14);
  std::vector<Scores> earlier;
  for (const std::uint32_t size : {400u, 650u, 150u}) {
    const gen::Generated other = size == 400 ? data : generated_committee(size, 15 + size);
    for (const char* path : kRuleSets) {
      Problems problems;
      const auto other_rules = load_rules_file(testing::source_path(path), problems);
      ASSERT_TRUE(other_rules.has_value()) << path;
      const MemberTable other_members = with_outside_scores(*other_rules, other.members, year);
      earlier.push_back(Evaluation(*other_rules, other_members, other.records, year).score());
    }
  }
  for (const int scored_year : {2025, 2023}) {
    const Period period = Period::calendar_year(scored_year);
    const MemberTable members = with_outside_scores(rs, data.members, period);
    const Evaluation evaluation(rs, members, data.records, period);
    for (const unsigned threads : {1u, 2u}) {
      EvaluateOptions options;
      options.threads = threads;
      const Scores fresh = evaluation.score(options);
      if (scored_year == 2023 && rs.not_serving != NotServing::Ranked)
        ASSERT_NE(std::count(fresh.rank.begin(), fresh.rank.end(), 0), 0);
      for (std::size_t i = 0; i < earlier.size(); ++i) {
        Scores reused = earlier[i];
        evaluation.score_into(reused, options);
        const std::string where = std::to_string(scored_year) + ", " + std::to_string(threads) +
                                  " threads, earlier result " + std::to_string(i);
        EXPECT_EQ(reused.precision, fresh.precision) << where;
        EXPECT_TRUE(reused.subtotals.rows() == fresh.subtotals.rows() &&
                    reused.subtotals.cols() == fresh.subtotals.cols() &&
                    reused.subtotals == fresh.subtotals)
            << where;
        EXPECT_EQ(reused.totals, fresh.totals) << where;
        EXPECT_EQ(reused.grade, fresh.grade) << where;
        EXPECT_EQ(reused.flags, fresh.flags) << where;
        EXPECT_EQ(reused.unmet, fresh.unmet) << where;
        EXPECT_EQ(reused.vetoes, fresh.vetoes) << where;
        EXPECT_EQ(reused.rank, fresh.rank) << where;
        EXPECT_EQ(reused.order, fresh.order) << where;
        EXPECT_EQ(reused.part_best, fresh.part_best) << where;
        EXPECT_EQ(reused.records_in_period, fresh.records_in_period) << where;
        EXPECT_EQ(reused.records_outside_period, fresh.records_outside_period) << where;
        EXPECT_EQ(reused.records_unmatched, fresh.records_unmatched) << where;
        EXPECT_EQ(scores_csv(rs, members, reused, {true, 0}),
                  scores_csv(rs, members, fresh, {true, 0}))
            << where;
      }
    }
  }
}

// Rescaling to the best member moves every total after the scoring saw
// them (here far above the highest raw total): the ranking is told the
// rescaled ones.
TEST(GeneratedCommitteeRescaled, TheScoringsRankingIsThatOfTheRescaledTotals) {
  Problems problems;
  const auto rs = load_rules(R"(
id: rescale-rank
categories:
  - {id: info}
rules:
  - {id: r, category: info, when: {kind: info}, points: 0.5}
parts:
  - {id: all, categories: [info], rescale: {to: 1000}}
)",
                             "rescale-rank.yaml", problems);
  ASSERT_TRUE(rs.has_value());
  const gen::Generated data = generated_committee(500, 17);
  const Evaluation evaluation(*rs, data.members, data.records, Period::calendar_year(2025));
  const Scores scores = evaluation.score();
  ASSERT_EQ(*std::max_element(scores.totals.begin(), scores.totals.end()), 1000 * 100);
  expect_ranked_as_afresh(*rs, data.members, evaluation);
}

// A committee of 100,000 members, the fewest the ranking splits into a
// share a thread: the scoring counts each share's totals for it (no
// vetoes, no tie-break: bench/compare's rules), on 1 to 3 threads, and the
// order and ranks are those of ranking the same totals afresh.
TEST(GeneratedCommitteeLarge, TheRankingByTheScoringsCountsIsThatOfItsTotals) {
  Problems problems;
  const auto rs = load_rules_file(testing::source_path("bench/compare/compare.yaml"), problems);
  ASSERT_TRUE(rs.has_value());
  const gen::Generated data = generated_committee(100'000, 37, 4);
  const Evaluation evaluation(*rs, data.members, data.records, Period::calendar_year(2025));
  Scores afresh = evaluation.score();
  afresh.rank.clear();
  afresh.order.clear();
  rank_members(*rs, data.members, afresh, 1);
  for (const unsigned threads : {1u, 2u, 3u}) {
    EvaluateOptions options;
    options.threads = threads;
    const Scores scored = evaluation.score(options);
    ASSERT_EQ(scored.totals, afresh.totals) << threads;
    EXPECT_EQ(scored.order, afresh.order) << threads;
    EXPECT_EQ(scored.rank, afresh.rank) << threads;
  }
}

INSTANTIATE_TEST_SUITE_P(RuleSets, GeneratedCommittee, ::testing::ValuesIn(kRuleSets),
                         [](const auto& info) {
                           std::string name = info.param;
                           name = name.substr(name.rfind('/') + 1);
                           name = name.substr(0, name.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The grade counts of tests/reference/golden/default.scores.csv (which
// Reference.GoldenResultsOfEveryRuleSet checks member by member).
TEST(BundledExample, DefaultMethodGradesTheCountyAsTheGoldenFileSays) {
  const auto job = testing::load_job(testing::source_path("rules/default.yaml"),
                                     testing::source_path("examples/data/members.csv"),
                                     testing::source_path("examples/data/records.csv"));
  const Scores scores =
      evaluate(job.rules, job.members, job.records, Period::calendar_year(2025));
  std::map<std::string, int> per_grade;
  int unmet = 0, vetoed = 0;
  for (MemberIndex m = 0; m < job.members.size(); ++m) {
    ++per_grade[job.rules.grades.at(static_cast<std::size_t>(scores.grade[m])).label];
    unmet += (scores.flags[m] & kMinimumUnmet) != 0;
    vetoed += (scores.flags[m] & kVetoed) != 0;
  }
  EXPECT_EQ(per_grade, (std::map<std::string, int>{{"优秀", 85}, {"良好", 90}, {"称职", 84},
                                                   {"不称职", 41}}));
  EXPECT_EQ(unmet, 82);
  EXPECT_EQ(vetoed, 1);
  EXPECT_EQ(job.members.size(), 300u);
  EXPECT_EQ(job.records.size(), 14671u);
}

TEST(BundledExample, RegeneratingTheExampleGivesTheCommittedBytes) {
  gen::Options options;  // the defaults made examples/data
  std::ostringstream m, r;
  gen::write_csv(options, m, r);
  EXPECT_EQ(m.str(), testing::slurp(testing::source_path("examples/data/members.csv")));
  EXPECT_EQ(r.str(), testing::slurp(testing::source_path("examples/data/records.csv")));
}

}  // namespace
}  // namespace dutyscore
