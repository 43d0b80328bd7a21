// Office files in (docs/input.md): a county's office workbook from file to
// ranking, and the workbook reader against the CSV reader on the same rows
// and against what libzip and expat alone take (BM_WorkbookReadFloor); an
// office's CSV export (Chinese headers and words) to a batch.
//
//   build/bench/dutyscore_bench --benchmark_filter='Office|Workbook'
#include <benchmark/benchmark.h>

#include <expat.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <map>
#include <string_view>

#include "bench_support.h"
#include "dutyscore/csv.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/profile.h"
#include "dutyscore/vocabulary.h"
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

// What libzip and expat alone take for the workbook of BM_WorkbookIngest:
// its sheets and shared strings unpacked and parsed, the handlers only
// counting elements. The floor under BM_WorkbookIngest for any reader on
// these libraries (nothing hand-written for zip or XML), on one thread.
void BM_WorkbookReadFloor(benchmark::State& state) {
  const std::string& path = workbook(static_cast<std::size_t>(state.range(0)), false);
  std::size_t elements = 0, bytes = 0;
  for (auto _ : state) {
    elements = bytes = 0;
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (archive == nullptr) throw std::runtime_error("cannot open " + path);
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < entries; ++i) {
      const std::string_view name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
      if (name.rfind("xl/worksheets/", 0) != 0 && name != "xl/sharedStrings.xml") continue;
      zip_file_t* part = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
      XML_Parser parser = XML_ParserCreate(nullptr);
      XML_SetUserData(parser, &elements);
      XML_SetElementHandler(
          parser,
          [](void* count, const XML_Char*, const XML_Char**) { ++*static_cast<std::size_t*>(count); },
          [](void*, const XML_Char*) {});
      XML_SetCharacterDataHandler(parser, [](void*, const XML_Char*, int) {});
      for (;;) {
        void* buffer = XML_GetBuffer(parser, 1 << 16);
        const zip_int64_t n = zip_fread(part, buffer, 1 << 16);
        if (n < 0) throw std::runtime_error("cannot unpack " + std::string(name));
        bytes += static_cast<std::size_t>(n);
        if (XML_ParseBuffer(parser, static_cast<int>(n), n == 0) != XML_STATUS_OK)
          throw std::runtime_error("not XML: " + std::string(name));
        if (n == 0) break;
      }
      XML_ParserFree(parser);
      zip_fclose(part);
    }
    zip_discard(archive);
  }
  state.counters["xml_bytes"] = static_cast<double>(bytes);
  state.counters["elements"] = static_cast<double>(elements);
}
BENCHMARK(BM_WorkbookReadFloor)->Arg(15'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// committee_csv(records)'s records as an office exports them: the common
// Chinese headers (the built-in profile's) and the vocabulary's Chinese
// names for every code, flags joined by "、".
const std::string& office_records_csv(std::size_t records) {
  static std::map<std::size_t, std::string> made;
  std::string& out = made[records];
  if (!out.empty()) return out;
  const std::string& csv = committee_csv(records).records;
  out = "记录编号,委员编号,日期,履职类别,类型,出席情况,提案编号,提案人排序,采用级别,办理结果,数量\n";
  out.reserve(csv.size() + csv.size() / 2);
  Problems problems;
  const bool read = read_csv(
      csv, "records.csv", [](const std::vector<std::string_view>&) {},
      [&](const CsvRow& row) {
        if (row.cells.size() != 11) throw std::runtime_error("unexpected records row");
        std::vector<std::string_view> cells = row.cells;
        const std::string_view kind = cells[3];
        cells[3] = chinese_name(VocabularyField::Kind, kind);
        cells[4] = chinese_name(VocabularyField::Subtype, cells[4], kind);
        cells[5] = chinese_name(VocabularyField::Status, cells[5]);
        cells[8] = chinese_name(VocabularyField::Level, cells[8]);
        std::string flags;  // "a;b" as "甲、乙"
        const std::string_view codes = cells[9];
        for (std::size_t at = 0; !codes.empty() && at <= codes.size();) {
          const std::size_t end = std::min(codes.find(';', at), codes.size());
          flags += (flags.empty() ? "" : "、") +
                   std::string(chinese_name(VocabularyField::Flag, codes.substr(at, end - at)));
          at = end + 1;
        }
        cells[9] = flags;
        for (std::size_t i = 0; i < cells.size(); ++i) {
          if (i != 0) out += ',';
          append_csv_cell(out, cells[i]);
        }
        out += '\n';
      },
      problems);
  if (!read || problems.has_errors()) throw std::runtime_error("the records CSV does not read");
  return out;
}

// An office's CSV export of range(0) records (office_records_csv) read
// through the built-in profile into a batch, on range(1) threads: compare
// with BM_CsvIngest, the same rows in the interchange layout.
void BM_OfficeCsvIngest(benchmark::State& state) {
  const auto& committee = committee_csv(static_cast<std::size_t>(state.range(0)));
  const std::string& records_csv = office_records_csv(static_cast<std::size_t>(state.range(0)));
  Problems read_problems;
  const auto members = read_members(committee.members, "members.csv", read_problems);
  if (!members) throw std::runtime_error("the members do not read");
  InputOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  std::size_t records = 0;
  for (auto _ : state) {
    Problems problems;
    const InputFile file{"records.csv", records_csv, ""};
    auto batch = read_records({file}, *members, options, problems);
    if (!batch || problems.has_errors()) throw std::runtime_error("the office CSV does not read");
    records = batch->size();
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * records_csv.size()));
}
BENCHMARK(BM_OfficeCsvIngest)
    ->ArgsProduct({{1'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace dutyscore::bench
