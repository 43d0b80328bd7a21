// Large columns on transparent huge pages (src/base/huge_pages.h): the
// helpers keep a vector's elements and growth, the advice reaches the
// kernel when chosen (the mapping's VmFlags in /proc/self/smaps say
// "hg"), the choice follows what sys/ and proc/ say of the machine, and
// fresh regions about to be written are populated (mincore says which
// pages are there) with their bytes left as they were.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

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

TEST(HugePages, ALargeColumnIsAdvisedWhenChosen) {
#if !defined(__linux__)
  GTEST_SKIP() << "madvise(MADV_HUGEPAGE) is Linux's";
#else
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(mode, modes);
  if (modes.empty() || modes.find("[never]") != std::string::npos)
    GTEST_SKIP() << "transparent huge pages are off on this system";
  const std::size_t n = std::size_t{2} << 20;  // 16 MiB of 8-byte elements
  std::vector<std::uint64_t> advised(n + 1), left(n + 1);
  detail::HugePageChoice always(detail::HugePageMode::kAlways, {});
  detail::HugePageChoice never(detail::HugePageMode::kNever, {});
  detail::advise_huge_pages(advised.data(), n * sizeof(std::uint64_t), &always);
  detail::advise_huge_pages(left.data(), n * sizeof(std::uint64_t), &never);
  const std::string flags = vm_flags_at(advised.data() + n / 2);
  ASSERT_FALSE(flags.empty()) << "no mapping found for the column";
  EXPECT_NE((flags + " ").find(" hg "), std::string::npos) << flags;
  const std::string left_flags = vm_flags_at(left.data() + n / 2);
  ASSERT_FALSE(left_flags.empty()) << "no mapping found for the column";
  EXPECT_EQ((left_flags + " ").find(" hg "), std::string::npos) << left_flags;
#endif
}

#if defined(__linux__)
// Small pages of a fresh anonymous mapping, and which of them are there.
class FreshMapping {
 public:
  explicit FreshMapping(std::size_t pages) : bytes_(pages * kPage) {
    void* at = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    at_ = at == MAP_FAILED ? nullptr : static_cast<char*>(at);
    // Small pages, so that each page's presence is its own.
    if (at_ != nullptr) (void)madvise(at_, bytes_, MADV_NOHUGEPAGE);
  }
  ~FreshMapping() {
    if (at_ != nullptr) munmap(at_, bytes_);
  }
  FreshMapping(const FreshMapping&) = delete;
  FreshMapping& operator=(const FreshMapping&) = delete;
  char* at() const { return at_; }
  std::size_t pages_there() const {
    std::vector<unsigned char> there(bytes_ / kPage);
    if (mincore(at_, bytes_, there.data()) != 0) return 0;
    return static_cast<std::size_t>(
        std::count_if(there.begin(), there.end(), [](unsigned char c) { return (c & 1) != 0; }));
  }
  static constexpr std::size_t kPage = 4096;

 private:
  std::size_t bytes_;
  char* at_ = nullptr;
};

// populate_pages() is Linux's (madvise MADV_POPULATE_WRITE, 5.14): on an
// older kernel, or other pages than 4 KiB, its tests skip.
class PopulatePages : public ::testing::Test {
 protected:
  void SetUp() override {
    if (getpagesize() != static_cast<int>(FreshMapping::kPage))
      GTEST_SKIP() << "pages are not 4 KiB";
    FreshMapping probe(1);
    if (probe.at() == nullptr || madvise(probe.at(), FreshMapping::kPage, 23) != 0)
      GTEST_SKIP() << "this kernel has no MADV_POPULATE_WRITE";
  }
};

TEST_F(PopulatePages, AFreshRegionIsPopulatedWithItsBytesLeft) {
  const std::size_t pages = 600;  // 2.3 MiB
  FreshMapping fresh(pages);
  ASSERT_NE(fresh.at(), nullptr);
  // A column's rows so far end inside the first page; the region after
  // them, to the mapping's last byte but 10, is about to be written.
  fresh.at()[0] = 7;
  fresh.at()[99] = 8;
  ASSERT_EQ(fresh.pages_there(), 1u);
  detail::populate_pages(fresh.at() + 100, pages * FreshMapping::kPage - 110);
  EXPECT_EQ(fresh.pages_there(), pages);
  EXPECT_EQ(fresh.at()[0], 7);
  EXPECT_EQ(fresh.at()[99], 8);
  EXPECT_EQ(std::count(fresh.at() + 100, fresh.at() + pages * FreshMapping::kPage, 0),
            static_cast<long>(pages * FreshMapping::kPage - 100));
}

TEST_F(PopulatePages, SmallOrReusedRegionsAreLeftToFault) {
  // Under 1 MiB: no call is worth it.
  FreshMapping small(256);
  ASSERT_NE(small.at(), nullptr);
  detail::populate_pages(small.at(), 256 * FreshMapping::kPage - 1);
  EXPECT_EQ(small.pages_there(), 0u);
  // The region's first whole page is there: memory handed out again,
  // whose pages populating would only walk.
  FreshMapping reused(600);
  ASSERT_NE(reused.at(), nullptr);
  reused.at()[FreshMapping::kPage + 5] = 1;
  detail::populate_pages(reused.at() + 10, 600 * FreshMapping::kPage - 10);
  EXPECT_EQ(reused.pages_there(), 1u);
}
#endif

namespace fs = std::filesystem;

// A made-up machine: sys/ and proc/ files under a folder of its own.
class FreshPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("dutyscore_fresh_pages_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  void write(const std::string& relative, const std::string& text) {
    const fs::path file = root_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
  // A virtio device: its id and negotiated features, bit 0 first.
  void device(const std::string& name, const std::string& id, const std::string& features) {
    write("sys/bus/virtio/devices/" + name + "/device", id + "\n");
    write("sys/bus/virtio/devices/" + name + "/features", features + "\n");
  }
  detail::FreshPages read() const { return detail::read_fresh_pages(root_.string()); }

  fs::path root_;
};

// Free blocks by order 0..10 in two zones: Normal's orders below 9 hold
// 1+2+...+9 pages' worth of blocks each, DMA32 one block of order 3.
const char* const kBuddyinfo =
    "Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      1      3\n"
    "Node 0, zone    DMA32      0      0      0      1      0      0      0      0      0      3    751\n"
    "Node 0, zone   Normal      1      2      3      4      5      6      7      8      9    366   4630\n";
// Pages in Normal's blocks below order `order`, plus DMA32's 8 below it.
std::size_t pages_below(int order) {
  std::size_t pages = order > 3 ? 8 : 0;
  for (int k = 0; k < order; ++k) pages += static_cast<std::size_t>(k + 1) << k;
  return pages;
}
const std::string kReporting = "01100101000000000000000000000000100000000000";
const std::string kNotReporting = "01100001000000000000000000000000100000000000";

TEST_F(FreshPagesTest, AnOrdinaryMachineKeepsHugePages) {
  // Nothing to read at all, then devices that are no reporting balloon.
  EXPECT_FALSE(read().host_takes_free_blocks);
  write("proc/buddyinfo", kBuddyinfo);
  device("virtio0", "0x0005", kNotReporting);
  device("virtio1", "0x0002", kReporting);  // a disk: bit 5 is another feature
  device("virtio2", "0x0005", "0110");      // features cut short
  const detail::FreshPages fresh = read();
  EXPECT_FALSE(fresh.host_takes_free_blocks);
  EXPECT_EQ(fresh.backed_small_bytes, 0u);
}

TEST_F(FreshPagesTest, AReportingBalloonCountsTheBlocksBelowItsOrder) {
  write("proc/buddyinfo", kBuddyinfo);
  device("virtio0", "0x0002", kNotReporting);
  device("virtio3", "0x0005", kReporting);
  // No parameter file: the kernel's default, a huge page's order.
  detail::FreshPages fresh = read();
  EXPECT_TRUE(fresh.host_takes_free_blocks);
  EXPECT_EQ(fresh.backed_small_bytes, pages_below(9) * 4096);
  write("sys/module/page_reporting/parameters/page_reporting_order", "6\n");
  fresh = read();
  EXPECT_TRUE(fresh.host_takes_free_blocks);
  EXPECT_EQ(fresh.backed_small_bytes, pages_below(6) * 4096);
  // Reported only in blocks above a huge page: huge pages come from the
  // order-9 blocks it keeps backed.
  write("sys/module/page_reporting/parameters/page_reporting_order", "10\n");
  EXPECT_FALSE(read().host_takes_free_blocks);
  // An order that is no number: the default.
  write("sys/module/page_reporting/parameters/page_reporting_order", "many\n");
  EXPECT_EQ(read().backed_small_bytes, pages_below(9) * 4096);
}

TEST_F(FreshPagesTest, ABrokenBuddyinfoCountsWhatItCan) {
  device("virtio0", "0x0005", kReporting);
  write("proc/buddyinfo",
        "garbage\n"
        "Node 0, zone Normal 2 x 5\n"                     // stops at what is no count
        "Node 0, zone Movable 18446744073709551615 1\n"   // saturates, no wrap
        "Node 0, zone\n");
  const detail::FreshPages fresh = read();
  EXPECT_TRUE(fresh.host_takes_free_blocks);
  EXPECT_EQ(fresh.backed_small_bytes, SIZE_MAX);
  write("proc/buddyinfo", "Node 0, zone Normal 2 x 5\n");
  EXPECT_EQ(read().backed_small_bytes, 2u * 4096);
}

TEST(HugePageChoice, TheSettingOverridesAndAutoSpendsTheBackedBlocks) {
  EXPECT_EQ(detail::huge_page_mode(nullptr), detail::HugePageMode::kAuto);
  EXPECT_EQ(detail::huge_page_mode("always"), detail::HugePageMode::kAlways);
  EXPECT_EQ(detail::huge_page_mode("never"), detail::HugePageMode::kNever);
  EXPECT_EQ(detail::huge_page_mode("auto"), detail::HugePageMode::kAuto);
  EXPECT_EQ(detail::huge_page_mode("Always"), detail::HugePageMode::kAuto);

  const detail::FreshPages reporting{true, 100 << 20};
  const detail::FreshPages ordinary{false, 100 << 20};
  detail::HugePageChoice on_ordinary(detail::HugePageMode::kAuto, ordinary);
  EXPECT_TRUE(on_ordinary.huge(4 << 20));
  detail::HugePageChoice always(detail::HugePageMode::kAlways, reporting);
  EXPECT_TRUE(always.huge(4 << 20));
  detail::HugePageChoice never(detail::HugePageMode::kNever, ordinary);
  EXPECT_FALSE(never.huge(std::size_t{1} << 40));

  // 100 MiB of backed small blocks: 60 + 40 go onto small pages, then
  // huge pages; a region larger than what is left goes onto huge pages
  // without spending it.
  detail::HugePageChoice spending(detail::HugePageMode::kAuto, reporting);
  EXPECT_FALSE(spending.huge(60 << 20));
  EXPECT_TRUE(spending.huge(41 << 20));
  EXPECT_FALSE(spending.huge(40 << 20));
  EXPECT_TRUE(spending.huge(4 << 20));
}

TEST(HugePageChoice, ThreadsNeverSpendMoreThanThereIs) {
  const std::size_t region = 4 << 20;
  detail::HugePageChoice choice(detail::HugePageMode::kAuto, {true, 1000 * region + region / 2});
  std::vector<unsigned> small(4, 0);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < small.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 600; ++i) small[t] += choice.huge(region) ? 0 : 1;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::accumulate(small.begin(), small.end(), 0u), 1000u);
}

}  // namespace
}  // namespace dutyscore
