#include "input/office_layout.h"

#include "input/input_rows.h"
#include "input/office_values.h"

namespace dutyscore::detail {
namespace {

// Separators around a meeting's name in a header.
std::string_view strip_separators(std::string_view text) {
  static const std::string_view kMarks[] = {" ", "-", "_", ":", "：", "(", ")", "（", "）",
                                            "[", "]", "【", "】", "—", "·"};
  bool changed = true;
  while (changed && !text.empty()) {
    changed = false;
    for (const auto mark : kMarks) {
      if (text.substr(0, mark.size()) == mark) {
        text.remove_prefix(mark.size());
        changed = true;
      }
      if (text.size() >= mark.size() && text.substr(text.size() - mark.size()) == mark) {
        text.remove_suffix(mark.size());
        changed = true;
      }
    }
  }
  return text;
}

bool char_boundary(std::string_view text, std::size_t at) {
  return at >= text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

// The meeting subtype a word names ("全体会议", "常委会"), or "".
std::string meeting_subtype(std::string_view word, const CodeMaps& codes) {
  std::string_view code, kind;
  if (codes.subtype(word, "meeting", code)) return std::string(code);
  if (codes.kind(word, kind, code) && kind == "meeting") return code.empty() ? "other" : std::string(code);
  return {};
}

}  // namespace

std::string normalize_header(std::string_view header) {
  const std::string wide = halfwidth(header);
  std::string out;
  for (const char c : wide)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '*') out += c;
  return out;
}

bool parse_meeting_header(std::string_view header, const CodeMaps& codes, Day& day,
                          std::string& subtype) {
  const std::string text = normalize_header(header);
  const std::string_view t(text);
  // The date first ("2025-01-16全体会议"), the longest prefix that is one.
  for (std::size_t end = t.size(); end >= 8; --end) {
    if (!char_boundary(t, end)) continue;
    const auto date = parse_office_date(t.substr(0, end));
    if (!date) continue;
    subtype = meeting_subtype(strip_separators(t.substr(end)), codes);
    if (subtype.empty()) return false;
    day = *date;
    return true;
  }
  // Or last ("全体会议(2025年1月16日)").
  const std::string_view body = strip_separators(t);
  for (std::size_t start = 0; start + 8 <= body.size(); ++start) {
    if (!char_boundary(body, start)) continue;
    const auto date = parse_office_date(body.substr(start));
    if (!date) continue;
    subtype = meeting_subtype(strip_separators(body.substr(0, start)), codes);
    if (subtype.empty()) return false;
    day = *date;
    return true;
  }
  return false;
}

std::optional<BoundLayout> bind_layout(const SourceLayout& layout, bool members,
                                       const WorkbookRow& row, const CodeMaps& codes) {
  BoundLayout bound;
  bound.layout = &layout;
  bound.header_row = row.number;
  std::map<std::string, std::uint32_t> by_header;  // normalized -> first column
  for (const auto& cell : row.cells) {
    if (cell.kind != WorkbookCell::Kind::Text && cell.kind != WorkbookCell::Kind::Number &&
        cell.kind != WorkbookCell::Kind::Date)
      continue;
    const std::string_view text = trim(cell.text);
    if (text.empty()) continue;
    bound.headers.emplace(cell.column, std::string(text));
    by_header.emplace(normalize_header(text), cell.column);
  }
  std::map<std::uint32_t, bool> used;
  for (const auto& [field, alternatives] : layout.columns) {
    for (const auto& header : alternatives) {
      const auto it = by_header.find(normalize_header(header));
      if (it == by_header.end()) continue;
      bound.columns[field] = it->second;
      bound.column_of[static_cast<std::size_t>(field)] = it->second;
      bound.written_of[static_cast<std::size_t>(field)] =
          trim(bound.headers[it->second]) == input_field_name(field);
      used[it->second] = true;
      break;
    }
  }
  for (const auto& [header, codes_text] : layout.yes_no) {
    const auto it = by_header.find(normalize_header(header));
    if (it == by_header.end()) continue;
    bound.yes_no.emplace_back(it->second, codes_text);
    used[it->second] = true;
  }
  for (const auto& [field, value] : layout.set) bound.set_of[static_cast<std::size_t>(field)] = &value;
  const auto gives = [&](InputField f) { return bound.has(f) || layout.set.count(f) != 0; };
  if (members) {
    if (!bound.has(InputField::MemberId) && !bound.has(InputField::Name)) return std::nullopt;
    return bound;
  }
  if (layout.shape == SourceLayout::Shape::Grid) {
    if (!gives(InputField::MemberId) && !gives(InputField::MemberName)) return std::nullopt;
    for (const auto& meeting : layout.meetings) {
      const auto it = by_header.find(normalize_header(meeting.header));
      if (it == by_header.end()) continue;
      std::string_view code = meeting.subtype;
      codes.subtype(meeting.subtype, "meeting", code);
      bound.meetings.push_back(BoundMeeting{it->second, meeting.date, std::string(code)});
      used[it->second] = true;
    }
    if (layout.meetings_auto) {
      for (const auto& [column, header] : bound.headers) {
        if (used.count(column)) continue;
        BoundMeeting meeting;
        meeting.column = column;
        if (parse_meeting_header(header, codes, meeting.date, meeting.subtype))
          bound.meetings.push_back(std::move(meeting));
      }
    }
    if (bound.meetings.empty()) return std::nullopt;
    return bound;
  }
  if (!gives(InputField::MemberId) && !gives(InputField::MemberName) &&
      !gives(InputField::Participants))
    return std::nullopt;
  if (!gives(InputField::Date) || !gives(InputField::Kind)) return std::nullopt;
  return bound;
}

}  // namespace dutyscore::detail
