// Reading a members file on several threads at once.
#pragma once

#include <optional>
#include <string_view>

#include "dutyscore/members.h"

namespace dutyscore {

// Reads decoded (UTF-8, BOM removed) members text, its rows split in
// `threads` chunks at once, and returns the table the serial reader would
// return. It handles only text that the serial reader reads without a
// message and that has no quote, no lone CR and no further BOM: for
// anything else it returns nothing, and the caller reads the text row by
// row, so that every message is worded and placed exactly as before.
std::optional<MemberTable> read_members_parallel(std::string_view text, unsigned threads);

}  // namespace dutyscore
