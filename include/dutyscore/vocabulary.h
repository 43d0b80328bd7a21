// The standard vocabulary of duty records (docs/rules.md §6): every code of
// the interchange layout, the Chinese name people read for it, and the
// other words offices write for it in their own exports. One table serves
// the rule loader (is a value standard?), the office-data readers (which
// code does "全体会议" mean?) and everything people read (which name does
// "plenary" print as?).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace dutyscore {

enum class VocabularyField { Kind, Subtype, Status, Level, Flag, Role };

// One code of one field.
struct Term {
  VocabularyField field = VocabularyField::Kind;
  std::string_view code;                // "plenary"
  std::string_view kind;                // subtypes: the kind they belong to; else ""
  std::string_view name;                // "全体会议": what notices and workbooks print
  std::vector<std::string_view> words;  // other words for it in office data ("全会")
};

// Every term, in the order of docs/rules.md §6. Static, never changes.
const std::vector<Term>& standard_vocabulary();

// The term of `code` in `field`; for subtypes `kind` tells which kind's
// subtype is meant ("other" is a subtype of several). Null when the code is
// not standard.
const Term* find_term(VocabularyField field, std::string_view code, std::string_view kind = {});

// The Chinese name of a code, or the code itself when it is not standard
// (a committee may record kinds of its own).
std::string_view chinese_name(VocabularyField field, std::string_view code,
                              std::string_view kind = {});

// The terms whose name or one of whose words is `word` (exactly, after the
// caller's trimming), in table order: none, one, or (for a few words such
// as "其他") several that the caller must tell apart.
std::vector<const Term*> terms_for_word(VocabularyField field, std::string_view word);

// The field's name for people ("履职类别", "出席情况", ...).
std::string_view field_name(VocabularyField field);

}  // namespace dutyscore
