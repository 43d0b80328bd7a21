// Strings become small integers once, at load; the hot path sees codes only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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
  std::vector<std::string> texts_;
  std::unordered_map<std::string, Code> codes_;
};

}  // namespace dutyscore
