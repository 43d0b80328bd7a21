// Work on a few threads (src/base/parallel.h): for_chunks() hands out every
// index of [0, n) exactly once, in consecutive chunks, on any thread count;
// a TaskRun (what for_tasks() runs) runs its tasks while its caller works.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "base/parallel.h"

namespace dutyscore {
namespace {

TEST(Parallel, ForChunksCoversEveryIndexOnceInConsecutiveChunks) {
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{8192},
                              std::size_t{4096 * 17 + 3}, std::size_t{1} << 20}) {
    for (const unsigned threads : {1u, 2u, 3u, 8u}) {
      std::vector<unsigned char> seen(n, 0);
      std::vector<std::pair<std::size_t, std::size_t>> chunks;
      std::mutex lock;
      detail::for_chunks(threads, n, [&](std::size_t begin, std::size_t end) {
        const std::lock_guard<std::mutex> hold(lock);
        chunks.emplace_back(begin, end);
        for (std::size_t i = begin; i < end; ++i) ++seen[i];
      });
      EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](unsigned char c) { return c == 1; }))
          << n << " on " << threads;
      std::sort(chunks.begin(), chunks.end());
      ASSERT_FALSE(chunks.empty());
      EXPECT_EQ(chunks.front().first, 0u);
      EXPECT_EQ(chunks.back().second, n);
      for (std::size_t k = 1; k < chunks.size(); ++k)
        EXPECT_EQ(chunks[k].first, chunks[k - 1].second) << n << " on " << threads;
      // More chunks than threads once there is enough to share out.
      if (threads > 1 && n >= std::size_t{4096} * 16) EXPECT_GT(chunks.size(), threads) << n;
      if (threads == 1) EXPECT_EQ(chunks.size(), 1u);
    }
  }
}

// A TaskRun's tasks run while the caller does something else, each once,
// on threads numbered from the caller's 0; the first exception a task
// throws comes out of finish() and stops the tasks not yet started; a run
// left unfinished stops its threads as it goes.
TEST(Parallel, TaskRunRunsEveryTaskOnceWhileTheCallerWorksAndThrowsATasksException) {
  for (const unsigned threads : {1u, 2u, 3u}) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{64}}) {
      std::vector<std::atomic<int>> done(n);
      std::atomic<unsigned> highest_thread{0};
      detail::TaskRun run;
      run.start(threads, n, [&](std::size_t task, unsigned thread) {
        ++done[task];
        unsigned seen = highest_thread.load();
        while (thread > seen && !highest_thread.compare_exchange_weak(seen, thread)) {
        }
      });
      // With other threads (never more than the tasks less one), they take
      // every task while the caller waits (its own work meanwhile); then a
      // second run on the same object.
      if (std::min<std::size_t>(threads, n) > 1) {
        std::size_t all = 0;
        while (all < n) {
          std::this_thread::yield();
          all = 0;
          for (const auto& d : done) all += static_cast<std::size_t>(d.load());
        }
      }
      run.finish();
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(done[i].load(), 1) << i;
      EXPECT_LT(highest_thread.load(), std::max(threads, 1u));
      std::atomic<std::size_t> ran{0};
      run.start(threads, n, [&](std::size_t task, unsigned) {
        ++ran;
        if (task == 0) throw std::runtime_error("task 0 failed");
      });
      if (n == 0) {
        EXPECT_NO_THROW(run.finish());
        continue;
      }
      try {
        run.finish();
        ADD_FAILURE() << "no exception from finish() on " << threads << " threads";
      } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "task 0 failed");
      }
      // Tasks taken before the failure may finish; none is run twice.
      EXPECT_LE(ran.load(), n);
      EXPECT_NO_THROW(run.finish());  // the failure is said once
    }
  }
  // Left unfinished while the other threads hold tasks: it is destroyed
  // once the tasks held end, and runs none twice.
  std::vector<std::atomic<int>> runs(1000);
  std::atomic<int> holding{0};
  std::atomic<bool> release{false};
  auto run = std::make_unique<detail::TaskRun>();
  run->start(3, runs.size(), [&](std::size_t task, unsigned) {
    ++runs[task];
    ++holding;
    while (!release.load()) std::this_thread::yield();
  });
  while (holding.load() < 2) std::this_thread::yield();
  std::thread destroy([&run] { run.reset(); });
  release.store(true);
  destroy.join();
  EXPECT_EQ(run, nullptr);
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_LE(runs[i].load(), 1) << i;
}

}  // namespace
}  // namespace dutyscore
