#include "dutyscore/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dutyscore/csv.h"
#include "dutyscore/encoding.h"
#include "base/file_read.h"
#include "base/freed_memory.h"
#include "input/csv_parts.h"
#include "input/member_rows.h"
#include "input/office_sources.h"
#include "input/record_rows.h"
#include "input/service_screen.h"
#include "input/utf8_decoder.h"

namespace dutyscore {
namespace {

using detail::CsvHead;

// The cuts of the body from `body` on: parts of `part_bytes`, or when that
// is 0, one part per thread is too coarse when one thread is slowed by
// other work on the machine, so four; one part on one thread.
std::vector<std::size_t> cuts_for(std::string_view text, std::size_t body, unsigned threads,
                                  std::size_t part_bytes) {
  threads = std::max(1u, threads);
  return detail::cut_body(text, body, threads == 1 ? 1 : threads * 4, part_bytes);
}

// A part of a members file: its rows live until the part is in the
// table, so a few parts' rows at a time, not the whole file's.
constexpr std::size_t kMemberPartBytes = std::size_t{1} << 20;

// A file that cannot be read, as read_file() says it.
using detail::cannot_read;

// Reads what is left of a window's file, for its observers (an archive's
// digests of every byte).
bool read_to_end(detail::FileWindow& window, const std::string& file, Problems& problems) {
  std::string why;
  while (!window.at_end()) {
    window.drop(window.text().size());
    if (!window.fill(std::size_t{4} << 20, why)) {
      cannot_read(file, why, problems);
      return false;
    }
  }
  return true;
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
  // Both checks run, so that both problems are reported.
  const bool has_columns = f.cols.require({detail::kMemberId}, file, problems);
  f.header_ok = detail::Columns::unique_names(head.cells, file, problems) && has_columns;
  std::vector<RejectedRow> rejected;
  // The table is built part after part as the parts are read (in file
  // order, while later parts are still being read).
  detail::MemberTableBuild build(f, problems, rejected);
  build.reserve(text.size() - head.body);
  // Parts of kMemberPartBytes on any thread count, the room of each
  // part's rows passed on to a later part once they are in the table: the
  // rows (some 140 bytes each) of a whole national file held at once were
  // memory touched for nothing, a fifth of CSV -> ranking's page faults
  // on bench/compare. Passed on, not freed: malloc maps a block of the
  // size it last unmapped afresh, and fresh pages fault again.
  const std::size_t part_bytes = options.part_bytes != 0 ? options.part_bytes : kMemberPartBytes;
  std::mutex spare_mutex;
  std::vector<std::vector<detail::MemberRow>> spare_rows;
  detail::read_parts(
      cuts_for(text, head.body, options.threads, part_bytes), head.body_line,
      std::max(1u, options.threads),
      [&](std::size_t start, std::size_t limit, std::uint32_t first_line) {
        std::vector<detail::MemberRow> rows;
        {
          const std::lock_guard<std::mutex> lock(spare_mutex);
          if (!spare_rows.empty()) {
            rows = std::move(spare_rows.back());
            spare_rows.pop_back();
          }
        }
        return detail::read_member_part(f, text, start, limit, first_line, std::move(rows));
      },
      [&](std::size_t, detail::MemberPart& part) {
        build.add(part);
        {
          const std::lock_guard<std::mutex> lock(spare_mutex);
          spare_rows.push_back(std::move(part.rows));
        }
        part = detail::MemberPart{};
      });
  std::size_t rows_read = 0, rows_accepted = 0;
  MemberTable table = build.finish(rows_read, rows_accepted);
  // Only keep-going mode leaves rows out, so only it keeps accounts.
  if (quarantine && options.keep_going) {
    quarantine->rows_read += rows_read;
    quarantine->rows_accepted += rows_accepted;
    for (RejectedRow& row : rejected) quarantine->add(std::move(row));
  }
  if (problems.error_count() != errors_before) return std::nullopt;
  return table;
}

std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, Problems& problems) {
  return read_records(text, file, members, InputOptions{}, problems, nullptr);
}

namespace {

// A records file's bytes read window by window: parts of a window are read
// at once, then the window is dropped, so that the text held stays small
// whatever the file's size (docs/architecture.md, "Reading records").
class RecordReading {
 public:
  // `service`: the screen of `members` (detail::ServiceScreen), made once
  // for all the files read against them.
  RecordReading(detail::FileWindow& window, const std::string& file, const MemberTable& members,
                const detail::ServiceScreen& service, const InputOptions& options,
                Problems& problems)
      : window_(&window), file_(file), members_(members), service_(service), options_(options),
        problems_(problems), threads_(std::max(1u, options.threads)) {}

  std::optional<RecordBatch> read(Quarantine* quarantine);

  using Parts = std::vector<std::unique_ptr<detail::RecordPart>>;
  // The file's rows into `appender`, which the files of one batch share,
  // their parts (problems, accounts) into `parts`; `bytes_after` is what
  // the files still to come hold, for the batch's first reservation. False
  // when the file could not be read (problems said). in_order_only() then
  // says whether only a reading in order would tell why its rows cannot
  // make a batch (they are not kept).
  bool read_rows(RecordBatchAppender& appender, Parts& parts, std::uint64_t bytes_after);
  bool in_order_only() const { return in_order_only_; }
  // The problems of the parts read after the fact, in order, at the file's
  // lines (append() moves them here from each window's parts): bounded as
  // any Problems is, where every part's own, kept until the batch is
  // finished, held every problem. Empty once the rows are read in order.
  Problems& staged() { return staged_; }
  // A file said to be GB18030 that held UTF-8 past its first look.
  bool utf8_as_gb18030() const { return utf8_watch_ && utf8_watch_->utf8_beyond_ascii(); }

 private:
  // Where a part read after the fact ended: a row's start, safe to begin a
  // window at when the body is read again in order.
  struct Boundary {
    std::uint64_t offset;
    std::uint32_t line;
    // Where the text the part was read in ended: what its last rows'
    // messages were worded from (a quote never closed before it, or not
    // closed on its line, when more lines follow).
    std::uint64_t text_end;
  };
  bool fill(std::size_t bytes);
  bool start();
  void set_window_size();
  bool read_after_the_fact(Parts& parts);
  void append(Parts& parts, std::size_t from);
  bool read_in_order(Parts& parts);

  detail::FileWindow* window_;
  std::unique_ptr<detail::FileWindow> decoded_window_;  // a file converted to UTF-8
  // A file said to be GB18030 whose first look was ASCII: is it UTF-8?
  std::unique_ptr<detail::Utf8Watch> utf8_watch_;
  std::string decoded_;
  const std::string& file_;
  const MemberTable& members_;
  const detail::ServiceScreen& service_;
  const InputOptions& options_;
  Problems& problems_;
  unsigned threads_;
  std::optional<detail::RecordFile> f_;
  std::uint64_t body_offset_ = 0;  // in the window's file
  std::uint32_t body_line_ = 0;
  std::size_t part_bytes_ = 0;     // 0: the window is the whole text, four parts a thread
  std::size_t window_bytes_ = 0;
  std::vector<Boundary> boundaries_;
  // Parts read after the fact go into the batch as they come (append()):
  // this file's own appender, or one the files of a batch share; null once
  // the rows are read in order only.
  RecordBatchAppender* appender_ = nullptr;
  std::unique_ptr<RecordBatchAppender> own_appender_;
  std::uint64_t bytes_after_ = 0;
  // The rows cannot make a batch as read after the fact: only the reading
  // in order will tell why.
  bool in_order_only_ = false;
  Problems staged_;
  // Where append() moves the parts' rejected rows as it moves their
  // problems (read()'s; a batch of several files keeps them in the parts),
  // and where they began, to take them back when the file is read again.
  Quarantine* quarantine_ = nullptr;
  Quarantine::Mark quarantine_start_;
};

// A part's rejected rows into the quarantine at the file's lines, their
// memory freed.
void move_rejected(detail::RecordPart& part, Quarantine& quarantine) {
  for (RejectedRow& row : part.rejected) {
    row.line = part.span.true_line(row.line);
    quarantine.add(std::move(row));
  }
  std::vector<RejectedRow>().swap(part.rejected);
}

// Bytes read before the encoding is told: more than detect_encoding()
// looks at (1 MiB of whole lines), so it sees what it would see in the
// whole file.
constexpr std::size_t kEncodingHeadBytes = std::size_t{4} << 20;
// A part of a file read window by window: small enough that a window of
// four parts a thread is little beside the batch, large enough that a
// part's fixed costs do not show.
constexpr std::size_t kFilePartBytes = std::size_t{4} << 20;

// A window that must grow: twice what it was, or the text it has.
std::size_t grown(std::size_t want, std::size_t size) {
  const std::size_t base = std::max(want, size);
  return base > SIZE_MAX / 2 ? SIZE_MAX : base * 2;
}

bool RecordReading::fill(std::size_t bytes) {
  std::string why;
  if (window_->fill(bytes, why)) return true;
  cannot_read(file_, why, problems_);
  return false;
}

// Text the caller holds is one window cut into four parts a thread (one
// part for one thread), unless parts of a size are asked for; a file is
// read in windows of four parts a thread.
void RecordReading::set_window_size() {
  part_bytes_ = options_.part_bytes;
  if (part_bytes_ == 0 && !window_->held()) part_bytes_ = kFilePartBytes;
  window_bytes_ = part_bytes_ == 0 ? SIZE_MAX : part_bytes_ * threads_ * 4;
}

// The encoding and the header. A file in another encoding than UTF-8 is
// converted window by window as it is read; text the caller holds is
// converted whole.
bool RecordReading::start() {
  if (!fill(kEncodingHeadBytes)) return false;
  if (!window_->held()) {
    // A file: its encoding decided once, on the first look's whole lines
    // (a character cut by the look's end is not UTF-8), keeping at least
    // the four bytes a byte order mark takes. Converted whole, a national
    // file in GB18030 was held twice over beside the batch (its bytes,
    // and its text in UTF-8).
    const auto source =
        detail::convert_as_read(*window_, options_.encoding, file_, problems_, utf8_watch_);
    if (!source) return false;
    if (source->charset == nullptr) {
      window_->drop(source->bom);
    } else {
      // A byte order mark converted after the encoding's own is the CSV
      // parser's to skip, as in any UTF-8 text.
      if (!fill(kEncodingHeadBytes)) return false;
    }
  } else {
    // Text the caller holds: UTF-8 read in place, another encoding
    // converted whole.
    std::string storage;
    std::string_view utf8;
    Problems scratch;
    const bool plain = options_.encoding != Encoding::Gb18030 &&
                       options_.encoding != Encoding::Utf16 &&
                       decode_to_utf8(window_->text(), options_.encoding, file_, storage, utf8,
                                      scratch) &&
                       storage.empty();
    if (plain) {
      window_->drop(static_cast<std::size_t>(utf8.data() - window_->text().data()));  // a BOM
    } else {
      if (!fill(SIZE_MAX)) return false;
      std::string_view text;
      if (!decode_to_utf8(window_->text(), options_.encoding, file_, decoded_, text, problems_))
        return false;
      decoded_window_ = std::make_unique<detail::FileWindow>(text);
      window_ = decoded_window_.get();
      if (!fill(SIZE_MAX)) return false;
    }
  }
  CsvHead head;
  for (;;) {
    const std::string_view text = window_->text();
    Problems attempt;
    const bool read = detail::read_head(text, file_, head, attempt);
    // The header row must end inside the window, unless the file does.
    if (window_->at_end() || (read && head.body < text.size())) {
      problems_.append(attempt);
      if (!read) return false;
      break;
    }
    if (!fill(grown(kEncodingHeadBytes, text.size()))) return false;
  }
  body_offset_ = window_->offset() + head.body;
  body_line_ = head.body_line;
  f_.emplace(file_, members_, service_, options_.keep_going, head.cells);
  f_->cols.read_header(views(head.cells));
  const bool has_columns = f_->cols.require(
      {detail::kRecordId, detail::kRecMember, detail::kDate, detail::kKind}, file_, problems_);
  f_->header_ok = detail::Columns::unique_names(head.cells, file_, problems_) && has_columns;
  return true;
}

// Window after window, each window's parts at once, each part into a
// builder of its own (the fast way, record_rows.h).
bool RecordReading::read_after_the_fact(Parts& parts) {
  std::size_t pos = static_cast<std::size_t>(body_offset_ - window_->offset());
  std::uint32_t line = body_line_;
  std::size_t want = window_bytes_;
  for (;;) {
    const std::size_t size = want > SIZE_MAX - pos ? SIZE_MAX : pos + want;
    if (!fill(size)) return false;
    // The window is `size` bytes even when more were read (the encoding's
    // look at the file's start reads 4 MiB).
    std::string_view text = window_->text().substr(0, size);
    const bool last = window_->at_end() && text.size() == window_->text().size();
    // Whole lines only, unless the file ends here.
    if (!last) {
      const std::size_t line_end = text.rfind('\n');
      text = text.substr(0, line_end == std::string_view::npos || line_end < pos ? pos : line_end + 1);
      if (text.size() == pos) {  // a line longer than the window
        want = grown(want, text.size());
        continue;
      }
    }
    // Each part's codes go into the batch's dictionaries as soon as it and
    // the parts before it are read, while the other threads read on, up to
    // the first part to be read again (below): appending the window then
    // has no step left that must follow the parts' order.
    bool merging = !in_order_only_;
    Parts read = detail::read_parts(
        cuts_for(text, pos, threads_, part_bytes_), line, threads_,
        [&](std::size_t start, std::size_t limit, std::uint32_t first) {
          return detail::read_record_part(*f_, text, start, limit, first, nullptr);
        },
        [&](std::size_t, detail::RecordPart& part) {
          if (!merging || part.needs_order || (!last && part.span.ran_out)) {
            merging = false;
            return;
          }
          merging = appender_->merge_codes(part.builder);
        });
    // A part whose quoted cell ran to the window's end may go on past it:
    // it and the parts after it are read again in a larger window.
    std::size_t keep = read.size();
    if (!last) {
      for (std::size_t k = 0; k < read.size(); ++k) {
        if (read[k]->span.ran_out) {
          keep = k;
          break;
        }
      }
    }
    if (keep == 0) {
      want = grown(want, text.size());
      continue;
    }
    const std::size_t first_new = parts.size();
    for (std::size_t k = 0; k < keep; ++k) {
      const detail::PartSpan& span = read[k]->span;
      line = span.true_line(span.end_line);
      boundaries_.push_back({window_->offset() + span.end, line, window_->offset() + text.size()});
      parts.push_back(std::move(read[k]));
    }
    append(parts, first_new);
    if (last && keep == read.size()) return true;
    window_->drop(parts.back()->span.end);
    pos = 0;
    want = window_bytes_;
  }
}

// Moves parts [from, end) into the batch as they come (RecordBatchAppender).
void RecordReading::append(Parts& parts, std::size_t from) {
  for (std::size_t k = from; k < parts.size(); ++k) in_order_only_ |= parts[k]->needs_order;
  if (!in_order_only_) {
    std::vector<RecordBatchBuilder*> builders;
    std::size_t rows = 0;
    for (std::size_t k = from; k < parts.size(); ++k) {
      builders.push_back(&parts[k]->builder);
      rows += parts[k]->builder.size();
    }
    // After the first rows, room for the rest to come by the bytes they took.
    if (appender_->size() == 0 && window_->known_size() > 0) {
      const std::uint64_t done = window_->offset() + parts.back()->span.end - body_offset_;
      const std::uint64_t body = window_->known_size() - body_offset_ + bytes_after_;
      detail::reserve_by_bytes(*appender_, rows, done, body);
    }
    std::string refused;
    in_order_only_ = !appender_->append(builders, threads_, refused);
  }
  for (std::size_t k = from; k < parts.size(); ++k) {
    detail::RecordPart& part = *parts[k];
    part.span.add_at_true_lines(part.problems, staged_);
    part.problems = Problems();
    if (quarantine_) move_rejected(part, *quarantine_);
  }
  // Only the reading in order will tell why: the rows are not kept.
  if (in_order_only_) {
    appender_ = nullptr;
    own_appender_.reset();
    for (std::size_t k = from; k < parts.size(); ++k) parts[k]->builder.clear();
  }
}

// The whole body in order on one thread, into one part, checking each row
// against the rows before it: window after window, each ending where a
// part of the reading after the fact ended (a row's start).
bool RecordReading::read_in_order(Parts& parts) {
  std::string why;
  if (!window_->rewind(why)) {
    problems_.error(Location{file_, 0, 0, {}},
                    "cannot read the file a second time, which the messages about rows that "
                    "disagree with earlier rows need: " + why);
    return false;
  }
  if (!fill(static_cast<std::size_t>(body_offset_))) return false;
  window_->drop(static_cast<std::size_t>(body_offset_));
  auto part = std::make_unique<detail::RecordPart>(members_.size());
  detail::InOrderChecks in_order(options_.keep_going);
  std::uint32_t line = body_line_;
  for (std::size_t k = 0; k < boundaries_.size();) {
    // As many parts as make a window.
    std::size_t to = k;
    while (to + 1 < boundaries_.size() &&
           boundaries_[to + 1].offset - window_->offset() <= window_bytes_)
      ++to;
    const std::size_t end = static_cast<std::size_t>(boundaries_[to].offset - window_->offset());
    // The rows are those of the parts; the text after them, what those
    // parts saw, so that every message is worded as it was then.
    std::uint64_t seen = 0;
    for (std::size_t j = k; j <= to; ++j) seen = std::max(seen, boundaries_[j].text_end);
    const auto text_end = static_cast<std::size_t>(seen - window_->offset());
    if (!fill(text_end)) return false;
    detail::PartSpan span;
    span.first_line = line;
    detail::read_record_rows(*f_, window_->text().substr(0, text_end), end, &in_order, span,
                             *part);
    line = boundaries_[to].line;
    window_->drop(end);
    k = to + 1;
  }
  // Lines are the file's own: the part's span counts from 0 to 0.
  part->span = detail::PartSpan{};
  in_order.finish(f_->names(), part->problems);
  parts.push_back(std::move(part));
  return true;
}

bool RecordReading::read_rows(RecordBatchAppender& appender, Parts& parts,
                              std::uint64_t bytes_after) {
  appender_ = &appender;
  bytes_after_ = bytes_after;
  if (!start()) return false;
  set_window_size();
  return read_after_the_fact(parts);
}

std::optional<RecordBatch> RecordReading::read(Quarantine* quarantine) {
  const std::size_t errors_before = problems_.error_count();
  if (options_.keep_going && quarantine) {
    quarantine_ = quarantine;
    quarantine_start_ = quarantine->mark();
  }
  // A file that could not be read leaves no rows in the quarantine, as
  // before its rows went there window by window.
  const auto unread = [this] {
    if (quarantine_) quarantine_->take_back(quarantine_start_);
    return std::nullopt;
  };
  Parts parts;
  own_appender_ = std::make_unique<RecordBatchAppender>(members_.size());
  if (!read_rows(*own_appender_, parts, 0)) return unread();
  std::optional<RecordBatch> batch;
  if (!in_order_only_) batch = detail::finish_parts(*appender_, parts, threads_);
  appender_ = nullptr;
  own_appender_.reset();
  if (!batch) {
    // Something only a reading in order words right: the whole body again.
    parts.clear();
    staged_ = Problems();
    if (quarantine_) quarantine_->take_back(quarantine_start_);
    if (!read_in_order(parts)) return unread();
  }
  if (utf8_as_gb18030()) {
    // Its rows' messages would be about the garbled text: only this one.
    detail::refuse_utf8_as_gb18030(file_, problems_);
    return unread();
  }
  std::size_t rows_read = 0, rows_accepted = 0;
  problems_.append(staged_);
  staged_ = Problems();
  for (const auto& part : parts) {
    part->span.add_at_true_lines(part->problems, problems_);
    if (quarantine_) move_rejected(*part, *quarantine_);
    rows_read += part->rows_read;
    rows_accepted += part->rows_accepted;
  }
  // Only keep-going mode leaves rows out, so only it keeps accounts.
  if (quarantine_) {
    quarantine->rows_read += rows_read;
    quarantine->rows_accepted += rows_accepted;
  }
  if (problems_.error_count() != errors_before) return std::nullopt;
  if (!batch) batch = parts[0]->builder.finish(threads_);
  // The blocks the parts freed as their rows moved into the batch, which
  // malloc would keep resident through the scoring: 94 MiB off the peak
  // of bench/compare's run at 10^8 records.
  parts.clear();
  detail::give_back_freed_memory();
  return batch;
}

// Regular files whose first look says they are interchange CSV: what
// stream_interchange_files() may read. (A pipe's first bytes could not be
// looked at and then read again.)
bool interchange_files(const std::vector<std::string>& paths, const InputOptions& options,
                       std::vector<std::uint64_t>& sizes) {
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    detail::FileWindow window;
    std::string why;
    if (!window.open(path, options.max_file_bytes, "--max-input-bytes", why) ||
        !window.fill(kEncodingHeadBytes, why) ||
        !detail::interchange_records_csv(window.text(), options.encoding))
      return false;
    sizes.push_back(window.known_size());
  }
  return true;
}

// Interchange records files read window by window, one after the other,
// into one batch: none held whole, each window's parts on the threads, as
// a lone file is read. Null when the files' rows gave an error, the
// reading itself any message, or only a reading in order could word why
// they cannot make a batch (an id in two files): the caller then reads
// them as before, whose messages name every file's rows in order. Rows'
// warnings alone (records outside a member's service, common in a real
// national file) go to `problems`, file after file, as a lone file's
// reading and the reading of them all whole give them. `bytes_read` (when
// set) sees every byte read, in order, and `observed` counts each file's.
std::optional<RecordBatch> stream_interchange_files(
    const std::vector<std::string>& paths, const std::vector<std::uint64_t>& sizes,
    const MemberTable& members, const InputOptions& options, Problems& problems,
    Quarantine* quarantine, const std::function<void(std::string_view)>& bytes_read,
    std::vector<std::uint64_t>& observed) {
  const unsigned threads = std::max(1u, options.threads);
  Problems said;
  RecordBatchAppender appender(members.size());
  RecordReading::Parts parts;
  std::vector<Problems> staged(paths.size());  // each file's, in order
  std::uint64_t bytes_after = 0;
  for (const auto size : sizes) bytes_after += size;
  const detail::ServiceScreen service(members);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    bytes_after -= sizes[i];
    detail::FileWindow window;
    window.set_threads(threads);
    window.add_observer([&bytes_read, &seen = observed[i]](std::string_view bytes) {
      seen += bytes.size();
      if (bytes_read) bytes_read(bytes);
    });
    std::string why;
    if (!window.open(paths[i], options.max_file_bytes, "--max-input-bytes", why)) return std::nullopt;
    RecordReading reading(window, paths[i], members, service, options, said);
    if (!reading.read_rows(appender, parts, bytes_after) || reading.in_order_only() ||
        reading.utf8_as_gb18030() || !said.all().empty() || reading.staged().has_errors())
      return std::nullopt;
    staged[i] = std::move(reading.staged());
  }
  std::optional<RecordBatch> batch = detail::finish_parts(appender, parts, threads);
  if (!batch) return std::nullopt;
  // The parts' problems are in `staged` (RecordReading::append()).
  for (const auto& part : parts)
    if (!part->rejected.empty()) return std::nullopt;
  for (const Problems& file_problems : staged) problems.append(file_problems);
  if (quarantine && options.keep_going) {
    for (const auto& part : parts) {
      quarantine->rows_read += part->rows_read;
      quarantine->rows_accepted += part->rows_accepted;
    }
  }
  // As a lone file's reading does: the parts' freed blocks go back.
  parts.clear();
  detail::give_back_freed_memory();
  return batch;
}

// The readers of office files over `windows` (each opened, its first
// look filled), named by `paths`: a CSV file window by window, a workbook
// whole. With `observed`, what is left of each file is read at the end, so
// that its observers see every byte.
std::optional<RecordBatch> read_office_files(const std::vector<detail::FileWindow*>& windows,
                                             const std::vector<std::string>& paths,
                                             const MemberTable& members,
                                             const InputOptions& options, Problems& problems,
                                             Quarantine* quarantine, bool observed) {
  const std::size_t errors_before = problems.error_count();
  std::vector<InputFile> inputs;
  inputs.reserve(paths.size());  // the opened files point at them
  std::vector<std::unique_ptr<detail::OpenFile>> opened;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    detail::FileWindow& window = *windows[i];
    inputs.push_back(InputFile{paths[i], {}, paths[i]});
    std::unique_ptr<detail::OpenFile> file;
    if (detect_file_format(window.text()) == FileFormat::Csv) {
      file = detail::open_streamed(inputs.back(), window, options, problems);
    } else {
      std::string why;
      if (!window.fill(SIZE_MAX, why)) {
        cannot_read(paths[i], why, problems);
        return std::nullopt;
      }
      inputs.back().bytes = window.text();
      file = detail::open_file(inputs.back(), options, problems);
    }
    if (file) opened.push_back(std::move(file));
  }
  // Every file's problem said, as read_records(files) says them.
  if (problems.error_count() != errors_before) return std::nullopt;
  auto batch = detail::read_office_records(opened, members, options, problems, quarantine);
  if (batch && observed) {
    for (std::size_t i = 0; i < paths.size(); ++i)
      if (!read_to_end(*windows[i], paths[i], problems)) return std::nullopt;
  }
  return batch;
}

}  // namespace

std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine) {
  detail::FileWindow window(text);
  const detail::ServiceScreen service(members);
  return RecordReading(window, file, members, service, options, problems).read(quarantine);
}

std::optional<RecordBatch> read_records_file(
    const std::string& path, const MemberTable& members, const InputOptions& options,
    Problems& problems, Quarantine* quarantine,
    const std::function<void(std::string_view)>& bytes_read) {
  detail::FileWindow window;
  window.set_threads(options.threads);
  if (bytes_read) window.add_observer(bytes_read);
  std::string why;
  if (!window.open(path, options.max_file_bytes, "--max-input-bytes", why) ||
      !window.fill(kEncodingHeadBytes, why)) {
    cannot_read(path, why, problems);
    return std::nullopt;
  }
  if (!detail::interchange_records_csv(window.text(), options.encoding)) {
    // A workbook, or an office's own CSV layout.
    return read_office_files({&window}, {path}, members, options, problems, quarantine,
                             static_cast<bool>(bytes_read));
  }
  const detail::ServiceScreen service(members);
  return RecordReading(window, path, members, service, options, problems).read(quarantine);
}

std::optional<RecordBatch> read_records_files(
    const std::vector<std::string>& paths, const MemberTable& members,
    const InputOptions& options, Problems& problems, Quarantine* quarantine,
    const std::function<void(std::string_view)>& bytes_read) {
  if (paths.size() == 1)
    return read_records_file(paths[0], members, options, problems, quarantine, bytes_read);
  // What each file gave the observer, so that reading them again below
  // gives it only the rest, in order.
  std::vector<std::uint64_t> observed(paths.size(), 0);
  std::vector<std::uint64_t> sizes;
  if (options.sources_read == nullptr && interchange_files(paths, options, sizes)) {
    auto batch = stream_interchange_files(paths, sizes, members, options, problems, quarantine,
                                          bytes_read, observed);
    if (batch) return batch;
  }
  // Office files, or interchange files with an error to say.
  std::vector<std::unique_ptr<detail::FileWindow>> windows;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto window = std::make_unique<detail::FileWindow>();
    window->set_threads(options.threads);
    if (bytes_read) {
      // Only what the streamed reading above did not give it.
      window->add_observer([&bytes_read, skip = observed[i]](std::string_view bytes) mutable {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(skip, bytes.size()));
        skip -= n;
        if (n < bytes.size()) bytes_read(bytes.substr(n));
      });
    }
    std::string why;
    if (!window->open(paths[i], options.max_file_bytes, "--max-input-bytes", why) ||
        !window->fill(kEncodingHeadBytes, why)) {
      cannot_read(paths[i], why, problems);
      return std::nullopt;
    }
    windows.push_back(std::move(window));
  }
  std::vector<detail::FileWindow*> each(windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) each[i] = windows[i].get();
  return read_office_files(each, paths, members, options, problems, quarantine,
                           static_cast<bool>(bytes_read));
}

bool read_file(const std::string& path, std::string& out, Problems& problems,
               std::size_t max_bytes) {
  std::string why;
  if (!detail::read_bounded(path, max_bytes, "--max-input-bytes", out, why)) {
    cannot_read(path, why, problems);
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

bool read_file(const std::string& path, FileText& out, Problems& problems,
               std::size_t max_bytes) {
  out.release();
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        static_cast<std::uint64_t>(st.st_size) <= max_bytes) {
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
  return read_file(path, out.copy_, problems, max_bytes);
}

bool write_file(const std::string& path, const std::string& text, Problems& problems) {
  // POSIX calls, so that the message can say why (a full disk, a
  // permission, a missing folder).
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int error = fd < 0 ? errno : 0;
  for (std::size_t done = 0; fd >= 0 && error == 0 && done < text.size();) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error = n < 0 ? errno : EIO;
    else done += static_cast<std::size_t>(n);
  }
  if (fd >= 0 && close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    problems.error(Location{path, 0, 0, {}}, std::string("cannot write the file: ") + std::strerror(error));
    return false;
  }
  return true;
}

}  // namespace dutyscore
