// Internal: the open addressing behind the library's hash tables (the
// dictionaries' texts, record classes by their texts, member profiles by
// their facts). A table is a vector of 2^(64 - shift) slots, probed
// linearly from a hash's home and kept at most half full, so that a probe
// ends within a few slots; a slot says whether it is free (`free()`) and
// the table's owner what it holds. Functions over the owner's vector, not
// a class, so that a table can sit in a public header's private members
// (Dictionary) without this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/huge_pages.h"

namespace dutyscore::detail::open_table {

// `shift` for a table of `slots` slots (a power of two, at least 2).
inline unsigned shift_for(std::size_t slots) {
  unsigned shift = 64;
  for (; slots > 1; slots >>= 1) --shift;
  return shift;
}

// Where `hash`'s probe starts: the high bits of a Fibonacci product, so that
// hashes differing in a few low bits (ids such as "M000123", small codes)
// still spread over the table.
inline std::size_t home(std::uint64_t hash, unsigned shift) {
  return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift);
}

// The first slot along `hash`'s probe that is free or `matches`. Inlined
// into the lookups: a call for the record classes' cost 5% of CSV ->
// ranking's instructions.
template <class Slot, class Matches>
[[gnu::always_inline]] inline std::size_t probe(const std::vector<Slot>& slots, unsigned shift,
                                                std::uint64_t hash, const Matches& matches) {
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = home(hash, shift);; i = (i + 1) & mask) {
    const Slot& slot = slots[i];
    if (slot.free() || matches(slot)) return i;
  }
}

// Whether a table holding `used` slots is over half full.
template <class Slot>
bool over_half(const std::vector<Slot>& slots, std::size_t used) {
  return used * 2 > slots.size();
}

// Makes the table `count` slots (a power of two, more than the used ones),
// placing each used slot again by `hash_of(slot)` (the hash it was placed
// by). Apart from the lookups that may call it: inlined, it cost the CSV
// reader's row loop 0.8% more instructions (measured).
template <class Slot, class HashOf>
[[gnu::noinline]] void rebuild(std::vector<Slot>& slots, unsigned& shift, std::size_t count,
                               const HashOf& hash_of) {
  std::vector<Slot> old;
  resize_on_huge_pages(old, count);  // refs' tables reach 10^7 slots
  old.swap(slots);
  shift = shift_for(count);
  const auto none = [](const Slot&) { return false; };
  for (const Slot& slot : old) {
    if (!slot.free()) slots[probe(slots, shift, hash_of(slot), none)] = slot;
  }
}

// Doubles the table.
template <class Slot, class HashOf>
void grow(std::vector<Slot>& slots, unsigned& shift, const HashOf& hash_of) {
  rebuild(slots, shift, slots.size() * 2, hash_of);
}

// Room for `used` slots in all without growing: the table made large
// enough at once (rebuilt once instead of doubled again and again).
template <class Slot, class HashOf>
void reserve(std::vector<Slot>& slots, unsigned& shift, std::size_t used, const HashOf& hash_of) {
  std::size_t count = slots.size();
  while (count / 2 < used) count *= 2;
  if (count != slots.size()) rebuild(slots, shift, count, hash_of);
}

}  // namespace dutyscore::detail::open_table
