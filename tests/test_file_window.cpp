// A records file read window by window (src/base/file_read.h): map_in()
// maps a window's pages of a mapped file in one call, which the page
// table shows (/proc/self/pagemap's "present" bit, readable without
// privileges), and it never changes the text. The pages looked at are
// 2 MiB and more apart: a fault, or map_in(), may map a whole folio of
// the page cache around the page asked for, up to 2 MiB.
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "base/file_read.h"

namespace dutyscore {
namespace {

namespace fs = std::filesystem;

// Whether the page holding `at` is in this process's page table; -1 when
// the system does not say (no /proc).
int page_present(const void* at) {
  std::FILE* f = std::fopen("/proc/self/pagemap", "rb");
  if (f == nullptr) return -1;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  std::uint64_t entry = 0;
  const bool read = std::fseek(f, static_cast<long>(reinterpret_cast<std::uintptr_t>(at) / page * 8),
                               SEEK_SET) == 0 &&
                    std::fread(&entry, sizeof entry, 1, f) == 1;
  std::fclose(f);
  if (!read) return -1;
  return static_cast<int>(entry >> 63);
}

// Whether this kernel maps pages on request (MADV_POPULATE_READ, Linux
// 5.14): before it, map_in() is advice the kernel refuses.
bool kernel_maps_on_request() {
#if defined(MADV_POPULATE_READ)
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* at = mmap(nullptr, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (at == MAP_FAILED) return false;
  const bool maps = madvise(at, page, MADV_POPULATE_READ) == 0;
  munmap(at, page);
  return maps;
#else
  return false;
#endif
}

class FileWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kernel_maps_on_request()) GTEST_SKIP() << "this kernel does not map pages on request";
    path_ = fs::temp_directory_path() /
            ("dutyscore_file_window_" + std::to_string(::getpid()) + ".csv");
    {
      std::ofstream out(path_, std::ios::binary);
      for (int i = 0; i < 400000; ++i) out << "R" << i << ",M" << i % 97 << ",2025-03-01,meeting\n";
    }
    std::ifstream in(path_, std::ios::binary);
    text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }

  fs::path path_;
  std::string text_;
};

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST_F(FileWindowTest, MapInPutsTheWindowsPagesInThePageTable) {
  detail::FileWindow window;
  std::string why;
  ASSERT_TRUE(window.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
  ASSERT_TRUE(window.fill(text_.size(), why)) << why;
  const std::string_view text = window.text();
  ASSERT_EQ(text.size(), text_.size());
  ASSERT_GT(text.size(), 9 * kMiB);
  // Untouched, no page of the mapping is in the table yet.
  const int before = page_present(text.data() + 4 * kMiB);
  if (before < 0) GTEST_SKIP() << "/proc/self/pagemap cannot be read here";
  ASSERT_EQ(before, 0);
  ASSERT_EQ(page_present(text.data() + 8 * kMiB), 0);
  window.map_in(4 * kMiB, 4 * kMiB + 100000);
  EXPECT_EQ(page_present(text.data() + 4 * kMiB), 1);
  EXPECT_EQ(page_present(text.data() + 4 * kMiB + 90000), 1);
  // Out of range, empty or reversed: nothing.
  window.map_in(text.size(), text.size() + 100 * kMiB);
  window.map_in(8 * kMiB, 8 * kMiB);
  window.map_in(8 * kMiB + 100000, 8 * kMiB);
  EXPECT_EQ(page_present(text.data() + 8 * kMiB), 0);
  EXPECT_EQ(page_present(text.data() + kMiB), 0);
  EXPECT_EQ(text, text_);
}

TEST_F(FileWindowTest, MapInCountsFromTheWindowsStart) {
  detail::FileWindow window;
  std::string why;
  ASSERT_TRUE(window.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
  ASSERT_TRUE(window.fill(text_.size(), why)) << why;
  const char* start = window.text().data();
  if (page_present(start + 6 * kMiB) < 0) GTEST_SKIP() << "/proc/self/pagemap cannot be read here";
  ASSERT_EQ(page_present(start + 6 * kMiB), 0);
  window.drop(3 * kMiB + 3);
  window.map_in(3 * kMiB, 3 * kMiB + 4096);  // the file's bytes from 6 MiB + 3
  EXPECT_EQ(page_present(start + 6 * kMiB), 1);
  EXPECT_EQ(page_present(start + 3 * kMiB + kMiB / 2), 0);
  EXPECT_EQ(window.text(), std::string_view(text_).substr(3 * kMiB + 3));
}

// The window, not the file: a part never maps text it was not given.
TEST_F(FileWindowTest, MapInStaysInTheWindow) {
  detail::FileWindow window;
  std::string why;
  ASSERT_TRUE(window.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
  ASSERT_TRUE(window.fill(2 * kMiB, why)) << why;
  ASSERT_EQ(window.text().size(), 2 * kMiB);
  const char* start = window.text().data();
  if (page_present(start + 6 * kMiB) < 0) GTEST_SKIP() << "/proc/self/pagemap cannot be read here";
  window.map_in(0, 8 * kMiB);
  EXPECT_EQ(page_present(start + kMiB), 1);
  EXPECT_EQ(page_present(start + 6 * kMiB), 0);
}

}  // namespace
}  // namespace dutyscore
