// Internal: the page both reports are printed on: A4, the style sheet, the
// document head, the office header, and small pieces (a bar, a number
// cell) that the notice and the summary share.
#pragma once

#include <string>

#include "dutyscore/decimal.h"
#include "dutyscore/office_info.h"
#include "dutyscore/report_options.h"
#include "dutyscore/scores.h"

namespace dutyscore::detail {

// "<!DOCTYPE html>…<body>" with the style sheet; `title` is the window's.
std::string html_document_start(const std::string& title);
inline const char* html_document_end() { return "</body>\n</html>\n"; }

// The office's name (if any), the heading and the line under it.
std::string html_doc_header(const std::string& office, const std::string& heading,
                            const std::string& sub);

// The office of a report: the rule set's, then the options' over it, then
// --committee over the name.
OfficeInfo effective_office(const OfficeInfo& rules_office, const ReportOptions& options);

// A horizontal bar of `value` against `max` (empty when max <= 0).
std::string html_bar(Points value, Points max);

// A table cell holding a number, right-aligned.
std::string html_num(const std::string& text);

// Members with a rank.
std::size_t ranked_count(const Scores& scores);

}  // namespace dutyscore::detail
