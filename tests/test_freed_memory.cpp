// Freed heap blocks given back to the system (src/base/freed_memory.h), as
// the records reader does before the scoring: the pages of blocks freed
// among blocks still held leave the process's resident memory.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>  // defines __GLIBC__ on glibc
#include <fstream>
#include <memory>
#include <vector>

#include "base/freed_memory.h"

#if defined(__SANITIZE_ADDRESS__)
#define DUTYSCORE_OWN_ALLOCATOR 1  // the sanitizer's, which malloc_trim does not reach
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define DUTYSCORE_OWN_ALLOCATOR 1
#endif
#endif

namespace dutyscore {
namespace {

// This process's resident bytes (/proc/self/statm's second field, pages).
long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

TEST(FreedMemory, BlocksFreedAmongHeldOnesLeaveTheResidentMemory) {
#if !defined(__GLIBC__) || defined(DUTYSCORE_OWN_ALLOCATOR)
  GTEST_SKIP() << "glibc's malloc only: elsewhere giving back is left to the allocator";
#else
  // Blocks of 64 KiB, below malloc's mmap threshold, so from the heap; every
  // other one freed: holes the heap's top cannot shrink past, kept resident
  // by malloc for reuse until given back.
  constexpr std::size_t kBlock = std::size_t{64} << 10, kBlocks = 1024;
  std::vector<std::unique_ptr<char[]>> blocks(kBlocks);
  for (auto& block : blocks) {
    block.reset(new char[kBlock]);
    std::fill_n(block.get(), kBlock, 'x');
  }
  for (std::size_t i = 0; i < kBlocks; i += 2) blocks[i].reset();
  const long before = resident_bytes();
  detail::give_back_freed_memory();
  const long after = resident_bytes();
  // 32 MiB freed: at least half of it must go (each hole keeps its edges).
  EXPECT_GE(before - after, static_cast<long>(kBlocks / 2 * kBlock / 2))
      << "resident " << before << " bytes before, " << after << " after";
#endif
}

}  // namespace
}  // namespace dutyscore
