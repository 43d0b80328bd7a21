// What people read, at the sizes the offices have: every notice of a
// county committee (300 members) as separate pages and as one print file,
// and the score workbook of a city with its districts (20,000 members, a
// million records) with every member's audit lines, beside what
// libxlsxwriter alone takes for those lines (BM_XlsxWriterFloor).
//
//   build/bench/dutyscore_bench --benchmark_filter='Notices|PrintFile|Workbook|Floor'
#include <benchmark/benchmark.h>

#include <filesystem>

#include "bench_support.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/notice_html.h"
#include "dutyscore/result_tables.h"
#include "dutyscore/results_xlsx.h"

#include <xlsxwriter.h>

namespace dutyscore::bench {
namespace {

const Period kYear = Period::calendar_year(2025);

// Every member's full notice as its own page (report --all, without the
// file writes). range(0) = records (15,000: 300 members).
void BM_NoticesAll(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const RuleSet& rules = default_rules();
  for (auto _ : state) {
    const Evaluation ev(rules, data.members, data.records, kYear);
    const Scores scores = ev.score();
    std::size_t bytes = 0;
    for (MemberIndex m = 0; m < data.members.size(); ++m)
      bytes += member_notice_html(rules, data.members, data.records, kYear, scores, ev.explain(m, &scores)).size();
    benchmark::DoNotOptimize(bytes);
    state.counters["bytes"] = static_cast<double>(bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.members.size()));
}
BENCHMARK(BM_NoticesAll)->Arg(15'000)->Unit(benchmark::kMillisecond);

// Every member's full notice in one print file (report --print-file).
void BM_PrintFile(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const RuleSet& rules = default_rules();
  std::vector<MemberIndex> everyone(data.members.size());
  for (MemberIndex m = 0; m < data.members.size(); ++m) everyone[m] = m;
  for (auto _ : state) {
    const Evaluation ev(rules, data.members, data.records, kYear);
    const Scores scores = ev.score();
    const std::string html = notices_print_html(rules, data.members, data.records, ev, scores, everyone);
    benchmark::DoNotOptimize(html.data());
    state.counters["bytes"] = static_cast<double>(html.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.members.size()));
}
BENCHMARK(BM_PrintFile)->Arg(15'000)->Unit(benchmark::kMillisecond);

// score --format xlsx: scoring, then the workbook (ranking, grades and
// chart, lists, actions, every member's audit lines) written to a file.
// range(0) = records (1,000,000: 20,000 members), range(1) = threads,
// range(2) = with the audit lines (1) or without (0).
void BM_ScoresWorkbook(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const RuleSet& rules = default_rules();
  const std::string path = (std::filesystem::temp_directory_path() / "dutyscore_bench.xlsx").string();
  EvaluateOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  ScoresWorkbookOptions book;
  book.threads = options.threads;
  book.audit_lines = state.range(2) != 0;
  for (auto _ : state) {
    const Evaluation ev(rules, data.members, data.records, kYear);
    const Scores scores = ev.score(options);
    std::string error;
    if (!write_scores_workbook(path, rules, data.members, data.records, ev, scores, book, error))
      state.SkipWithError(error.c_str());
  }
  std::error_code ec;
  state.counters["file_bytes"] = static_cast<double>(std::filesystem::file_size(path, ec));
  std::filesystem::remove(path, ec);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.members.size()));
}
BENCHMARK(BM_ScoresWorkbook)
    ->ArgsProduct({{1'000'000}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// What libxlsxwriter alone takes for the audit sheet of BM_ScoresWorkbook
// (the same cells: every member's audit lines, worked out once, untimed):
// one sheet per 1,048,575 rows, the same options (constant memory, zip64),
// cells written with nothing of ours around them. The floor under
// BM_ScoresWorkbook/…/1 for any code that writes through libxlsxwriter.
void BM_XlsxWriterFloor(benchmark::State& state) {
  const auto& data = committee(static_cast<std::size_t>(state.range(0)));
  const RuleSet& rules = default_rules();
  static std::vector<ResultTable> tables;  // kept: building them takes a while
  if (tables.empty()) {
    const Evaluation ev(rules, data.members, data.records, kYear);
    const Scores scores = ev.score();
    const TableOptions people{HeaderStyle::Labels, Language::Chinese};
    for (MemberIndex m : scores.order)
      tables.push_back(table_of_audit(rules, data.records, ev.explain(m, &scores), people, &data.members));
  }
  const std::string path = (std::filesystem::temp_directory_path() / "dutyscore_floor.xlsx").string();
  std::size_t rows = 0;
  for (auto _ : state) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    lxw_format* decimal = workbook_add_format(book);
    format_set_num_format(decimal, "0.00");
    lxw_worksheet* sheet = nullptr;
    rows = 0;
    lxw_row_t r = 0;
    for (const ResultTable& t : tables)
      for (const auto& row : t.rows) {
        if (sheet == nullptr || r == 1'048'575) {
          sheet = workbook_add_worksheet(book, nullptr);
          r = 0;
        }
        ++r;
        ++rows;
        for (std::size_t c = 0; c < row.size(); ++c) {
          const TableCell& cell = row[c];
          const auto col = static_cast<lxw_col_t>(c);
          if (cell.blank) continue;
          if (t.columns[c].type == CellType::Text) {
            if (!cell.text.empty()) worksheet_write_string(sheet, r, col, cell.text.c_str(), nullptr);
          } else {
            worksheet_write_number(sheet, r, col, static_cast<double>(cell.number) / 100.0, decimal);
          }
        }
      }
    if (workbook_close(book) != LXW_NO_ERROR) state.SkipWithError("the floor workbook was not written");
  }
  std::error_code ec;
  state.counters["file_bytes"] = static_cast<double>(std::filesystem::file_size(path, ec));
  state.counters["rows"] = static_cast<double>(rows);
  std::filesystem::remove(path, ec);
}
BENCHMARK(BM_XlsxWriterFloor)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace dutyscore::bench
