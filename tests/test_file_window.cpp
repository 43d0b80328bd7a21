// A records file read window by window (src/base/file_read.h): a regular
// file's bytes are read in pieces at their offsets on several threads,
// and the windows must hold the file's bytes exactly, for any thread count
// and window size, up to its end.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "base/file_read.h"
#include "window_reading.h"

namespace dutyscore {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMiB = std::size_t{1} << 20;

class FileWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("dutyscore_file_window_" + std::to_string(::getpid()) + ".csv");
    {
      // Lines of several lengths, so that no piece of a read starts where
      // another would by chance hold the same bytes.
      std::ofstream out(path_, std::ios::binary);
      for (int i = 0; i < 400000; ++i)
        out << "R" << i << ",M" << i % 97 << ",2025-03-" << 10 + i % 19 << ",meeting\n";
    }
    std::ifstream in(path_, std::ios::binary);
    text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }

  // The file read window by window of `window` bytes on `threads`
  // threads, each window dropped but for its last `keep` bytes; mapped,
  // or with read() when not `mapping`.
  std::string read_all(unsigned threads, std::size_t window, std::size_t keep, bool mapping) {
    detail::FileWindow w;
    w.set_threads(threads);
    w.set_mapping(mapping);
    std::string why;
    EXPECT_TRUE(w.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
    EXPECT_EQ(w.known_size(), text_.size());
    return testing::read_windows(w, window, keep, [&](std::string_view text) {
      // What the window holds is the file's bytes from its offset (a
      // mismatch said without printing megabytes).
      if (text == std::string_view(text_).substr(w.offset(), text.size())) return true;
      ADD_FAILURE() << "the window at " << w.offset() << " is not the file's bytes";
      return false;
    });
  }

  fs::path path_;
  std::string text_;
};

TEST_F(FileWindowTest, WindowsHoldTheFilesBytesOnAnyThreadCount) {
  ASSERT_GT(text_.size(), 10 * kMiB);
  ASSERT_GE(text_.size(), detail::FileWindow::kMinMappedBytes);
  for (const bool mapping : {true, false}) {
    for (const unsigned threads : {1u, 2u, 3u, 8u}) {
      // Windows of several pieces a thread, of less than a piece, and of
      // sizes that split unevenly (mapped: that start and end off pages).
      for (const std::size_t window :
           {8 * kMiB + 12345, 3 * kMiB, kMiB / 2 + 7, std::size_t{4096}}) {
        if (window < kMiB && threads > 2) continue;  // one piece: as on two threads
        for (const std::size_t keep : {std::size_t{0}, std::size_t{77}}) {
          EXPECT_TRUE(read_all(threads, window, keep, mapping) == text_)
              << threads << " threads, windows of " << window << ", keeping " << keep
              << (mapping ? ", mapped" : ", read");
          if (HasFailure()) return;
        }
      }
    }
  }
}

// Mapped, the window holds what it was asked for and the page it starts
// in, not the file read so far.
TEST_F(FileWindowTest, AMappedWindowHoldsOnlyItsWindow) {
  detail::FileWindow w;
  std::string why;
  ASSERT_TRUE(w.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  for (std::size_t at = 0; !w.at_end();) {
    ASSERT_TRUE(w.fill(3 * kMiB, why)) << why;
    EXPECT_TRUE(w.mapped()) << "at " << at;
    EXPECT_LE(w.buffer_bytes(), 3 * kMiB + page) << "at " << at;
    const std::size_t dropped = w.at_end() ? w.text().size() : 3 * kMiB - 1001;
    w.drop(dropped);
    at += dropped;
  }
}

// What the observers see (an archive's digests): every byte of the file
// once, in order, mapped or read, whatever the windows and a rewind
// half-way.
TEST_F(FileWindowTest, ObserversSeeEveryByteOnceInOrder) {
  for (const bool mapping : {true, false}) {
    detail::FileWindow w;
    w.set_threads(2);
    w.set_mapping(mapping);
    std::string seen, why;
    w.add_observer([&](std::string_view bytes) { seen += bytes; });
    ASSERT_TRUE(w.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
    testing::read_windows(w, 3 * kMiB + 5, 13, [&](std::string_view) { return w.offset() < 7 * kMiB; });
    ASSERT_TRUE(w.rewind(why)) << why;
    testing::read_windows(w, kMiB + 7, 0, [](std::string_view) { return true; });
    EXPECT_TRUE(seen == text_) << (mapping ? "mapped" : "read") << ": " << seen.size()
                               << " bytes seen of " << text_.size();
  }
}

// A mapped window left for read() mid-way (as when the system will not
// map the file) keeps its text, and the reading goes on from its end.
TEST_F(FileWindowTest, LeavingTheMappingKeepsTheText) {
  for (const unsigned threads : {1u, 2u}) {
    detail::FileWindow w;
    w.set_threads(threads);
    std::string why;
    ASSERT_TRUE(w.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
    ASSERT_TRUE(w.fill(5 * kMiB + 3, why)) << why;
    w.drop(kMiB + 11);
    EXPECT_TRUE(w.mapped());
    w.set_mapping(false);
    EXPECT_FALSE(w.mapped());
    EXPECT_TRUE(w.text() == std::string_view(text_).substr(kMiB + 11, 4 * kMiB - 8));
    EXPECT_TRUE(testing::read_windows(w, 2 * kMiB, 5, [](std::string_view) { return true; }) ==
                std::string_view(text_).substr(kMiB + 11));
    // Mapped again, from where it is.
    ASSERT_TRUE(w.rewind(why)) << why;
    ASSERT_TRUE(w.fill(2 * kMiB, why)) << why;
    w.drop(kMiB + 1);
    w.set_mapping(true);
    ASSERT_TRUE(w.fill(4 * kMiB, why)) << why;
    EXPECT_TRUE(w.mapped());
    EXPECT_TRUE(w.text() == std::string_view(text_).substr(kMiB + 1, 4 * kMiB));
  }
}

// A file cut short while it is read ends at the cut, mapped or read.
TEST_F(FileWindowTest, AFileCutShortWhileReadEndsAtTheCut) {
  for (const bool mapping : {true, false}) {
    for (const std::uint64_t cut : {std::uint64_t{3} * kMiB + 17, std::uint64_t{kMiB}}) {
      SetUp();
      detail::FileWindow w;
      w.set_mapping(mapping);
      std::string why;
      ASSERT_TRUE(w.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
      ASSERT_TRUE(w.fill(2 * kMiB, why)) << why;
      w.drop(2 * kMiB);  // nothing held past the cut
      fs::resize_file(path_, cut);
      ASSERT_TRUE(w.fill(4 * kMiB, why)) << why;
      EXPECT_TRUE(w.at_end());
      EXPECT_EQ(w.text().size(), cut > 2 * kMiB ? cut - 2 * kMiB : 0)
          << (mapping ? "mapped" : "read") << ", cut at " << cut;
      EXPECT_TRUE(w.text() == std::string_view(text_).substr(2 * kMiB, w.text().size()));
    }
  }
}

// Asked for more than the file holds: all of it, and the end.
TEST_F(FileWindowTest, AWindowPastTheEndHoldsTheRestAndTheEnd) {
  for (const unsigned threads : {1u, 2u, 4u}) {
    detail::FileWindow w;
    w.set_threads(threads);
    w.set_mapping(threads != 2);
    std::string why;
    ASSERT_TRUE(w.open(path_.string(), text_.size() + 1, "--max-input-bytes", why)) << why;
    ASSERT_TRUE(w.fill(5 * kMiB, why)) << why;
    EXPECT_FALSE(w.at_end());
    w.drop(5 * kMiB - 3);
    ASSERT_TRUE(w.fill(text_.size() * 2, why)) << why;
    EXPECT_TRUE(w.at_end());
    EXPECT_TRUE(w.text() == std::string_view(text_).substr(5 * kMiB - 3));
    // From the start again.
    ASSERT_TRUE(w.rewind(why)) << why;
    ASSERT_TRUE(w.fill(3 * kMiB, why)) << why;
    EXPECT_TRUE(w.text().substr(0, 3 * kMiB) == std::string_view(text_).substr(0, 3 * kMiB));
  }
}

// Read whole, a file takes a buffer of its size (and a byte to see its
// end), in one go: not a 64 MiB step's, nor regrowths holding two copies.
TEST_F(FileWindowTest, AWholeFileTakesABufferOfItsSize) {
  for (const unsigned threads : {1u, 2u}) {
    detail::FileWindow w;
    w.set_threads(threads);
    std::string why;
    w.set_mapping(threads == 1);
    ASSERT_TRUE(w.open(path_.string(), SIZE_MAX, "--max-input-bytes", why)) << why;
    ASSERT_TRUE(w.fill(SIZE_MAX, why)) << why;
    EXPECT_TRUE(w.at_end());
    EXPECT_TRUE(w.text() == text_);
    EXPECT_LE(w.buffer_bytes(), text_.size() + 1);
  }
  // A small file too.
  const fs::path small = path_.string() + ".small";
  std::ofstream(small, std::ios::binary) << "record_id\nR1\n";
  detail::FileWindow w;
  std::string why;
  ASSERT_TRUE(w.open(small.string(), SIZE_MAX, "--max-input-bytes", why)) << why;
  ASSERT_TRUE(w.fill(SIZE_MAX, why)) << why;
  EXPECT_EQ(w.text(), "record_id\nR1\n");
  EXPECT_LE(w.buffer_bytes(), std::size_t{14});
  fs::remove(small);
}

// A file that says it is empty (as files under /proc do) is read to its
// end all the same, on any thread count.
TEST_F(FileWindowTest, AFileThatSaysItIsEmptyIsReadToItsEnd) {
  if (!fs::exists("/proc/self/status")) GTEST_SKIP() << "no /proc here";
  for (const unsigned threads : {1u, 2u}) {
    detail::FileWindow w;
    w.set_threads(threads);
    std::string why;
    ASSERT_TRUE(w.open("/proc/self/status", 64 * kMiB, "--max-input-bytes", why)) << why;
    ASSERT_TRUE(w.fill(SIZE_MAX, why)) << why;
    EXPECT_TRUE(w.at_end());
    const std::string_view text = w.text();
    EXPECT_EQ(text.substr(0, 5), "Name:");
    EXPECT_EQ(text.back(), '\n');
  }
}

// The limit holds for a file that grew past it after it was opened.
TEST_F(FileWindowTest, AFileThatGrowsPastTheLimitIsRefused) {
  for (const bool mapping : {true, false}) {
    SetUp();
    detail::FileWindow w;
    w.set_threads(2);
    w.set_mapping(mapping);
    std::string why;
    ASSERT_TRUE(w.open(path_.string(), text_.size() + 10, "--max-input-bytes", why)) << why;
    {
      std::ofstream out(path_, std::ios::binary | std::ios::app);
      out << std::string(kMiB, 'x');
    }
    EXPECT_FALSE(w.fill(SIZE_MAX, why));
    EXPECT_NE(why.find("--max-input-bytes"), std::string::npos) << why;
  }
}

}  // namespace
}  // namespace dutyscore
