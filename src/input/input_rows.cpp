#include "input/input_rows.h"

#include <limits>
#include <unordered_map>

#include "dutyscore/decimal.h"
#include "dutyscore/encoding.h"
#include "input/office_values.h"

namespace dutyscore::detail {

void cannot_read(const std::string& file, const std::string& why, Problems& problems) {
  problems.error(Location{file, 0, 0, {}}, "cannot read the file: " + why);
}

std::string_view trim_spaces(std::string_view s) {
  constexpr std::string_view kWide = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && s.front() == ' ') {
      s.remove_prefix(1);
    } else if (!s.empty() && s.front() == kWide[0] && s.substr(0, 3) == kWide) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && s.back() == ' ') {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.back() == kWide[2] && s.substr(s.size() - 3) == kWide) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

std::string quoted(std::string_view s) {
  constexpr std::size_t kShown = 60;
  if (s.size() <= kShown + 20) return "'" + std::string(s) + "'";
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(s.substr(0, cut)) + "…' (" + std::to_string(s.size()) + " bytes)";
}

std::optional<Day> parse_date_cell(std::string_view text, const char* what,
                                   const Location& where, Problems& problems, bool& ok) {
  if (text.empty()) return std::nullopt;
  const auto day = parse_office_date(text);
  if (!day) {
    problems.error(where,
                   std::string(what) + " " + quoted(text) +
                       " is not a date: write it as 2025-01-16, 2025/1/16, 2025.1.16 or "
                       "2025年1月16日",
                   "date");
    ok = false;
  } else if (supported_day_problem(*day)) {
    problems.error(where, std::string(what) + " " + quoted(text) +
                              " is outside the dates dutyscore supports (" +
                              supported_range_text() + ")");
    ok = false;
    return std::nullopt;
  }
  return day;
}

std::string invalid_utf8_message(std::string_view cell) {
  const auto bad = find_invalid_utf8(cell);
  if (bad == std::string_view::npos) return {};
  static const char* const hex = "0123456789ABCDEF";
  const auto byte = static_cast<unsigned char>(cell[bad]);
  std::string message = "the text is not valid UTF-8 (byte 0x";
  message += hex[byte >> 4];
  message += hex[byte & 15];
  message += " at byte " + std::to_string(bad + 1) +
             " of the cell); if the file comes from an older office system, read it with"
             " --encoding gb18030";
  return message;
}

bool Columns::unique_names(const std::vector<std::string>& header, const std::string& file,
                           Problems& problems) {
  std::unordered_map<std::string_view, std::size_t> first;
  bool ok = true;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto name = trim(header[i]);
    if (name.empty()) continue;
    const auto [it, inserted] = first.emplace(name, i);
    if (inserted) continue;
    problems.error(Location{file, 1, 0, std::string(name)},
                   "the header names column " + quoted(name) + " twice (columns " +
                       std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                       "): rename or remove one");
    ok = false;
  }
  return ok;
}

bool check_utf8_cells(const std::vector<std::string_view>& cells,
                      const std::vector<std::string>& header, const std::string& file,
                      std::uint32_t line, Problems& problems) {
  bool ok = true;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string message = invalid_utf8_message(cells[i]);
    if (message.empty()) continue;
    problems.error(Location{file, static_cast<int>(line), 0,
                            i < header.size() ? header[i] : std::string()},
                   std::move(message), "utf8");
    ok = false;
  }
  return ok;
}

std::optional<std::uint16_t> parse_position(std::string_view cell) {
  const auto value = parse_points(cell, 0);
  if (!value || *value < 1 || *value > 65535 || cell[0] == '+' || cell[0] == '-')
    return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

std::optional<std::int32_t> parse_quantity(std::string_view cell) {
  const auto value = parse_points(cell, 4);
  if (!value || *value < 0 || *value > std::numeric_limits<std::int32_t>::max() ||
      cell[0] == '+' || cell[0] == '-')
    return std::nullopt;
  return static_cast<std::int32_t>(*value);
}

void warn_outside_service(const MemberTable& members, MemberIndex m, Day date,
                          std::string_view date_text, std::string_view member_id,
                          const Location& where, Problems& problems) {
  // Outside the member's service the record normally counts for nothing; a
  // warning, because the dates themselves may be late.
  const auto joined = members.joined(m);
  const auto left = members.left(m);
  if (joined && date < *joined) {
    problems.warning(where,
                     "the record is dated " + quoted(date_text) + ", before member " +
                         quoted(member_id) + " joined on " + format_day(*joined),
                     "outside-service:" + std::string(member_id));
  } else if (left && date > *left) {
    problems.warning(where,
                     "the record is dated " + quoted(date_text) + ", after member " +
                         quoted(member_id) + " left on " + format_day(*left),
                     "outside-service:" + std::string(member_id));
  }
}

}  // namespace dutyscore::detail
