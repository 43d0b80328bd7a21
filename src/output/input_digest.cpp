#include "dutyscore/input_digest.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "base/little_endian.h"
#include "base/parallel.h"
#include "base/sha256.h"

namespace dutyscore {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// Lines of a piece are cut into tasks of at least this many bytes: below
// it a task costs more than it saves.
constexpr std::size_t kMinTaskBytes = std::size_t{256} << 10;

using Digest = std::array<std::uint8_t, 32>;

// The rows after the header: their digests added as 256-bit numbers (a sum
// does not depend on order) and counted.
struct RowsSum {
  std::array<std::uint64_t, 4> sum{};
  std::uint64_t rows = 0;

  void add(const std::array<std::uint64_t, 4>& words, std::uint64_t count) {
    unsigned carry = 0;
    for (std::size_t lane = 0; lane < 4; ++lane) {
      const std::uint64_t before = sum[lane];
      const std::uint64_t added = before + words[lane] + carry;
      carry = (added < before || (carry && added == before)) ? 1 : 0;
      sum[lane] = added;
    }
    rows += count;
  }
  void add(const Digest& digest) {
    std::array<std::uint64_t, 4> words{};
    for (std::size_t lane = 0; lane < 4; ++lane)
      for (std::size_t b = 0; b < 8; ++b)
        words[lane] |= std::uint64_t{digest[lane * 8 + b]} << (8 * b);
    add(words, 1);
  }
};

using detail::put_le;

std::string_view without_trailing_cr(std::string_view line) {
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The digests of the whole lines in `text` (each ending with a line feed)
// added to `into`: an empty line (after its trailing CRs go) is no row.
void sum_lines(std::string_view text, RowsSum& into) {
  while (!text.empty()) {
    const auto* feed = static_cast<const char*>(std::memchr(text.data(), '\n', text.size()));
    const std::size_t end = static_cast<std::size_t>(feed - text.data());
    const std::string_view line = without_trailing_cr(text.substr(0, end));
    text.remove_prefix(end + 1);
    if (!line.empty()) into.add(sha256(line));
  }
}

}  // namespace

struct InputDigester::State {
  explicit State(unsigned t) : threads(std::max(1u, t)) {}

  unsigned threads;
  detail::Sha256 bytes;
  // The file's first bytes while they could still be a byte order mark,
  // which the rows digest leaves out.
  std::string head;
  bool bom_told = false;
  // The line being read when a piece ended inside it: its bytes so far
  // but for its trailing CRs, which are counted (a line's trailing CRs are
  // not part of its row) until more of the line follows them.
  detail::Sha256 line;
  bool line_open = false;
  std::size_t pending_cr = 0;
  bool have_header = false;
  Digest header{};
  RowsSum rows;

  // A row's digest: the first is the header's, the rest are summed.
  void row(const Digest& digest) {
    if (have_header) {
      rows.add(digest);
    } else {
      header = digest;
      have_header = true;
    }
  }

  // More of the line being read.
  void continue_line(std::string_view piece) {
    if (piece.empty()) return;
    const std::string_view kept = without_trailing_cr(piece);
    if (kept.empty()) {
      pending_cr += piece.size();
      return;
    }
    line_open = true;  // the hash state is the empty one between lines
    static const std::string crs(64, '\r');
    for (; pending_cr > 0;) {
      const std::size_t n = std::min(pending_cr, crs.size());
      line.add(std::string_view(crs).substr(0, n));
      pending_cr -= n;
    }
    line.add(kept);
    pending_cr = piece.size() - kept.size();
  }

  // The line being read ends (at a line feed, or at the file's end).
  void end_line() {
    if (line_open) row(line.finish());
    line_open = false;
    pending_cr = 0;
  }

  // Bytes after the byte order mark, if any: the line a piece ended in
  // goes on to the first line feed, then the header is read, in order;
  // returns the whole lines after them, with `tail` the bytes after the
  // last line feed (the start of a line the next piece goes on with).
  std::string_view take_front(std::string_view text, std::string_view& tail) {
    tail = {};
    const std::size_t first = text.find('\n');
    if (first == std::string_view::npos) {
      tail = text;
      return {};
    }
    continue_line(text.substr(0, first));
    end_line();
    text.remove_prefix(first + 1);
    // The header is not summed: it is the first row, told in order.
    while (!have_header) {
      const std::size_t feed = text.find('\n');
      if (feed == std::string_view::npos) break;
      const std::string_view line_text = without_trailing_cr(text.substr(0, feed));
      if (!line_text.empty()) row(sha256(line_text));
      text.remove_prefix(feed + 1);
    }
    const std::size_t last = text.rfind('\n');
    if (last == std::string_view::npos) {
      tail = text;
      return {};
    }
    tail = text.substr(last + 1);
    return text.substr(0, last + 1);
  }

  // Whole lines, in tasks cut after line feeds, and the piece's bytes into
  // their SHA-256 (one stream, in order: a task of its own, the first
  // taken, as the longest), on the threads.
  void digest(std::string_view lines, std::string_view piece) {
    const std::size_t row_tasks = std::max<std::size_t>(
        1, std::min<std::size_t>(std::size_t{threads} * 4, lines.size() / kMinTaskBytes));
    std::vector<std::size_t> cuts{0};
    for (std::size_t k = 1; k < row_tasks; ++k) {
      const std::size_t feed =
          lines.find('\n', std::max(cuts.back(), detail::share_start(lines.size(), k, row_tasks)));
      if (feed == std::string_view::npos || feed + 1 >= lines.size()) break;
      cuts.push_back(feed + 1);
    }
    cuts.push_back(lines.size());
    std::vector<RowsSum> sums(cuts.size() - 1);
    detail::for_tasks(threads, sums.size() + 1, [&](std::size_t task) {
      if (task == 0) {
        bytes.add(piece);
      } else {
        sum_lines(lines.substr(cuts[task - 1], cuts[task] - cuts[task - 1]), sums[task - 1]);
      }
    });
    for (const RowsSum& s : sums) rows.add(s.sum, s.rows);
  }

  void add(std::string_view piece) {
    std::string_view text = piece;
    if (!bom_told) {
      // Told once three bytes are seen, or fewer that cannot begin one.
      const std::size_t want = kBom.size() - head.size();
      head.append(text.substr(0, want));
      text.remove_prefix(std::min(want, text.size()));
      if (head.size() < kBom.size() && kBom.substr(0, head.size()) == head) {
        digest({}, piece);
        return;
      }
      tell_bom();
    }
    std::string_view tail;
    const std::string_view lines = take_front(text, tail);
    digest(lines, piece);
    continue_line(tail);
  }

  void tell_bom() {
    bom_told = true;
    if (head != kBom) {
      std::string_view tail;
      const std::string_view lines = take_front(head, tail);
      sum_lines(lines, rows);
      continue_line(tail);
    }
    head.clear();
  }

  FileDigests finish() {
    if (!bom_told) tell_bom();
    end_line();
    FileDigests out;
    const Digest digest = bytes.finish();
    out.bytes = detail::hex(digest.data(), digest.size());
    std::string material = "dutyscore rows digest 1\n";
    material.append(reinterpret_cast<const char*>(header.data()), header.size());
    put_le(material, rows.rows);
    for (const auto word : rows.sum) put_le(material, word);
    out.rows = sha256_hex(material);
    return out;
  }
};

// The thread of a kBeside digester: the kept pieces digested in order.
class InputDigester::Beside {
 public:
  explicit Beside(std::unique_ptr<State>& state) : state_(state), worker_([this] { work(); }) {}
  ~Beside() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    worker_.join();
  }

  void add_kept(std::string_view bytes) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(bytes);
    }
    changed_.notify_all();
  }

  // Every piece digested (the state is then the caller's alone); rethrows
  // what digesting threw.
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
    if (failure_) {
      const std::exception_ptr failure = failure_;
      failure_ = nullptr;
      std::rethrow_exception(failure);
    }
  }

 private:

  void work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      const std::string_view piece = queue_.front();
      queue_.pop_front();
      busy_ = true;
      // After a failure the state is not the bytes' any more: the rest is
      // skipped, and wait() says why.
      const bool skip = failure_ != nullptr;
      lock.unlock();
      std::exception_ptr failure;
      if (!skip) {
        try {
          state_->add(piece);
        } catch (...) {
          failure = std::current_exception();
        }
      }
      lock.lock();
      if (failure) failure_ = failure;
      busy_ = false;
      changed_.notify_all();
    }
  }

  std::unique_ptr<State>& state_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string_view> queue_;
  bool busy_ = false;
  bool stop_ = false;
  std::exception_ptr failure_;
  std::thread worker_;  // last: started once the rest is ready
};

InputDigester::InputDigester(unsigned threads, Mode mode)
    : threads_(std::max(1u, threads)), state_(std::make_unique<State>(threads_)) {
  if (mode == kBeside && threads_ > 1) beside_ = std::make_unique<Beside>(state_);
}

InputDigester::~InputDigester() = default;

void InputDigester::add(std::string_view bytes) {
  if (beside_) beside_->wait();  // the kept pieces come first
  state_->add(bytes);
}

void InputDigester::add_kept(std::string_view bytes) {
  if (beside_) {
    beside_->add_kept(bytes);
  } else {
    state_->add(bytes);
  }
}

FileDigests InputDigester::finish() {
  if (beside_) beside_->wait();
  FileDigests out = state_->finish();
  state_ = std::make_unique<State>(threads_);
  return out;
}

FileDigests digest_bytes(std::string_view bytes, unsigned threads) {
  InputDigester digester(threads);
  digester.add(bytes);
  return digester.finish();
}

}  // namespace dutyscore
