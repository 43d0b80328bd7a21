#include "base/file_read.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "base/huge_pages.h"
#include "base/parallel.h"

namespace dutyscore::detail {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Reads into `buffer` until `room` bytes or the end (then `end`); `got`
// says how many. False, with `error`, on a read error.
bool fill(int fd, char* buffer, std::size_t room, std::size_t& got, bool& end, int& error) {
  got = 0;
  while (got < room) {
    ssize_t n;
    do {
      n = read(fd, buffer + got, room - got);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      error = errno;
      return false;
    }
    if (n == 0) {
      end = true;
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  return true;
}

// stat() of an input file; false with `why` when there is none or it is a
// directory.
bool stat_input(const std::string& path, struct stat& st, std::string& why) {
  if (stat(path.c_str(), &st) != 0) {
    why = std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    why = "it is a directory";
    return false;
  }
  return true;
}

// Why a file over the limit is not read (byte_count_text() is declared in
// the header).
std::string too_large_text(std::size_t max_bytes, const char* limit_option) {
  return std::string("it is larger than ") + byte_count_text(max_bytes) +
         ", the limit for this file (" + limit_option + " raises it)";
}

}  // namespace

std::string byte_count_text(std::size_t bytes) {
  std::string text = std::to_string(bytes) + " bytes";
  if (bytes >= (std::size_t{1} << 30) && bytes % (std::size_t{1} << 30) == 0)
    text += " (" + std::to_string(bytes >> 30) + " GiB)";
  else if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    text += " (" + std::to_string(bytes >> 20) + " MiB)";
  return text;
}

int open_temporary_file(const std::string& folder, std::string& why) {
  std::string in = folder;
  if (in.empty()) {
    const char* dir = std::getenv("TMPDIR");
    in = dir && *dir ? dir : "/tmp";
  }
  const int fd = ::open(in.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) why = in + ": " + std::strerror(errno);
  return fd;
}

bool write_all(int fd, const char* bytes, std::size_t size, std::string& why) {
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = ::write(fd, bytes + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      why = n < 0 ? std::strerror(errno) : "no space";
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_bounded(const std::string& path, std::size_t max_bytes, const char* limit_option,
                  std::string& out, std::string& why) {
  out.clear();
  const auto too_large = [&] {
    why = too_large_text(max_bytes, limit_option);
    return false;
  };
  struct stat st {};
  if (!stat_input(path, st, why)) return false;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  const bool regular = S_ISREG(st.st_mode);
  if (regular && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    close(fd);
    return too_large();
  }
  const auto read_failed = [&](int error) {
    close(fd);
    out.clear();
    why = std::string(std::strerror(error)) +
          (regular ? std::string() : " (the file is " + kind_of(st.st_mode) + ")");
    return false;
  };
  // A regular file's size is known (though /proc files say 0): it is read
  // in place, into a buffer one byte larger, where a read of 0 bytes says
  // the end. Anything else (a pipe, a device, a file still growing) goes on
  // in pieces of up to 64 MiB, joined at the end, never past `max_bytes` + 1
  // bytes: growing one buffer would hold the old and the new copy at once,
  // twice the limit for /dev/zero.
  const std::size_t over = max_bytes + (max_bytes < SIZE_MAX ? 1 : 0);  // one byte past the limit
  std::size_t total = 0;
  bool end = false;
  const std::size_t first =
      std::min(regular && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 65536, over);
  out.resize(first);
  int error = 0;
  if (!fill(fd, out.data(), first, total, end, error)) return read_failed(error);
  out.resize(total);
  std::vector<std::pair<std::unique_ptr<char[]>, std::size_t>> pieces;
  for (std::size_t piece = std::size_t{1} << 20; !end && total <= max_bytes;
       piece = std::min(piece * 2, std::size_t{64} << 20)) {
    const std::size_t room = std::min(piece, over - total);
    std::unique_ptr<char[]> buffer(new char[room]);  // not zeroed: read() fills it
    std::size_t got = 0;
    if (!fill(fd, buffer.get(), room, got, end, error)) return read_failed(error);
    total += got;
    pieces.emplace_back(std::move(buffer), got);
  }
  close(fd);
  if (total > max_bytes) {
    out.clear();
    return too_large();
  }
  if (!pieces.empty()) {
    out.reserve(total);
    for (auto& [buffer, size] : pieces) {
      out.append(buffer.get(), size);
      buffer.reset();  // each piece freed once copied: the whole is held about once
    }
  }
  if (out.empty() && !regular) {
    why = "it is " + kind_of(st.st_mode) + " and gave no bytes";
    return false;
  }
  return true;
}

}  // namespace dutyscore::detail

namespace dutyscore::detail {

namespace {

// Below this a piece of reading or converting is not worth a thread.
constexpr std::size_t kMinThreadPiece = std::size_t{1} << 20;

// Room for `bytes` more after the `size` bytes at buffer[begin]: they move
// to the front, into a larger buffer (on huge pages where large) when
// needed, grown by half again at least.
void make_room(std::unique_ptr<char[]>& buffer, std::size_t& capacity, std::size_t& begin,
               std::size_t size, std::size_t bytes) {
  if (capacity - begin - size >= bytes) return;
  if (capacity - size < bytes) {
    const std::size_t larger_capacity = std::max(size + bytes, capacity + capacity / 2);
    std::unique_ptr<char[]> larger(new char[larger_capacity]);  // not zeroed: read() fills it
    detail::advise_huge_pages(larger.get(), larger_capacity);
    if (size > 0) std::memcpy(larger.get(), buffer.get() + begin, size);
    buffer = std::move(larger);
    capacity = larger_capacity;
  } else if (size > 0) {
    std::memmove(buffer.get(), buffer.get() + begin, size);
  }
  begin = 0;
}

}  // namespace

FileWindow::~FileWindow() { close_all(); }

void FileWindow::close_all() {
  unmap();
  if (fd_ >= 0) close(fd_);
  if (spool_ >= 0) close(spool_);
  fd_ = spool_ = -1;
}

bool FileWindow::open(const std::string& path, std::size_t max_bytes, const char* limit_option,
                      std::string& why) {
  close_all();
  in_memory_ = false;
  max_bytes_ = max_bytes;
  limit_option_ = limit_option;
  begin_ = size_ = 0;
  offset_ = total_ = 0;
  end_ = false;
  map_failed_ = false;
  decoder_.reset();
  raw_size_ = 0;
  raw_end_ = false;
  converted_ = 0;
  struct stat st {};
  if (!stat_input(path, st, why)) return false;
  regular_ = S_ISREG(st.st_mode);
  if (regular_ && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    why = too_large_text(max_bytes, limit_option);
    return false;
  }
  // A file that says it is empty, as /proc files do, is read to its end
  // all the same.
  file_size_ = regular_ ? static_cast<std::uint64_t>(st.st_size) : 0;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    why = std::strerror(errno);
    return false;
  }
  if (!regular_) {
    // What a pipe gives is gone once read: kept on disk, not in memory, in
    // case it has to be read again.
    std::string why_not;
    spool_ = open_temporary_file({}, why_not);
    if (spool_ < 0) spool_error_ = "no temporary file in " + why_not;
  }
  // Nothing read yet: an empty pipe or device is found by the first fill.
  if (!fill(1, why)) return false;
  if (size_ == 0 && !regular_) {
    why = "it is " + kind_of(st.st_mode) + " and gave no bytes";
    return false;
  }
  return true;
}

std::string_view FileWindow::text() const {
  if (in_memory_) return memory_.substr(begin_, size_);
  return std::string_view((map_ != nullptr ? map_ : buffer_.get()) + begin_, size_);
}

bool FileWindow::fill_mapped(std::size_t bytes, std::string& why) {
  if (size_ >= bytes || end_) return true;
  // The size now: a file that grew is read on, as read() would.
  struct stat st {};
  if (fstat(fd_, &st) != 0) {
    why = std::strerror(errno);
    return false;
  }
  const auto file_end = static_cast<std::uint64_t>(st.st_size);
  const std::uint64_t start = offset_;  // text()'s first byte
  if (file_end <= start + size_) {      // cut short since: nothing more to map
    end_ = true;
    return true;
  }
  const std::uint64_t want = bytes >= file_end - start ? file_end : start + bytes;
  if (want > max_bytes_) {
    why = too_large_text(max_bytes_, limit_option_);
    return false;
  }
  static const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  const std::uint64_t from = start - start % page;
  const auto length = static_cast<std::size_t>(want - from);
  void* map = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd_, static_cast<off_t>(from));
  if (map == MAP_FAILED) {
    map_failed_ = true;
    leave_map();
    return true;
  }
  // Read ahead, the kernel's way for read() but not for a mapping's
  // faults: the window's bytes not yet in memory at once, and the next
  // window's while this one is read (a file not in the page cache: 1.13 GB
  // mapped in 1.40 s without, 0.72 s with; 0.99 s with pread).
  madvise(map, length, MADV_WILLNEED);
  if (want < file_end)
    posix_fadvise(fd_, static_cast<off_t>(want),
                  static_cast<off_t>(std::min<std::uint64_t>(want - start, file_end - want)),
                  POSIX_FADV_WILLNEED);
  char* const bytes_from = static_cast<char*>(map);
  observe(bytes_from + (total_ - from), static_cast<std::size_t>(want - total_));
  unmap();
  map_ = bytes_from;
  map_size_ = length;
  begin_ = static_cast<std::size_t>(start - from);
  size_ = static_cast<std::size_t>(want - start);
  total_ = want;
  end_ = want == file_end;
  return true;
}

void FileWindow::set_mapping(bool mapping) {
  mapping_ = mapping;
  if (!mapping) leave_map();
}

void FileWindow::leave_map() {
  if (map_ == nullptr) return;
  const char* const kept = map_ + begin_;
  const std::size_t size = size_;
  begin_ = size_ = 0;
  make_room(size);
  if (size > 0) std::memcpy(buffer_.get(), kept, size);
  size_ = size;
  unmap();
}

void FileWindow::unmap() {
  if (map_ != nullptr) munmap(map_, map_size_);
  map_ = nullptr;
  map_size_ = 0;
}

bool FileWindow::fill(std::size_t bytes, std::string& why) {
  if (in_memory_) {
    size_ = std::min(std::max(size_, bytes), memory_.size() - begin_);
    end_ = begin_ + size_ == memory_.size();
    return true;
  }
  if (maps_file()) {
    if (!fill_mapped(bytes, why)) return false;
    if (maps_file()) return true;  // else the mapping failed: read() on
  }
  // A piece at a time, so that "everything" (SIZE_MAX) grows the buffer
  // with what the file gives, not with what was asked.
  constexpr std::size_t kPiece = std::size_t{64} << 20;
  while (size_ < bytes && !end_) {
    std::size_t step = std::min(bytes - size_, kPiece);
    // A regular file's rest as its size at open() says, and a byte more to
    // see its end: room for no more, and for all of it at once (a whole
    // file read in 64 MiB steps took a 64 MiB buffer for a small file, and
    // a large one's regrowths held two copies at once).
    if (regular_ && !decoder_ && file_size_ > total_)
      step = static_cast<std::size_t>(
          std::min<std::uint64_t>(bytes - size_, file_size_ - total_ + 1));
    int error = 0;
    const auto read_error = [&] {
      why = std::string(std::strerror(error)) +
            (regular_ ? std::string() : " (the file is a pipe or a device)");
      return false;
    };
    if (decoder_) {
      if (!decode_step(step, error)) return read_error();
    } else {
      make_room(step);
      // A pipe's as far as the buffer goes: fewer, larger reads. A regular
      // file's as far as asked: bytes read beyond the window would move to
      // the buffer's front with the text kept at the next fill.
      char* const at = buffer_.get() + begin_ + size_;
      const std::size_t room = regular_ ? step : capacity_ - begin_ - size_;
      std::size_t got = 0;
      if (!read_into(at, room, got, end_, error)) return read_error();
      keep_copy(at, got);
      observe(at, got);
      size_ += got;
      total_ += got;
    }
    if (total_ > max_bytes_) {
      why = too_large_text(max_bytes_, limit_option_);
      return false;
    }
  }
  return true;
}

void FileWindow::make_room(std::size_t bytes) {
  detail::make_room(buffer_, capacity_, begin_, size_, bytes);
}

bool FileWindow::decode_step(std::size_t step, int& error) {
  if (!raw_end_) {
    std::size_t raw_begin = 0;  // what is left is always at the front
    detail::make_room(raw_, raw_capacity_, raw_begin, raw_size_, step);
    char* const at = raw_.get() + raw_size_;
    std::size_t got = 0;
    if (!read_into(at, step, got, raw_end_, error)) return false;
    keep_copy(at, got);
    observe(at, got);
    raw_size_ += got;
    total_ += got;
    if (total_ > max_bytes_) return true;  // fill() says so
  }
  const std::size_t used = decode_raw();
  // What is left is a character cut by the step's end: to the front, for
  // the next step to complete.
  raw_size_ -= used;
  if (raw_size_ > 0) std::memmove(raw_.get(), raw_.get() + used, raw_size_);
  end_ = raw_end_ && raw_size_ == 0;
  return true;
}

std::size_t FileWindow::decode_raw() {
  const std::string_view raw(raw_.get(), raw_size_);
  // Piece k is [cuts[k], cuts[k + 1]) of raw, each but the last ending
  // after a line feed near its share.
  std::size_t pieces =
      decoder_->cuts_after_line_feeds()
          ? std::max<std::size_t>(1, std::min<std::size_t>(threads_, raw.size() / kMinThreadPiece))
          : 1;
  while (helpers_.size() + 1 < pieces) {
    auto helper = decoder_->another();
    if (!helper) break;
    helpers_.push_back(std::move(helper));
  }
  pieces = std::min(pieces, helpers_.size() + 1);
  std::vector<std::size_t> cuts{0};
  for (std::size_t k = 1; k < pieces; ++k) {
    const std::size_t from = std::max(cuts.back(), share_start(raw.size(), k, pieces));
    const std::size_t feed = raw.find('\n', from);
    if (feed == std::string_view::npos || feed + 1 >= raw.size()) break;
    cuts.push_back(feed + 1);
  }
  cuts.push_back(raw.size());
  const std::size_t n = cuts.size() - 1;
  // Each piece's text at its own place in the room, moved together after.
  std::vector<std::size_t> at(n + 1, 0), made(n, 0), used(n, 0);
  for (std::size_t k = 0; k < n; ++k)
    at[k + 1] = at[k] + TextDecoder::max_output(cuts[k + 1] - cuts[k]);
  make_room(at[n]);
  char* const out = buffer_.get() + begin_ + size_;
  detail::for_tasks(static_cast<unsigned>(n), n, [&](std::size_t k) {
    TextDecoder& decoder = k == 0 ? *decoder_ : *helpers_[k - 1];
    // Only the last piece can end inside a character.
    made[k] = decoder.decode(raw.substr(cuts[k], cuts[k + 1] - cuts[k]), k + 1 < n || raw_end_,
                             out + at[k], used[k]);
  });
  std::size_t total = made[0];
  for (std::size_t k = 1; k < n; ++k) {
    std::memmove(out + total, out + at[k], made[k]);
    total += made[k];
  }
  size_ += total;
  converted_ += total;
  return cuts[n - 1] + used[n - 1];
}

std::uint64_t FileWindow::known_size() const {
  if (in_memory_) return memory_.size();
  if (!decoder_ || file_size_ == 0) return file_size_;
  // The file's bytes, at the rate of text they have made so far.
  const std::uint64_t converted_from = total_ - raw_size_;
  if (converted_from == 0) return file_size_;
  return static_cast<std::uint64_t>(static_cast<double>(file_size_) *
                                    (static_cast<double>(converted_) /
                                     static_cast<double>(converted_from)));
}

bool FileWindow::read_into(char* at, std::size_t room, std::size_t& got, bool& at_end,
                           int& error) {
  if (!regular_) return detail::fill(fd_, at, room, got, at_end, error);
  const std::size_t pieces =
      std::max<std::size_t>(1, std::min<std::size_t>(threads_, room / kMinThreadPiece));
  // Piece k is [share_start(k), share_start(k + 1)) of the room, read at
  // its own offset; the text is the pieces' bytes up to the first one the
  // file's end cut short.
  std::vector<std::size_t> got_of(pieces, 0);
  std::vector<int> error_of(pieces, 0);
  const std::uint64_t offset = total_;
  detail::for_tasks(static_cast<unsigned>(pieces), pieces, [&](std::size_t k) {
    const std::size_t from = share_start(room, k, pieces), to = share_start(room, k + 1, pieces);
    std::size_t done = 0;
    while (from + done < to) {
      const ssize_t n = pread(fd_, at + from + done, to - from - done,
                              static_cast<off_t>(offset + from + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error_of[k] = errno;
        break;
      }
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    got_of[k] = done;
  });
  got = 0;
  for (std::size_t k = 0; k < pieces; ++k) {
    if (error_of[k] != 0) {
      error = error_of[k];
      return false;
    }
    got += got_of[k];
    if (got_of[k] < share_start(room, k + 1, pieces) - share_start(room, k, pieces)) {
      at_end = true;
      break;
    }
  }
  return true;
}

void FileWindow::keep_copy(const char* bytes, std::size_t size) {
  std::string why;
  if (spool_ < 0 || write_all(spool_, bytes, size, why)) return;
  spool_error_ = "its copy could not be written: " + why;
  close(spool_);
  spool_ = -1;
}

void FileWindow::drop(std::size_t bytes) {
  bytes = std::min(bytes, size_);
  begin_ += bytes;
  size_ -= bytes;
  offset_ += bytes;
}

void FileWindow::observe(const char* bytes, std::size_t size) {
  const std::uint64_t end = total_ + size;
  if (end <= observed_) return;
  const auto seen = static_cast<std::size_t>(observed_ - total_);  // read again after rewind()
  for (const auto& observe : observers_) observe(std::string_view(bytes + seen, size - seen));
  observed_ = end;
}

bool FileWindow::rewind(std::string& why) {
  unmap();
  begin_ = size_ = 0;
  offset_ = 0;
  if (in_memory_) {
    end_ = memory_.empty();
    return true;
  }
  end_ = false;
  total_ = 0;
  raw_size_ = 0;
  raw_end_ = false;
  converted_ = 0;
  if (decoder_) decoder_->reset();
  if (!regular_) {
    if (spool_ < 0) {
      why = "it is a pipe, and its copy was not kept (" + spool_error_ +
            "); set TMPDIR to a folder with room, or give a file instead of a pipe";
      return false;
    }
    // From now on the copy is the file.
    close(fd_);
    fd_ = spool_;
    spool_ = -1;
    regular_ = true;
  }
  if (lseek(fd_, 0, SEEK_SET) != 0) {
    why = std::strerror(errno);
    return false;
  }
  return true;
}

void FileWindow::set_decoder(std::unique_ptr<TextDecoder> decoder) {
  decoder_ = std::move(decoder);
  converted_ = 0;
  // The bytes read so far are the first to convert.
  std::size_t raw_begin = 0;
  detail::make_room(raw_, raw_capacity_, raw_begin, 0, size_);
  if (size_ > 0) std::memcpy(raw_.get(), text().data(), size_);
  unmap();
  raw_size_ = size_;
  raw_end_ = end_;
  begin_ = size_ = 0;
  end_ = false;
}

}  // namespace dutyscore::detail
