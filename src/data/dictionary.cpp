#include "dutyscore/dictionary.h"

#include "base/short_text.h"

namespace dutyscore {
Dictionary::Dictionary() : texts_(1), hashes_(1, 0), slots_(16, 0) {}  // code 0: absent

std::size_t Dictionary::home_of(std::uint64_t hash) const {
  // Ids like "M000123" differ in few bits: spread them by the high bits of
  // a Fibonacci product.
  return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_);
}

std::size_t Dictionary::slot_of(std::string_view value, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = hash >> 32 << 32;
  std::size_t i = home_of(hash);
  while (slots_[i] != 0) {
    // The slot's tag (the hash's high half) spares most visits to the text.
    if ((slots_[i] & ~kCodeBits) == tag) {
      const Code code = static_cast<Code>(slots_[i] & kCodeBits) - 1;
      if (short_text::equal(texts_[code], value)) return i;
    }
    i = (i + 1) & mask;
  }
  return i;
}

std::uint64_t Dictionary::slot_value(Code code) const {
  return (hashes_[code] >> 32 << 32) | (static_cast<std::uint64_t>(code) + 1);
}

void Dictionary::grow() {
  std::vector<std::uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  --shift_;
  const std::size_t mask = slots_.size() - 1;
  for (Code code = 1; code < texts_.size(); ++code) {
    std::size_t i = home_of(hashes_[code]);
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot_value(code);
  }
}

Code Dictionary::intern(std::string_view value) {
  if (value.empty()) return kAbsent;
  const std::uint64_t hash = short_text::hash(value);
  std::size_t i = slot_of(value, hash);
  if (slots_[i] != 0) return static_cast<Code>(slots_[i] & kCodeBits) - 1;
  const auto code = static_cast<Code>(texts_.size());
  texts_.emplace_back(value);
  hashes_.push_back(hash);
  slots_[i] = slot_value(code);
  if (texts_.size() * 2 > slots_.size()) grow();  // keep the load under 1/2
  return code;
}

Code Dictionary::find(std::string_view value) const {
  if (value.empty()) return kAbsent;
  const std::size_t i = slot_of(value, short_text::hash(value));
  return slots_[i] == 0 ? kAbsent : static_cast<Code>(slots_[i] & kCodeBits) - 1;
}

}  // namespace dutyscore
