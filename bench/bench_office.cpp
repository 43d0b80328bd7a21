// Office files in (docs/input.md): a county's office workbook from file to
// ranking, and the workbook reader against the CSV reader on the same rows.
//
//   build/bench/dutyscore_bench --benchmark_filter='Office|Workbook'
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <filesystem>
#include <map>

#include "bench_support.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/profile.h"
#include "office_workbook.h"

namespace dutyscore::bench {
namespace {

namespace fs = std::filesystem;

// A workbook written once per size and kind into the temporary folder
// (removed at exit); its path.
const std::string& workbook(std::size_t records, bool office) {
  struct Files {
    std::map<std::pair<std::size_t, bool>, std::string> paths;
    ~Files() {
      for (const auto& [key, path] : paths) fs::remove(path);
    }
  };
  static Files files;
  auto& path = files.paths[{records, office}];
  if (path.empty()) {
    path = (fs::temp_directory_path() / ("dutyscore-bench-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(records) + (office ? "-office" : "") + ".xlsx"))
               .string();
    const gen::Options options = options_for(records);
    const std::string error = office ? gen::write_office_workbook(options, path)
                                     : gen::write_interchange_workbook(options, path);
    if (!error.empty()) throw std::runtime_error(error);
  }
  return path;
}

// A county's office workbook (examples/office-export's layout: six sheets,
// Chinese headers and values, proposers in one cell, a sign-in grid) read
// from its file through its profile, scored and ranked, on one thread.
void BM_OfficeWorkbookToRanking(benchmark::State& state) {
  const std::string& path = workbook(static_cast<std::size_t>(state.range(0)), true);
  const std::string profile_path =
      std::string(DUTYSCORE_SOURCE_DIR) + "/examples/office-export/profile.yaml";
  std::size_t records = 0;
  for (auto _ : state) {
    Problems problems;
    InputOptions options;
    options.profile = std::make_shared<const InputProfile>(*load_profile_file(profile_path, problems));
    FileText bytes;
    if (!read_file(path, bytes, problems)) throw std::runtime_error("cannot read " + path);
    const InputFile file{path, bytes.view(), path};
    auto members = read_members(file, options, problems);
    auto batch = read_records({file}, *members, options, problems);
    if (!batch) throw std::runtime_error("the office workbook does not read");
    Scores scores = evaluate(default_rules(), *members, *batch, Period::calendar_year(2025));
    benchmark::DoNotOptimize(scores.totals.data());
    records = batch->size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
}
BENCHMARK(BM_OfficeWorkbookToRanking)->Arg(15'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The interchange layout as a workbook (members and records sheets, dates
// as Excel dates, inline strings) to a batch: compare with BM_CsvIngest's
// one-thread figures for the same rows.
void BM_WorkbookIngest(benchmark::State& state) {
  const std::string& path = workbook(static_cast<std::size_t>(state.range(0)), false);
  std::size_t records = 0;
  for (auto _ : state) {
    Problems problems;
    FileText bytes;
    if (!read_file(path, bytes, problems)) throw std::runtime_error("cannot read " + path);
    const InputFile file{path, bytes.view(), path};
    auto members = read_members(file, InputOptions{}, problems);
    auto batch = read_records({file}, *members, InputOptions{}, problems);
    if (!batch) throw std::runtime_error("the workbook does not read");
    records = batch->size();
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
}
BENCHMARK(BM_WorkbookIngest)->Arg(15'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace dutyscore::bench
