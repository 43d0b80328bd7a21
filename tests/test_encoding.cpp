// Input encodings: UTF-8 with and without a BOM, GB18030 by option or by
// its BOM, and the UTF-8 check that catches a file read in the wrong one.
#include <gtest/gtest.h>

#include "dutyscore/encoding.h"
#include "dutyscore/input.h"

namespace dutyscore {
namespace {

// 王一 in GB18030 (two-byte sequences) and U+0080 (a four-byte sequence).
const std::string kWangYiGb = "\xCD\xF5\xD2\xBB";
const std::string kWangYiUtf8 = "\xE7\x8E\x8B\xE4\xB8\x80";

TEST(Utf8Check, AcceptsWellFormedText) {
  EXPECT_EQ(find_invalid_utf8("member_id,name\nM1," + kWangYiUtf8 + "\n"), std::string::npos);
  EXPECT_EQ(find_invalid_utf8("\xF0\x9F\x98\x80"), std::string::npos);  // an emoji, 4 bytes
  EXPECT_EQ(find_invalid_utf8(""), std::string::npos);
}

TEST(Utf8Check, FindsTheFirstIllFormedByte) {
  EXPECT_EQ(find_invalid_utf8("abc\xFF"), 3u);
  EXPECT_EQ(find_invalid_utf8("a\xC0\x80"), 1u);          // overlong NUL
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);       // a surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);   // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("xy\xE4\xB8"), 2u);         // cut off at the end
  EXPECT_EQ(find_invalid_utf8("12345678\x80"), 8u);       // after the ASCII fast path
}

// Every sequence of up to three bytes (after one ASCII byte, and cut short
// at the text's end) against the Unicode standard's table of well-formed
// byte sequences (Table 3-7), written out independently here: the check's
// fast paths for Chinese text (its own walk, and simdjson's validator for
// longer text) must agree with it on every lead byte.
TEST(Utf8Check, EveryShortSequenceAsTheStandardsTable) {
  // The length of the well-formed sequence at s, or 0.
  const auto well_formed = [](const unsigned char* s, std::size_t n) -> std::size_t {
    const unsigned c = s[0];
    if (c < 0x80) return 1;
    struct Range { unsigned lo, hi; };
    Range second{0x80, 0xBF};
    std::size_t len = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, second = {0xA0, 0xBF};
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
    else if (c == 0xED) len = 3, second = {0x80, 0x9F};
    else if (c == 0xF0) len = 4, second = {0x90, 0xBF};
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, second = {0x80, 0x8F};
    else return 0;
    if (n < len || s[1] < second.lo || s[1] > second.hi) return 0;
    for (std::size_t k = 2; k < len; ++k)
      if (s[k] < 0x80 || s[k] > 0xBF) return 0;
    return len;
  };
  // The first ill-formed byte's offset, by the table.
  const auto first_bad = [&](const std::string& text) -> std::size_t {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t len = well_formed(s + i, text.size() - i);
      if (len == 0) return i;
      i += len;
    }
    return std::string::npos;
  };
  // Alone (texts of 2 to 4 bytes, walked), and inside Chinese text long
  // enough for simdjson's validator (64 bytes and more), the sequence at
  // the text's end or before more text, across a 64-byte block's end.
  const std::string chinese = "安远县农业科学研究所王一，";  // 13 three-byte characters
  const std::string before[] = {"", chinese + chinese.substr(0, 21) + "yz"};  // 62 bytes
  const std::string after[] = {"", "a" + chinese + chinese};
  std::size_t checked = 0;
  for (unsigned a = 0x80; a < 0x100; ++a) {
    for (unsigned b = 0; b < 0x100; b += (a >= 0xE0 ? 1 : 3)) {
      for (unsigned c = 0x70; c < 0xC8; c += 3) {
        for (std::size_t cut = 2; cut <= 4; ++cut) {
          std::string sequence = "x";
          sequence += static_cast<char>(a);
          sequence += static_cast<char>(b);
          sequence += static_cast<char>(c);
          sequence.resize(cut);
          for (const auto& head : before) {
            for (const auto& tail : after) {
              if (head.empty() != tail.empty() && (a + b + c) % 7 != 0) continue;
              std::string text = head;
              text += sequence;
              text += tail;
              ASSERT_EQ(find_invalid_utf8(text), first_bad(text))
                  << std::hex << a << ' ' << b << ' ' << c << " cut " << cut << std::dec
                  << " in " << text.size() << " bytes";
              ++checked;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 2000000u);
}

TEST(Encoding, NamesAreReadCaseInsensitively) {
  EXPECT_EQ(parse_encoding("GB18030"), Encoding::Gb18030);
  EXPECT_EQ(parse_encoding("utf8"), Encoding::Utf8);
  EXPECT_EQ(parse_encoding("UTF-8"), Encoding::Utf8);
  EXPECT_EQ(parse_encoding("auto"), Encoding::Auto);
  EXPECT_FALSE(parse_encoding("latin1").has_value());
}

TEST(Encoding, Gb18030IsConvertedIncludingFourByteSequences) {
  Problems problems;
  std::string storage;
  std::string_view utf8;
  ASSERT_TRUE(decode_to_utf8(kWangYiGb + "\x81\x30\x81\x30", Encoding::Gb18030, "f", storage,
                             utf8, problems));
  EXPECT_EQ(utf8, kWangYiUtf8 + "\xC2\x80");
}

TEST(Encoding, AutoDetectsTheGb18030Bom) {
  InputOptions options;  // Auto
  Problems problems;
  const auto members = read_members(
      "\x84\x31\x95\x33member_id,name\nM1," + kWangYiGb + "\n", "m.csv", options, problems);
  ASSERT_TRUE(members.has_value());
  EXPECT_EQ(members->name(0), kWangYiUtf8);
}

TEST(Encoding, Utf8WithAndWithoutBomReadTheSame) {
  Problems problems;
  const std::string body = "member_id,name\nM1," + kWangYiUtf8 + "\n";
  const auto plain = read_members(body, "m.csv", problems);
  const auto bom = read_members("\xEF\xBB\xBF" + body, "m.csv", problems);
  ASSERT_TRUE(plain && bom);
  EXPECT_EQ(plain->id(0), bom->id(0));
  EXPECT_EQ(plain->name(0), bom->name(0));
}

TEST(Encoding, Gb18030ReadAsUtf8IsAnErrorNamingTheRowAndColumn) {
  Problems problems;
  InputOptions utf8;
  utf8.encoding = Encoding::Utf8;
  const auto members = read_members("member_id,name\nM1,ok\nM2," + kWangYiGb + "\n", "m.csv",
                                    utf8, problems);
  EXPECT_FALSE(members.has_value());
  ASSERT_EQ(problems.all().size(), 1u);
  EXPECT_EQ(problems.all()[0].where.line, 3);
  EXPECT_EQ(problems.all()[0].where.field, "name");
  EXPECT_NE(problems.all()[0].message.find("--encoding gb18030"), std::string::npos);
}

TEST(Encoding, ByteThatIsNotGb18030IsReportedOnItsLine) {
  InputOptions options;
  options.encoding = Encoding::Gb18030;
  Problems problems;
  // 0xFF is never a GB18030 lead byte.
  const auto members =
      read_members("member_id,name\nM1," + kWangYiGb + "\nM2,\xFF\n", "m.csv", options, problems);
  EXPECT_FALSE(members.has_value());
  ASSERT_EQ(problems.error_count(), 1u);
  EXPECT_EQ(problems.all()[0].where.line, 3);
}

}  // namespace
}  // namespace dutyscore
