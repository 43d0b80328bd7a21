// Internal: ids that are a prefix and a number ("M000123", "R2025000456"),
// which members and records keep as numbers when every id of a file
// follows one such pattern.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dutyscore::detail {

// "prefix + 1 to 9 digits": the prefix, the digits' count and the number;
// false for any other id. The count is part of the pattern, so numeric and
// text order agree for ids of one pattern.
inline bool split_numeric_id(std::string_view id, std::string_view& prefix, std::size_t& digits,
                             std::uint32_t& number) {
  std::size_t start = id.size();
  while (start > 0 && id[start - 1] >= '0' && id[start - 1] <= '9') --start;
  digits = id.size() - start;
  if (digits == 0 || digits > 9) return false;
  prefix = id.substr(0, start);
  number = 0;
  for (std::size_t i = start; i < id.size(); ++i)
    number = number * 10 + static_cast<std::uint32_t>(id[i] - '0');
  return true;
}

// The number of an id known to follow the pattern (prefix, digits) if it
// does: split_numeric_id()'s answer for such an id, as the pattern's prefix
// does not end in a digit, found without scanning for the prefix's end.
// Readers check every id of a file against its first one's pattern.
inline bool numeric_id_of(std::string_view id, std::string_view prefix, std::size_t digits,
                          std::uint32_t& number) {
  if (id.size() != prefix.size() + digits || digits == 0 || digits > 9) return false;
  // The prefix byte by byte: it is a letter or a few ("M", "R2025"), where
  // string_view::compare's call took a third of this function's
  // instructions and short_text::equal's words as many.
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (id[i] != prefix[i]) return false;
  const char* p = id.data() + prefix.size();
  std::size_t n = digits;
  std::uint32_t low = 0;  // the last eight digits, when read as one word
  bool word = false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n >= 8) {
    // Eight digits in one word, the first in the lowest byte.
    std::uint64_t w = 0;
    std::memcpy(&w, p + n - 8, 8);
    // Each byte is a digit when it is 0x30..0x39: its high nibble is 3 and
    // adding 6 does not carry into the high nibble.
    if ((w & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
        ((w + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL)
      return false;
    std::uint64_t v = w - 0x3030303030303030ULL;
    v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
    v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
    v = (v * 10000 + (v >> 32)) & 0xFFFFFFFFULL;
    low = static_cast<std::uint32_t>(v);
    word = true;
    n -= 8;
  }
#endif
  std::uint32_t high = 0;  // the digits before the word (all of them without it)
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    high = high * 10 + static_cast<std::uint32_t>(p[i] - '0');
  }
  number = word ? high * 100000000u + low : high;
  return true;
}

// The text of `number` in the pattern (prefix, digits), "R", 9, 12 ->
// "R000000012", written into `out` (reused from one id to the next).
inline void render_numeric_id(std::string_view prefix, std::size_t digits, std::uint32_t number,
                              std::string& out) {
  out.assign(prefix.data(), prefix.size());
  out.resize(prefix.size() + digits);
  for (std::size_t i = out.size(); i > prefix.size(); --i, number /= 10)
    out[i - 1] = static_cast<char>('0' + number % 10);
}

inline std::string render_numeric_id(std::string_view prefix, std::size_t digits,
                                     std::uint32_t number) {
  std::string out;
  render_numeric_id(prefix, digits, number, out);
  return out;
}

// The pattern of a run of ids taken from one of them (the first): the
// numbers of the ids that follow it.
struct NumericIdPattern {
  std::string prefix;
  std::size_t digits = 0;  // 0: no pattern

  // The pattern of `id`, or none when it has none.
  void take_from(std::string_view id) {
    std::string_view its_prefix;
    std::uint32_t number = 0;
    if (split_numeric_id(id, its_prefix, digits, number)) {
      prefix = std::string(its_prefix);
    } else {
      prefix.clear();
      digits = 0;
    }
  }
  bool number_of(std::string_view id, std::uint32_t& number) const {
    return digits != 0 && numeric_id_of(id, prefix, digits, number);
  }
};

}  // namespace dutyscore::detail
