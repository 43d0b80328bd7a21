// SHA-256 for the digests in evaluation archives: Nettle's, which uses the
// processor's SHA instructions where it has them (x86 SHA-NI, ARMv8), some
// four times libsodium's portable code on the rows digest of a large file
// (tests/test_input_digest.cpp says why that matters: a digest per row).
// The team's rule: no hand-written cryptography. The same algorithm as
// before, so archives written earlier verify unchanged.
#pragma once

#include <nettle/sha2.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dutyscore {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

namespace detail {

// SHA-256 of bytes given piece by piece.
class Sha256 {
 public:
  Sha256() { sha256_init(&context_); }
  void add(std::string_view bytes) {
    sha256_update(&context_, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  }
  // The digest of the bytes added; the state is then the empty one again.
  std::array<std::uint8_t, 32> finish() {
    std::array<std::uint8_t, 32> digest{};
    sha256_digest(&context_, digest.size(), digest.data());
    return digest;
  }

 private:
  sha256_ctx context_;
};

// Calls sodium_init() once (thread-safe); false when libsodium cannot
// start, which it never does on a supported system.
bool sodium_ready();
// Lowercase hex of `n` bytes.
std::string hex(const std::uint8_t* bytes, std::size_t n);

}  // namespace detail

}  // namespace dutyscore
