#include "dutyscore/dictionary.h"

namespace dutyscore {
namespace {

// FNV-1a: simple, and good enough for the short texts of a dictionary.
std::uint64_t hash_of(std::string_view value) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : value) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

Dictionary::Dictionary() : texts_(1), hashes_(1, 0), slots_(16, 0) {}  // code 0: absent

std::size_t Dictionary::slot_of(std::string_view value, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  while (slots_[i] != 0) {
    const Code code = slots_[i] - 1;
    if (hashes_[code] == hash && texts_[code] == value) return i;
    i = (i + 1) & mask;
  }
  return i;
}

void Dictionary::grow() {
  std::vector<Code> old(slots_.size() * 2, 0);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (Code code = 1; code < texts_.size(); ++code) {
    std::size_t i = static_cast<std::size_t>(hashes_[code]) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = code + 1;
  }
}

Code Dictionary::intern(std::string_view value) {
  if (value.empty()) return kAbsent;
  const std::uint64_t hash = hash_of(value);
  std::size_t i = slot_of(value, hash);
  if (slots_[i] != 0) return slots_[i] - 1;
  const auto code = static_cast<Code>(texts_.size());
  texts_.emplace_back(value);
  hashes_.push_back(hash);
  slots_[i] = code + 1;
  if (texts_.size() * 2 > slots_.size()) grow();  // keep the load under 1/2
  return code;
}

Code Dictionary::find(std::string_view value) const {
  if (value.empty()) return kAbsent;
  const std::size_t i = slot_of(value, hash_of(value));
  return slots_[i] == 0 ? kAbsent : slots_[i] - 1;
}

}  // namespace dutyscore
