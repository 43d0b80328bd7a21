// Large columns on transparent huge pages (src/base/huge_pages.h): the
// helpers keep a vector's elements and growth, and the advice reaches
// the kernel (the mapping's VmFlags in /proc/self/smaps say "hg").
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "base/huge_pages.h"

namespace dutyscore {
namespace {

TEST(HugePages, ReserveKeepsTheElementsAndMakesTheRoom) {
  std::vector<std::uint32_t> column(1000);
  std::iota(column.begin(), column.end(), 7u);
  const std::size_t n = std::size_t{4} << 20;
  detail::reserve_on_huge_pages(column, n);
  ASSERT_EQ(column.size(), 1000u);
  EXPECT_GE(column.capacity(), n);
  for (std::size_t i = 0; i < column.size(); ++i) ASSERT_EQ(column[i], i + 7) << i;
  // Room already there: the storage stays where it is.
  const auto* at = column.data();
  detail::reserve_on_huge_pages(column, 10);
  EXPECT_EQ(column.data(), at);
}

TEST(HugePages, ResizeGrowsAsTheVectorWould) {
  std::vector<std::uint16_t> column{1, 2, 3};
  column.shrink_to_fit();
  detail::resize_on_huge_pages(column, 5);
  EXPECT_EQ(column, (std::vector<std::uint16_t>{1, 2, 3, 0, 0}));
  EXPECT_GE(column.capacity(), 6u);  // doubled, as push_back would
  detail::resize_on_huge_pages(column, 2);
  EXPECT_EQ(column, (std::vector<std::uint16_t>{1, 2}));
  // Reserved from an estimate and outgrown: twice the size or the new
  // size, as resize() would, not twice the room reserved.
  std::vector<std::uint16_t> estimated(10);
  estimated.reserve(100);
  detail::resize_on_huge_pages(estimated, 101);
  EXPECT_EQ(estimated.size(), 101u);
  EXPECT_LT(estimated.capacity(), 200u);
}

TEST(HugePages, AssignFillsTheRoomWithTheValue) {
  std::vector<int> column{5, 6};
  detail::assign_on_huge_pages(column, std::size_t{3} << 20, -1);  // 12 MiB
  ASSERT_EQ(column.size(), std::size_t{3} << 20);
  EXPECT_EQ(std::count(column.begin(), column.end(), -1), static_cast<long>(column.size()));
}

// The VmFlags of the mapping that holds `address`, or "" when not found.
std::string vm_flags_at(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx ", &lo, &hi) == 2 && line.find(' ') > line.find('-')) {
      inside = lo <= at && at < hi;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(HugePages, ALargeColumnIsAdvised) {
#if !defined(__linux__)
  GTEST_SKIP() << "madvise(MADV_HUGEPAGE) is Linux's";
#else
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(mode, modes);
  if (modes.empty() || modes.find("[never]") != std::string::npos)
    GTEST_SKIP() << "transparent huge pages are off on this system";
  std::vector<std::uint64_t> column;
  detail::reserve_on_huge_pages(column, std::size_t{2} << 20);  // 16 MiB
  const std::string flags = vm_flags_at(column.data() + (std::size_t{1} << 19));
  ASSERT_FALSE(flags.empty()) << "no mapping found for the column";
  EXPECT_NE((flags + " ").find(" hg "), std::string::npos) << flags;
#endif
}

}  // namespace
}  // namespace dutyscore
