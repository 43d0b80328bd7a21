// What the reports people read (notice_html.h, summary_html.h) share: who
// issues them, which form of notice, and HTML escaping. The reports are
// self-contained HTML (inline CSS, no script, no fetched font or image)
// that prints to A4 PDF from any browser; Chinese renders with the CJK
// fonts Debian ships (Noto Sans CJK SC, WenQuanYi Zen Hei).
#pragma once

#include <string>
#include <string_view>

#include "dutyscore/office_info.h"

namespace dutyscore {

enum class NoticeForm {
  Brief,  // one A4 page: member, total, grade, rank, categories against
          // their maxima, minimums unmet or veto, where to ask
  Full,   // the brief page, then every audit line by category
};

struct ReportOptions {
  // The issuing office's name printed at the top, e.g. "政协安远县委员会办公室";
  // when set it replaces office.name. May be empty.
  std::string committee;
  // The office block (contact, appeal deadline, seal line) over the rule
  // set's own `office` (merge_office): fields set here win.
  OfficeInfo office;
  NoticeForm form = NoticeForm::Full;
};

// `text` with & < > " ' escaped for HTML text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace dutyscore
