#include "input/csv_parts.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dutyscore/csv.h"

namespace dutyscore::detail {

namespace {

// Where the commas, the quotes or CRs, and the bytes above 0x7F are among
// kStep bytes: one bit per byte on SSE2 (16 bytes), else the high bit of
// each byte of a word.
struct Marks {
  std::uint64_t commas;
  std::uint64_t stops;
  std::uint64_t high;
};

#if defined(__SSE2__)
constexpr std::size_t kStep = 16;
constexpr unsigned kBitsPerByte = 1;

Marks marks_in(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto mask = [&bytes](char c) {
    return static_cast<std::uint64_t>(
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)))));
  };
  return {mask(','), mask('"') | mask('\r'),
          static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(bytes)))};
}
#else
constexpr std::size_t kStep = 8;
constexpr unsigned kBitsPerByte = 8;

// The high bit of every byte of `word` that equals `c`.
std::uint64_t bytes_equal(std::uint64_t word, char c) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t x = word ^ (0x0101010101010101ULL * static_cast<unsigned char>(c));
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

Marks marks_in(const char* p) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  word = __builtin_bswap64(word);  // the first byte in the lowest bits
#endif
  return {bytes_equal(word, ','), bytes_equal(word, '"') | bytes_equal(word, '\r'),
          word & 0x8080808080808080ULL};
}
#endif

// marks_in() for the last `size` (< kStep) bytes before the text's end.
Marks marks_in_short(const char* p, std::size_t size) {
  char bytes[kStep] = {};
  std::memcpy(bytes, p, size);
  return marks_in(bytes);
}

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

bool split_plain(const char* p, const char* end, const char* limit,
                 std::vector<std::string_view>& cells, bool& high) {
  const std::size_t columns = cells.size();
  std::uint64_t high_bits = 0;
  std::size_t n = 0;
  const char* cell_begin = p;
  // kStep bytes at a time: commas end cells; a quote or a CR inside the
  // line is left to the CSV parser (quoted cells, lone CRs).
  for (const char* q = p; q < end; q += kStep) {
    const auto size = std::min(kStep, static_cast<std::size_t>(end - q));
    // The bytes after the line match nothing once masked off; short of the
    // limit they are loaded too, as one load beats a byte loop.
    const Marks marks = q + kStep <= limit ? marks_in(q) : marks_in_short(q, size);
    const std::uint64_t in_line =
        size == kStep ? ~std::uint64_t{0} : (std::uint64_t{1} << (size * kBitsPerByte)) - 1;
    if (marks.stops & in_line) return false;
    high_bits |= marks.high & in_line;
    for (std::uint64_t commas = marks.commas & in_line; commas != 0; commas &= commas - 1) {
      const char* comma = q + __builtin_ctzll(commas) / kBitsPerByte;
      if (n == columns) return false;
      cells[n++] = std::string_view(cell_begin, static_cast<std::size_t>(comma - cell_begin));
      cell_begin = comma + 1;
    }
  }
  if (n == columns) return false;
  cells[n++] = std::string_view(cell_begin, static_cast<std::size_t>(end - cell_begin));
  high = high_bits != 0;
  return n == columns;
}

}  // namespace dutyscore::detail
