// The digests an evaluation archive keeps of an input file (archive.h):
// SHA-256 of its bytes and rows_digest() of its rows, taken from the bytes
// piece by piece as a file is read window by window, so that no file is
// held whole for them (a national records file is gigabytes, and the
// bindings load through the C API).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace dutyscore {

struct FileDigests {
  std::string bytes;  // sha256_hex() of the bytes
  std::string rows;   // rows_digest() of them
};

// Bytes added piece by piece digest as the pieces one after the other,
// wherever they are cut (inside a line, a CRLF or a byte order mark): files
// added one after the other digest as their concatenation. A piece's whole
// lines are digested on up to `threads` threads, its bytes' SHA-256 beside
// them; the digests are the same for any count.
class InputDigester {
 public:
  explicit InputDigester(unsigned threads = 1);
  ~InputDigester();
  InputDigester(const InputDigester&) = delete;
  InputDigester& operator=(const InputDigester&) = delete;

  void add(std::string_view bytes);
  // The digests of every byte added; the digester then starts again empty.
  FileDigests finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The digests of `bytes` whole.
FileDigests digest_bytes(std::string_view bytes, unsigned threads = 1);

}  // namespace dutyscore
