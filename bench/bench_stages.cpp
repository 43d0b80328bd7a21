// Each stage on its own: CSV ingest, evaluation of an in-memory batch, the
// per-member finish, ranking, one member's audit out of a large batch, and
// what verify does with an archive beside scoring.
//
//   build/bench/dutyscore_bench --benchmark_filter=Evaluate
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "bench_support.h"
#include "dutyscore/archive.h"
#include "dutyscore/encoding.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/input_digest.h"
#include "dutyscore/rank.h"

namespace dutyscore::bench {
namespace {

const Period kYear = Period::calendar_year(2025);

// Sizes: a county (15,000 records) up to 2 x 10^7.
void Sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : {15'000, 1'000'000, 20'000'000}) b->Arg(n);
  b->Unit(benchmark::kMillisecond);
}

// Members and records CSV text to a batch. range(1) = threads.
void BM_CsvIngest(benchmark::State& state) {
  const auto& csv = committee_csv(static_cast<std::size_t>(state.range(0)));
  InputOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) {
    Problems problems;
    auto members = read_members(csv.members, "members.csv", options, problems);
    auto records = read_records(csv.records, "records.csv", *members, options, problems);
    benchmark::DoNotOptimize(records);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(csv.members.size() + csv.records.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_CsvIngest)
    ->ArgsProduct({{15'000, 1'000'000, 4'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A records file to a batch, read window by window (read_records_file),
// as UTF-8 (range(2) = 0) or as GB18030 (1): the bytes are the same (the
// interchange layout's codes are ASCII, as Excel on a Chinese Windows
// saves such a file in GBK), so the difference is the conversion as the
// file is read. range(1) = threads.
void BM_RecordsFile(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const auto& csv = committee_csv(records);
  // Written once a size, removed when the benchmarks end.
  static struct Files {
    std::map<std::size_t, std::string> paths;
    ~Files() {
      for (const auto& [n, file] : paths) std::remove(file.c_str());
    }
  } files;
  std::string& path = files.paths[records];
  if (path.empty()) {
    path = (std::filesystem::temp_directory_path() /
            ("dutyscore_bench_records_" + std::to_string(::getpid()) + "_" +
             std::to_string(records) + ".csv"))
               .string();
    std::ofstream(path, std::ios::binary) << csv.records;
  }
  InputOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  Problems problems;
  const auto members = read_members(csv.members, "members.csv", options, problems);
  options.encoding = state.range(2) != 0 ? Encoding::Gb18030 : Encoding::Utf8;
  for (auto _ : state) {
    auto batch = read_records_file(path, *members, options, problems);
    if (!batch) {
      state.SkipWithError("the records file did not read");
      break;
    }
    benchmark::DoNotOptimize(batch);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(csv.records.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_RecordsFile)
    ->ArgsProduct({{4'000'000}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same records as BM_RecordsFile's, in 4 files (a header each, as a
// file a province or a quarter): read_records_files streams them one
// after the other into one batch. range(1) = threads.
void BM_RecordsFiles(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const auto& csv = committee_csv(records);
  constexpr std::size_t kFiles = 4;
  static struct Files {
    std::map<std::size_t, std::vector<std::string>> paths;
    ~Files() {
      for (const auto& [n, list] : paths)
        for (const auto& file : list) std::remove(file.c_str());
    }
  } files;
  std::vector<std::string>& paths = files.paths[records];
  if (paths.empty()) {
    const std::string_view text = csv.records;
    const std::size_t header_end = text.find('\n') + 1;
    std::size_t from = header_end;
    for (std::size_t k = 0; k < kFiles; ++k) {
      std::size_t to = text.size();
      if (k + 1 < kFiles) to = text.find('\n', header_end + (text.size() - header_end) * (k + 1) / kFiles) + 1;
      paths.push_back((std::filesystem::temp_directory_path() /
                       ("dutyscore_bench_records_" + std::to_string(::getpid()) + "_" +
                        std::to_string(records) + "_" + std::to_string(k) + ".csv"))
                          .string());
      std::ofstream(paths.back(), std::ios::binary)
          << text.substr(0, header_end) << text.substr(from, to - from);
      from = to;
    }
  }
  InputOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  Problems problems;
  const auto members = read_members(csv.members, "members.csv", options, problems);
  for (auto _ : state) {
    auto batch = read_records_files(paths, *members, options, problems);
    if (!batch) {
      state.SkipWithError(("the records files did not read: " +
                           (problems.all().empty() ? std::string() : format_problem(problems.all()[0])))
                              .c_str());
      break;
    }
    benchmark::DoNotOptimize(batch);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(csv.records.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_RecordsFiles)
    ->ArgsProduct({{4'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The digests an archive keeps of a records file (its bytes' SHA-256 and
// the rows digest, a SHA-256 a row), taken piece by piece as the file is
// read: pieces of a window's size (32 MiB), range(1) = threads.
void BM_InputDigest(benchmark::State& state) {
  const auto& csv = committee_csv(static_cast<std::size_t>(state.range(0)));
  const std::string_view bytes = csv.records;
  constexpr std::size_t kPiece = std::size_t{32} << 20;
  for (auto _ : state) {
    InputDigester digester(static_cast<unsigned>(state.range(1)));
    for (std::size_t at = 0; at < bytes.size(); at += kPiece) digester.add(bytes.substr(at, kPiece));
    benchmark::DoNotOptimize(digester.finish());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_InputDigest)
    ->ArgsProduct({{4'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Scoring an in-memory batch: the hot path (binding, every record, every
// member's finish, ranking). range(1) = threads.
void evaluate_with(benchmark::State& state, const RuleSet& rules) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  EvaluateOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) {
    Scores scores = evaluate(rules, data.members, data.records, kYear, options);
    benchmark::DoNotOptimize(scores.totals.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.records.size()));
  state.counters["bytes_per_record"] =
      static_cast<double>(data.records.memory_bytes()) / static_cast<double>(data.records.size());
}

void BM_EvaluateDefault(benchmark::State& state) { evaluate_with(state, default_rules()); }
BENCHMARK(BM_EvaluateDefault)
    ->ArgsProduct({{15'000, 1'000'000, 20'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// National scale: 10^8 records of 650,000 members. Building the batch takes
// a minute and ~10 GB, so run it on its own: --benchmark_filter=National
BENCHMARK(BM_EvaluateDefault)
    ->Name("BM_EvaluateNational")
    ->Args({100'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_EvaluateRules(benchmark::State& state) {
  evaluate_with(state, synthetic_rules(static_cast<std::size_t>(state.range(2))));
}
BENCHMARK(BM_EvaluateRules)
    ->ArgsProduct({{1'000'000, 20'000'000}, {1}, {20, 200}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// BM_EvaluateRules/…/200 adds rules that records match too (2.1 a matched
// record instead of 1.0); this adds rules that none matches.
void BM_EvaluateRulesUnmatched(benchmark::State& state) {
  // The added rules must match nothing, or this measures something else.
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const RuleSet& rules = unmatched_rules(static_cast<std::size_t>(state.range(2)));
  if (evaluate(rules, data.members, data.records, kYear).totals !=
      evaluate(synthetic_rules(20), data.members, data.records, kYear).totals) {
    state.SkipWithError("a rule added to the 20 matches a record");
    return;
  }
  evaluate_with(state, rules);
}
BENCHMARK(BM_EvaluateRulesUnmatched)
    ->ArgsProduct({{1'000'000, 20'000'000}, {1}, {200}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The rule kinds of issue 16 (rules/district-2024.yaml: a rate, negation,
// otherwise, points per quarter) with and without its parts (rescaling to
// the best member, a weighted survey). range(1) = threads, range(2) = 1
// with the parts.
void BM_EvaluateDistrict(benchmark::State& state) {
  evaluate_with(state, district_rules(state.range(2) != 0));
}
BENCHMARK(BM_EvaluateDistrict)
    ->ArgsProduct({{1'000'000, 20'000'000}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The evaluation's plan bound to a committee's batch, without scoring.
void bind_with(benchmark::State& state, const RuleSet& rules) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Evaluation evaluation(rules, data.members, data.records, kYear);
    benchmark::DoNotOptimize(&evaluation);
  }
}

void BM_BindPlan(benchmark::State& state) { bind_with(state, default_rules()); }
BENCHMARK(BM_BindPlan)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

// The plan for the synthetic rule sets: its cost comes once an evaluation,
// whatever the committee's size (the 200 rules' member tests make 192
// profiles of the members at 10^6 records).
void BM_BindPlanRules(benchmark::State& state) {
  bind_with(state, synthetic_rules(static_cast<std::size_t>(state.range(1))));
}
BENCHMARK(BM_BindPlanRules)->ArgsProduct({{15'000, 1'000'000}, {20, 200}})->Unit(benchmark::kMicrosecond);

// Ranking alone, on the scores of a large committee.
void BM_Rank(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  Scores scores = evaluate(default_rules(), data.members, data.records, kYear);
  for (auto _ : state) {
    rank_members(default_rules(), data.members, scores);
    benchmark::DoNotOptimize(scores.rank.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.members.size()));
}
BENCHMARK(BM_Rank)->Arg(15'000)->Arg(20'000'000)->Unit(benchmark::kMillisecond);

// One member's audit out of a large batch, with the evaluation bound once
// (as an office system keeps it to answer questions).
void BM_ExplainOneMember(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const Evaluation evaluation(default_rules(), data.members, data.records, kYear);
  MemberIndex m = 0;
  for (auto _ : state) {
    Audit audit = evaluation.explain(m);
    benchmark::DoNotOptimize(audit.lines.data());
    m = static_cast<MemberIndex>((m + 7919) % data.members.size());
  }
}
BENCHMARK(BM_ExplainOneMember)->Arg(15'000)->Arg(20'000'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ExplainOneMember)->Name("BM_ExplainOneMemberNational")->Arg(100'000'000)->Unit(benchmark::kMicrosecond);

// An archive of every member of a committee, as `score --archive` writes
// it (digests of stand-in texts: they are not compared here).
struct ArchivedCommittee {
  Scores scores;
  std::string bytes;
};

const ArchivedCommittee& archived_committee(std::size_t records) {
  static std::map<std::size_t, std::unique_ptr<ArchivedCommittee>> cache;
  auto& slot = cache[records];
  if (!slot) {
    const auto& data = committee(records);
    slot = std::make_unique<ArchivedCommittee>();
    slot->scores = evaluate(default_rules(), data.members, data.records, kYear);
    slot->bytes = write_archive(make_archive_from_digests(
        default_rules(), sha256_hex("members"), sha256_hex("records"), kYear, data.members,
        slot->scores, sha256_hex("member rows"), sha256_hex("record rows")));
  }
  return *slot;
}

// An archive read and checked (checksum, every field against its rule
// set), as verify and explain --archive read one. range(0) = records.
void BM_ArchiveRead(benchmark::State& state) {
  const auto& archived = archived_committee(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Problems problems;
    auto archive = read_archive(archived.bytes, "bench.dsa", problems);
    if (!archive) {
      state.SkipWithError("the archive does not read back");
      return;
    }
    benchmark::DoNotOptimize(archive->members.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(archived.bytes.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(archived.scores.member_count()));
}
BENCHMARK(BM_ArchiveRead)->Arg(1'000'000)->Arg(20'000'000)->Unit(benchmark::kMillisecond);

// Every member's archived results against the scores made again: verify's
// comparison, after the records are scored. range(0) = records.
void BM_ArchiveCompare(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const auto& archived = archived_committee(static_cast<std::size_t>(state.range(0)));
  Problems problems;
  const auto archive = read_archive(archived.bytes, "bench.dsa", problems);
  if (!archive) {
    state.SkipWithError("the archive does not read back");
    return;
  }
  for (auto _ : state) {
    const auto differences = compare_with_archive(*archive, default_rules(), data.members, archived.scores);
    if (!differences.empty()) {
      state.SkipWithError("the scores differ from their own archive");
      return;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(archived.scores.member_count()));
}
BENCHMARK(BM_ArchiveCompare)->Arg(1'000'000)->Arg(20'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dutyscore::bench

namespace dutyscore::bench {
namespace {

// The per-member finish alone (starting points, minimums, caps, floors,
// vetoes, grades): members with no records, so nothing else runs.
void BM_MemberFinish(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)) * 50);
  const RecordBatch empty = RecordBatchBuilder(data.members.size()).finish();
  for (auto _ : state) {
    Scores scores = evaluate(default_rules(), data.members, empty, kYear);
    benchmark::DoNotOptimize(scores.totals.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_MemberFinish)->Arg(300)->Arg(400'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dutyscore::bench
