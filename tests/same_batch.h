// Two record batches equal column by column and code by code (codes and
// dictionaries included), not only row by row as text: for readers and
// builders that must make the very same batch in different ways.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/dictionary.h"
#include "dutyscore/record_batch.h"

namespace dutyscore::testing {

inline void expect_same_dictionary(const Dictionary& a, const Dictionary& b) {
  ASSERT_EQ(a.size(), b.size());
  for (Code c = 0; c < a.size(); ++c) EXPECT_EQ(a.text(c), b.text(c));
}

inline void expect_same_batch(const RecordBatch& a, const RecordBatch& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.class_column(), b.class_column());
  EXPECT_EQ(a.day_column(), b.day_column());
  EXPECT_EQ(a.day_base(), b.day_base());
  EXPECT_EQ(a.position_column(), b.position_column());
  EXPECT_EQ(a.item_size_column(), b.item_size_column());
  EXPECT_EQ(a.quantity_column(), b.quantity_column());
  for (std::size_t row = 0; row < a.size(); ++row) {
    EXPECT_EQ(a.ref(row), b.ref(row)) << row;
    EXPECT_EQ(a.record_id(row), b.record_id(row)) << row;
  }
  ASSERT_EQ(a.member_count(), b.member_count());
  for (MemberIndex m = 0; m < a.member_count(); ++m) {
    EXPECT_EQ(a.member_begin(m), b.member_begin(m));
    EXPECT_EQ(a.member_end(m), b.member_end(m));
  }
  ASSERT_EQ(a.classes().size(), b.classes().size());
  for (std::size_t c = 0; c < a.classes().size(); ++c) {
    const auto& x = a.classes()[c];
    const auto& y = b.classes()[c];
    EXPECT_TRUE(x.kind == y.kind && x.subtype == y.subtype && x.status == y.status &&
                x.level == y.level && x.flags == y.flags)
        << c;
  }
  expect_same_dictionary(a.kinds(), b.kinds());
  expect_same_dictionary(a.subtypes(), b.subtypes());
  expect_same_dictionary(a.statuses(), b.statuses());
  expect_same_dictionary(a.levels(), b.levels());
  expect_same_dictionary(a.flag_names(), b.flag_names());
  expect_same_dictionary(a.refs(), b.refs());
}

// The flag names of a mask, in name order (codes may differ between two
// batches that hold the same rows).
inline std::string flag_text(const RecordBatch& batch, FlagMask mask) {
  std::vector<std::string_view> names;
  for (Code c = 1; c < batch.flag_names().size(); ++c)
    if (mask & (FlagMask{1} << (c - 1))) names.push_back(batch.flag_names().text(c));
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto name : names) out += std::string(name) + ";";
  return out;
}

// Two batches with the same rows, row by row as text: for readers that
// may code the same texts in another order (the office files' readers and
// the interchange reader of several files).
inline void expect_same_rows(const RecordBatch& a, const RecordBatch& b) {
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.member_count(), b.member_count());
  for (MemberIndex m = 0; m < a.member_count(); ++m) {
    ASSERT_EQ(a.member_begin(m), b.member_begin(m));
    ASSERT_EQ(a.member_end(m), b.member_end(m));
  }
  const auto row_text = [](const RecordBatch& x, std::size_t row) {
    return x.record_id(row) + "|" + std::to_string(x.date(row)) + "|" +
           std::string(x.kinds().text(x.kind(row))) + "|" +
           std::string(x.subtypes().text(x.subtype(row))) + "|" +
           std::string(x.statuses().text(x.status(row))) + "|" +
           std::string(x.levels().text(x.level(row))) + "|" + flag_text(x, x.flags(row)) + "|" +
           std::string(x.refs().text(x.ref(row))) + "|" + std::to_string(x.position(row)) + "|" +
           std::to_string(x.item_size(row)) + "|" + std::to_string(x.quantity(row));
  };
  for (std::size_t row = 0; row < a.size(); ++row) EXPECT_EQ(row_text(a, row), row_text(b, row)) << row;
}

}  // namespace dutyscore::testing
