#include "dutyscore/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dutyscore/csv.h"
#include "dutyscore/encoding.h"
#include "input/csv_parts.h"
#include "input/member_rows.h"
#include "input/record_rows.h"

namespace dutyscore {
namespace {

using detail::CsvHead;

// The body's cuts for `options`: one part per thread is too coarse when
// one thread is slowed by other work on the machine, so four; one part on
// one thread.
std::vector<std::size_t> cuts_for(std::string_view text, const CsvHead& head,
                                  const InputOptions& options) {
  const unsigned threads = std::max(1u, options.threads);
  return detail::cut_body(text, head.body, threads == 1 ? 1 : threads * 4, options.part_bytes);
}

// Column names as views, for Columns.
std::vector<std::string_view> views(const std::vector<std::string>& texts) {
  return std::vector<std::string_view>(texts.begin(), texts.end());
}

}  // namespace

std::optional<MemberTable> read_members(std::string_view text, const std::string& file,
                                        Problems& problems) {
  return read_members(text, file, InputOptions{}, problems, nullptr);
}

std::optional<MemberTable> read_members(std::string_view raw_text, const std::string& file,
                                        const InputOptions& options, Problems& problems,
                                        Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  std::string storage;
  std::string_view text;
  if (!decode_to_utf8(raw_text, options.encoding, file, storage, text, problems))
    return std::nullopt;
  CsvHead head;
  if (!detail::read_head(text, file, head, problems)) return std::nullopt;
  detail::MemberFile f{file, options.keep_going, head.cells};
  f.cols.read_header(views(head.cells));
  f.header_ok = f.cols.require({detail::kMemberId}, file, problems);
  const auto parts = detail::read_parts(
      cuts_for(text, head, options), head.body_line, std::max(1u, options.threads),
      [&](std::size_t start, std::size_t limit, std::uint32_t first_line) {
        return detail::read_member_part(f, text, start, limit, first_line);
      });
  std::vector<RejectedRow> rejected;
  std::size_t rows_read = 0, rows_accepted = 0;
  MemberTable table =
      detail::build_member_table(f, parts, problems, rejected, rows_read, rows_accepted);
  // Only keep-going mode leaves rows out, so only it keeps accounts.
  if (quarantine && options.keep_going) {
    quarantine->rows_read += rows_read;
    quarantine->rows_accepted += rows_accepted;
    std::move(rejected.begin(), rejected.end(), std::back_inserter(quarantine->rejected));
  }
  if (problems.error_count() != errors_before) return std::nullopt;
  return table;
}

std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, Problems& problems) {
  return read_records(text, file, members, InputOptions{}, problems, nullptr);
}

std::optional<RecordBatch> read_records(std::string_view raw_text, const std::string& file,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  std::string storage;
  std::string_view text;
  if (!decode_to_utf8(raw_text, options.encoding, file, storage, text, problems))
    return std::nullopt;
  CsvHead head;
  if (!detail::read_head(text, file, head, problems)) return std::nullopt;
  detail::RecordFile f{file, members, options.keep_going, head.cells};
  f.cols.read_header(views(head.cells));
  f.header_ok = f.cols.require(
      {detail::kRecordId, detail::kRecMember, detail::kDate, detail::kKind}, file, problems);
  const unsigned threads = std::max(1u, options.threads);
  // After the fact first: the parts at once.
  auto parts = detail::read_parts(
      cuts_for(text, head, options), head.body_line, threads,
      [&](std::size_t start, std::size_t limit, std::uint32_t first_line) {
        return detail::read_record_part(f, text, start, limit, first_line, nullptr);
      });
  auto batch = detail::combine_parts(parts, threads);
  if (!batch) {
    // Something only a reading in order words right: the whole body in
    // order, on one thread.
    parts.clear();
    detail::InOrderChecks in_order(text, options.keep_going);
    parts.push_back(detail::read_record_part(f, text, head.body, text.size(), head.body_line,
                                             &in_order));
    parts[0]->span.true_first_line = head.body_line;
    in_order.finish(f.names(), parts[0]->problems);
  }
  std::size_t rows_read = 0, rows_accepted = 0;
  for (const auto& part : parts) {
    for (Problem p : part->problems.all()) {
      p.where.line =
          static_cast<int>(part->span.true_line(static_cast<std::uint32_t>(p.where.line)));
      problems.add(std::move(p));
    }
    if (quarantine && options.keep_going) {
      for (RejectedRow& row : part->rejected) {
        row.line = part->span.true_line(row.line);
        quarantine->rejected.push_back(std::move(row));
      }
    }
    rows_read += part->rows_read;
    rows_accepted += part->rows_accepted;
  }
  // Only keep-going mode leaves rows out, so only it keeps accounts.
  if (quarantine && options.keep_going) {
    quarantine->rows_read += rows_read;
    quarantine->rows_accepted += rows_accepted;
  }
  if (problems.error_count() != errors_before) return std::nullopt;
  if (!batch) batch = parts[0]->builder.finish(threads);
  return batch;
}

std::string quarantine_csv(const Quarantine& quarantine) {
  std::string out = "file,line,reason,row\n";
  for (const auto& r : quarantine.rejected) {
    append_safe_csv_cell(out, r.file);
    out += ',';
    out += std::to_string(r.line);
    out += ',';
    append_safe_csv_cell(out, r.reason);
    out += ',';
    append_safe_csv_cell(out, r.row);
    out += '\n';
  }
  return out;
}

bool read_file(const std::string& path, std::string& out, Problems& problems) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file: it is a directory");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path, 0, 0, {}},
                   std::string("cannot open the file: ") + std::strerror(errno));
    return false;
  }
  // Read in one piece: records files can be gigabytes, and a stream copy
  // would hold them twice.
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0 || !in) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file (is it a directory?)");
    return false;
  }
  out.resize(static_cast<std::size_t>(size));
  if (size > 0 && !in.read(out.data(), size)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file");
    return false;
  }
  return true;
}

FileText::~FileText() { release(); }

FileText::FileText(FileText&& other) noexcept
    : map_(other.map_), size_(other.size_), copy_(std::move(other.copy_)) {
  other.map_ = nullptr;
  other.size_ = 0;
}

FileText& FileText::operator=(FileText&& other) noexcept {
  if (this != &other) {
    release();
    map_ = other.map_;
    size_ = other.size_;
    copy_ = std::move(other.copy_);
    other.map_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

std::string_view FileText::view() const {
  return map_ ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(copy_);
}

void FileText::release() {
  if (map_) munmap(map_, size_);
  map_ = nullptr;
  size_ = 0;
  copy_.clear();
}

bool read_file(const std::string& path, FileText& out, Problems& problems) {
  out.release();
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      // The mapping stays valid after close.
      void* map = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ,
                       MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (map != MAP_FAILED) {
        out.map_ = map;
        out.size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    if (fd >= 0) close(fd);
    if (out.map_) return true;
  }
  // Empty files, pipes and the rare file that cannot be mapped are copied,
  // with that reader's messages.
  return read_file(path, out.copy_, problems);
}

bool write_file(const std::string& path, const std::string& text, Problems& problems) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    problems.error(Location{path, 0, 0, {}}, "cannot write the file");
    return false;
  }
  return true;
}

}  // namespace dutyscore
