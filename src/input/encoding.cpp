#include "dutyscore/encoding.h"

#include <iconv.h>

#include <algorithm>
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

bool decode_to_utf8(std::string_view text, Encoding encoding, const std::string& file,
                    std::string& storage, std::string_view& utf8, Problems& problems) {
  // UTF-16 (Excel's "Unicode text"): a BOM, or NUL bytes between the ASCII
  // of the header. Read as UTF-8 it would look like a file without columns.
  const bool utf16 =
      starts_with_bytes(text, "\xFF\xFE", 2) || starts_with_bytes(text, "\xFE\xFF", 2) ||
      (text.size() >= 4 && (text[0] == '\0' || text[1] == '\0') && (text[2] == '\0' || text[3] == '\0'));
  if (utf16) {
    problems.error(Location{file, 1, 0, {}},
                   "the file is UTF-16 text (Excel's \"Unicode text\"): save it as CSV UTF-8 "
                   "(or GB18030 CSV) and read it again");
    return false;
  }
  if (encoding == Encoding::Auto) {
    encoding = starts_with_bytes(text, kGb18030Bom, 4) ? Encoding::Gb18030 : Encoding::Utf8;
  }
  if (encoding == Encoding::Utf8) {
    if (starts_with_bytes(text, kUtf8BomBytes, 3)) text.remove_prefix(3);
    utf8 = text;
    return true;
  }
  if (starts_with_bytes(text, kGb18030Bom, 4)) {
    text.remove_prefix(4);
  } else if (find_invalid_utf8(text) == std::string_view::npos &&
             std::any_of(text.begin(), text.end(), [](char c) { return c & 0x80; })) {
    // Chinese text in GB18030 is practically never also valid UTF-8, so a
    // file that is must be UTF-8: converting it would garble every name.
    problems.error(Location{file, 0, 0, {}},
                   "the file is UTF-8 text, but --encoding gb18030 was given: reading it as "
                   "GB18030 would garble its Chinese text; read it with --encoding utf-8 (or "
                   "auto)");
    return false;
  }
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
