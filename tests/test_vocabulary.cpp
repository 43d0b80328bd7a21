// The standard vocabulary: every code of docs/rules.md §6 has its Chinese
// name, and office words map back to one code.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "dutyscore/vocabulary.h"

namespace dutyscore {
namespace {

using F = VocabularyField;

TEST(Vocabulary, EveryCodeOfTheInterchangeLayoutHasAChineseName) {
  const std::map<F, std::vector<std::string>> codes = {
      {F::Kind, {"meeting", "proposal", "info", "history", "activity", "study", "service",
                 "charity", "honor", "violation"}},
      {F::Status, {"present", "leave", "absent", "late"}},
      {F::Level, {"county", "city", "prefecture", "province", "national"}},
      {F::Flag, {"filed", "key", "excellent", "to_info", "adopted", "instructed"}},
      {F::Role, {"member", "standing"}},
  };
  for (const auto& [field, list] : codes) {
    for (const auto& code : list) {
      const Term* t = find_term(field, code);
      ASSERT_NE(t, nullptr) << code;
      EXPECT_NE(t->name, code);
      EXPECT_FALSE(t->name.empty());
    }
  }
  EXPECT_EQ(chinese_name(F::Subtype, "plenary", "meeting"), "全体会议");
  EXPECT_EQ(chinese_name(F::Subtype, "joint", "proposal"), "联名提案");
  EXPECT_EQ(chinese_name(F::Status, "late"), "迟到早退");
  EXPECT_EQ(chinese_name(F::Flag, "filed"), "立案");
  EXPECT_EQ(chinese_name(F::Level, "province"), "省级");
}

TEST(Vocabulary, OtherIsNamedByItsKind) {
  EXPECT_EQ(chinese_name(F::Subtype, "other", "meeting"), "其他会议");
  EXPECT_EQ(chinese_name(F::Subtype, "other", "activity"), "其他");
  EXPECT_EQ(chinese_name(F::Subtype, "other", "office_kind"), "其他");
}

TEST(Vocabulary, ASubtypeOfAnotherKindIsNotStandard) {
  EXPECT_EQ(find_term(F::Subtype, "plenary", "proposal"), nullptr);
  EXPECT_NE(find_term(F::Subtype, "plenary"), nullptr);
}

TEST(Vocabulary, CodesOutsideTheVocabularyKeepTheirOwnName) {
  EXPECT_EQ(find_term(F::Kind, "podcast"), nullptr);
  EXPECT_EQ(chinese_name(F::Kind, "podcast"), "podcast");
}

TEST(Vocabulary, OfficeWordsMapToOneCode) {
  EXPECT_EQ(terms_for_word(F::Subtype, "全会").at(0)->code, "plenary");
  EXPECT_EQ(terms_for_word(F::Status, "无故缺席").at(0)->code, "absent");
  EXPECT_EQ(terms_for_word(F::Flag, "立案").at(0)->code, "filed");
  EXPECT_TRUE(terms_for_word(F::Status, "出差").empty());
  // No word (name or other word) means two codes of one field, except a
  // subtype's name shared across kinds.
  for (const F field : {F::Kind, F::Subtype, F::Status, F::Level, F::Flag, F::Role}) {
    std::set<std::string_view> seen;
    for (const Term& t : standard_vocabulary()) {
      if (t.field != field) continue;
      EXPECT_TRUE(seen.insert(t.name).second) << t.name;
      for (const auto w : t.words) EXPECT_TRUE(seen.insert(w).second) << w;
    }
  }
}

}  // namespace
}  // namespace dutyscore
