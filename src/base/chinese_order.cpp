#include "dutyscore/chinese_order.h"

#include <unicode/ucol.h>

#include <algorithm>
#include <memory>

namespace dutyscore {
namespace {

// The next code point of UTF-8 `s` at `i` (advanced past it); invalid
// bytes come back one by one, as themselves.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  if (i + static_cast<std::size_t>(extra) >= s.size()) extra = 0;
  char32_t c = extra == 0 ? b : b & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<std::size_t>(extra) + 1;
  return c;
}

int digit_of(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int unit_of(char32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    case U'万': return 10000;
    default: return 0;
  }
}

bool is_numeral(char32_t c) { return digit_of(c) >= 0 || unit_of(c) > 0; }

// A name cut into text and numbers: "第十二活动组" -> "第", 12, "活动组".
// Chinese numerals count only after 第 (an ordinal), so that words such as
// 三农 or 一带一路 stay text; ASCII digits count anywhere.
struct Segment {
  bool number = false;
  std::string_view text;
  long long value = 0;
};

std::vector<Segment> segments_of(std::string_view s) {
  std::vector<Segment> out;
  std::size_t text_begin = 0, i = 0;
  char32_t previous = 0;
  while (i < s.size()) {
    const std::size_t at = i;
    const char32_t c = next_code_point(s, i);
    std::size_t end = at;
    long long value = -1;
    if (c >= U'0' && c <= U'9') {
      end = at;
      value = 0;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9' && value < (1LL << 50))
        value = value * 10 + (s[end++] - '0');
    } else if (previous == U'第' && is_numeral(c)) {
      std::size_t j = at;
      end = at;
      while (j < s.size()) {
        std::size_t k = j;
        if (!is_numeral(next_code_point(s, k))) break;
        j = end = k;
      }
      value = chinese_number(s.substr(at, end - at));
    }
    if (value >= 0 && end > at) {
      if (at > text_begin) out.push_back(Segment{false, s.substr(text_begin, at - text_begin), 0});
      out.push_back(Segment{true, s.substr(at, end - at), value});
      text_begin = i = end;
      previous = 0;
      continue;
    }
    previous = c;
  }
  if (text_begin < s.size()) out.push_back(Segment{false, s.substr(text_begin), 0});
  return out;
}

struct CollatorCloser {
  void operator()(UCollator* c) const { ucol_close(c); }
};

// One collator a thread: ICU's C collator is not meant to be shared.
// Pinyin is the default collation of "zh".
const UCollator* collator() {
  thread_local std::unique_ptr<UCollator, CollatorCloser> c = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCollator, CollatorCloser> made(ucol_open("zh", &status));
    if (U_FAILURE(status)) made.reset();
    return made;
  }();
  return c.get();
}

int collate(std::string_view a, std::string_view b) {
  if (const UCollator* c = collator()) {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult r =
        ucol_strcollUTF8(c, a.data(), static_cast<int32_t>(a.size()), b.data(),
                         static_cast<int32_t>(b.size()), &status);
    if (U_SUCCESS(status)) return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
  }
  return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;  // no ICU data: bytes
}

}  // namespace

long long chinese_number(std::string_view numeral) {
  long long total = 0, section = 0;
  int digit = -1;
  bool units = false, any = false;
  std::string positional;
  for (std::size_t i = 0; i < numeral.size();) {
    const char32_t c = next_code_point(numeral, i);
    const int d = digit_of(c), u = unit_of(c);
    if (d < 0 && u == 0) return -1;
    any = true;
    if (d >= 0) {
      digit = d;
      positional += static_cast<char>('0' + d);
      continue;
    }
    units = true;
    if (u == 10000) {
      total = (total + section + std::max(digit, 0)) * 10000;
      section = 0;
    } else {
      section += (digit < 0 ? 1 : digit) * u;  // 十二: a leading 十 is one ten
    }
    digit = -1;
  }
  if (!any) return -1;
  // 二〇二五 (no units): digit by digit.
  if (!units) return positional.size() > 15 ? -1 : std::stoll(positional);
  return total + section + std::max(digit, 0);
}

bool chinese_less(std::string_view a, std::string_view b) {
  const std::vector<Segment> sa = segments_of(a), sb = segments_of(b);
  const std::size_t n = std::min(sa.size(), sb.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Segment& x = sa[i];
    const Segment& y = sb[i];
    if (x.number && y.number) {
      if (x.value != y.value) return x.value < y.value;
      continue;
    }
    const int r = collate(x.text, y.text);
    if (r != 0) return r < 0;
  }
  if (sa.size() != sb.size()) return sa.size() < sb.size();
  const int r = collate(a, b);
  if (r != 0) return r < 0;
  return a < b;
}

void sort_chinese(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return chinese_less(a, b); });
}

}  // namespace dutyscore
