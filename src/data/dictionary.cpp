#include "dutyscore/dictionary.h"

#include "base/short_text.h"

namespace dutyscore {
Dictionary::Dictionary() : starts_(2, 0), slots_(16, 0) {}  // code 0: absent, ""

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
      if (short_text::equal(text(code), value)) return i;
    }
    i = (i + 1) & mask;
  }
  return i;
}

void Dictionary::grow() {
  std::vector<std::uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  --shift_;
  const std::size_t mask = slots_.size() - 1;
  // Hashes are made again rather than kept: growing is rare, a kept hash
  // would be 8 bytes a text.
  for (Code code = 1; code < size(); ++code) {
    const std::uint64_t hash = short_text::hash(text(code));
    std::size_t i = home_of(hash);
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (hash >> 32 << 32) | (static_cast<std::uint64_t>(code) + 1);
  }
}

Code Dictionary::intern(std::string_view value) {
  if (value.empty()) return kAbsent;
  const std::uint64_t hash = short_text::hash(value);
  std::size_t i = slot_of(value, hash);
  if (slots_[i] != 0) return static_cast<Code>(slots_[i] & kCodeBits) - 1;
  const auto code = static_cast<Code>(size());
  chars_.append(value.data(), value.size());
  starts_.push_back(chars_.size());
  slots_[i] = (hash >> 32 << 32) | (static_cast<std::uint64_t>(code) + 1);
  if (size() * 2 > slots_.size()) grow();  // keep the load under 1/2
  return code;
}

Code Dictionary::find(std::string_view value) const {
  if (value.empty()) return kAbsent;
  const std::size_t i = slot_of(value, short_text::hash(value));
  return slots_[i] == 0 ? kAbsent : static_cast<Code>(slots_[i] & kCodeBits) - 1;
}

std::size_t Dictionary::memory_bytes() const {
  return chars_.capacity() + starts_.capacity() * sizeof(std::uint64_t) +
         slots_.capacity() * sizeof(std::uint64_t);
}

}  // namespace dutyscore
