// Strings become small integers once, at load; the hot path sees codes only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dutyscore {

// Code 0 is reserved for "absent" (an empty cell); real values start at 1.
using Code = std::uint32_t;
constexpr Code kAbsent = 0;

class Dictionary {
 public:
  Dictionary();

  // The code of `value`, adding it if new. The empty string is kAbsent.
  Code intern(std::string_view value);

  // The code of `value`, or kAbsent when the dictionary lacks it
  // (and for the empty string).
  Code find(std::string_view value) const;

  // The text of a code; "" for kAbsent. Valid until the next intern().
  std::string_view text(Code code) const {
    return std::string_view(chars_).substr(starts_[code], starts_[code + 1] - starts_[code]);
  }

  // Asks the processor for the table slot where find() and intern() of
  // `value` begin, so that a caller going through many texts can ask a few
  // ahead of the one it interns: in a table of millions (a national file's
  // refs) each new text's slot is a cache miss. A hint only.
  void prefetch(std::string_view value) const;

  // Number of codes including kAbsent.
  std::size_t size() const { return starts_.size() - 1; }

  // Room for `codes` codes in all (kAbsent included), texts as long as
  // those so far: a dictionary that will hold many (a large file's refs)
  // is sized once instead of rehashed at every doubling.
  void reserve(std::size_t codes);

  // Bytes held (texts, their places, the table).
  std::size_t memory_bytes() const;

 private:
  // Open addressing over the texts (linear probing, at most half full):
  // slots hold code + 1 (0 = free) in the low half and the high half of
  // the text's hash above, so a lookup by string_view allocates nothing and
  // seldom reads a text that differs. The texts are one string (a ref or a
  // member id is some ten bytes: a std::string each would take three times
  // that).
  struct Slot {
    std::uint64_t bits = 0;
    bool free() const { return bits == 0; }
  };
  static constexpr std::uint64_t kCodeBits = 0xFFFFFFFFULL;
  std::size_t slot_of(std::string_view value, std::uint64_t hash) const;
  std::string chars_;
  std::vector<std::uint64_t> starts_;  // code c's text is chars_[starts_[c], starts_[c + 1])
  std::vector<Slot> slots_;
  unsigned shift_ = 64 - 4;  // 64 - log2(slots_.size())
};

}  // namespace dutyscore
