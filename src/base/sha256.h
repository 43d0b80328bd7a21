// SHA-256 (FIPS 180-4), for the digests in evaluation archives. Written
// here rather than taken from OpenSSL: 80 lines against a new build
// dependency, and the digests are checked against the standard test vectors
// (tests/test_archive.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dutyscore {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

}  // namespace dutyscore
