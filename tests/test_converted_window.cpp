// A records file in GB18030 or UTF-16 converted to UTF-8 window by window
// as it is read (FileWindow::set_decoder, src/input/utf8_decoder.h): the
// windows must hold the text the file was made from, whatever their size,
// the thread count, or where a window cuts a character, and the window
// must stay small beside the file. The files are made by the iconv
// program from UTF-8 text, which is the check's expected text.
#include <gtest/gtest.h>

#include <iconv.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

#include "base/file_read.h"
#include "input/utf8_decoder.h"
#include "test_support.h"
#include "window_reading.h"

namespace dutyscore {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

constexpr std::size_t kKiB = 1024;

// Lines of records with Chinese in every row: two-byte GB18030 characters
// (会议, 提案), four-byte ones that are three bytes in UTF-8 (〇 is two,
// ¡ is four bytes in GB18030 and two in UTF-8) and a character beyond the
// BMP (𠀀, four bytes in both), so that windows cut every kind.
std::string utf8_records(int rows) {
  std::string text = "record_id,member_id,date,kind,subtype\n";
  const char* const kinds[] = {"会议", "提案", "¡调研〇", "𠀀社情民意"};
  for (int i = 0; i < rows; ++i)
    text += "R" + std::to_string(i) + ",M" + std::to_string(i % 97) + ",2025-03-" +
            std::to_string(10 + i % 19) + "," + kinds[i % 4] + "," + std::string(i % 7, 'x') + "\n";
  return text;
}

// The oracle: glibc's iconv over the whole text at once, each byte it
// refuses marked 0xFF and skipped, as decode_to_utf8() promises.
std::string iconv_whole(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));  // NOLINT(performance-no-int-to-ptr)
  std::string out(bytes.size() * 2 + 8, '\0');
  auto* from = const_cast<char*>(bytes.data());
  std::size_t left = bytes.size(), room = out.size();
  char* to = out.data();
  while (left > 0 && iconv(cd, &from, &left, &to, &room) == static_cast<std::size_t>(-1)) {
    *to++ = '\xFF';
    --room;
    ++from;
    --left;
  }
  iconv_close(cd);
  out.resize(static_cast<std::size_t>(to - out.data()));
  return out;
}

class ConvertedWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (fs::temp_directory_path() / "dutyscore_converted_XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // `utf8` written, then converted to `charset` by the iconv program.
  fs::path converted(const std::string& name, const std::string& utf8, const char* charset) {
    const fs::path from = dir_ / (name + ".utf8");
    fs::path to = dir_ / name;
    std::ofstream(from, std::ios::binary) << utf8;
    const auto r = run_command(std::string("iconv -f UTF-8 -t ") + charset + " '" + from.string() +
                               "' > '" + to.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << "iconv to " << charset;
    return to;
  }

  // `bytes` (in GB18030, and not) written to `name`; `whole` their
  // conversion by decode_to_utf8(), which must be iconv's over them.
  fs::path written(const std::string& name, const std::string& bytes, std::string& whole) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    Problems problems;
    std::string storage;
    std::string_view text;
    EXPECT_TRUE(decode_to_utf8(bytes, Encoding::Gb18030, name, storage, text, problems))
        << (problems.all().empty() ? "" : problems.all()[0].message);
    whole = std::string(text);
    EXPECT_TRUE(whole == iconv_whole(bytes)) << name << ": not iconv's text";
    return path;
  }

  // The file at `path` converted as `encoding`, read in windows of
  // `window` bytes (each dropped but for its last `keep`) on `threads`;
  // `most` is the most the window's buffers held.
  std::string read_all(const fs::path& path, Encoding encoding, unsigned threads,
                       std::size_t window, std::size_t keep, std::size_t* most = nullptr) {
    detail::FileWindow w;
    w.set_threads(threads);
    std::string why;
    EXPECT_TRUE(w.open(path.string(), SIZE_MAX, "--max-input-bytes", why)) << why;
    EXPECT_TRUE(w.fill(4 * kKiB, why)) << why;
    Problems problems;
    const auto source = detail::utf8_source(w.text(), encoding, path.string(), problems);
    if (!source || source->charset == nullptr) {
      ADD_FAILURE() << "not converted: "
                    << (problems.all().empty() ? "" : problems.all()[0].message);
      return {};
    }
    w.set_decoder(detail::make_utf8_decoder(*source, path.string(), problems));
    const std::uint64_t start = w.offset();
    std::size_t text_before = 0;
    return testing::read_windows(w, window, keep, [&](std::string_view text) {
      if (most != nullptr) *most = std::max(*most, w.buffer_bytes());
      // Offsets count the converted text.
      EXPECT_EQ(w.offset() - start, text_before);
      text_before = static_cast<std::size_t>(w.offset() - start) + text.size() - keep;
      return true;
    });
  }

  fs::path dir_;
};

TEST_F(ConvertedWindowTest, Gb18030WindowsHoldTheTextOnAnySizeAndThreads) {
  const std::string small = utf8_records(300);
  const fs::path path = converted("small.csv", small, "GB18030");
  ASSERT_NE(small, testing::slurp(path.string()));
  for (const unsigned threads : {1u, 3u}) {
    for (const std::size_t window : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5},
                                     std::size_t{4096 + 1}}) {
      for (const std::size_t keep : {std::size_t{0}, std::size_t{3}}) {
        EXPECT_TRUE(read_all(path, Encoding::Gb18030, threads, window, keep) == small)
            << threads << " threads, windows of " << window << ", keeping " << keep;
        if (HasFailure()) return;
      }
    }
  }
  // Found without being named, and after a byte order mark.
  EXPECT_TRUE(read_all(path, Encoding::Auto, 2, 7, 0) == small);
  const fs::path marked = dir_ / "marked.csv";
  std::ofstream(marked, std::ios::binary) << "\x84\x31\x95\x33" << testing::slurp(path.string());
  EXPECT_TRUE(read_all(marked, Encoding::Auto, 1, 3, 0) == small);
  EXPECT_TRUE(read_all(marked, Encoding::Gb18030, 2, 4096, 1) == small);
}

TEST_F(ConvertedWindowTest, Utf16WindowsHoldTheText) {
  const std::string small = utf8_records(300);
  // glibc's iconv writes UTF-16 with a byte order mark, in little endian;
  // UTF-16BE is written without one, so the mark is added here.
  const fs::path le = converted("le.csv", small, "UTF-16");
  const fs::path be_bare = converted("be-bare.csv", small, "UTF-16BE");
  const fs::path be = dir_ / "be.csv";
  std::ofstream(be, std::ios::binary) << "\xFE\xFF" << testing::slurp(be_bare.string());
  for (const fs::path& path : {le, be}) {
    for (const std::size_t window : {std::size_t{1}, std::size_t{3}, std::size_t{4096 + 1}}) {
      EXPECT_TRUE(read_all(path, Encoding::Auto, 2, window, 1) == small)
          << path.filename() << ", windows of " << window;
    }
  }
}

// Windows of 64 KiB over a file of megabytes: what the window holds stays
// a few windows, not the file (or the file and its text, as a file
// converted whole was held); the text's size is foreseen from the rate.
TEST_F(ConvertedWindowTest, AWindowStaysSmallBesideTheFile) {
  const std::string large = utf8_records(200000);
  const fs::path path = converted("large.csv", large, "GB18030");
  const std::size_t file_size = fs::file_size(path);
  ASSERT_GT(file_size, std::size_t{5} << 20);
  for (const unsigned threads : {1u, 2u}) {
    std::size_t most = 0;
    EXPECT_TRUE(read_all(path, Encoding::Gb18030, threads, 64 * kKiB, 77, &most) == large);
    EXPECT_LT(most, 512 * kKiB) << threads << " threads";
  }
  detail::FileWindow w;
  std::string why;
  ASSERT_TRUE(w.open(path.string(), SIZE_MAX, "--max-input-bytes", why)) << why;
  EXPECT_EQ(w.known_size(), file_size);
  Problems problems;
  const auto source = detail::utf8_source(w.text(), Encoding::Gb18030, "f", problems);
  ASSERT_TRUE(source);
  w.set_decoder(detail::make_utf8_decoder(*source, "f", problems));
  ASSERT_TRUE(w.fill(std::size_t{1} << 20, why)) << why;
  // The lines are alike all through: the rate of the first MiB foretells
  // the text's size within half a percent (the header row is all ASCII).
  EXPECT_NEAR(static_cast<double>(w.known_size()), static_cast<double>(large.size()),
              static_cast<double>(large.size()) / 200);
  // The limit counts the file's bytes, not the text's (larger in UTF-8).
  detail::FileWindow limited;
  ASSERT_TRUE(limited.open(path.string(), file_size, "--max-input-bytes", why)) << why;
  limited.set_decoder(detail::make_utf8_decoder(*source, "f", problems));
  EXPECT_TRUE(limited.fill(SIZE_MAX, why)) << why;
  EXPECT_TRUE(limited.text() == large);
}

// Windows of megabytes are converted in pieces on the threads, cut after
// line feeds: the text is the whole conversion's on any thread count, with
// bytes that are not GB18030 just before line feeds (where pieces end).
TEST_F(ConvertedWindowTest, PiecesOnThreadsConvertAsTheWhole) {
  const std::string large = utf8_records(200000);
  const fs::path good = converted("good.csv", large, "GB18030");
  std::string bytes = testing::slurp(good.string());
  ASSERT_GT(bytes.size(), std::size_t{5} << 20);
  for (std::size_t at = bytes.find('\n', 1000); at != std::string::npos;
       at = bytes.find('\n', at + 40000)) {
    bytes.insert(at, at % 3 == 0 ? "\x81" : at % 3 == 1 ? "\x81\x30\x81" : "\x80");
    at = bytes.find('\n', at);
  }
  std::string whole;
  const fs::path bad = written("bad.csv", bytes, whole);
  for (const fs::path& path : {good, bad}) {
    for (const unsigned threads : {2u, 3u, 8u}) {
      for (const std::size_t window : {std::size_t{3} << 20, (std::size_t{8} << 20) + 12345}) {
        const std::string text = read_all(path, Encoding::Gb18030, threads, window, 77);
        EXPECT_TRUE(text == (path == good ? large : whole))
            << path.filename() << ", " << threads << " threads, windows of " << window;
      }
    }
  }
}

// Bytes that are not GB18030, one of them a lead byte cut by the file's
// end: each window size marks them as the whole text's conversion does.
TEST_F(ConvertedWindowTest, BytesThatAreNotGb18030AreMarkedAsInTheWholeText) {
  const std::string small = utf8_records(200);
  const fs::path good = converted("good.csv", small, "GB18030");
  std::string bytes = testing::slurp(good.string());
  bytes.insert(bytes.size() / 3, "\x81\x20");      // a lead byte before a space
  bytes.insert(bytes.size() / 2, "\x80");          // never a GB18030 byte
  bytes.insert(2 * bytes.size() / 3, "\x81\x30\x81");  // four bytes cut short
  bytes += "\x81";                                 // a lead byte at the end
  std::string whole;
  const fs::path bad = written("bad.csv", bytes, whole);
  ASSERT_NE(whole.find('\xFF'), std::string::npos);
  for (const std::size_t window : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4},
                                   std::size_t{4096}}) {
    EXPECT_TRUE(read_all(bad, Encoding::Gb18030, 2, window, 0) == whole) << "windows of " << window;
  }
}

// Bytes at random from those that start, continue, end or break a GB18030
// character (and the bytes below 0x30 that end a run of them): in windows
// of a few bytes or whole, the text is iconv's over the whole at once.
TEST_F(ConvertedWindowTest, RandomBytesConvertAsIconvDoesTheWhole) {
  const unsigned char alphabet[] = {0x0A, 0x2C, 0x2F, 0x30, 0x35, 0x39, 0x40, 0x41, 0x7E, 0x7F,
                                    0x80, 0x81, 0x84, 0x95, 0xA1, 0xB0, 0xEB, 0xFE, 0xFF, 'a'};
  std::mt19937 random(20261203);
  for (int round = 0; round < 40; ++round) {
    std::string bytes(1 + random() % 3000, '\0');
    for (char& c : bytes) c = static_cast<char>(alphabet[random() % sizeof alphabet]);
    if (bytes.find_first_of("\xA1\xB0\xEB\x81\x95") == std::string::npos) bytes += "\xB0\xEB";
    // Not refused as UTF-8: the alphabet's high bytes never make UTF-8 of
    // every one of them.
    std::string expected;
    const fs::path path = written("random.csv", bytes, expected);
    const std::size_t window = 1 + random() % 9;
    EXPECT_TRUE(read_all(path, Encoding::Gb18030, 1, window, random() % 3) == expected)
        << "round " << round << ", windows of " << window;
    if (HasFailure()) return;
  }
}

// A pipe's bytes are converted as they come, and again from its copy when
// the reader starts over.
// Bytes given to a Utf8Watch piece by piece, cut anywhere (inside a
// sequence too), are judged as find_invalid_utf8() judges them whole.
TEST(Utf8Watch, PiecesAreJudgedAsTheWhole) {
  std::mt19937 random(31203);
  // Sequences whole and broken: ASCII, 2-, 3- and 4-byte characters, a
  // lead byte with no continuation, a stray continuation, an overlong.
  const std::string atoms[] = {"a",  "\n", "\xC3\xA9", "\xE4\xBC\x9A", "\xF0\x9F\x98\x80",
                               "\xE4", "\xBC", "\xC0\xAF", "\xF4\x90\x80\x80", "\xED\xA0\x80"};
  int beyond = 0, ascii = 0, invalid = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int count = 1 + static_cast<int>(random() % 12);
    // Mostly well-formed, so that both answers come up.
    const std::size_t kinds = round % 3 == 0 ? 10 : round % 3 == 1 ? 5 : 2;
    for (int i = 0; i < count; ++i) text += atoms[random() % kinds];
    const bool whole = find_invalid_utf8(text) == std::string_view::npos &&
                       std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
    detail::Utf8Watch watch;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t n = std::min<std::size_t>(1 + random() % 4, text.size() - at);
      watch.add(std::string_view(text).substr(at, n));
      at += n;
    }
    EXPECT_EQ(watch.utf8_beyond_ascii(), whole) << ::testing::PrintToString(text);
    (whole ? beyond : find_invalid_utf8(text) == std::string_view::npos ? ascii : invalid) += 1;
  }
  EXPECT_GT(beyond, 100);
  EXPECT_GT(ascii, 100);
  EXPECT_GT(invalid, 100);
}

TEST_F(ConvertedWindowTest, APipeIsConvertedAndReadAgainFromItsCopy) {
  const std::string text = utf8_records(3000);
  const fs::path file = converted("piped.gb18030", text, "GB18030");
  const std::string bytes = testing::slurp(file.string());
  const fs::path fifo = dir_ / "pipe.csv";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  detail::FileWindow w;
  std::string why;
  const bool opened = w.open(fifo.string(), SIZE_MAX, "--max-input-bytes", why);
  EXPECT_TRUE(opened) << why;
  // No ASSERT before the writer is joined: a failure would leave it
  // blocked on the pipe.
  Problems problems;
  const auto source = detail::utf8_source(w.text(), Encoding::Gb18030, "p", problems);
  EXPECT_TRUE(source);
  if (opened && source) {
    w.set_decoder(detail::make_utf8_decoder(*source, "p", problems));
    std::string first;
    bool filled = true;
    while ((filled = w.fill(w.text().size() + 1000, why)) && !w.at_end()) {
      first += w.text().substr(0, 900);
      w.drop(900);
    }
    EXPECT_TRUE(filled) << why;
    first += w.text();
    EXPECT_TRUE(first == text);
    EXPECT_TRUE(w.rewind(why)) << why;
    EXPECT_TRUE(w.fill(SIZE_MAX, why)) << why;
    EXPECT_TRUE(w.text() == text);
  }
  writer.join();
}

}  // namespace
}  // namespace dutyscore
