// Text encodings of input files: UTF-8 (with or without a BOM), GB18030
// (and GBK, its subset), which older office systems export, and UTF-16
// with a BOM, which some Windows programs write.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "dutyscore/problem.h"

namespace dutyscore {

// `Auto` decides from the BOM: EF BB BF is UTF-8, FF FE or FE FF is UTF-16
// (little or big endian), 84 31 95 33 is GB18030. Without a BOM the text is
// UTF-8 when its first MiB is valid UTF-8, and GB18030 when it is not and
// looks like it: more bytes there break UTF-8 than make up well-formed
// multi-byte UTF-8 sequences (a GBK export is never valid UTF-8 for long;
// a UTF-8 file with one damaged cell stays UTF-8, so that the cell is
// reported). `Utf16` needs the BOM to know the byte order.
enum class Encoding { Auto, Utf8, Gb18030, Utf16 };

// "auto", "utf-8"/"utf8", "gb18030"/"gbk", "utf-16"/"utf16"
// (case-insensitive); nothing otherwise.
std::optional<Encoding> parse_encoding(std::string_view name);
const char* encoding_name(Encoding encoding);

// Index of the first byte that does not start or continue a well-formed
// UTF-8 sequence (overlongs, surrogates and code points above U+10FFFF
// are ill-formed), or npos when the text is valid.
std::size_t find_invalid_utf8(std::string_view text);

// The encoding `Auto` takes `text` to be in (never Auto itself).
Encoding detect_encoding(std::string_view text);

// Returns `text` as UTF-8 without a BOM. For UTF-8 this is a view into
// `text` (no copy); for GB18030 and UTF-16 the converted text is stored in
// `storage` and the view points there. A byte sequence that is not in the
// encoding becomes the single byte 0xFF, which is never valid UTF-8, so the
// row holding it is reported with its line by the UTF-8 check that follows;
// line breaks are unchanged by the conversion. False (with an error) when
// the converter is unavailable, or for UTF-16 without a BOM.
bool decode_to_utf8(std::string_view text, Encoding encoding, const std::string& file,
                    std::string& storage, std::string_view& utf8, Problems& problems);

}  // namespace dutyscore
