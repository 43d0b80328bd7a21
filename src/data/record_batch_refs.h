// Internal: the rows of a batch whose ref code falls in a range. The
// finish scans (item sizes, the joint-item check) give each thread a range
// of ref codes and have it look at every row's code; most rows have no ref,
// so the codes are tested eight at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dutyscore/dictionary.h"

namespace dutyscore::detail {

// Calls fn(row) for each row in [begin, end), in order, whose code
// refs[row] is in [lo, hi) and is not kAbsent; fn returns false to stop.
// False when fn stopped.
template <typename Fn>
bool for_rows_with_ref(const Code* refs, std::size_t begin, std::size_t end, Code lo, Code hi,
                       const Fn& fn) {
  static_assert(kAbsent == 0, "kAbsent is below every range");
  if (lo == kAbsent) lo = 1;
  if (lo >= hi) return true;
  // code in [lo, hi) <=> code - lo < hi - lo, unsigned.
  const Code width = hi - lo;
  std::size_t row = begin;
#if defined(__SSE2__)
  // SSE2 compares signed: both sides less 2^31 order as the unsigned ones.
  const __m128i low = _mm_set1_epi32(static_cast<int>(lo));
  const __m128i sign = _mm_set1_epi32(static_cast<int>(0x80000000u));
  const __m128i top = _mm_set1_epi32(static_cast<int>(width ^ 0x80000000u));
  const auto in_range = [&](std::size_t at) {
    const __m128i codes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(refs + at));
    const __m128i less =
        _mm_cmplt_epi32(_mm_xor_si128(_mm_sub_epi32(codes, low), sign), top);
    return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(less)));
  };
  for (; row + 8 <= end; row += 8) {
    for (unsigned found = in_range(row) | in_range(row + 4) << 4; found != 0; found &= found - 1) {
      if (!fn(row + static_cast<std::size_t>(__builtin_ctz(found)))) return false;
    }
  }
#endif
  for (; row < end; ++row) {
    if (refs[row] - lo < width && !fn(row)) return false;
  }
  return true;
}

}  // namespace dutyscore::detail
