#include "dutyscore/encoding.h"

#include <iconv.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "base/text_util.h"
#include "input/utf8_decoder.h"

namespace dutyscore {
namespace {

bool starts_with_bytes(std::string_view text, const char* bytes, std::size_t n) {
  return text.size() >= n && std::memcmp(text.data(), bytes, n) == 0;
}

constexpr char kUtf8BomBytes[] = "\xEF\xBB\xBF";
constexpr char kGb18030Bom[] = "\x84\x31\x95\x33";
constexpr char kUtf16LeBom[] = "\xFF\xFE";
constexpr char kUtf16BeBom[] = "\xFE\xFF";
// Auto decides from this much text: an office export has Chinese in every
// row, and scanning a gigabyte of records first would cost time.
constexpr std::size_t kDetectBytes = 1 << 20;

// Texts this long and longer go to simdjson's validator first (see
// find_invalid_utf8): below it, a cell of Chinese took 23 ns there against
// 14 ns walked, and at 32-39 bytes the two were even.
constexpr std::size_t kSimdUtf8Bytes = 64;

// The length of the UTF-8 sequence a byte leads: 2 to 4, or 0 for a byte
// that leads none (ASCII, a continuation byte, C0, C1, F5 and above).
std::size_t lead_length(unsigned char c) {
  return c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
}

// The length of the well-formed UTF-8 sequence at s[i] (a byte >= 0x80),
// or 0 when none starts there: overlongs, surrogates and code points above
// U+10FFFF are ill-formed.
std::size_t sequence_length(const unsigned char* s, std::size_t i, std::size_t n) {
  const unsigned char c = s[i];
  const std::size_t len = lead_length(c);
  if (len == 0) return 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c == 0xE0) lo = 0xA0;  // no overlongs
  if (c == 0xED) hi = 0x9F;  // no surrogates
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;  // at most U+10FFFF
  if (i + len > n) return 0;
  if (s[i + 1] < lo || s[i + 1] > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
  return len;
}

// Where the ASCII from s[i] ends: the first byte above 0x7F at or after
// `i`, or `n`; eight bytes at a time.
std::size_t ascii_end(const unsigned char* s, std::size_t i, std::size_t n) {
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s + i, 8);
    const std::uint64_t high = word & 0x8080808080808080ull;
    if (high != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      return i + static_cast<std::size_t>(__builtin_ctzll(high)) / 8;  // the ASCII before it
#else
      break;
#endif
    }
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// iconv from a charset to UTF-8, a piece at a time.
class IconvDecoder final : public detail::TextDecoder {
 public:
  IconvDecoder(iconv_t cd, const detail::Utf8Source& source)
      : cd_(cd), source_(source), skip_(source.bom) {}
  ~IconvDecoder() override { iconv_close(cd_); }
  IconvDecoder(const IconvDecoder&) = delete;
  IconvDecoder& operator=(const IconvDecoder&) = delete;

  std::size_t decode(std::string_view in, bool last, char* out, std::size_t& used) override {
    Span span{const_cast<char*>(in.data()), in.size(), out, max_output(in.size())};
    const std::size_t skip = std::min(skip_, span.left);  // the byte order mark
    span.from += skip;
    span.left -= skip;
    skip_ -= skip;
    if (source_.unit != 1) {
      convert(span, last);
    } else {
      // GB18030 is ASCII below 0x80: those bytes are copied as they are,
      // and only the runs between them converted, each up to a byte below
      // 0x30, never part of a character (trail bytes are 0x30-0x39 and
      // 0x40-0xFE), so that a run converts as within the whole. Records
      // files are mostly ASCII, and iconv went at some 300 MB/s a thread.
      while (span.left > 0) {
        const std::size_t ascii =
            ascii_end(reinterpret_cast<const unsigned char*>(span.from), 0, span.left);
        std::memcpy(span.to, span.from, ascii);
        span.advance(ascii, ascii);
        if (span.left == 0) break;
        std::size_t run = 1;
        while (run < span.left && static_cast<unsigned char>(span.from[run]) >= 0x30) ++run;
        Span part{span.from, run, span.to, span.room};
        convert(part, last || run < span.left);
        span.advance(run - part.left, static_cast<std::size_t>(part.to - span.to));
        if (part.left > 0) break;  // a character cut by the piece's end
      }
    }
    used = in.size() - span.left;
    return static_cast<std::size_t>(span.to - out);
  }

  void reset() override {
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    skip_ = source_.bom;
  }

  // GB18030's trail bytes are 0x30-0x39 and 0x40-0xFE: never a line feed.
  // (In UTF-16 a cut must also fall between code units.)
  bool cuts_after_line_feeds() const override { return source_.unit == 1; }

  std::unique_ptr<TextDecoder> another() const override {
    detail::Utf8Source after = source_;
    after.bom = 0;
    Problems ignored;  // opened once already: the converter is there
    return detail::make_utf8_decoder(after, "", ignored);
  }

 private:
  // Bytes in and room out, as iconv() moves them.
  struct Span {
    char* from;
    std::size_t left;
    char* to;
    std::size_t room;
    void advance(std::size_t in, std::size_t out) {
      from += in;
      left -= in;
      to += out;
      room -= out;
    }
  };

  // iconv over the span; a character cut by its end is left in it unless
  // `last` (the file's end, or a byte that no character continues into).
  void convert(Span& span, bool last) {
    while (span.left > 0) {
      if (iconv(cd_, &span.from, &span.left, &span.to, &span.room) != static_cast<std::size_t>(-1))
        break;
      if (errno == EINVAL && !last) break;
      if (errno == E2BIG || span.room == 0) break;  // not with max_output()'s room
      // EILSEQ, or EINVAL at the end: the byte marked invalid, and on, so
      // that the bad row is reported.
      *span.to = '\xFF';
      span.advance(std::min(source_.unit, span.left), 1);
    }
  }

  iconv_t cd_;
  detail::Utf8Source source_;
  std::size_t skip_;
};

}  // namespace

std::optional<Encoding> parse_encoding(std::string_view name) {
  const auto n = detail::lower_ascii(name);
  if (n == "auto") return Encoding::Auto;
  if (n == "utf-8" || n == "utf8") return Encoding::Utf8;
  if (n == "gb18030" || n == "gbk") return Encoding::Gb18030;
  if (n == "utf-16" || n == "utf16") return Encoding::Utf16;
  return std::nullopt;
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "utf-8";
    case Encoding::Gb18030: return "gb18030";
    case Encoding::Utf16: return "utf-16";
  }
  return "auto";
}

std::size_t find_invalid_utf8(std::string_view text) {
  // Valid text, the common case, is vouched for by simdjson's validator
  // (SIMD, 64 bytes a step: a members file's lines 2.4x as fast as the walk
  // below, a whole part 4x); the walk finds where text it rejects goes
  // wrong. Shorter texts (cells) are walked: the call costs more there.
  if (text.size() >= kSimdUtf8Bytes && simdjson::validate_utf8(text.data(), text.size()))
    return std::string_view::npos;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    i = ascii_end(s, i, n);
    if (i >= n) break;
    // Chinese text: runs of three-byte sequences led by E1..EC or EE..EF,
    // which take any two continuation bytes (E0 and ED limit the second:
    // the long way). A run is checked without going back to the ASCII
    // test for each character (that was half the time on members files).
    while (i + 3 <= n && ((s[i] >= 0xE1 && s[i] <= 0xEC) || s[i] >= 0xEE) && s[i] <= 0xEF &&
           (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
      i += 3;
    if (i >= n || s[i] < 0x80) continue;
    const std::size_t len = sequence_length(s, i, n);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

Encoding detect_encoding(std::string_view text) {
  if (starts_with_bytes(text, kUtf8BomBytes, 3)) return Encoding::Utf8;
  if (starts_with_bytes(text, kUtf16LeBom, 2) || starts_with_bytes(text, kUtf16BeBom, 2))
    return Encoding::Utf16;
  if (starts_with_bytes(text, kGb18030Bom, 4)) return Encoding::Gb18030;
  std::string_view window = text.substr(0, kDetectBytes);
  if (window.size() < text.size()) {
    // Whole lines only: a sequence cut by the window is no evidence.
    const auto last_break = window.rfind('\n');
    if (last_break != std::string_view::npos) window = window.substr(0, last_break + 1);
  }
  if (find_invalid_utf8(window) == std::string_view::npos) return Encoding::Utf8;
  const auto* s = reinterpret_cast<const unsigned char*>(window.data());
  const std::size_t n = window.size();
  std::size_t well_formed = 0, broken = 0;
  for (std::size_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(s, i, n);
    if (len == 0) {
      ++broken;
      ++i;
    } else {
      ++well_formed;
      i += len;
    }
  }
  return broken > well_formed ? Encoding::Gb18030 : Encoding::Utf8;
}

namespace detail {

std::optional<Utf8Source> utf8_source(std::string_view text, Encoding encoding,
                                      const std::string& file, Problems& problems) {
  // UTF-16 without a BOM: NUL bytes between the ASCII of the header. Its
  // byte order is unknown, and read as UTF-8 it would look like a file
  // without columns.
  const bool utf16_bom = starts_with_bytes(text, kUtf16LeBom, 2) || starts_with_bytes(text, kUtf16BeBom, 2);
  if (!utf16_bom && encoding != Encoding::Utf16 && text.size() >= 4 &&
      (text[0] == '\0' || text[1] == '\0') && (text[2] == '\0' || text[3] == '\0')) {
    problems.error(Location{file, 1, 0, {}},
                   "the file is UTF-16 text without a byte order mark, so its byte order is "
                   "unknown: save it as CSV UTF-8 (or as UTF-16 with a BOM, Excel's \"Unicode "
                   "text\") and read it again");
    return std::nullopt;
  }
  if (encoding == Encoding::Auto) encoding = detect_encoding(text);
  Utf8Source source;
  if (encoding == Encoding::Utf8) {
    if (starts_with_bytes(text, kUtf8BomBytes, 3)) source.bom = 3;
    return source;
  }
  if (encoding == Encoding::Utf16) {
    if (starts_with_bytes(text, kUtf16LeBom, 2)) {
      source.charset = "UTF-16LE";
    } else if (starts_with_bytes(text, kUtf16BeBom, 2)) {
      source.charset = "UTF-16BE";
    } else {
      problems.error(Location{file, 0, 0, {}},
                     "the file does not start with a UTF-16 byte order mark (FF FE or FE FF), "
                     "so its byte order is unknown; save it as UTF-8 or UTF-16 with a BOM");
      return std::nullopt;
    }
    source.unit = 2;
    source.bom = 2;
    return source;
  }
  source.charset = "GB18030";
  if (starts_with_bytes(text, kGb18030Bom, 4)) {
    source.bom = 4;
  } else if (find_invalid_utf8(text) == std::string_view::npos &&
             std::any_of(text.begin(), text.end(), [](char c) { return c & 0x80; })) {
    // Chinese text in GB18030 is practically never also valid UTF-8, so a
    // file that is must be UTF-8: converting it would garble every name.
    refuse_utf8_as_gb18030(file, problems);
    return std::nullopt;
  }
  return source;
}

void refuse_utf8_as_gb18030(const std::string& file, Problems& problems) {
  problems.error(Location{file, 0, 0, {}},
                 "the file is UTF-8 text, but --encoding gb18030 was given: reading it as "
                 "GB18030 would garble its Chinese text; read it with --encoding utf-8 (or auto)");
}

void Utf8Watch::check(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  beyond_ascii_ = beyond_ascii_ || ascii_end(s, 0, bytes.size()) < bytes.size();
  valid_ = find_invalid_utf8(bytes) == std::string_view::npos;
}

void Utf8Watch::add(std::string_view bytes) {
  if (!valid_) return;
  if (!carry_.empty()) {
    // The cut sequence completed by the bytes its lead asks for.
    const std::size_t length = lead_length(static_cast<unsigned char>(carry_[0]));
    const std::size_t take = std::min(length - carry_.size(), bytes.size());
    carry_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (carry_.size() < length) return;
    check(carry_);
    carry_.clear();
    if (!valid_) return;
  }
  // A sequence cut by the end: a lead byte among the last three whose
  // sequence needs more bytes than follow it.
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t cut = 0;
  for (std::size_t back = 1; back <= std::min<std::size_t>(3, n); ++back) {
    const unsigned char c = s[n - back];
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte
    if (lead_length(c) > back) cut = back;
    break;
  }
  check(bytes.substr(0, n - cut));
  carry_.assign(bytes.substr(n - cut));
}

std::unique_ptr<TextDecoder> make_utf8_decoder(const Utf8Source& source, const std::string& file,
                                               Problems& problems) {
  iconv_t cd = iconv_open("UTF-8", source.charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr): iconv's failure
    problems.error(Location{file, 0, 0, {}}, std::string("cannot convert from ") + source.charset +
                                                 ": the system has no such converter");
    return nullptr;
  }
  return std::make_unique<IconvDecoder>(cd, source);
}

std::optional<Utf8Source> convert_as_read(FileWindow& window, Encoding encoding,
                                          const std::string& file, Problems& problems,
                                          std::unique_ptr<Utf8Watch>& watch) {
  // Keeping at least the four bytes a byte order mark takes.
  std::string_view head = window.text();
  const std::size_t line_end = head.rfind('\n');
  if (!window.at_end() && line_end != std::string_view::npos && line_end >= 4)
    head = head.substr(0, line_end + 1);
  const auto source = utf8_source(head, encoding, file, problems);
  if (!source || source->charset == nullptr) return source;
  if (encoding == Encoding::Gb18030 && source->bom == 0 && !window.at_end() &&
      std::none_of(head.begin(), head.end(), [](char c) { return (c & 0x80) != 0; })) {
    // Said to be GB18030 and ASCII so far: UTF-8 text further on would be
    // garbled without a word, where the file converted whole was refused.
    // The rest is checked as it is read, from the end of what was looked at.
    watch = std::make_unique<Utf8Watch>();
    watch->add(window.text().substr(head.size()));
    window.add_observer([w = watch.get()](std::string_view bytes) { w->add(bytes); });
  }
  auto decoder = make_utf8_decoder(*source, file, problems);
  if (!decoder) return std::nullopt;
  window.set_decoder(std::move(decoder));
  return source;
}

}  // namespace detail

bool decode_to_utf8(std::string_view text, Encoding encoding, const std::string& file,
                    std::string& storage, std::string_view& utf8, Problems& problems) {
  const auto source = detail::utf8_source(text, encoding, file, problems);
  if (!source) return false;
  if (source->charset == nullptr) {
    utf8 = text.substr(source->bom);
    return true;
  }
  const auto decoder = detail::make_utf8_decoder(*source, file, problems);
  if (!decoder) return false;
  // In pieces through one small buffer: the text's room is reserved, not
  // written ahead (zeroed, half again the text's size was touched).
  constexpr std::size_t kPiece = std::size_t{1} << 16;
  std::string buffer(detail::TextDecoder::max_output(kPiece), '\0');
  storage.clear();
  storage.reserve(text.size() + text.size() / 2);
  for (std::size_t done = 0; done < text.size();) {
    const std::string_view piece = text.substr(done, kPiece);
    std::size_t used = 0;
    storage.append(buffer.data(),
                   decoder->decode(piece, done + piece.size() == text.size(), buffer.data(), used));
    done += used;  // a character cut by the piece's end comes with the next
  }
  // A leading UTF-8 BOM would also have been converted; drop it.
  std::string_view view(storage);
  if (starts_with_bytes(view, kUtf8BomBytes, 3)) view.remove_prefix(3);
  utf8 = view;
  return true;
}

}  // namespace dutyscore
