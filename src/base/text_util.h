// Internal text helpers shared by the writers.
#pragma once

#include <string>
#include <string_view>

namespace dutyscore::detail {

// Appends `text` as a JSON string literal (with quotes).
void append_json_string(std::string& out, std::string_view text);

// Columns a UTF-8 string takes on a terminal: 2 for CJK and fullwidth
// characters, 1 otherwise.
std::size_t display_width(std::string_view text);

// `text` padded with spaces to `width` display columns (left-aligned), or
// right-aligned when `right`.
std::string pad(std::string_view text, std::size_t width, bool right = false);

}  // namespace dutyscore::detail
