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
// them; the digests are the same for any count and either mode.
class InputDigester {
 public:
  enum Mode {
    // add() digests the piece before it returns.
    kInline,
    // With more than one thread, pieces are digested on a thread of the
    // digester's own while the caller goes on reading and parsing: add()
    // copies the piece (the caller's window buffer is reused) and waits
    // only while the piece before it is still being digested, so at most
    // one copy is held. Digesting inline took a third of an archived
    // scoring run's time on 2 threads, the parser waiting for it.
    kBeside,
  };
  explicit InputDigester(unsigned threads = 1, Mode mode = kInline);
  ~InputDigester();
  InputDigester(const InputDigester&) = delete;
  InputDigester& operator=(const InputDigester&) = delete;

  void add(std::string_view bytes);
  // Bytes the caller leaves as they are until finish() (or the digester's
  // end): added without a copy, and in kBeside without waiting.
  void add_kept(std::string_view bytes);
  // The digests of every byte added; the digester then starts again empty.
  // Rethrows what digesting threw (std::bad_alloc).
  FileDigests finish();

 private:
  struct State;
  class Beside;
  unsigned threads_;
  std::unique_ptr<State> state_;
  std::unique_ptr<Beside> beside_;  // kBeside with threads > 1
};

// The digests of `bytes` whole.
FileDigests digest_bytes(std::string_view bytes, unsigned threads = 1);

}  // namespace dutyscore
