#include "input/office_codes.h"

#include <algorithm>

#include "dutyscore/vocabulary.h"

namespace dutyscore::detail {
namespace {

using F = VocabularyField;

}  // namespace

CodeMaps::CodeMaps(const InputProfile& profile) {
  // The profile's words first: emplace() below never replaces them.
  for (const auto& [field, words] : profile.values) {
    for (const auto& [word, codes] : words) {
      switch (field) {
        case InputField::Kind: kinds_[word] = codes; break;
        case InputField::Subtype: profile_subtypes_[word] = codes; break;
        case InputField::Status: statuses_[word] = codes; break;
        case InputField::Level: levels_[word] = codes; break;
        case InputField::Flags: flags_[word] = codes; break;
        case InputField::Roles: roles_[word] = codes; break;
        default: break;
      }
    }
  }
  for (const Term& t : standard_vocabulary()) {
    std::vector<std::string_view> words;
    if (profile.standard_words) {
      words.push_back(t.name);
      words.insert(words.end(), t.words.begin(), t.words.end());
    }
    const std::string code(t.code);
    const auto add = [&](Map& map, const std::string& codes) {
      map.emplace(code, code);  // a code written as it is
      for (const auto w : words) map.emplace(std::string(w), codes);
    };
    switch (t.field) {
      case F::Kind: add(kinds_, code); break;
      case F::Subtype: {
        subtypes_[code].emplace_back(std::string(t.kind), code);
        for (const auto w : words) {
          subtypes_[std::string(w)].emplace_back(std::string(t.kind), code);
          // A subtype's word in a kind column gives both ("全体会议").
          if (!t.kind.empty()) kinds_.emplace(std::string(w), std::string(t.kind) + "/" + code);
        }
        break;
      }
      case F::Status: add(statuses_, code); break;
      case F::Level: add(levels_, code); break;
      case F::Flag: add(flags_, code); break;
      // 常委 are 委员 too: the words for a standing member give both roles.
      case F::Role: add(roles_, code == "standing" ? "member;standing" : code); break;
    }
  }
}

const std::string& CodeMaps::key(std::string_view word) {
  // The key's room kept per thread: a word of six Chinese characters is
  // past a string's own 15 bytes, and a key made each time allocated.
  thread_local std::string key;
  key.assign(word.data(), word.size());
  return key;
}

const std::string* CodeMaps::find(const Map& map, std::string_view word) {
  const auto it = map.find(key(word));
  return it == map.end() ? nullptr : &it->second;
}

void CodeMaps::split(std::string_view codes, std::vector<std::string_view>& out) {
  while (!codes.empty()) {
    const auto semi = codes.find(';');
    const auto code = codes.substr(0, semi);
    if (!code.empty()) out.push_back(code);
    if (semi == std::string_view::npos) break;
    codes.remove_prefix(semi + 1);
  }
}

bool CodeMaps::one(const Map& map, std::string_view word, std::string_view& code) const {
  const std::string* found = find(map, word);
  if (!found) return false;
  code = *found;
  return true;
}

bool CodeMaps::kind(std::string_view word, std::string_view& kind,
                    std::string_view& subtype) const {
  const std::string* found = find(kinds_, word);
  if (!found) return false;
  const std::string_view codes = *found;
  const auto slash = codes.find('/');
  kind = codes.substr(0, slash);
  subtype = slash == std::string_view::npos ? std::string_view() : codes.substr(slash + 1);
  return true;
}

bool CodeMaps::subtype(std::string_view word, std::string_view kind,
                       std::string_view& subtype) const {
  if (one(profile_subtypes_, word, subtype)) return true;
  const auto it = subtypes_.find(key(word));
  if (it == subtypes_.end()) return false;
  const std::pair<std::string, std::string>* general = nullptr;
  for (const auto& candidate : it->second) {
    if (candidate.first == kind) {
      subtype = candidate.second;
      return true;
    }
    if (candidate.first.empty()) general = &candidate;
  }
  if (!general) return false;
  subtype = general->second;
  return true;
}

std::vector<std::string_view> CodeMaps::subtype_kinds(std::string_view word) const {
  std::vector<std::string_view> kinds;
  const auto it = subtypes_.find(key(word));
  if (it == subtypes_.end()) return kinds;
  for (const auto& candidate : it->second)
    if (!candidate.first.empty()) kinds.push_back(candidate.first);
  return kinds;
}

bool CodeMaps::status(std::string_view word, std::string_view& code) const {
  return one(statuses_, word, code);
}

bool CodeMaps::level(std::string_view word, std::string_view& code) const {
  return one(levels_, word, code);
}

bool CodeMaps::flags(std::string_view word, std::vector<std::string_view>& codes) const {
  const std::string* found = find(flags_, word);
  if (!found) return false;
  split(*found, codes);
  return true;
}

bool CodeMaps::roles(std::string_view word, std::vector<std::string_view>& codes) const {
  const std::string* found = find(roles_, word);
  if (!found) return false;
  split(*found, codes);
  return true;
}

bool CodeMaps::words(std::string_view word, Meaning& meaning) const {
  if (flags(word, meaning.flags)) return true;
  if (level(word, meaning.level)) return true;
  if (status(word, meaning.status)) return true;
  // Two words run together: a level or a flag, then a flag. Cut only
  // between characters (a UTF-8 lead byte starts each).
  for (std::size_t cut = 1; cut < word.size(); ++cut) {
    if ((static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) continue;
    const auto head = word.substr(0, cut), tail = word.substr(cut);
    const std::string* tail_flags = find(flags_, tail);
    if (!tail_flags) continue;
    std::string_view level;
    const std::string* head_flags = find(flags_, head);
    if (!head_flags && !this->level(head, level)) continue;
    if (head_flags) split(*head_flags, meaning.flags);
    else meaning.level = level;
    split(*tail_flags, meaning.flags);
    return true;
  }
  return false;
}

std::vector<std::string> CodeMaps::known_words(InputField field) const {
  const Map* map = nullptr;
  switch (field) {
    case InputField::Kind: map = &kinds_; break;
    case InputField::Status: map = &statuses_; break;
    case InputField::Level: map = &levels_; break;
    case InputField::Flags: map = &flags_; break;
    case InputField::Roles: map = &roles_; break;
    case InputField::Subtype: {
      std::vector<std::string> out;
      for (const auto& [word, codes] : subtypes_) out.push_back(word);
      for (const auto& [word, codes] : profile_subtypes_) out.push_back(word);
      std::sort(out.begin(), out.end());
      return out;
    }
    default: return {};
  }
  std::vector<std::string> out;
  for (const auto& [word, codes] : *map) out.push_back(word);
  std::sort(out.begin(), out.end());  // hash order would make did-you-mean vary
  return out;
}

bool RecentCodes::kind(std::string_view word, std::string_view& kind, std::string_view& subtype) {
  if (!kind_.is(word)) {
    kind_.ask(word);
    kind_.found = maps_->kind(word, kind_.code, kind_.implied);
  }
  if (!kind_.found) return false;
  kind = kind_.code;
  subtype = kind_.implied;
  return true;
}

bool RecentCodes::subtype(std::string_view word, std::string_view kind, std::string_view& subtype) {
  if (!subtype_.is(word, kind)) {
    subtype_.ask(word, kind);
    subtype_.found = maps_->subtype(word, kind, subtype_.code);
  }
  if (subtype_.found) subtype = subtype_.code;
  return subtype_.found;
}

bool RecentCodes::one(Last& last, std::string_view word, std::string_view& code,
                      bool (CodeMaps::*lookup)(std::string_view, std::string_view&) const) {
  if (!last.is(word)) {
    last.ask(word);
    last.found = (maps_->*lookup)(word, last.code);
  }
  if (last.found) code = last.code;
  return last.found;
}

bool RecentCodes::status(std::string_view word, std::string_view& code) {
  return one(status_, word, code, &CodeMaps::status);
}

bool RecentCodes::level(std::string_view word, std::string_view& code) {
  return one(level_, word, code, &CodeMaps::level);
}

bool RecentCodes::flags(std::string_view word, std::vector<std::string_view>& codes) {
  if (!flags_.is(word)) {
    flags_.ask(word);
    flags_.codes.clear();
    flags_.found = maps_->flags(word, flags_.codes);
  }
  if (flags_.found) codes.insert(codes.end(), flags_.codes.begin(), flags_.codes.end());
  return flags_.found;
}

}  // namespace dutyscore::detail
