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
    // Every piece is digested before add() or add_kept() returns.
    kInline,
    // With more than one thread, pieces given by add_kept() are digested
    // on a thread of the digester's own while the caller goes on (reads
    // the records of the members text being digested, or parses a text
    // given whole). add() waits for them, then digests its piece before it
    // returns: a window's bytes are overwritten after, and a copy of each
    // (up to a window, 32 MiB and more) measured no faster on 2 threads,
    // the reading keeping both busy (7.83 -> 7.63 s, median of 5).
    kBeside,
  };
  explicit InputDigester(unsigned threads = 1, Mode mode = kInline);
  ~InputDigester();
  InputDigester(const InputDigester&) = delete;
  InputDigester& operator=(const InputDigester&) = delete;

  void add(std::string_view bytes);
  // Bytes the caller leaves as they are until finish() (or the digester's
  // end): in kBeside, digested beside the caller.
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
