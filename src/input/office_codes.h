// Internal: the words an office writes, as interchange codes. For each
// field a word is looked up in the profile's values first, then among the
// standard vocabulary's names and words (dutyscore/vocabulary.h; unless
// the profile turns them off), then as a code written as it is. Built once
// per profile; lookups do not allocate; views point into the maps, which
// live as long as they do. Safe to share between threads once built.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dutyscore/profile.h"

namespace dutyscore::detail {

class CodeMaps {
 public:
  explicit CodeMaps(const InputProfile& profile);

  // A kind cell: "会议" -> meeting; a subtype's word gives its kind too
  // ("全体会议" -> meeting, plenary; `subtype` is left empty otherwise).
  bool kind(std::string_view word, std::string_view& kind, std::string_view& subtype) const;
  // A subtype cell of a record of `kind` ("其他" is the subtype 'other' of
  // whatever kind; "全会" is plenary only for a meeting).
  bool subtype(std::string_view word, std::string_view kind, std::string_view& subtype) const;
  // The kinds whose subtype `word` is, when subtype() found none for a
  // record's kind ("全会" for a proposal: meeting); none for a word no
  // kind has.
  std::vector<std::string_view> subtype_kinds(std::string_view word) const;
  bool status(std::string_view word, std::string_view& code) const;
  bool level(std::string_view word, std::string_view& code) const;
  // Flags and roles: a word may mean several codes, or none ("未立案");
  // the codes are appended.
  bool flags(std::string_view word, std::vector<std::string_view>& codes) const;
  bool roles(std::string_view word, std::vector<std::string_view>& codes) const;

  // A word of a `words` cell: a flag, a level or a status, or one of each
  // run together ("省政协采用" is 省政协 + 采用: level province, flag adopted).
  struct Meaning {
    std::vector<std::string_view> flags;
    std::string_view level, status;
  };
  bool words(std::string_view word, Meaning& meaning) const;

  // Every word known for `field` (for did-you-mean in messages).
  std::vector<std::string> known_words(InputField field) const;

 private:
  // word -> codes (';'-separated as written: "meeting/plenary", "filed;key", "").
  using Map = std::unordered_map<std::string, std::string>;
  // A subtype word -> (kind, code) for each kind it is a subtype of ("" for any).
  using SubtypeMap = std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>>;
  // `word` as a key to look up, in this thread's room (valid until its next call).
  static const std::string& key(std::string_view word);
  static const std::string* find(const Map& map, std::string_view word);
  static void split(std::string_view codes, std::vector<std::string_view>& out);
  bool one(const Map& map, std::string_view word, std::string_view& code) const;

  Map kinds_, statuses_, levels_, flags_, roles_;
  SubtypeMap subtypes_;
  Map profile_subtypes_;  // the profile's own subtype words (any kind)
};

// CodeMaps' lookups for one thread, each remembering the last word it was
// asked and what it meant, with the same results: an export's rows mostly
// repeat the words of the row before (of 2x10^7 records, the kind 82% of
// rows, the status 91%, the flags 91%), and a lookup hashes the word.
// Views point into the CodeMaps, which must outlive this.
class RecentCodes {
 public:
  explicit RecentCodes(const CodeMaps& maps) : maps_(&maps) {}

  bool kind(std::string_view word, std::string_view& kind, std::string_view& subtype);
  bool subtype(std::string_view word, std::string_view kind, std::string_view& subtype);
  bool status(std::string_view word, std::string_view& code);
  bool level(std::string_view word, std::string_view& code);
  bool flags(std::string_view word, std::vector<std::string_view>& codes);

 private:
  // The last word asked (with the record kind, for a subtype) and its answer.
  struct Last {
    std::string word, kind;
    bool asked = false, found = false;
    std::string_view code, implied;
    std::vector<std::string_view> codes;  // flags
    bool is(std::string_view w, std::string_view k = {}) const {
      return asked && word == w && kind == k;
    }
    void ask(std::string_view w, std::string_view k = {}) {
      word.assign(w);
      kind.assign(k);
      asked = true;
    }
  };
  bool one(Last& last, std::string_view word, std::string_view& code,
           bool (CodeMaps::*lookup)(std::string_view, std::string_view&) const);

  const CodeMaps* maps_;
  Last kind_, subtype_, status_, level_, flags_;
};

}  // namespace dutyscore::detail
