// Plain CSV text (no quotes, no lone CRs) cut into chunks of whole lines
// and split fast: what the readers that read a file on several threads
// share. Anything that is not plain is left to the CSV reader, which words
// and places every message.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace dutyscore::plain_csv {

// A text's header cells and its body in chunks of whole lines.
struct Cut {
  std::vector<std::string_view> header;
  std::uint64_t body_line = 0;  // the line number of the body's first line
  std::vector<std::string_view> chunks;  // the body, in order
};

// Cuts the text into at most `parts` chunks of about equal size. Nothing
// when the CSV reader is needed for the header: a text without one, or one
// starting with a BOM (the decoder removed one already) or whose header
// line holds a quote, a CR or invalid UTF-8.
std::optional<Cut> cut(std::string_view text, unsigned parts);

// Calls row(begin, end) for every non-blank line of `chunk`, without its
// line break (CRLF, LF, or a lone CR at the very end); stops with false as
// soon as a call returns false. `lines` counts the line breaks before the
// current line, and ends as the chunk's count.
template <typename Row>
bool for_each_line(std::string_view chunk, std::uint32_t& lines, const Row& row) {
  const char* p = chunk.data();
  const char* const end = p + chunk.size();
  while (p < end) {
    const auto* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    const char* content_end = newline ? newline : end;
    if (content_end > p && content_end[-1] == '\r') --content_end;
    if (content_end > p && !row(p, content_end)) return false;
    if (!newline) break;
    ++lines;
    p = newline + 1;
  }
  return true;
}

// Splits the line [p, end) at commas into `cells`; false when the line
// holds a quote or a CR, is not valid UTF-8 (the line breaks between lines
// are ASCII, so a text is valid when each of its lines is), or has another
// number of cells than cells.size(). Bytes past `end` are read (and
// ignored) up to `limit`, the chunk's end.
bool split(const char* p, const char* end, const char* limit,
           std::vector<std::string_view>& cells);

}  // namespace dutyscore::plain_csv
