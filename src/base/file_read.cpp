#include "base/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

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

}  // namespace

std::string byte_count_text(std::size_t bytes) {
  std::string text = std::to_string(bytes) + " bytes";
  if (bytes >= (std::size_t{1} << 30) && bytes % (std::size_t{1} << 30) == 0)
    text += " (" + std::to_string(bytes >> 30) + " GiB)";
  else if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    text += " (" + std::to_string(bytes >> 20) + " MiB)";
  return text;
}

bool read_bounded(const std::string& path, std::size_t max_bytes, const char* limit_option,
                  std::string& out, std::string& why) {
  out.clear();
  const auto too_large = [&] {
    why = std::string("it is larger than ") + byte_count_text(max_bytes) +
          ", the limit for this file (" + limit_option + " raises it)";
    return false;
  };
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    why = std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    why = "it is a directory";
    return false;
  }
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
