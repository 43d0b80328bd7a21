// Text encodings of input files: UTF-8 (with or without a BOM) and GB18030,
// which older office systems export.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "dutyscore/problem.h"

namespace dutyscore {

// `Auto` decides from the BOM: EF BB BF is UTF-8, 84 31 95 33 is GB18030,
// no BOM means UTF-8.
enum class Encoding { Auto, Utf8, Gb18030 };

// "auto", "utf-8"/"utf8", "gb18030" (case-insensitive); nothing otherwise.
std::optional<Encoding> parse_encoding(std::string_view name);
const char* encoding_name(Encoding encoding);

// Index of the first byte that does not start or continue a well-formed
// UTF-8 sequence (overlongs, surrogates and code points above U+10FFFF
// are ill-formed), or npos when the text is valid.
std::size_t find_invalid_utf8(std::string_view text);

// Returns `text` as UTF-8 without a BOM. For UTF-8 this is a view into
// `text` (no copy); for GB18030 the converted text is stored in `storage`
// and the view points there. A byte sequence that is not GB18030 becomes
// the single byte 0xFF, which is never valid UTF-8, so the row holding it
// is reported with its line by the UTF-8 check that follows; line breaks
// are unchanged by the conversion. False (with an error) only when the
// converter is unavailable.
bool decode_to_utf8(std::string_view text, Encoding encoding, const std::string& file,
                    std::string& storage, std::string_view& utf8, Problems& problems);

}  // namespace dutyscore
