#include "input/plain_csv.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dutyscore/encoding.h"

namespace dutyscore::plain_csv {
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

// marks_in() for the last `size` (< kStep) bytes before the chunk's end.
Marks marks_in_short(const char* p, std::size_t size) {
  char bytes[kStep] = {};
  std::memcpy(bytes, p, size);
  return marks_in(bytes);
}

bool starts_with_bom(std::string_view text) {
  return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
         static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
}

}  // namespace

std::optional<Cut> cut(std::string_view text, unsigned parts) {
  // The CSV reader skips a BOM after the decoder removed one: rare enough
  // to leave to it.
  if (starts_with_bom(text)) return std::nullopt;
  Cut out;
  // The header: the first non-blank line.
  std::size_t pos = 0;
  out.body_line = 1;
  while (pos < text.size() && (text[pos] == '\n' || text[pos] == '\r')) {
    if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
    ++pos;
    ++out.body_line;
  }
  if (pos == text.size()) return std::nullopt;  // empty: the CSV reader says so
  const std::size_t newline = text.find('\n', pos);
  const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view header = text.substr(pos, line_end - pos);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  if (header.find_first_of("\"\r") != std::string_view::npos ||
      find_invalid_utf8(text.substr(0, line_end)) != std::string_view::npos)
    return std::nullopt;
  for (std::size_t from = 0;;) {
    const std::size_t comma = header.find(',', from);
    out.header.push_back(header.substr(from, comma - from));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  if (newline == std::string_view::npos) {
    pos = text.size();
  } else {
    pos = newline + 1;
    ++out.body_line;
  }

  // Chunks of whole lines, about equal in size.
  const std::string_view body = text.substr(pos);
  std::vector<std::size_t> starts{0};
  for (unsigned k = 1; k < parts; ++k) {
    const std::size_t at_least = std::max(starts.back(), body.size() / parts * k);
    const std::size_t at = body.find('\n', at_least);
    if (at == std::string_view::npos || at + 1 >= body.size()) break;
    if (at + 1 > starts.back()) starts.push_back(at + 1);
  }
  starts.push_back(body.size());
  for (std::size_t k = 0; k + 1 < starts.size(); ++k)
    out.chunks.push_back(body.substr(starts[k], starts[k + 1] - starts[k]));
  return out;
}

bool split(const char* p, const char* end, const char* limit,
           std::vector<std::string_view>& cells) {
  const std::size_t columns = cells.size();
  std::uint64_t high = 0;
  std::size_t n = 0;
  const char* cell_begin = p;
  // kStep bytes at a time: commas end cells; a quote or a CR inside the
  // line is left to the CSV reader (quoted cells, lone CRs).
  for (const char* q = p; q < end; q += kStep) {
    const auto size = std::min(kStep, static_cast<std::size_t>(end - q));
    // The bytes after the line match nothing once masked off; short of the
    // limit they are loaded too, as one load beats a byte loop.
    const Marks marks = q + kStep <= limit ? marks_in(q) : marks_in_short(q, size);
    const std::uint64_t in_line =
        size == kStep ? ~std::uint64_t{0} : (std::uint64_t{1} << (size * kBitsPerByte)) - 1;
    if (marks.stops & in_line) return false;
    high |= marks.high & in_line;
    for (std::uint64_t commas = marks.commas & in_line; commas != 0; commas &= commas - 1) {
      const char* comma = q + __builtin_ctzll(commas) / kBitsPerByte;
      if (n == columns) return false;
      cells[n++] = std::string_view(cell_begin, static_cast<std::size_t>(comma - cell_begin));
      cell_begin = comma + 1;
    }
  }
  if (n == columns) return false;
  cells[n++] = std::string_view(cell_begin, static_cast<std::size_t>(end - cell_begin));
  // The bytes were at hand: only a line with a byte above 0x7F needs the
  // UTF-8 check.
  return n == columns &&
         (high == 0 ||
          find_invalid_utf8(std::string_view(p, static_cast<std::size_t>(end - p))) ==
              std::string_view::npos);
}

}  // namespace dutyscore::plain_csv
