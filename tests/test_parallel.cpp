// Work on a few threads (src/base/parallel.h): for_chunks() hands out every
// index of [0, n) exactly once, in consecutive chunks, on any thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
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

}  // namespace
}  // namespace dutyscore
