// Internal: running work on a few threads. The library starts threads only
// when its caller asks for more than one, and every result it builds this
// way is the same for any thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace dutyscore::detail {

// Tasks [0, n) on up to `threads` threads, started now and finished later:
// start() sets the other threads taking tasks in order as they come free,
// while the caller does something else (a reader reading its next batch);
// finish() takes the tasks left on the caller's thread too, waits for the
// others, and throws again the first exception a task threw (which stops
// the tasks not yet started). fn(task, thread): thread 0 is the caller's,
// so that each thread can keep scratch of its own.
class TaskRun {
 public:
  using Task = std::function<void(std::size_t task, unsigned thread)>;

  TaskRun() = default;
  TaskRun(const TaskRun&) = delete;
  TaskRun& operator=(const TaskRun&) = delete;
  // Left unfinished (an exception on the caller's thread): the others stop
  // after the tasks they hold.
  ~TaskRun() {
    next_.store(n_);
    for (auto& w : workers_) w.join();
  }

  // REQUIRES the run before finished.
  void start(unsigned threads, std::size_t n, Task fn) {
    fn_ = std::move(fn);
    n_ = n;
    next_.store(0);
    for (unsigned t = 1; t < std::min<std::size_t>(threads, n); ++t)
      workers_.emplace_back([this, t] { work(t); });
  }

  void finish() {
    work(0);
    for (auto& w : workers_) w.join();
    workers_.clear();
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

 private:
  void work(unsigned thread) {
    for (std::size_t task; (task = next_.fetch_add(1)) < n_;) {
      try {
        fn_(task, thread);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex_);
        if (!failure_) failure_ = std::current_exception();
        next_.store(n_);
      }
    }
  }

  Task fn_;
  std::size_t n_ = 0;
  std::atomic<std::size_t> next_{0};
  std::exception_ptr failure_;
  std::mutex failure_mutex_;
  std::vector<std::thread> workers_;
};

// Calls fn(task) for every task in [0, n), on up to `threads` threads (the
// caller's among them), as a TaskRun started and finished at once: a thread
// slowed by other work on the machine holds up no one for long.
template <typename Fn>
void for_tasks(unsigned threads, std::size_t n, const Fn& fn) {
  TaskRun run;
  run.start(threads, n, [&fn](std::size_t task, unsigned) { fn(task); });
  run.finish();
}

// Where share k of `parts` equal shares of [0, n) begins: n * k / parts,
// without the product, which a large n could overflow. REQUIRES k <= parts
// < 2^32 (then the remainder's product fits).
inline std::size_t share_start(std::size_t n, std::size_t k, std::size_t parts) {
  return n / parts * k + n % parts * k / parts;
}

// Calls fn(begin, end) for `threads` consecutive parts of [0, n) at once
// (fewer when the parts would be small).
template <typename Fn>
void for_parts(unsigned threads, std::size_t n, const Fn& fn) {
  // Below this a thread costs more than it saves.
  constexpr std::size_t kMinPart = 1 << 16;
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / kMinPart));
  for_tasks(static_cast<unsigned>(parts), parts,
            [&](std::size_t t) { fn(share_start(n, t, parts), share_start(n, t + 1, parts)); });
}

// Calls fn(begin, end) for consecutive chunks of [0, n), up to 8 a thread
// of at least 4096 each, taken as threads come free (for_tasks): for work
// that grows with the range, where a thread whose share is slower (rows
// that need more work, a core the host slows, fresh memory faulted in)
// should hold up one chunk, not half of [0, n). Not for work that scans
// everything once a range, as for_parts' ranges of codes do.
template <typename Fn>
void for_chunks(unsigned threads, std::size_t n, const Fn& fn) {
  constexpr std::size_t kChunksPerThread = 8;
  constexpr std::size_t kMinChunk = 4096;
  if (threads <= 1) {
    fn(std::size_t{0}, n);
    return;
  }
  const std::size_t chunks =
      std::max<std::size_t>(1, std::min<std::size_t>(std::size_t{threads} * kChunksPerThread, n / kMinChunk));
  for_tasks(threads, chunks,
            [&](std::size_t c) { fn(share_start(n, c, chunks), share_start(n, c + 1, chunks)); });
}

}  // namespace dutyscore::detail
