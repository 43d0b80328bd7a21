#include "input/csv_parts.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// AVX2 beside SSE2 on x86-64 with GCC or Clang (their target attribute).
#if defined(__x86_64__) && defined(__SSE2__) && defined(__GNUC__)
#define DUTYSCORE_SPLIT_AVX2 1
#include <immintrin.h>
#else
#define DUTYSCORE_SPLIT_AVX2 0
#endif

#include "dutyscore/csv.h"

namespace dutyscore::detail {

namespace {

// Where the commas, the line feeds, the quotes or CRs, and the spaces or
// bytes above 0x7F are among kStep bytes: one bit per byte on SSE2 (32
// bytes), else the high bit of each byte of a word.
struct Marks {
  std::uint64_t commas;
  std::uint64_t newlines;
  std::uint64_t stops;
  std::uint64_t odd;
};

#if defined(__SSE2__)
// The marks of a block from those of its halves, the high half's `half`
// bits up (the vector steps load a block in two).
Marks joined(const Marks& low, const Marks& high, unsigned half) {
  return {low.commas | high.commas << half, low.newlines | high.newlines << half,
          low.stops | high.stops << half, low.odd | high.odd << half};
}
#endif

// A way to find the marks: kStep bytes a step, kBitsPerByte bits of each
// Marks word a byte.
#if defined(__SSE2__)
// Two 16-byte loads a step: a line of records is some 60 bytes, and each
// step's tests cost the same however many bytes it covers.
struct BaseStep {
  static constexpr std::size_t kStep = 32;
  static constexpr unsigned kBitsPerByte = 1;
  static Marks marks_in(const char* p) {
    const auto marks_of = [](const char* at) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      const auto equal = [&bytes](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
      const auto bits = [](__m128i m) {
        return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m)));
      };
      return Marks{bits(equal(',')), bits(equal('\n')),
                   bits(_mm_or_si128(equal('"'), equal('\r'))),
                   bits(_mm_or_si128(bytes, equal(' ')))};
    };
    return joined(marks_of(p), marks_of(p + 16), 16);
  }
};
#else
// The high bit of every byte of `word` that equals `c`.
std::uint64_t bytes_equal(std::uint64_t word, char c) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t x = word ^ (0x0101010101010101ULL * static_cast<unsigned char>(c));
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

struct BaseStep {
  static constexpr std::size_t kStep = 8;
  static constexpr unsigned kBitsPerByte = 8;
  static Marks marks_in(const char* p) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);  // the first byte in the lowest bits
#endif
    return {bytes_equal(word, ','), bytes_equal(word, '\n'),
            bytes_equal(word, '"') | bytes_equal(word, '\r'),
            (word & 0x8080808080808080ULL) | bytes_equal(word, ' ')};
  }
};
#endif

#if DUTYSCORE_SPLIT_AVX2
// Two 32-byte loads a step where the processor has AVX2 (chosen at run
// time: the build's baseline is SSE2): most lines in one step.
struct Avx2Step {
  static constexpr std::size_t kStep = 64;
  static constexpr unsigned kBitsPerByte = 1;
  [[gnu::target("avx2")]] static std::uint64_t bits(__m256i m) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(m)));
  }
  [[gnu::target("avx2")]] static __m256i equal(__m256i bytes, char c) {
    return _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(c));
  }
  [[gnu::target("avx2")]] static Marks marks_of(const char* at) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
    return Marks{bits(equal(bytes, ',')), bits(equal(bytes, '\n')),
                 bits(_mm256_or_si256(equal(bytes, '"'), equal(bytes, '\r'))),
                 bits(_mm256_or_si256(bytes, equal(bytes, ' ')))};
  }
  [[gnu::target("avx2")]] static Marks marks_in(const char* p) {
    return joined(marks_of(p), marks_of(p + 32), 32);
  }
};
#endif

}  // namespace

bool read_head(std::string_view text, const std::string& file, CsvHead& head,
               Problems& problems) {
  CsvParser parser(text);
  std::vector<std::string_view> cells;
  if (!read_csv_header(parser, file, cells, problems)) return false;
  head.cells.assign(cells.begin(), cells.end());
  head.body = parser.pos();
  head.body_line = parser.line();
  return true;
}

std::vector<std::size_t> cut_body(std::string_view text, std::size_t body, std::size_t parts,
                                  std::size_t part_bytes) {
  const std::size_t size = text.size() - body;
  if (part_bytes > 0) parts = size / part_bytes + 1;
  parts = std::max<std::size_t>(parts, 1);
  std::vector<std::size_t> cuts{body};
  for (std::size_t k = 1; k < parts; ++k) {
    const std::size_t at_least = std::max(cuts.back(), body + size / parts * k);
    const std::size_t at = text.find('\n', at_least);
    if (at == std::string_view::npos || at + 1 >= text.size()) break;
    if (at + 1 > cuts.back()) cuts.push_back(at + 1);
  }
  cuts.push_back(text.size());
  return cuts;
}

std::string join_cells(const std::vector<std::string_view>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_csv_cell(out, cells[i]);
  }
  return out;
}

std::string CsvRowView::as_written() const { return plain ? std::string(text) : join_cells(cells); }

namespace {

// A SplitPlain with the marks of `Step`. Inlined whole into each caller
// below, so that the marks' vector code is compiled for the caller's
// processor.
template <class Step>
[[gnu::always_inline]] inline bool split_with(const char* p, const char* text_end,
                                              std::vector<std::string_view>& cells,
                                              PlainLine& line) {
  constexpr std::size_t kStep = Step::kStep;
  constexpr unsigned kBitsPerByte = Step::kBitsPerByte;
  // The marks of the first `bytes` bytes (< kStep) of a block.
  const auto first_bytes = [](std::size_t bytes) {
    return (std::uint64_t{1} << (bytes * kBitsPerByte)) - 1;
  };
  const std::size_t columns = cells.size();
  std::uint64_t odd = 0;
  std::size_t n = 0;
  const char* cell_begin = p;
  // kStep bytes at a time up to the first line feed: commas end cells; a
  // quote, or a CR anywhere but just before the line feed, is left to the
  // CSV parser (quoted cells, lone CRs).
  for (const char* q = p;; q += kStep) {
    const auto left = static_cast<std::size_t>(text_end - q);
    // The last bytes of the text are loaded from a copy: the zeros after
    // them match nothing.
    char tail[kStep];
    if (left < kStep) {
      std::memset(tail, 0, kStep);
      std::memcpy(tail, q, left);
    }
    const Marks marks = Step::marks_in(left >= kStep ? q : tail);
    // The bytes before the first line feed, which ends the line.
    const std::uint64_t in_line = marks.newlines != 0 ? (marks.newlines & (0 - marks.newlines)) - 1
                                  : left >= kStep     ? ~std::uint64_t{0}
                                                      : first_bytes(left);
    if (const std::uint64_t stops = marks.stops & in_line; stops != 0) {
      // Only a CR just before the line feed (in this block or at the next
      // one's start) may stand in a plain line.
      const std::size_t at = static_cast<std::size_t>(__builtin_ctzll(stops)) / kBitsPerByte;
      const std::size_t feed =
          marks.newlines != 0 ? static_cast<std::size_t>(__builtin_ctzll(marks.newlines)) / kBitsPerByte
          : left > kStep && q[kStep] == '\n' ? kStep
                                              : 0;
      if ((stops & (stops - 1)) != 0 || at + 1 != feed || q[at] != '\r') return false;
    }
    odd |= marks.odd & in_line;
    // Too many cells is tested once a step, not once a comma (0.8% of CSV
    // -> ranking's instructions).
    std::uint64_t commas = marks.commas & in_line;
    if (n + static_cast<std::size_t>(__builtin_popcountll(commas)) > columns) return false;
    for (; commas != 0; commas &= commas - 1) {
      const char* comma = q + __builtin_ctzll(commas) / kBitsPerByte;
      cells[n++] = std::string_view(cell_begin, static_cast<std::size_t>(comma - cell_begin));
      cell_begin = comma + 1;
    }
    if (marks.newlines != 0 || left <= kStep) {
      line.end = marks.newlines != 0 ? q + __builtin_ctzll(marks.newlines) / kBitsPerByte
                                     : text_end;
      break;
    }
  }
  // A CR left in the line ends it, just before the line feed.
  line.content_end = line.end > p && line.end[-1] == '\r' ? line.end - 1 : line.end;
  if (n == columns) return false;
  cells[n++] = std::string_view(cell_begin, static_cast<std::size_t>(line.content_end - cell_begin));
  line.odd = odd != 0;
  return n == columns;
}

bool split_plain_base(const char* p, const char* text_end, std::vector<std::string_view>& cells,
                      PlainLine& line) {
  return split_with<BaseStep>(p, text_end, cells, line);
}

#if DUTYSCORE_SPLIT_AVX2
[[gnu::target("avx2"), gnu::flatten]] bool split_plain_avx2(const char* p, const char* text_end,
                                                           std::vector<std::string_view>& cells,
                                                           PlainLine& line) {
  return split_with<Avx2Step>(p, text_end, cells, line);
}
#endif

}  // namespace

SplitPlain split_plain_for(bool avx2) {
#if DUTYSCORE_SPLIT_AVX2
  if (avx2) return split_plain_avx2;
#else
  (void)avx2;
#endif
  return split_plain_base;
}

bool has_avx2() {
#if DUTYSCORE_SPLIT_AVX2
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
#else
  return false;
#endif
}

}  // namespace dutyscore::detail
