#include "base/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
  // A regular file's size is known (though /proc files say 0); others are
  // read in pieces up to one byte past the limit.
  std::size_t capacity = regular && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 65536;
  for (;;) {
    if (out.size() == capacity) capacity = capacity * 2;
    if (capacity > max_bytes + 1) capacity = max_bytes + 1;
    const std::size_t have = out.size();
    out.resize(capacity);
    ssize_t n;
    do {
      n = read(fd, out.data() + have, capacity - have);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      const int error = errno;
      close(fd);
      out.clear();
      why = std::string(std::strerror(error)) +
            (regular ? std::string() : " (the file is " + kind_of(st.st_mode) + ")");
      return false;
    }
    out.resize(have + static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      close(fd);
      out.clear();
      return too_large();
    }
    if (n == 0) break;
  }
  close(fd);
  if (out.empty() && !regular) {
    why = "it is " + kind_of(st.st_mode) + " and gave no bytes";
    return false;
  }
  return true;
}

}  // namespace dutyscore::detail
