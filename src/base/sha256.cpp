#include "base/sha256.h"

#include <sodium.h>

namespace dutyscore {

namespace detail {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string hex(const std::uint8_t* bytes, std::size_t n) {
  static const char* const digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

}  // namespace detail

std::array<std::uint8_t, 32> sha256(std::string_view data) {
  detail::Sha256 hash;
  hash.add(data);
  return hash.finish();
}

std::string sha256_hex(std::string_view data) {
  const auto digest = sha256(data);
  return detail::hex(digest.data(), digest.size());
}

}  // namespace dutyscore
