// Internal: hashing and comparing short texts (ids, refs, kinds) a word at
// a time. The readers do it for every row, and a byte loop or a call to
// memcmp for a 7-byte id showed in their profiles. Nothing past a text's
// end is read: a text of 1 to 16 bytes is covered by two loads that may
// overlap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace dutyscore::short_text {

template <std::size_t N>
std::uint64_t load(const char* p) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, N);
  return word;
}

// Every byte of a text of 1 to 16 bytes, in two words (the same two for
// equal texts; together with the size, different ones for different texts).
struct Words {
  std::uint64_t first, last;
};
inline Words words_of(const char* p, std::size_t n) {
  if (n >= 8) return {load<8>(p), load<8>(p + n - 8)};
  if (n >= 4) return {load<4>(p), load<4>(p + n - 4)};
  if (n > 0) return {load<1>(p) | load<1>(p + n / 2) << 8 | load<1>(p + n - 1) << 16, 0};
  return {0, 0};
}

inline bool equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() > 16) return std::memcmp(a.data(), b.data(), a.size()) == 0;
  const Words x = words_of(a.data(), a.size()), y = words_of(b.data(), b.size());
  return x.first == y.first && x.last == y.last;
}

// A hash of `text`; the two words of a short text are multiplied side by
// side rather than one after the other.
inline std::uint64_t hash(std::string_view text) {
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t h = n;
  for (; n > 16; p += 8, n -= 8) h = (h ^ load<8>(p)) * 0x9E3779B97F4A7C15ULL;
  const Words w = words_of(p, n);
  h += w.first * 0xFF51AFD7ED558CCDULL + (w.last ^ n) * 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  return h ^ (h >> 33);
}

}  // namespace dutyscore::short_text
