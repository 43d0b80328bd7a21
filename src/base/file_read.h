// Internal: reading a whole input file with a size limit, saying why when
// it cannot be read (a directory, a device, a permission, a read error).
// Shared by the rule loader and the CSV and archive readers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dutyscore::detail {

// Reads the file at `path` into `out`: a regular file in one read after
// checking its size, anything else (a pipe, a FIFO, a device) in pieces,
// never past `max_bytes` + 1 bytes, so /dev/zero or an endless pipe stops
// at the limit. False with `why`, a sentence naming the reason ("it is a
// directory", "Permission denied", "it is larger than the limit of ...
// bytes"), when it cannot be read whole. `limit_option` names the option
// that raises the limit, for that message.
bool read_bounded(const std::string& path, std::size_t max_bytes, const char* limit_option,
                  std::string& out, std::string& why);

// "1048576 bytes (1 MiB)": a byte count for messages.
std::string byte_count_text(std::size_t bytes);

// A temporary file with no name (O_TMPFILE: it goes when closed) in
// `folder`, or $TMPDIR, or /tmp when `folder` is empty; -1 with `why`
// ("FOLDER: REASON", for the caller's sentence) when none can be made.
int open_temporary_file(const std::string& folder, std::string& why);

// Writes all `size` bytes to `fd`; false with `why` (the system's reason)
// when it cannot.
bool write_all(int fd, const char* bytes, std::size_t size, std::string& why);

}  // namespace dutyscore::detail

namespace dutyscore::detail {

// Turns a file's bytes into UTF-8 as a FileWindow reads them (the input
// layer's converters, utf8_decoder.h): pieces in order, a character cut
// by a piece's end left for the next piece, so that the text is the same
// whatever the pieces.
class TextDecoder {
 public:
  virtual ~TextDecoder() = default;
  // The most bytes decode() writes for `bytes` bytes in.
  static constexpr std::size_t max_output(std::size_t bytes) { return bytes + bytes / 2 + 8; }
  // Converts the front of `in` into `out` (room for max_output(in.size())
  // bytes); returns the bytes written, with `used` the bytes of `in`
  // converted: all of them when `last` (the file's end), else all but a
  // character cut by the end.
  virtual std::size_t decode(std::string_view in, bool last, char* out, std::size_t& used) = 0;
  // The state before the file's first byte again.
  virtual void reset() = 0;
  // True when text may be cut after any line feed, each side converting
  // as within the whole (in GB18030 the byte 0x0A is never part of a
  // character): pieces are then converted on several threads.
  virtual bool cuts_after_line_feeds() const { return false; }
  // A decoder of the same encoding for text after the file's start (no
  // byte order mark to skip), for another thread's piece.
  virtual std::unique_ptr<TextDecoder> another() const = 0;
};

// A file read front to back in windows, for readers that must not hold a
// whole records file (a gigabyte or more) at once: text() is the bytes read
// and not yet dropped; fill() reads more, drop() forgets the front. The
// same limit and messages as read_bounded(). A regular file of
// kMinMappedBytes or more is mapped a window at a time: text() is then a
// read-only mapping of its bytes, made afresh at each fill() that needs
// more. Copying them with read() took twice the time of mapping them (the
// kernel's copy was 7.8% of CSV → ranking's samples); mapping had cost
// more, a wait at every 4 KiB page, before the page cache held a file in
// large folios. Other files are read into a buffer that the windows reuse:
// a regular file's in pieces at their offsets on the reader's threads
// (set_threads()), a pipe's in order, and what a pipe gave is kept in an
// unlinked temporary file (on disk, not in memory) in case it has to be
// read again (rewind()). A file in another encoding is converted to UTF-8
// as it is read (set_decoder()). Over text in memory (the other constructor)
// the windows are slices of it, so that both go through the same
// reading.
class FileWindow {
 public:
  FileWindow() = default;
  explicit FileWindow(std::string_view text) : memory_(text), in_memory_(true), held_(true) {}
  ~FileWindow();
  FileWindow(const FileWindow&) = delete;
  FileWindow& operator=(const FileWindow&) = delete;

  // Opens `path`; false with `why` (as read_bounded() says it).
  bool open(const std::string& path, std::size_t max_bytes, const char* limit_option,
            std::string& why);

  // Makes text() hold at least `bytes` bytes, or everything that is left.
  // False with `why` on a read error or once the file passes the limit.
  bool fill(std::size_t bytes, std::string& why);
  std::string_view text() const;
  // True for text in memory that the caller holds whole.
  bool held() const { return held_; }
  // True when text() reaches the end of the file.
  bool at_end() const { return end_; }
  // Forgets the first `bytes` of text().
  void drop(std::size_t bytes);
  // Bytes dropped so far: where text() starts in the file.
  std::uint64_t offset() const { return offset_; }
  // The file's size when it is known before it is read (a regular file's
  // at open(), text in memory), else 0. Converted (set_decoder()), the
  // text's size as foreseen from what was converted so far.
  std::uint64_t known_size() const;
  // fill() reads a regular file's bytes in pieces on up to `threads`
  // threads (1 by default); the text is the same for any count.
  void set_threads(unsigned threads) { threads_ = threads == 0 ? 1 : threads; }
  // From the start again; false with `why` when that is impossible (a pipe
  // whose copy could not be written).
  bool rewind(std::string& why);
  // The file's bytes converted by `decoder` from now on, those in text()
  // first (a pipe's cannot be read again): text() and offset() are then
  // the converted text's, and the file's limit still counts its own bytes.
  // REQUIRES a file opened with open() (text in memory is held whole by
  // its caller, who converts it whole), nothing dropped yet.
  void set_decoder(std::unique_ptr<TextDecoder> decoder);
  // Calls `observe` with the file's bytes as they are first read from now
  // on, in order, each once (not again after rewind()), before any
  // conversion: for digests of the bytes read (an archive's) or checks of
  // them, without reading the file twice or holding it whole.
  void add_observer(std::function<void(std::string_view)> observe) {
    observers_.push_back(std::move(observe));
  }
  // The bytes the window's buffers and mapping take: what the window
  // holds, for tests that it stays small beside the file.
  std::size_t buffer_bytes() const { return capacity_ + raw_capacity_ + map_size_; }
  // Regular files of this size or more are mapped (unless set_mapping(false)).
  static constexpr std::uint64_t kMinMappedBytes = std::uint64_t{1} << 20;
  // False: read() into the buffer even where the file could be mapped,
  // text() kept (a file that others may cut short while it is read, where
  // a mapping's loads past the new end would stop the program; the tests
  // of that reading).
  void set_mapping(bool mapping);
  // True while text() is a mapping of the file.
  bool mapped() const { return map_ != nullptr; }

 private:
  void close_all();
  // Reads up to `room` bytes into `at`: a regular file's at its offset
  // total_, in pieces on the threads; a pipe's in order. `got` says how
  // many; `at_end` is set at the file's end. False, with `error`, on a
  // read error.
  bool read_into(char* at, std::size_t room, std::size_t& got, bool& at_end, int& error);
  // True while fill() maps the file rather than read() it.
  bool maps_file() const {
    return mapping_ && !map_failed_ && regular_ && !decoder_ && file_size_ >= kMinMappedBytes;
  }
  // fill() by mapping the file from text()'s page on; when the system
  // would not map it, maps_file() turns false and nothing is read (read()
  // from then on).
  bool fill_mapped(std::size_t bytes, std::string& why);
  // text() copied into buffer_ and the mapping gone: read() from here on.
  void leave_map();
  void unmap();
  // Room for `bytes` more after text() in buffer_: the kept bytes move to
  // the front, into a larger buffer when needed.
  void make_room(std::size_t bytes);
  // fill()'s step with a decoder: up to `step` more of the file's bytes
  // read after the bytes left over, and converted onto text().
  bool decode_step(std::size_t step, int& error);
  // Converts raw_'s bytes onto text(), in pieces on the threads where the
  // decoder allows; returns the bytes of raw_ converted.
  std::size_t decode_raw();
  // A pipe's bytes, appended to its copy on disk (if it could be made).
  void keep_copy(const char* bytes, std::size_t size);
  // Bytes just read at the file's offset total_: to the observers those
  // read for the first time.
  void observe(const char* bytes, std::size_t size);

  // Memory: text() is a slice of memory_.
  std::string_view memory_;
  bool in_memory_ = false;
  bool held_ = false;
  unsigned threads_ = 1;
  std::uint64_t file_size_ = 0;  // a regular file's, at open()
  std::size_t max_bytes_ = 0;
  const char* limit_option_ = "";
  int fd_ = -1;
  int spool_ = -1;  // the pipe's copy
  std::string spool_error_;
  bool regular_ = true;
  std::unique_ptr<char[]> buffer_;  // on huge pages where large (advise_huge_pages)
  // text() is buffer_[begin_, begin_ + size_), or map_'s when mapped.
  std::size_t capacity_ = 0, begin_ = 0, size_ = 0;
  bool mapping_ = true;
  bool map_failed_ = false;
  char* map_ = nullptr;  // the file's bytes from text()'s page on, map_size_ of them
  std::size_t map_size_ = 0;
  std::uint64_t offset_ = 0, total_ = 0;  // total_: bytes read from the file
  bool end_ = false;
  // With a decoder: the file's bytes read and not yet converted (a cut
  // character's, or a step's before its conversion), and whether they
  // reach the file's end; converted_ counts the text made so far.
  std::unique_ptr<TextDecoder> decoder_;
  std::vector<std::unique_ptr<TextDecoder>> helpers_;  // the other threads' pieces
  std::unique_ptr<char[]> raw_;
  std::size_t raw_capacity_ = 0, raw_size_ = 0;
  bool raw_end_ = false;
  std::uint64_t converted_ = 0;
  std::vector<std::function<void(std::string_view)>> observers_;
  std::uint64_t observed_ = 0;  // the file's bytes read for the first time
};

}  // namespace dutyscore::detail
