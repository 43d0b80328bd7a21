// SHA-256 for the digests in evaluation archives: libsodium's
// crypto_hash_sha256 (the team's rule: no hand-written cryptography). The
// same algorithm as before, so archives written earlier verify unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dutyscore {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

namespace detail {
// Calls sodium_init() once (thread-safe); false when libsodium cannot
// start, which it never does on a supported system.
bool sodium_ready();
// Lowercase hex of `n` bytes.
std::string hex(const std::uint8_t* bytes, std::size_t n);
}  // namespace detail

}  // namespace dutyscore
