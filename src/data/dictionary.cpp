#include "dutyscore/dictionary.h"

#include "base/huge_pages.h"
#include "base/open_table.h"
#include "base/short_text.h"

namespace dutyscore {

Dictionary::Dictionary() : starts_(2, 0), slots_(16) {}  // code 0: absent, ""

std::size_t Dictionary::slot_of(std::string_view value, std::uint64_t hash) const {
  const std::uint64_t tag = hash >> 32 << 32;
  // The slot's tag (the hash's high half) spares most visits to the text.
  return detail::open_table::probe(slots_, shift_, hash, [&](const Slot& slot) {
    return (slot.bits & ~kCodeBits) == tag &&
           short_text::equal(text(static_cast<Code>(slot.bits & kCodeBits) - 1), value);
  });
}

Code Dictionary::intern(std::string_view value) {
  if (value.empty()) return kAbsent;
  const std::uint64_t hash = short_text::hash(value);
  const std::size_t i = slot_of(value, hash);
  if (!slots_[i].free()) return static_cast<Code>(slots_[i].bits & kCodeBits) - 1;
  const auto code = static_cast<Code>(size());
  chars_.append(value.data(), value.size());
  starts_.push_back(chars_.size());
  slots_[i].bits = (hash >> 32 << 32) | (static_cast<std::uint64_t>(code) + 1);
  // Hashes are made again rather than kept: growing is rare, a kept hash
  // would be 8 bytes a text.
  if (detail::open_table::over_half(slots_, size()))
    detail::open_table::grow(slots_, shift_, [this](const Slot& slot) {
      return short_text::hash(text(static_cast<Code>(slot.bits & kCodeBits) - 1));
    });
  return code;
}

void Dictionary::reserve(std::size_t codes) {
  if (codes <= size()) return;
  const std::size_t texts = size() - 1;  // kAbsent has none
  if (texts > 0) chars_.reserve((chars_.size() + texts - 1) / texts * (codes - 1));
  detail::advise_huge_pages(chars_.data(), chars_.capacity());
  detail::reserve_on_huge_pages(starts_, codes + 1);
  detail::open_table::reserve(slots_, shift_, codes, [this](const Slot& slot) {
    return short_text::hash(text(static_cast<Code>(slot.bits & kCodeBits) - 1));
  });
}

void Dictionary::prefetch(std::string_view value) const {
  __builtin_prefetch(slots_.data() + detail::open_table::home(short_text::hash(value), shift_));
}

Code Dictionary::find(std::string_view value) const {
  if (value.empty()) return kAbsent;
  const std::size_t i = slot_of(value, short_text::hash(value));
  return slots_[i].free() ? kAbsent : static_cast<Code>(slots_[i].bits & kCodeBits) - 1;
}

std::size_t Dictionary::memory_bytes() const {
  return chars_.capacity() + starts_.capacity() * sizeof(std::uint64_t) +
         slots_.capacity() * sizeof(Slot);
}

}  // namespace dutyscore
