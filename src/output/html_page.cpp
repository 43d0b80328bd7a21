#include "output/html_page.h"

#include <algorithm>

#include "dutyscore/report_options.h"

namespace dutyscore {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace detail {
namespace {

// A4 with 14 mm side margins leaves 182 mm. Tables are laid out fixed, by
// their <colgroup>, so that a long name wraps inside its column instead of
// widening the table past the page; words wrap where Chinese allows
// (keep-all keeps a name whole when it fits, anywhere breaks it when not).
// CJK fonts Debian packages (fonts-noto-cjk, fonts-wqy-zenhei), then common
// ones elsewhere, then the generic family: nothing is fetched.
const char* const kStyle = R"(
@page { size: A4; margin: 14mm 14mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
       "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #111; margin: 0 auto; max-width: 182mm; font-size: 10pt; line-height: 1.45; }
header.doc { text-align: center; border-bottom: 2px solid #b00000; padding-bottom: 2.5mm; margin-bottom: 3mm; }
header.doc .office { color: #b00000; font-size: 14pt; font-weight: bold; letter-spacing: 0.1em; }
h1 { font-size: 16pt; margin: 1.5mm 0 0.5mm; letter-spacing: 0.15em; }
h2 { font-size: 11pt; border-left: 4px solid #b00000; padding-left: 2mm; margin: 3.5mm 0 1.5mm; }
h3 { font-size: 10pt; margin: 2.5mm 0 1mm; }
p { margin: 1.2mm 0; }
.sub { color: #444; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 1mm 0 1.5mm; }
th, td { border: 1px solid #999; padding: 0.7mm 1.4mm; text-align: left; vertical-align: top;
         word-break: keep-all; overflow-wrap: anywhere; }
th { background: #f1f1f1; font-weight: bold; }
th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.result { display: flex; gap: 3mm; margin: 2mm 0; }
.result > div { flex: 1; border: 1px solid #999; padding: 1.2mm; text-align: center; }
.result .big { font-size: 16pt; font-weight: bold; line-height: 1.3; }
.warn { color: #b00000; font-weight: bold; }
.meter { height: 3.4mm; margin-top: 0.6mm; background: #eeeeee; border: 1px solid #999; }
.meter > span { display: block; height: 100%; background: #b00000; }
.chart text { font-family: inherit; font-size: 11px; }
.ask { border: 1px dashed #999; padding: 1.5mm 2mm; margin: 3mm 0 0; font-size: 9.5pt; }
footer.doc { margin-top: 5mm; text-align: right; }
footer.doc p { margin: 0.8mm 0; }
table.audit { font-size: 8.5pt; line-height: 1.3; margin-top: 0; }
table.audit td, table.audit th { padding: 0.4mm 1.1mm; }
table.audit tr.cat th { background: #f6e7e7; }
table.compact { font-size: 9pt; }
section.notice + section.notice { break-before: page; page-break-before: always; }
@media print {
  body { max-width: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
)";

}  // namespace

std::string html_document_start(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
}

std::string html_doc_header(const std::string& office, const std::string& heading,
                            const std::string& sub) {
  std::string out = "<header class=\"doc\">";
  if (!office.empty()) out += "<div class=\"office\">" + html_escape(office) + "</div>";
  out += "<h1>" + html_escape(heading) + "</h1><div class=\"sub\">" + html_escape(sub) +
         "</div></header>\n";
  return out;
}

OfficeInfo effective_office(const OfficeInfo& rules_office, const ReportOptions& options) {
  OfficeInfo office = merge_office(rules_office, options.office);
  if (!options.committee.empty()) office.name = options.committee;
  return office;
}

std::string html_bar(Points value, Points max) {
  if (max <= 0) return {};
  // Tenths of a percent, exact: the bar is drawn from the same points.
  const WideInt permille = std::clamp<WideInt>(static_cast<WideInt>(value) * 1000 / max, 0, 1000);
  const auto p = static_cast<long long>(permille);
  return "<div class=\"meter\"><span style=\"width:" + std::to_string(p / 10) + "." +
         std::to_string(p % 10) + "%\"></span></div>";
}

std::string html_num(const std::string& text) { return "<td class=\"num\">" + text + "</td>"; }

std::size_t ranked_count(const Scores& s) {
  return static_cast<std::size_t>(
      std::count_if(s.rank.begin(), s.rank.end(), [](std::int32_t r) { return r > 0; }));
}

}  // namespace detail
}  // namespace dutyscore
