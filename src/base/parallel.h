// Internal: running work on a few threads. The library starts threads only
// when its caller asks for more than one, and every result it builds this
// way is the same for any thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace dutyscore::detail {

// Calls fn(task) for every task in [0, n), on up to `threads` threads (the
// caller's among them); tasks are taken in order as threads come free, so a
// thread slowed by other work on the machine holds up no one for long. An
// exception thrown by a task stops the tasks not yet started and is thrown
// again here once every thread has finished.
template <typename Fn>
void for_tasks(unsigned threads, std::size_t n, const Fn& fn) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    for (std::size_t task; (task = next.fetch_add(1)) < n;) {
      try {
        fn(task);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next.store(n);
      }
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t t = 1; t < std::min<std::size_t>(threads, n); ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
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
