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

  // The text of a code; "" for kAbsent.
  const std::string& text(Code code) const { return texts_[code]; }

  // Number of codes including kAbsent.
  std::size_t size() const { return texts_.size(); }

 private:
  // Open addressing over texts_: slots hold code + 1 (0 = empty) in the low
  // half and the high half of the text's hash above, so a lookup by
  // string_view allocates nothing and seldom reads a text that differs.
  static constexpr std::uint64_t kCodeBits = 0xFFFFFFFFULL;
  std::size_t home_of(std::uint64_t hash) const;
  std::size_t slot_of(std::string_view value, std::uint64_t hash) const;
  std::uint64_t slot_value(Code code) const;
  void grow();

  std::vector<std::string> texts_;
  std::vector<std::uint64_t> hashes_;  // by code
  std::vector<std::uint64_t> slots_;
  unsigned shift_ = 64 - 4;  // 64 - log2(slots_.size())
};

}  // namespace dutyscore
