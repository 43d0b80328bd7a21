// Internal: integers as little-endian bytes, the order of an archive's
// fields and of the rows digest's material on any machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dutyscore::detail {

// The low `bytes` bytes of `value` (at most 8), least significant first.
inline void put_le(std::string& out, std::uint64_t value, int bytes = 8) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

// The `bytes` bytes at `at` (at most 8) as put_le() wrote them.
// REQUIRES at + bytes <= in.size().
inline std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i)
    value |= std::uint64_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return value;
}

}  // namespace dutyscore::detail
