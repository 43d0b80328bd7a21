// Internal: a profile's layout bound to one sheet's header: which column
// gives which field, which columns are yes/no flags or meetings. Headers
// are compared without spaces, line breaks and '*' marks, full-width
// letters as ASCII ("出席\n情况" is 出席情况).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/profile.h"
#include "dutyscore/workbook.h"
#include "input/office_codes.h"

namespace dutyscore::detail {

constexpr std::uint32_t kNoColumn = 0xFFFFFFFFu;

std::string normalize_header(std::string_view header);

// A grid's meeting column, its header read.
struct BoundMeeting {
  std::uint32_t column = 0;
  Day date = 0;
  std::string subtype;  // a code
};

struct BoundLayout {
  const SourceLayout* layout = nullptr;
  std::uint32_t header_row = 0;
  // Per field, its column (kNoColumn: none) and header as written.
  std::map<InputField, std::uint32_t> columns;
  std::map<std::uint32_t, std::string> headers;  // column -> header, every non-empty header cell
  std::vector<std::pair<std::uint32_t, std::string>> yes_no;  // column -> code(s)
  std::vector<BoundMeeting> meetings;

  // The same by field, for the rows' reading, which asks for every field
  // of every row (a map's lookup each time was a sixth of an office row's
  // time): set by bind_layout() with the map.
  static constexpr std::size_t kFields = static_cast<std::size_t>(InputField::Words) + 1;
  std::array<std::uint32_t, kFields> column_of = no_columns();
  // A column headed by the field's interchange name ("kind") holds codes,
  // taken as written.
  std::array<bool, kFields> written_of{};
  // The layout's value for every row of the field (its `set`), or null.
  std::array<const std::string*, kFields> set_of{};

  std::uint32_t column(InputField f) const { return column_of[static_cast<std::size_t>(f)]; }
  bool has(InputField f) const { return column(f) != kNoColumn; }
  bool written(InputField f) const { return written_of[static_cast<std::size_t>(f)]; }
  const std::string* set_value(InputField f) const {
    const std::string* value = set_of[static_cast<std::size_t>(f)];
    return value;
  }
  // The header of `column` as written ("" when none).
  std::string header(std::uint32_t column) const {
    const auto it = headers.find(column);
    return it == headers.end() ? std::string() : it->second;
  }

 private:
  static constexpr std::array<std::uint32_t, kFields> no_columns() {
    std::array<std::uint32_t, kFields> none{};
    for (auto& c : none) c = kNoColumn;
    return none;
  }
};

// `layout` bound to the header `row`, when the row holds what the layout
// needs (a member column, and date and kind unless fixed; a grid's meeting
// columns); nothing otherwise. `members` tells the members layout apart.
std::optional<BoundLayout> bind_layout(const SourceLayout& layout, bool members,
                                       const WorkbookRow& row, const CodeMaps& codes);

// A header naming a meeting, "2025-01-16 全体会议" or "全体会议（2025年1月16日）":
// its day and subtype code; false when it is not one.
bool parse_meeting_header(std::string_view header, const CodeMaps& codes, Day& day,
                          std::string& subtype);

}  // namespace dutyscore::detail
