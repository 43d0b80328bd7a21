// The rows digest as archives of version 1 defined it, over a whole text at
// once, written out here as the oracle InputDigester (taking the bytes
// piece by piece, on threads) must agree with.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "dutyscore/archive.h"
#include "base/sha256.h"

namespace dutyscore::testing {

inline std::string rows_digest_whole(std::string_view text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  std::array<std::uint64_t, 4> sum{};
  std::uint64_t rows = 0;
  std::array<std::uint8_t, 32> header{};
  bool have_header = false;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const auto digest = sha256(line);
    if (!have_header) {
      header = digest;
      have_header = true;
      continue;
    }
    unsigned carry = 0;
    for (std::size_t lane = 0; lane < 4; ++lane) {
      std::uint64_t word = 0;
      for (std::size_t b = 0; b < 8; ++b) word |= std::uint64_t{digest[lane * 8 + b]} << (8 * b);
      const std::uint64_t before = sum[lane];
      const std::uint64_t added = before + word + carry;
      carry = (added < before || (carry && added == before)) ? 1 : 0;
      sum[lane] = added;
    }
    ++rows;
  }
  std::string material = "dutyscore rows digest 1\n";
  material.append(reinterpret_cast<const char*>(header.data()), header.size());
  const auto put = [&material](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) material += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  put(rows);
  for (const auto word : sum) put(word);
  return sha256_hex(material);
}

}  // namespace dutyscore::testing
