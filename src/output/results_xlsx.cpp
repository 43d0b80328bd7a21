#include "dutyscore/results_xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "dutyscore/action_lists.h"
#include "dutyscore/commendation.h"
#include "dutyscore/result_tables.h"
#include "base/text_util.h"

namespace dutyscore {
namespace {

// Column widths in characters: as wide as the header and the widest of the
// first rows (CJK characters count two), within these bounds.
constexpr double kMinWidth = 6, kMaxWidth = 48;
constexpr std::size_t kWidthSampleRows = 2000;

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\,
// unique in the workbook ("成绩", "成绩 (2)").
std::string sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string base;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < wanted.size() && chars < 25;) {
    const auto b = static_cast<unsigned char>(wanted[i]);
    const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    const char c = wanted[i];
    base += std::string("[]:*?/\\").find(c) != std::string::npos ? std::string("_") : wanted.substr(i, n);
    i += n;
    ++chars;
  }
  if (base.empty()) base = "Sheet";
  std::string name = base;
  for (int k = 2; used.count(name); ++k) name = base + " (" + std::to_string(k) + ")";
  used.insert(name);
  return name;
}

double number_of(const TableColumn& column, const TableCell& cell) {
  if (column.type == CellType::Integer) return static_cast<double>(cell.number);
  // Exact for every amount a rule set can hold (well within 2^53 units).
  return static_cast<double>(cell.number) / static_cast<double>(scale_of(column.precision));
}

}  // namespace

struct XlsxWorkbook::Impl {
  lxw_workbook* book = nullptr;
  lxw_format* header = nullptr;
  lxw_format* decimals[kMaxPrecision + 1] = {};
  lxw_format* integer = nullptr;
  std::set<std::string> names;
  std::string path;
  // The sheet being written.
  lxw_worksheet* sheet = nullptr;
  std::string sheet_title;
  std::vector<TableColumn> columns;
  std::size_t rows = 0;     // data rows written to the sheet
  bool widths_set = false;
  // The name a sheet goes on under past kMaxRows.
  std::string long_name;
  std::string error;

  lxw_format* format_of(const TableColumn& c) const {
    if (c.type == CellType::Integer) return integer;
    if (c.type == CellType::Decimal) return decimals[std::clamp(c.precision, 0, kMaxPrecision)];
    return nullptr;
  }

  void finish_sheet() {
    if (sheet == nullptr) return;
    if (!columns.empty())
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(rows),
                           static_cast<lxw_col_t>(columns.size() - 1));
    sheet = nullptr;
  }

  void start_sheet(const std::string& title, const std::vector<TableColumn>& cols) {
    finish_sheet();
    sheet_title = sheet_name(title, names);
    sheet = workbook_add_worksheet(book, sheet_title.c_str());
    columns = cols;
    rows = 0;
    widths_set = false;
    if (sheet == nullptr) {
      error = "cannot add the sheet " + title;
      return;
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), columns[c].label.c_str(), header);
    worksheet_freeze_panes(sheet, 1, 0);
  }

  void set_widths(const ResultTable& sample) {
    if (sheet == nullptr || widths_set) return;
    widths_set = true;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::size_t width = detail::display_width(columns[c].label) + 2;  // room for the filter button
      for (std::size_t r = 0; r < sample.rows.size() && r < kWidthSampleRows; ++r)
        if (c < sample.rows[r].size())
          width = std::max(width, detail::display_width(cell_text(columns[c], sample.rows[r][c])));
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::clamp(static_cast<double>(width) + 1, kMinWidth, kMaxWidth),
                           format_of(columns[c]));
    }
  }

  void write_rows(const ResultTable& table) {
    for (const auto& row : table.rows) {
      if (sheet == nullptr) return;
      if (rows == kMaxRows) {  // Excel's limit: the sheet goes on in another
        const std::vector<TableColumn> same = columns;
        start_sheet(long_name, same);
        set_widths(table);
      }
      const auto r = static_cast<lxw_row_t>(++rows);
      for (std::size_t c = 0; c < columns.size() && c < row.size(); ++c) {
        const TableCell& cell = row[c];
        if (cell.blank) continue;
        const auto col = static_cast<lxw_col_t>(c);
        if (columns[c].type == CellType::Text) {
          if (!cell.text.empty()) worksheet_write_string(sheet, r, col, cell.text.c_str(), nullptr);
        } else {
          worksheet_write_number(sheet, r, col, number_of(columns[c], cell), format_of(columns[c]));
        }
      }
    }
  }
};

XlsxWorkbook::XlsxWorkbook(const std::string& path) : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  w.path = path;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;  // an audit of many members passes 4 GB of XML
  w.book = workbook_new_opt(path.c_str(), &options);
  if (w.book == nullptr) {
    w.error = "cannot create the workbook " + path;
    return;
  }
  // A fixed creation time (1980-01-01, the zip format's epoch; 0 would mean
  // "now"): the same results give the same bytes.
  lxw_doc_properties properties{};
  properties.created = 315532800;
  workbook_set_properties(w.book, &properties);
  w.header = workbook_add_format(w.book);
  format_set_bold(w.header);
  format_set_bg_color(w.header, 0xF1F1F1);
  format_set_border(w.header, LXW_BORDER_THIN);
  format_set_text_wrap(w.header);
  format_set_align(w.header, LXW_ALIGN_VERTICAL_CENTER);
  std::string pattern = "0";
  for (int p = 0; p <= kMaxPrecision; ++p) {
    w.decimals[p] = workbook_add_format(w.book);
    format_set_num_format(w.decimals[p], pattern.c_str());
    pattern += p == 0 ? ".0" : "0";
  }
  w.integer = workbook_add_format(w.book);
  format_set_num_format(w.integer, "0");
}

XlsxWorkbook::~XlsxWorkbook() {
  std::string ignored;
  if (impl_ && impl_->book != nullptr) close(ignored);
}

void XlsxWorkbook::add(const ResultTable& table) {
  Impl& w = *impl_;
  if (w.book == nullptr) return;
  w.start_sheet(table.name, table.columns);
  w.set_widths(table);
  w.long_name = table.name;
  w.write_rows(table);
}

void XlsxWorkbook::begin_long(const ResultTable& header) {
  Impl& w = *impl_;
  if (w.book == nullptr) return;
  w.start_sheet(header.name, header.columns);
  w.long_name = header.name;
}

void XlsxWorkbook::append(const ResultTable& part) {
  Impl& w = *impl_;
  if (w.book == nullptr || part.rows.empty()) return;
  w.set_widths(part);
  w.write_rows(part);
}

void XlsxWorkbook::add_column_chart(std::size_t labels, std::size_t values, std::size_t rows,
                                    const std::string& title) {
  Impl& w = *impl_;
  if (w.book == nullptr || w.sheet == nullptr || rows == 0) return;
  lxw_chart* chart = workbook_add_chart(w.book, LXW_CHART_COLUMN);
  lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
  const char* sheet = w.sheet_title.c_str();
  chart_series_set_categories(series, sheet, 1, static_cast<lxw_col_t>(labels),
                              static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(labels));
  chart_series_set_values(series, sheet, 1, static_cast<lxw_col_t>(values),
                          static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(values));
  chart_series_set_name(series, w.columns.size() > values ? w.columns[values].label.c_str() : "");
  chart_title_set_name(chart, title.c_str());
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  worksheet_insert_chart(w.sheet, 1, static_cast<lxw_col_t>(w.columns.size() + 1), chart);
}

bool XlsxWorkbook::close(std::string& error) {
  Impl& w = *impl_;
  if (w.book == nullptr) {
    error = w.error;
    return false;
  }
  w.finish_sheet();
  const lxw_error status = workbook_close(w.book);
  w.book = nullptr;
  if (!w.error.empty()) {
    error = w.error;
    return false;
  }
  if (status != LXW_NO_ERROR) {
    error = "cannot write the workbook " + w.path + ": " + lxw_strerror(status);
    return false;
  }
  return true;
}

bool write_scores_workbook(const std::string& path, const RuleSet& rules, const MemberTable& members,
                           const RecordBatch& records, const Evaluation& evaluation,
                           const Scores& scores, const ScoresWorkbookOptions& options,
                           std::string& error) {
  const TableOptions people{HeaderStyle::Labels, Language::Chinese};
  XlsxWorkbook book(path);
  ScoresFormatOptions all;
  all.details = true;
  book.add(table_of_scores(rules, members, scores, all, people));
  const ResultTable grades = table_of_grade_counts(rules, scores, people);
  book.add(grades);
  book.add_column_chart(0, 1, rules.grades.size(), "等次分布");
  if (!rules.commendations.empty())
    book.add(table_of_commendations(members, rules, scores,
                                    commendation_lists(rules, members, scores, evaluation.period()), people));
  book.add(table_of_actions(rules, members, scores, action_lists(rules, members, scores), nullptr, people));
  if (!options.audit_lines) return book.close(error);

  // Every member's audit lines, in ranking order. Members are explained in
  // blocks, each block split among the threads; the rows go out in member
  // order whatever the thread count.
  const std::vector<MemberIndex>& order = scores.order;
  book.begin_long(table_of_audit(rules, records, Audit{}, people, &members));
  const std::size_t block = 256;
  const unsigned workers = std::max(1u, options.threads);
  std::vector<ResultTable> parts(block);
  for (std::size_t first = 0; first < order.size(); first += block) {
    const std::size_t count = std::min(block, order.size() - first);
    auto work = [&](unsigned t) {
      for (std::size_t i = t; i < count; i += workers)
        parts[i] = table_of_audit(rules, records, evaluation.explain(order[first + i], &scores), people, &members);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < workers && t < count; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    for (std::size_t i = 0; i < count; ++i) book.append(parts[i]);
  }
  return book.close(error);
}

}  // namespace dutyscore
