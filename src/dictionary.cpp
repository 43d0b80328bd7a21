#include "dutyscore/dictionary.h"

namespace dutyscore {

Dictionary::Dictionary() { texts_.emplace_back(); }  // code 0: absent

Code Dictionary::intern(std::string_view value) {
  if (value.empty()) return kAbsent;
  std::string key(value);
  const auto found = codes_.find(key);
  if (found != codes_.end()) return found->second;
  const auto code = static_cast<Code>(texts_.size());
  texts_.push_back(key);
  codes_.emplace(std::move(key), code);
  return code;
}

Code Dictionary::find(std::string_view value) const {
  if (value.empty()) return kAbsent;
  const auto found = codes_.find(std::string(value));
  return found == codes_.end() ? kAbsent : found->second;
}

}  // namespace dutyscore
