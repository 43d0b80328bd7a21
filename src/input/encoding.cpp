#include "dutyscore/encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

namespace dutyscore {
namespace {

bool starts_with_bytes(std::string_view text, const char* bytes, std::size_t n) {
  return text.size() >= n && std::memcmp(text.data(), bytes, n) == 0;
}

constexpr char kUtf8BomBytes[] = "\xEF\xBB\xBF";
constexpr char kGb18030Bom[] = "\x84\x31\x95\x33";

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::optional<Encoding> parse_encoding(std::string_view name) {
  const auto n = lower_ascii(name);
  if (n == "auto") return Encoding::Auto;
  if (n == "utf-8" || n == "utf8") return Encoding::Utf8;
  if (n == "gb18030") return Encoding::Gb18030;
  return std::nullopt;
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "utf-8";
    case Encoding::Gb18030: return "gb18030";
  }
  return "auto";
}

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;   // no overlongs
      if (c == 0xED) hi = 0x9F;   // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;   // at most U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool decode_to_utf8(std::string_view text, Encoding encoding, const std::string& file,
                    std::string& storage, std::string_view& utf8, Problems& problems) {
  if (encoding == Encoding::Auto) {
    encoding = starts_with_bytes(text, kGb18030Bom, 4) ? Encoding::Gb18030 : Encoding::Utf8;
  }
  if (encoding == Encoding::Utf8) {
    if (starts_with_bytes(text, kUtf8BomBytes, 3)) text.remove_prefix(3);
    utf8 = text;
    return true;
  }
  if (starts_with_bytes(text, kGb18030Bom, 4)) text.remove_prefix(4);
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    problems.error(Location{file, 0, 0, {}},
                   "cannot convert from GB18030: the system has no GB18030 converter");
    return false;
  }
  storage.clear();
  storage.reserve(text.size() + text.size() / 2);
  char buffer[16384];
  auto* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  while (in_left > 0) {
    char* out = buffer;
    std::size_t out_left = sizeof buffer;
    const std::size_t result = iconv(cd, &in, &in_left, &out, &out_left);
    storage.append(buffer, static_cast<std::size_t>(out - buffer));
    if (result != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ, or EINVAL (a sequence cut off by the end of the text): mark
    // the byte as invalid and go on, so that the bad row is reported.
    storage += '\xFF';
    ++in;
    --in_left;
  }
  iconv_close(cd);
  // A leading UTF-8 BOM would also have been converted; drop it.
  std::string_view view(storage);
  if (starts_with_bytes(view, kUtf8BomBytes, 3)) view.remove_prefix(3);
  utf8 = view;
  return true;
}

}  // namespace dutyscore
