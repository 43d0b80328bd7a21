#include "records_parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <iterator>
#include <limits>
#include <thread>
#include <unordered_map>
#include <vector>

#include "dutyscore/encoding.h"
#include "input_rows.h"

namespace dutyscore {
namespace {

using namespace input_rows;

// parse_day() remembered for one year's "YYYY-MM-DD" texts: a file holds
// few distinct dates, and most in one year.
class DayMemo {
 public:
  std::optional<Day> parse(std::string_view text) {
    if (text.size() != 10 || text.compare(0, 4, year_) != 0 || text[4] != '-' || text[7] != '-' ||
        !digit(text[5]) || !digit(text[6]) || !digit(text[8]) || !digit(text[9])) {
      // Another year (or not a date): start remembering that one.
      if (text.size() == 10) {
        year_.assign(text.data(), 4);
        std::fill(std::begin(known_), std::end(known_), kUnknown);
      }
      return parse_day(text);
    }
    const int index = ((text[5] - '0') * 10 + (text[6] - '0')) * 100 + (text[8] - '0') * 10 +
                      (text[9] - '0');
    std::int64_t& known = known_[index];
    if (known == kUnknown) {
      const auto day = parse_day(text);
      known = day ? static_cast<std::int64_t>(*day) : kInvalid;
    }
    if (known == kInvalid) return std::nullopt;
    return static_cast<Day>(known);
  }

 private:
  static bool digit(char c) { return c >= '0' && c <= '9'; }
  static constexpr std::int64_t kUnknown = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kInvalid = kUnknown + 1;
  std::string year_;
  std::int64_t known_[10000] = {};  // by MMDD; filled when a year is set
};

// One chunk of whole lines, read on its own thread into its own builder
// (chunk-local codes, merged in file order afterwards). Any row the serial
// reader would report as an error stops it: the file is then read row by
// row, so only warnings are kept here, their lines counted from the chunk's
// first line.
class Chunk {
 public:
  Chunk(std::string_view text, const MemberTable& members, const Columns& cols,
        std::size_t columns, const std::string& file, std::atomic<bool>& give_up)
      : builder(members.size()), text_(text), members_(members), cols_(cols), columns_(columns),
        file_(file), give_up_(give_up) {}

  // Reads the chunk; false when the serial reader is needed.
  bool read() {
    try {
      if (find_invalid_utf8(text_) != std::string_view::npos) return stop();
      // A rough row count from the text size avoids regrowing the columns.
      builder.reserve(text_.size() / 48);
      const char* p = text_.data();
      const char* const end = p + text_.size();
      std::size_t rows = 0;
      while (p < end) {
        if (++rows % 4096 == 0 && give_up_.load(std::memory_order_relaxed)) return false;
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
        const char* content_end = newline ? newline : end;
        // CRLF; at the very end a lone CR also ends the line.
        if (content_end > p && content_end[-1] == '\r') --content_end;
        if (content_end > p && !read_row(p, content_end)) return stop();
        if (!newline) break;
        ++lines;
        p = newline + 1;
      }
      return true;
    } catch (const std::exception&) {
      return stop();
    }
  }

  RecordBatchBuilder builder;
  Problems warnings;
  std::uint32_t lines = 0;  // line breaks in the chunk

 private:
  bool stop() {
    give_up_.store(true, std::memory_order_relaxed);
    return false;
  }

  // One non-blank line; false when the serial reader would report it.
  bool read_row(const char* p, const char* end) {
    std::size_t n = 0;
    const char* cell_begin = p;
    // Eight bytes at a time: commas end cells; a quote or a CR inside the
    // line is left to the serial reader (quoted cells, lone CRs).
    for (const char* q = p; q < end; q += 8) {
      const std::size_t size = std::min<std::size_t>(8, static_cast<std::size_t>(end - q));
      std::uint64_t word = 0;
      if (size == 8) std::memcpy(&word, q, 8);
      else std::memcpy(&word, q, size);  // the zero bytes after it match nothing
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      word = __builtin_bswap64(word);  // the first byte in the lowest bits
#endif
      if (bytes_equal(word, '"') | bytes_equal(word, '\r')) return false;
      for (std::uint64_t commas = bytes_equal(word, ','); commas != 0; commas &= commas - 1) {
        const char* comma = q + (__builtin_ctzll(commas) >> 3);
        if (n == columns_) return false;
        cells_[n++] = std::string_view(cell_begin, static_cast<std::size_t>(comma - cell_begin));
        cell_begin = comma + 1;
      }
    }
    if (n == columns_) return false;
    cells_[n++] = std::string_view(cell_begin, static_cast<std::size_t>(end - cell_begin));
    if (n != columns_) return false;

    const auto id = cols_.cell(cells_, kRecordId);
    const auto member_id = cols_.cell(cells_, kRecMember);
    const auto date_text = cols_.cell(cells_, kDate);
    const auto kind = cols_.cell(cells_, kKind);
    if (id.empty() || member_id.empty() || date_text.empty() || kind.empty()) return false;
    // Exports list a member's records together: remember the last one.
    if (!member_ || member_id != member_key_) {
      member_key_ = member_id;
      member_ = members_.find(member_id);
      if (!member_) return false;
      joined_ = members_.joined(*member_);
      left_ = members_.left(*member_);
    }
    const auto day = dates_.parse(date_text);
    if (!day) return false;
    if ((joined_ && *day < *joined_) || (left_ && *day > *left_))
      warn_outside_service(members_, *member_, *day, date_text, member_id, file_, lines, warnings);
    fields_.position = 0;
    if (const auto cell = cols_.cell(cells_, kPosition); !cell.empty()) {
      const auto value = parse_position(cell);
      if (!value) return false;
      fields_.position = *value;
    }
    fields_.quantity = kNoQuantity;
    if (const auto cell = cols_.cell(cells_, kQuantity); !cell.empty()) {
      const auto value = parse_quantity(cell);
      if (!value) return false;
      fields_.quantity = *value;
    }
    split_list(cols_.cell(cells_, kFlags), fields_.flags);
    fields_.ref = cols_.cell(cells_, kRef);
    // Joint items are checked on the merged batch by flag sets; a flag
    // named twice in one row would make its text differ from the set's.
    if (!fields_.ref.empty() && has_repeat(fields_.flags)) return false;
    fields_.record_id = id;
    fields_.member = *member_;
    fields_.date = *day;
    fields_.kind = kind;
    fields_.subtype = cols_.cell(cells_, kSubtype);
    fields_.status = cols_.cell(cells_, kStatus);
    fields_.level = cols_.cell(cells_, kLevel);
    return builder.add(fields_).empty();
  }

  // The high bit of every byte of `word` that equals `c`.
  static std::uint64_t bytes_equal(std::uint64_t word, char c) {
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    const std::uint64_t x = word ^ (0x0101010101010101ULL * static_cast<unsigned char>(c));
    return ~(((x & kLow7) + kLow7) | x | kLow7);
  }

  static bool has_repeat(const std::vector<std::string_view>& parts) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      for (std::size_t j = i + 1; j < parts.size(); ++j) {
        if (parts[i] == parts[j]) return true;
      }
    }
    return false;
  }

  std::string_view text_;
  const MemberTable& members_;
  const Columns& cols_;
  std::size_t columns_;
  const std::string& file_;
  std::atomic<bool>& give_up_;
  std::vector<std::string_view> cells_ = std::vector<std::string_view>(columns_);
  RecordFields fields_;
  std::string_view member_key_;
  std::optional<MemberIndex> member_;
  std::optional<Day> joined_, left_;  // of member_
  DayMemo dates_;
};

// True when the rows of every joint item (same kind and ref) agree on
// subtype and flags and no position is taken twice: what the serial
// reader's joint item check lets through without a message.
bool joint_items_agree(const RecordBatch& batch) {
  struct First {
    bool set = false;
    RecordClass cls;
  };
  // Almost every ref belongs to one kind: per ref code, with a map for the
  // rest.
  std::vector<First> first(batch.refs().size());
  std::unordered_map<std::uint64_t, RecordClass> other_kinds;
  std::vector<std::uint64_t> positions;  // ref, kind, position
  const auto agree = [](const RecordClass& a, const RecordClass& b) {
    return a.subtype == b.subtype && a.flags == b.flags;
  };
  for (std::size_t row = 0; row < batch.size(); ++row) {
    const Code ref = batch.ref(row);
    if (ref == kAbsent) continue;
    const RecordClass& cls = batch.classes()[batch.class_column()[row]];
    First& f = first[ref];
    if (!f.set) {
      f = First{true, cls};
    } else if (f.cls.kind == cls.kind) {
      if (!agree(f.cls, cls)) return false;
    } else {
      const auto key = static_cast<std::uint64_t>(ref) << 8 | cls.kind;
      const auto [it, inserted] = other_kinds.try_emplace(key, cls);
      if (!inserted && !agree(it->second, cls)) return false;
    }
    if (const auto position = batch.position(row); position != 0)
      positions.push_back(static_cast<std::uint64_t>(ref) << 24 |
                          static_cast<std::uint64_t>(cls.kind) << 16 | position);
  }
  std::sort(positions.begin(), positions.end());
  return std::adjacent_find(positions.begin(), positions.end()) == positions.end();
}

bool starts_with_bom(std::string_view text) {
  return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
         static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
}

}  // namespace

std::optional<RecordBatch> read_records_parallel(std::string_view text, const std::string& file,
                                                 const MemberTable& members, unsigned threads,
                                                 Problems& problems) {
  // The CSV reader skips a BOM after the decoder removed one: rare enough
  // to leave to it.
  if (starts_with_bom(text)) return std::nullopt;
  // The header: the first non-blank line.
  std::size_t pos = 0;
  std::uint64_t line = 1;
  while (pos < text.size() && (text[pos] == '\n' || text[pos] == '\r')) {
    if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
    ++pos;
    ++line;
  }
  if (pos == text.size()) return std::nullopt;  // empty: the serial reader says so
  const std::size_t newline = text.find('\n', pos);
  const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view header = text.substr(pos, line_end - pos);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  if (header.find_first_of("\"\r") != std::string_view::npos ||
      find_invalid_utf8(text.substr(0, line_end)) != std::string_view::npos)
    return std::nullopt;
  std::vector<std::string_view> header_cells;
  for (std::size_t from = 0;;) {
    const std::size_t comma = header.find(',', from);
    header_cells.push_back(header.substr(from, comma - from));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  Columns cols = record_columns();
  cols.read_header(header_cells);
  if (!cols.has(kRecordId) || !cols.has(kRecMember) || !cols.has(kDate) || !cols.has(kKind))
    return std::nullopt;
  if (newline == std::string_view::npos) pos = text.size();
  else {
    pos = newline + 1;
    ++line;
  }

  // Chunks of whole lines, about equal in size.
  const std::string_view body = text.substr(pos);
  std::vector<std::size_t> starts{0};
  for (unsigned k = 1; k < threads; ++k) {
    const std::size_t cut = std::max(starts.back(), body.size() / threads * k);
    const std::size_t at = body.find('\n', cut);
    if (at == std::string_view::npos || at + 1 >= body.size()) break;
    if (at + 1 > starts.back()) starts.push_back(at + 1);
  }
  starts.push_back(body.size());
  std::atomic<bool> give_up{false};
  std::deque<Chunk> chunks;  // not movable: they hold builders
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    chunks.emplace_back(body.substr(starts[k], starts[k + 1] - starts[k]), members, cols,
                        header_cells.size(), file, give_up);
  }
  std::vector<char> read_ok(chunks.size(), 0);
  {
    std::vector<std::thread> workers;
    for (std::size_t k = 1; k < chunks.size(); ++k)
      workers.emplace_back([&, k] { read_ok[k] = chunks[k].read(); });
    read_ok[0] = chunks[0].read();
    for (auto& w : workers) w.join();
  }
  if (std::find(read_ok.begin(), read_ok.end(), 0) != read_ok.end()) return std::nullopt;

  // Merge in file order: the first appearance of a text in the file is its
  // first appearance in the earliest chunk holding it.
  std::vector<std::uint64_t> first_line(chunks.size());
  std::size_t rows = 0;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    first_line[k] = line;
    line += chunks[k].lines;
    rows += chunks[k].builder.size();
  }
  if (line >= 0xFFFFFFFFu) return std::nullopt;  // the serial reader's line count saturates
  RecordBatchBuilder& builder = chunks[0].builder;
  builder.reserve(rows);
  for (std::size_t k = 1; k < chunks.size(); ++k) {
    if (!builder.append(std::move(chunks[k].builder)).empty()) return std::nullopt;
  }
  if (builder.has_duplicate_ids()) return std::nullopt;
  auto batch = builder.finish(threads);
  if (!joint_items_agree(batch)) return std::nullopt;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    for (auto p : chunks[k].warnings.all()) {
      p.where.line = static_cast<int>(first_line[k] + static_cast<std::uint32_t>(p.where.line));
      problems.add(std::move(p));
    }
  }
  return batch;
}

}  // namespace dutyscore
