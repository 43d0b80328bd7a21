// An input file's digests taken piece by piece as it is read (the bytes'
// SHA-256 and the rows digest an archive keeps) are those of the whole,
// wherever the pieces are cut and on any thread count: the digests of
// archives written before stay what they were.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dutyscore/archive.h"
#include "dutyscore/input_digest.h"
#include "rows_digest_oracle.h"

namespace dutyscore {
namespace {

using testing::rows_digest_whole;

// The digests of `text` added in pieces of the sizes `sizes` gives (in
// turn, again and again), on `threads`, in `mode`. Beside the caller, the
// pieces are added as a window reader adds them (add()): each from a
// buffer that is overwritten right after, every third one kept as it is
// (add_kept(), digested beside).
FileDigests in_pieces(std::string_view text, const std::vector<std::size_t>& sizes,
                      unsigned threads, InputDigester::Mode mode = InputDigester::kInline) {
  InputDigester digester(threads, mode);
  std::string buffer;
  for (std::size_t at = 0, k = 0; at < text.size(); ++k) {
    const std::size_t n = std::min(sizes[k % sizes.size()], text.size() - at);
    if (mode == InputDigester::kBeside && k % 3 == 2) {
      digester.add_kept(text.substr(at, n));
    } else {
      buffer.assign(text.substr(at, n));
      digester.add(buffer);
      buffer.assign(buffer.size(), '\n');
    }
    at += n;
  }
  return digester.finish();
}

void expect_as_whole(std::string_view text, const std::vector<std::size_t>& sizes,
                     unsigned threads) {
  for (const auto mode : {InputDigester::kInline, InputDigester::kBeside}) {
    SCOPED_TRACE(mode == InputDigester::kInline ? "inline" : "beside");
    const FileDigests d = in_pieces(text, sizes, threads, mode);
    EXPECT_EQ(d.bytes, sha256_hex(text));
    EXPECT_EQ(d.rows, rows_digest_whole(text));
  }
}

TEST(InputDigest, KnownTextsInEveryCutAsWhole) {
  const std::string texts[] = {
      "",
      "\xEF\xBB\xBF",
      "\xEF\xBB",
      "\xEF\xBB\xBFid,x\nR1,1\nR2,2\n",
      "\xEF\xBB\xBF\xEF\xBB\xBFid\nR1\n",  // a second mark is part of the header
      "id,x\r\nR2,2\r\nR1,1\r\n",
      "id,x\nR1,1\r\r\r\n\r\n\r\r\nR2,2",  // trailing CRs, lines of CRs only
      "id\n\r\rR1\rx\r\n",                 // CRs inside a line are its own
      "\n\n\nid\n\n\nR1\n\n",
      "no line feed at all\r\r",
      "\r\r\r",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(::testing::PrintToString(text));
    EXPECT_EQ(rows_digest(text), rows_digest_whole(text));
    for (std::size_t size = 1; size <= text.size() + 1; ++size)
      for (unsigned threads : {1u, 3u}) expect_as_whole(text, {size}, threads);
    expect_as_whole(text, {1, 2, 5}, 2);
  }
  // What test_archive's rows digest cases say still holds.
  EXPECT_EQ(rows_digest("id,x\nR1,1\nR2,2\n"), rows_digest("\xEF\xBB\xBFid,x\nR2,2\n\nR1,1"));
}

// Random lines of bytes that matter here (CR, LF, the mark's bytes) and
// others, long enough that whole lines go to tasks on the threads.
TEST(InputDigest, RandomTextInRandomPiecesOnAnyThreadsAsWhole) {
  std::mt19937 random(20261203);
  const char alphabet[] = {'\r', '\n', '\xEF', '\xBB', '\xBF', 'a', ',', '1', '\xE4'};
  for (int round = 0; round < 12; ++round) {
    std::string text;
    if (round % 3 == 0) text = "\xEF\xBB\xBF";
    const std::size_t size = round < 6 ? 3000 : std::size_t{3} << 20;
    std::uniform_int_distribution<int> pick(0, static_cast<int>(sizeof alphabet) - 1);
    std::uniform_int_distribution<int> line_length(0, round % 2 ? 300 : 60);
    while (text.size() < size) {
      // Mostly ordinary characters, each line a random length.
      const int n = line_length(random);
      for (int i = 0; i < n; ++i)
        text += random() % 8 == 0 ? alphabet[pick(random)] : static_cast<char>('A' + random() % 26);
      text += random() % 4 == 0 ? "\r\n" : "\n";
    }
    SCOPED_TRACE("round " + std::to_string(round));
    std::vector<std::size_t> sizes;
    for (int k = 0; k < 7; ++k)
      sizes.push_back(1 + random() % (round < 6 ? 200 : std::size_t{1} << 20));
    for (unsigned threads : {1u, 2u, 5u}) expect_as_whole(text, sizes, threads);
  }
}

TEST(InputDigest, DigestsDifferWhereTheRowsDo) {
  const std::string a = "id,x\nR1,1\nR2,2\n";
  const FileDigests d = digest_bytes(a);
  EXPECT_EQ(d.rows, digest_bytes("id,x\r\nR2,2\r\nR1,1").rows);
  EXPECT_NE(d.bytes, digest_bytes("id,x\r\nR2,2\r\nR1,1").bytes);
  EXPECT_NE(d.rows, digest_bytes("id,x\nR1,1\nR2,2\nR2,2\n").rows);
  EXPECT_NE(d.rows, digest_bytes("x,id\nR1,1\nR2,2\n").rows);
  // Finishing starts again empty.
  InputDigester digester(2);
  digester.add(a);
  EXPECT_EQ(digester.finish().rows, d.rows);
  EXPECT_EQ(digester.finish().bytes, sha256_hex(""));
}

// Beside the caller, finishing also starts again empty, and a digester
// ended before finishing (a read that failed) stops without digesting the
// rest of what it was given.
TEST(InputDigest, BesideFinishesAgainAndEndsUnfinished) {
  const std::string a = "id,x\nR1,1\nR2,2\n";
  InputDigester digester(2, InputDigester::kBeside);
  for (int round = 0; round < 3; ++round) {
    digester.add(a.substr(0, 7));
    digester.add_kept(std::string_view(a).substr(7));
    const FileDigests d = digester.finish();
    EXPECT_EQ(d.bytes, sha256_hex(a));
    EXPECT_EQ(d.rows, rows_digest_whole(a));
  }
  EXPECT_EQ(digester.finish().bytes, sha256_hex(""));
  const std::string large(std::size_t{8} << 20, 'x');
  for (int k = 0; k < 20; ++k) {
    InputDigester unfinished(2, InputDigester::kBeside);
    for (int i = 0; i < k % 4; ++i) unfinished.add_kept(large);
    unfinished.add(large);
  }
}

}  // namespace
}  // namespace dutyscore
