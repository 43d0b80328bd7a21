#include "input/office_values.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "input/input_rows.h"

namespace dutyscore::detail {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Reads 1..max_digits digits at `pos` into `value`.
bool read_number(std::string_view text, std::size_t& pos, int max_digits, int& value) {
  int n = 0;
  value = 0;
  while (pos < text.size() && digit(text[pos])) {
    if (++n > max_digits) return false;
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  return n > 0;
}

// "H:MM", "H:MM:SS", "H:MM:SS.fff": what may follow a date.
bool is_time(std::string_view text) {
  std::size_t pos = 0;
  int value = 0;
  if (!read_number(text, pos, 2, value)) return false;
  for (int part = 0; part < 2 && pos < text.size() && text[pos] == ':'; ++part) {
    ++pos;
    if (!read_number(text, pos, 2, value)) return false;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!read_number(text, pos, 9, value)) return false;
  }
  return pos == text.size();
}

constexpr std::string_view kYear = "年", kMonth = "月", kDay = "日", kDayToo = "号";

// Chinese numerals 一..九十九 (and 两 for 2), or digits.
std::optional<int> small_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), digit)) {
    if (text.size() > 5) return std::nullopt;
    return std::stoi(std::string(text));
  }
  static const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  const auto digit_of = [](std::string_view t) -> int {
    if (t == "两") return 2;
    for (int i = 0; i < 10; ++i)
      if (t == kDigits[i]) return i;
    return -1;
  };
  // Each numeral is 3 bytes of UTF-8.
  if (text.size() % 3 != 0 || text.size() > 9) return std::nullopt;
  std::vector<std::string_view> parts;
  for (std::size_t i = 0; i < text.size(); i += 3) parts.push_back(text.substr(i, 3));
  const auto ten = std::find(parts.begin(), parts.end(), std::string_view("十"));
  if (ten == parts.end()) {
    if (parts.size() != 1) return std::nullopt;
    const int d = digit_of(parts[0]);
    return d > 0 ? std::optional<int>(d) : std::nullopt;
  }
  int tens = 1, ones = 0;
  if (ten != parts.begin()) {
    if (ten - parts.begin() != 1 || (tens = digit_of(parts[0])) <= 0) return std::nullopt;
  }
  if (ten + 1 != parts.end()) {
    if (parts.end() - ten != 2 || (ones = digit_of(*(ten + 1))) <= 0) return std::nullopt;
  }
  return tens * 10 + ones;
}

}  // namespace

bool has_fullwidth(std::string_view text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = static_cast<unsigned char>(text[i + 1]);
    const auto c = static_cast<unsigned char>(text[i + 2]);
    if (a == 0xEF && ((b == 0xBC && c >= 0x81) || (b == 0xBD && c <= 0x9E))) return true;
    if (a == 0xE3 && b == 0x80 && c == 0x80) return true;
  }
  return false;
}

std::string halfwidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]);
    if (i + 2 < text.size() && (a == 0xEF || a == 0xE3)) {
      const auto b = static_cast<unsigned char>(text[i + 1]);
      const auto c = static_cast<unsigned char>(text[i + 2]);
      // U+FF01..U+FF3F are EF BC 81..BF, U+FF40..U+FF5E are EF BD 80..9E:
      // the ASCII character is the code point minus 0xFEE0.
      if (a == 0xEF && b == 0xBC && c >= 0x81) {
        out += static_cast<char>(0x21 + (c - 0x81));
        i += 2;
        continue;
      }
      if (a == 0xEF && b == 0xBD && c <= 0x9E) {
        out += static_cast<char>(0x60 + (c - 0x80));
        i += 2;
        continue;
      }
      if (a == 0xE3 && b == 0x80 && c == 0x80) {
        out += ' ';
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::optional<Day> parse_office_date(std::string_view raw) {
  // The interchange form (2025-01-16), as nearly every cell is written:
  // straight to the strict parser; anything else takes the long way.
  if (raw.size() == 10 && raw[4] == '-' && raw[7] == '-')
    if (const auto day = parse_day(raw)) return day;
  std::string storage;
  std::string_view text = trim(raw);
  if (has_fullwidth(text)) {
    storage = halfwidth(text);
    text = trim(storage);
  }
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (text.size() >= 8 && std::all_of(text.begin(), text.begin() + 8, digit) &&
      (text.size() == 8 || !digit(text[8]))) {
    // 20250116
    year = std::stoi(std::string(text.substr(0, 4)));
    month = std::stoi(std::string(text.substr(4, 2)));
    day = std::stoi(std::string(text.substr(6, 2)));
    pos = 8;
  } else {
    if (!read_number(text, pos, 4, year) || pos != 4) return std::nullopt;
    const std::string_view rest = text.substr(pos);
    const bool chinese = starts_with(rest, kYear);
    std::string_view second;  // what separates month and day
    if (chinese) {
      pos += kYear.size();
      second = kMonth;
    } else if (!rest.empty() && (rest[0] == '-' || rest[0] == '/' || rest[0] == '.')) {
      second = rest.substr(0, 1);
      ++pos;
    } else {
      return std::nullopt;
    }
    if (!read_number(text, pos, 2, month)) return std::nullopt;
    if (!starts_with(text.substr(pos), second)) return std::nullopt;
    pos += second.size();
    if (!read_number(text, pos, 2, day)) return std::nullopt;
    if (chinese) {
      if (starts_with(text.substr(pos), kDay)) pos += kDay.size();
      else if (starts_with(text.substr(pos), kDayToo)) pos += kDayToo.size();
    }
  }
  if (pos < text.size()) {
    // A time of day after a space or a 'T': dropped.
    if (text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
    if (!is_time(trim(text.substr(pos + 1)))) return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  char iso[11];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
  return parse_day(std::string_view(iso, 10));
}

std::optional<Day> excel_serial_day(std::string_view number, bool date1904) {
  const auto plain = plain_number(number);
  if (!plain || plain->empty() || (*plain)[0] == '-') return std::nullopt;
  const std::string whole = plain->substr(0, plain->find('.'));
  // 2958465 is 9999-12-31 in the 1900 system; more digits cannot be a day.
  if (whole.empty() || whole.size() > 7) return std::nullopt;
  const long serial = std::stol(whole);
  Day day = 0;
  if (date1904) {
    day = days_from_civil(1904, 1, 1) + static_cast<Day>(serial);
  } else {
    if (serial == 0 || serial == 60) return std::nullopt;  // 1900-01-00, 1900-02-29
    day = days_from_civil(1899, 12, serial < 60 ? 31 : 30) + static_cast<Day>(serial);
  }
  if (day > days_from_civil(9999, 12, 31)) return std::nullopt;
  return day;
}

std::optional<std::string> plain_number(std::string_view text) {
  std::size_t pos = 0;
  std::string sign;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    if (text[pos] == '-') sign = "-";
    ++pos;
  }
  std::string digits;  // mantissa digits, without the point
  std::size_t point = std::string::npos;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (digit(c)) {
      digits += c;
    } else if (c == '.' && point == std::string::npos) {
      point = digits.size();
    } else {
      break;
    }
  }
  if (digits.empty()) return std::nullopt;
  if (pos == text.size()) return std::string(text);
  if (text[pos] != 'E' && text[pos] != 'e') return std::nullopt;
  ++pos;
  int exp_sign = 1;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    if (text[pos] == '-') exp_sign = -1;
    ++pos;
  }
  int exponent = 0;
  // Workbooks write exponents of doubles (at most 3 digits); a bigger one
  // is no value a record holds.
  if (!read_number(text, pos, 3, exponent) || pos != text.size() || exponent > 40)
    return std::nullopt;
  long point_at = static_cast<long>(point == std::string::npos ? digits.size() : point) +
                  exp_sign * exponent;
  while (point_at < 0) {
    digits.insert(digits.begin(), '0');
    ++point_at;
  }
  while (static_cast<std::size_t>(point_at) > digits.size()) digits += '0';
  std::string whole = digits.substr(0, static_cast<std::size_t>(point_at));
  std::string fraction = digits.substr(static_cast<std::size_t>(point_at));
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size()));
  if (whole.empty()) whole = "0";
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return sign + whole + (fraction.empty() ? "" : "." + fraction);
}

std::optional<bool> yes_no(std::string_view raw) {
  const std::string_view word = trim(raw);
  static const std::string_view kYes[] = {"是", "√", "✓", "✔", "Y", "y", "YES", "Yes", "yes",
                                          "TRUE", "True", "true", "1", "有", "已", "对"};
  static const std::string_view kNo[] = {"否", "×", "✗", "✘", "N", "n", "NO", "No", "no",
                                         "FALSE", "False", "false", "0", "无", "没有", "未"};
  for (const auto w : kYes)
    if (word == w) return true;
  for (const auto w : kNo)
    if (word == w) return false;
  return std::nullopt;
}

std::optional<std::uint16_t> position_word(std::string_view raw) {
  std::string storage;
  std::string_view word = trim(raw);
  if (has_fullwidth(word)) {
    storage = halfwidth(word);
    word = trim(storage);
  }
  static const std::string_view kFirst[] = {"领衔", "领衔人", "主提案人", "牵头人", "牵头", "主笔", "执笔人"};
  for (const auto w : kFirst)
    if (word == w) return 1;
  // 第一提案人, 第2位, 第三名, 第4署名人: the number between them.
  if (starts_with(word, "第")) word.remove_prefix(std::strlen("第"));
  for (const std::string_view suffix : {"提案人", "署名人", "作者", "位", "名", "人"}) {
    if (ends_with(word, suffix)) {
      word.remove_suffix(suffix.size());
      break;
    }
  }
  const auto n = small_number(word);
  if (!n || *n < 1 || *n > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(*n);
}

bool no_position_word(std::string_view raw) {
  const std::string_view word = trim(raw);
  static const std::string_view kWords[] = {"联名", "联名人", "联名提案人", "附议", "附议人",
                                            "参与", "参与人", "成员", "共同提案人"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

void split_words(std::string_view cell, std::vector<std::string_view>& out) {
  out.clear();
  static const std::string_view kSeparators[] = {"、", "，", "；", "／", "\xE3\x80\x80"};
  std::size_t start = 0, pos = 0;
  const auto take = [&](std::size_t end) {
    const auto word = trim(cell.substr(start, end - start));
    if (!word.empty()) out.push_back(word);
  };
  while (pos < cell.size()) {
    const char c = cell[pos];
    if (c == ',' || c == ';' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      take(pos);
      start = ++pos;
      continue;
    }
    std::size_t matched = 0;
    if (static_cast<unsigned char>(c) >= 0xE0) {
      for (const auto sep : kSeparators) {
        if (cell.substr(pos, sep.size()) == sep) matched = sep.size();
      }
    }
    if (matched != 0) {
      take(pos);
      pos += matched;
      start = pos;
      continue;
    }
    ++pos;
  }
  take(cell.size());
}

std::string_view strip_note(std::string_view raw, std::string_view* note) {
  const std::string_view word = trim(raw);
  static const std::pair<std::string_view, std::string_view> kBrackets[] = {
      {"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}};
  for (const auto& [open, close] : kBrackets) {
    if (!ends_with(word, close)) continue;
    const auto at = word.find(open);
    if (at == std::string_view::npos || at == 0) continue;
    if (note) *note = trim(word.substr(at + open.size(), word.size() - close.size() - at - open.size()));
    return trim(word.substr(0, at));
  }
  if (note) *note = {};
  return word;
}

}  // namespace dutyscore::detail
