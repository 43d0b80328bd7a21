// The open addressing behind the library's hash tables (src/base/open_table.h)
// and the Dictionary built on it: every key is found after any number of
// doublings, whatever its hash, and a key never added finds a free slot.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "base/open_table.h"
#include "dutyscore/dictionary.h"

namespace dutyscore {
namespace {

struct KeySlot {
  std::uint64_t key = 0;
  bool used = false;
  bool free() const { return !used; }
};

// A table of keys under `hash`, filled as ProfileByFacts and ClassTexts fill
// theirs, checked after every insertion. With `reserve_at`, the table is
// given room for all the keys once it holds that many, and must not grow
// after.
template <class Hash>
void fill_and_find(const Hash& hash, std::uint64_t keys, std::uint64_t reserve_at = 0) {
  namespace open_table = detail::open_table;
  std::vector<KeySlot> slots(16);
  unsigned shift = open_table::shift_for(slots.size());
  std::size_t used = 0;
  const auto find = [&](std::uint64_t key) {
    return open_table::probe(slots, shift, hash(key),
                             [key](const KeySlot& slot) { return slot.key == key; });
  };
  for (std::uint64_t k = 1; k <= keys; ++k) {
    const std::size_t at = find(k);
    ASSERT_TRUE(slots[at].free()) << "key " << k << " found before it was added";
    slots[at] = KeySlot{k, true};
    const std::size_t size_before = slots.size();
    if (open_table::over_half(slots, ++used))
      open_table::grow(slots, shift, [&](const KeySlot& slot) { return hash(slot.key); });
    if (reserve_at > 0 && k > reserve_at) ASSERT_EQ(slots.size(), size_before) << "grew at " << k;
    if (k == reserve_at)
      open_table::reserve(slots, shift, keys, [&](const KeySlot& slot) { return hash(slot.key); });
    ASSERT_LE(used * 2, slots.size());
    ASSERT_EQ(std::size_t{1} << (64 - shift), slots.size());
    // Every key so far, and not the next.
    if (k % 97 == 0 || k == keys) {
      for (std::uint64_t j = 1; j <= k; ++j) {
        const KeySlot& slot = slots[find(j)];
        ASSERT_FALSE(slot.free()) << "key " << j << " lost after " << k << " keys";
        ASSERT_EQ(slot.key, j);
      }
      ASSERT_TRUE(slots[find(k + 1)].free());
    }
  }
}

TEST(OpenTable, KeysAreFoundAfterEveryDoubling) {
  fill_and_find([](std::uint64_t key) { return key; }, 3000);
  // Hashes that differ only in their high bits, or not at all.
  fill_and_find([](std::uint64_t key) { return key << 40; }, 3000);
  fill_and_find([](std::uint64_t) { return std::uint64_t{42}; }, 300);
}

TEST(OpenTable, ReservedTablesHoldEveryKeyWithoutGrowing) {
  fill_and_find([](std::uint64_t key) { return key; }, 3000, 1);
  fill_and_find([](std::uint64_t key) { return key * 0x100000001ULL; }, 3000, 700);
  fill_and_find([](std::uint64_t key) { return key << 40; }, 1024, 513);
  fill_and_find([](std::uint64_t) { return std::uint64_t{42}; }, 300, 40);
}

TEST(OpenTable, ShiftIsSixtyFourLessTheSizesLog) {
  EXPECT_EQ(detail::open_table::shift_for(2), 63u);
  EXPECT_EQ(detail::open_table::shift_for(16), 60u);
  EXPECT_EQ(detail::open_table::shift_for(std::size_t{1} << 20), 44u);
}

TEST(Dictionary, CodesFollowFirstUseAndEveryTextIsFoundAgain) {
  Dictionary dictionary;
  std::vector<std::string> texts;
  std::mt19937 random(5);
  // Ids of one pattern (they differ in a few low bits), texts of every
  // length around the hash's word sizes, and texts of Chinese.
  for (int i = 0; i < 20000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "M%06d", i * 7);
    texts.emplace_back(id);
  }
  for (int i = 0; i < 5000; ++i) {
    std::string text(1 + random() % 40, 'a');
    for (auto& c : text) c = static_cast<char>('a' + random() % 3);
    texts.push_back(text);
  }
  texts.emplace_back("提案");
  texts.emplace_back("社情民意信息");
  std::vector<Code> codes;
  for (const auto& text : texts) codes.push_back(dictionary.intern(text));
  Code next = 1;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const Code first = dictionary.find(texts[i]);
    ASSERT_NE(first, kAbsent) << texts[i];
    ASSERT_EQ(dictionary.text(first), texts[i]);
    ASSERT_EQ(codes[i], first) << texts[i];
    if (first == next) ++next;  // a new text takes the next code
    ASSERT_LT(first, next) << texts[i];
    ASSERT_EQ(dictionary.intern(texts[i]), first);
  }
  EXPECT_EQ(dictionary.size(), static_cast<std::size_t>(next));
  EXPECT_EQ(dictionary.find(""), kAbsent);
  EXPECT_EQ(dictionary.intern(""), kAbsent);
  EXPECT_EQ(dictionary.find("M000001"), kAbsent);  // not a multiple of 7
  EXPECT_EQ(dictionary.find("abcd"), kAbsent);     // no 'd' in the random texts
}

TEST(Dictionary, ReservedRoomTakesThatManyTextsWithoutGrowing) {
  const auto id = [](int i) {
    char text[16];
    std::snprintf(text, sizeof text, "P2025%05d", i);
    return std::string(text);
  };
  for (const int first : {0, 1, 37, 1000}) {
    SCOPED_TRACE(first);
    Dictionary dictionary;
    for (int i = 0; i < first; ++i) dictionary.intern(id(i));
    const std::size_t before = dictionary.memory_bytes();
    dictionary.reserve(20001);  // 20,000 texts and kAbsent
    if (first > 0) EXPECT_GT(dictionary.memory_bytes(), before);
    const std::size_t reserved = dictionary.memory_bytes();
    dictionary.reserve(10);  // less than held: nothing changes
    EXPECT_EQ(dictionary.memory_bytes(), reserved);
    for (int i = first; i < 20000; ++i)
      ASSERT_EQ(dictionary.intern(id(i)), static_cast<Code>(i + 1));
    // Texts as long as the first ones take no more room (when there were
    // first ones to measure them by).
    if (first > 0) EXPECT_EQ(dictionary.memory_bytes(), reserved);
    for (int i = 0; i < 20000; ++i) {
      ASSERT_EQ(dictionary.find(id(i)), static_cast<Code>(i + 1)) << id(i);
      ASSERT_EQ(dictionary.text(static_cast<Code>(i + 1)), id(i));
    }
    EXPECT_EQ(dictionary.find("P202520000"), kAbsent);
    // Past the room reserved it grows as before.
    EXPECT_EQ(dictionary.intern("P202520000"), Code{20001});
    EXPECT_EQ(dictionary.find(id(7)), Code{8});
  }
}

}  // namespace
}  // namespace dutyscore
