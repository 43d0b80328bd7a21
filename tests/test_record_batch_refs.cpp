// for_rows_with_ref() (src/data/record_batch_refs.h), which the finish
// scans use to find the rows of their range of ref codes eight at a time,
// finds exactly the rows a test of each row's code finds, in order: codes
// at the range's ends, kAbsent, codes of 2^31 and more, any start and end.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "data/record_batch_refs.h"

namespace dutyscore::detail {
namespace {

std::vector<std::size_t> rows_one_by_one(const std::vector<Code>& refs, std::size_t begin,
                                         std::size_t end, Code lo, Code hi) {
  std::vector<std::size_t> rows;
  for (std::size_t row = begin; row < end; ++row) {
    if (refs[row] != kAbsent && refs[row] >= lo && refs[row] < hi) rows.push_back(row);
  }
  return rows;
}

TEST(RecordBatchRefs, RowsOfARangeAreThoseATestOfEachRowFinds) {
  std::mt19937 random(5);
  const std::vector<Code> near = {0, 1, 2, 3, 7, 8, 9, 0x7FFFFFFF, 0x80000000u, 0x80000001u,
                                  0xFFFFFFFEu, 0xFFFFFFFFu};
  for (int round = 0; round < 3000; ++round) {
    std::vector<Code> refs(random() % 40);
    for (auto& code : refs) code = random() % 2 ? near[random() % near.size()] : random() % 12;
    Code lo = near[random() % near.size()], hi = near[random() % near.size()];
    if (random() % 3 == 0) {
      lo = random() % 12;
      hi = lo + random() % 6;
    }
    const std::size_t begin = refs.empty() ? 0 : random() % (refs.size() + 1);
    const std::size_t end = begin + (refs.size() == begin ? 0 : random() % (refs.size() - begin + 1));
    std::vector<std::size_t> found;
    EXPECT_TRUE(for_rows_with_ref(refs.data(), begin, end, lo, hi, [&](std::size_t row) {
      found.push_back(row);
      return true;
    }));
    ASSERT_EQ(found, rows_one_by_one(refs, begin, end, lo, hi))
        << "round " << round << ": [" << lo << ", " << hi << "), rows " << begin << ".." << end;
  }
}

TEST(RecordBatchRefs, StopsWhenTold) {
  const std::vector<Code> refs = {0, 4, 0, 5, 0, 0, 0, 0, 4, 6, 4, 0, 0, 0, 0, 0, 0, 0, 5};
  std::vector<std::size_t> found;
  EXPECT_FALSE(for_rows_with_ref(refs.data(), 0, refs.size(), 4, 6, [&](std::size_t row) {
    found.push_back(row);
    return found.size() < 4;
  }));
  EXPECT_EQ(found, (std::vector<std::size_t>{1, 3, 8, 10}));
}

}  // namespace
}  // namespace dutyscore::detail
