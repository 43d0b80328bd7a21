#include "dutyscore/quarantine.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include "dutyscore/csv.h"
#include "base/file_read.h"

namespace dutyscore {
namespace {

constexpr std::string_view kHeader = "file,line,reason,row\n";

void append_line(std::string& out, const RejectedRow& r) {
  append_safe_csv_cell(out, r.file);
  out += ',';
  out += std::to_string(r.line);
  out += ',';
  append_safe_csv_cell(out, r.reason);
  out += ',';
  append_safe_csv_cell(out, r.row);
  out += '\n';
}

}  // namespace

// The spooled rows: the file's first `written` bytes, then `tail`, not yet
// written (written a MiB at a time, at the file's offset, which is kept at
// `written`). Read back with pread, which leaves the offset as it was, so
// that two threads may read it at once.
struct Quarantine::Spool {
  int fd = -1;
  std::uint64_t written = 0;
  std::string tail;
  // The first failure to write, kept for write_csv(): the rows after it
  // are counted, not written.
  std::string failed;

  ~Spool() {
    if (fd >= 0) ::close(fd);
  }

  void flush() {
    if (failed.empty() && detail::write_all(fd, tail.data(), tail.size(), failed))
      written += tail.size();
    tail.clear();
  }
};

constexpr std::size_t kSpoolFlushBytes = std::size_t{1} << 20;

Quarantine::Quarantine() = default;
Quarantine::~Quarantine() = default;
Quarantine::Quarantine(Quarantine&&) noexcept = default;
Quarantine& Quarantine::operator=(Quarantine&&) noexcept = default;

bool Quarantine::spool(std::string& why, const std::string& directory) {
  std::string where;
  const int fd = detail::open_temporary_file(directory, where);
  if (fd < 0) {
    why = "cannot make a temporary file in " + where;
    return false;
  }
  spool_ = std::make_unique<Spool>();
  spool_->fd = fd;
  return true;
}

void Quarantine::count_only() {
  spool_.reset();
  counted_only_ = true;
}

void Quarantine::add(RejectedRow row) {
  if (!spool_ && !counted_only_) {
    rejected.push_back(std::move(row));
    return;
  }
  ++counted_;
  if (!spool_ || !spool_->failed.empty()) return;
  append_line(spool_->tail, row);
  if (spool_->tail.size() >= kSpoolFlushBytes) spool_->flush();
}

std::size_t Quarantine::rows_rejected() const { return rejected.size() + counted_; }

Quarantine::Mark Quarantine::mark() const {
  Mark m;
  m.kept = rejected.size();
  m.counted = counted_;
  if (spool_) m.spooled_bytes = spool_->written + spool_->tail.size();
  return m;
}

void Quarantine::take_back(const Mark& mark) {
  if (rejected.size() > mark.kept) rejected.resize(mark.kept);
  counted_ = std::min(counted_, mark.counted);
  if (!spool_) return;
  Spool& s = *spool_;
  if (mark.spooled_bytes >= s.written) {
    s.tail.resize(std::min(s.tail.size(), static_cast<std::size_t>(mark.spooled_bytes - s.written)));
    return;
  }
  s.tail.clear();
  // Rows written and taken back: the file cut to the mark, where the next
  // rows are written.
  if (s.failed.empty() && (::ftruncate(s.fd, static_cast<off_t>(mark.spooled_bytes)) != 0 ||
                           ::lseek(s.fd, static_cast<off_t>(mark.spooled_bytes), SEEK_SET) < 0))
    s.failed = std::strerror(errno);
  s.written = mark.spooled_bytes;
}

bool Quarantine::write_csv(std::ostream& out, std::string& why) const {
  std::string text(kHeader);
  for (const auto& r : rejected) {
    append_line(text, r);
    if (text.size() >= kSpoolFlushBytes) {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!spool_) return true;
  const Spool& s = *spool_;
  if (!s.failed.empty()) {
    why = "the rejected rows could not be written to a temporary file: " + s.failed;
    return false;
  }
  std::string buffer(std::min<std::uint64_t>(s.written, kSpoolFlushBytes), '\0');
  for (std::uint64_t at = 0; at < s.written;) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), s.written - at));
    const ssize_t n = ::pread(s.fd, buffer.data(), want, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      why = "the rejected rows could not be read back from their temporary file: " +
            std::string(n < 0 ? std::strerror(errno) : "it ended early");
      return false;
    }
    out.write(buffer.data(), n);
    at += static_cast<std::uint64_t>(n);
  }
  out.write(s.tail.data(), static_cast<std::streamsize>(s.tail.size()));
  return true;
}

std::string quarantine_csv(const Quarantine& quarantine) {
  std::ostringstream out;
  std::string why;
  if (!quarantine.write_csv(out, why)) throw std::runtime_error(why);
  return out.str();
}

}  // namespace dutyscore
