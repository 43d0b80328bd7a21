// Internal text helpers shared by the writers and the YAML readers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dutyscore::detail {

// Appends `text` as a JSON string literal (with quotes).
void append_json_string(std::string& out, std::string_view text);

// Columns a UTF-8 string takes on a terminal: 2 for CJK and fullwidth
// characters, 1 otherwise.
std::size_t display_width(std::string_view text);

// `text` padded with spaces to `width` display columns (left-aligned), or
// right-aligned when `right`.
std::string pad(std::string_view text, std::size_t width, bool right = false);

// `s` with A-Z as a-z, other bytes as they are (encoding names, file
// names compared the way case-blind file systems do).
std::string lower_ascii(std::string_view s);

// Where the lines of a text start, to place a parser's position the way
// people count it. yaml-cpp counts columns in bytes; clerks' editors count
// characters, and a Chinese label is 3 bytes a character.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The 1-based character column of byte column `byte_column` (0-based) of
  // line `line` (0-based); byte_column + 1 when the line is not in the text.
  int character_column(int line, int byte_column) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// "; did you mean 'x'?" for the candidate closest to `word` within 2
// edits (bytes), else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace dutyscore::detail
