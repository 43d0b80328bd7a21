// Internal: how a file in GB18030 or UTF-16 becomes UTF-8, whole
// (decode_to_utf8(), encoding.h) or window by window as it is read
// (FileWindow::set_decoder()), the same text either way.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/file_read.h"
#include "dutyscore/encoding.h"
#include "dutyscore/problem.h"

namespace dutyscore::detail {

struct Utf8Source {
  const char* charset = nullptr;  // iconv's name for it; null: the text is UTF-8
  // Bytes skipped after a sequence that does not convert (2 in UTF-16, so
  // that the code units stay aligned).
  std::size_t unit = 1;
  std::size_t bom = 0;  // bytes of byte order mark before the text
};

// What text starting with `head` (a file's first lines, or all of it) in
// `encoding` takes to become UTF-8. Nothing, with an error naming `file`
// and the fix, when it cannot: UTF-16 without a byte order mark, or UTF-8
// text said to be GB18030 (which would garble every name).
std::optional<Utf8Source> utf8_source(std::string_view head, Encoding encoding,
                                      const std::string& file, Problems& problems);

// The error utf8_source() gives for UTF-8 text said to be GB18030.
void refuse_utf8_as_gb18030(const std::string& file, Problems& problems);

// Whether bytes given piece by piece (cut anywhere) are, together, UTF-8
// with some character beyond ASCII: what utf8_source() asks of a file said
// to be GB18030 whose first look was ASCII only, asked of the rest as it
// is read. Holds at most a cut sequence's bytes.
class Utf8Watch {
 public:
  void add(std::string_view bytes);
  // After the last bytes.
  bool utf8_beyond_ascii() const { return valid_ && carry_.empty() && beyond_ascii_; }

 private:
  // Checks whole sequences.
  void check(std::string_view bytes);

  bool valid_ = true;
  bool beyond_ascii_ = false;
  std::string carry_;  // the start of a sequence cut by a piece's end
};

// A converter to UTF-8 for `source` (a charset); null, with an error
// naming `file`, when the system has none. A sequence that is not in the
// encoding becomes the byte 0xFF, never valid UTF-8, so that its row is
// reported by the UTF-8 check.
std::unique_ptr<TextDecoder> make_utf8_decoder(const Utf8Source& source, const std::string& file,
                                               Problems& problems);

// Makes `window` (a file's, opened, its first look filled, nothing dropped)
// give UTF-8 as it is read: the encoding decided once, on the look's whole
// lines (a character cut by the look's end is not UTF-8), and any other
// than UTF-8 converted from then on (text() is then the converted text,
// to be filled again). A file said to be GB18030 whose look is ASCII only
// gets `watch`, fed the rest as it is read: when it ends as UTF-8 beyond
// ASCII, the reader refuses it as utf8_source() would have. Nothing, with
// an error naming `file`, when the file cannot be read as text.
std::optional<Utf8Source> convert_as_read(FileWindow& window, Encoding encoding,
                                          const std::string& file, Problems& problems,
                                          std::unique_ptr<Utf8Watch>& watch);

}  // namespace dutyscore::detail
