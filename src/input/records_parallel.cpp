#include "input/records_parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <iterator>
#include <limits>
#include <thread>
#include <unordered_map>
#include <vector>

#include "input/input_rows.h"
#include "input/plain_csv.h"
#include "base/short_text.h"

namespace dutyscore {
namespace {

using namespace input_rows;

// parse_day() remembered for "YYYY-MM-DD" texts of the two years seen
// last: a file holds few distinct dates, mostly of one year, with some of
// the year before or after mixed in.
class DayMemo {
 public:
  // False when the text is not a valid date.
  bool parse(std::string_view text, Day& out) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        !std::all_of(text.begin(), text.begin() + 4, digit) || !digit(text[5]) ||
        !digit(text[6]) || !digit(text[8]) || !digit(text[9]))
      return parse_uncached(text, out);
    const int month = (text[5] - '0') * 10 + (text[6] - '0');
    const int day = (text[8] - '0') * 10 + (text[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) return parse_uncached(text, out);
    if (text.compare(0, 4, years_[current_].text, 4) != 0) {
      current_ ^= 1;  // the other year, or else the older one to reuse
      Year& other = years_[current_];
      if (text.compare(0, 4, other.text, 4) != 0) {
        text.copy(other.text, 4);
        std::fill(std::begin(other.known), std::end(other.known), kUnknown);
      }
    }
    std::int64_t& known = years_[current_].known[(month - 1) * 31 + (day - 1)];
    if (known == kUnknown) {
      const auto parsed = parse_day(text);
      known = parsed ? static_cast<std::int64_t>(*parsed) : kInvalid;
    }
    out = static_cast<Day>(known);
    return known != kInvalid;
  }

 private:
  static bool parse_uncached(std::string_view text, Day& out) {
    const auto day = parse_day(text);
    if (day) out = *day;
    return day.has_value();
  }
  static bool digit(char c) { return c >= '0' && c <= '9'; }
  static constexpr std::int64_t kUnknown = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kInvalid = kUnknown + 1;
  struct Year {
    char text[4] = {};  // not digits: matches no date until set
    std::int64_t known[12 * 31] = {};  // filled with kUnknown when the year is set
  };
  Year years_[2];
  int current_ = 0;
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
      // A rough row count from the text size avoids regrowing the columns.
      builder.reserve(text_.size() / 48);
      std::size_t rows = 0;
      const bool ok = plain_csv::for_each_line(text_, lines, [&](const char* p, const char* end) {
        if (++rows % 4096 == 0 && give_up_.load(std::memory_order_relaxed)) return false;
        return read_row(p, end);
      });
      return ok || stop();
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
    if (!plain_csv::split(p, end, text_end_, cells_)) return false;
    const auto id = cols_.cell(cells_, kRecordId);
    const auto member_id = cols_.cell(cells_, kRecMember);
    const auto date_text = cols_.cell(cells_, kDate);
    const auto kind = cols_.cell(cells_, kKind);
    if (id.empty() || member_id.empty() || date_text.empty() || kind.empty()) return false;
    // Exports list a member's records together, with now and then a row of
    // another participant of a joint item: remember the last two members.
    if (!short_text::equal(member_id, recent_[0].key)) {
      std::swap(recent_[0], recent_[1]);
      if (!short_text::equal(member_id, recent_[0].key)) {
        const auto found = members_.find(member_id);
        if (!found) return false;
        recent_[0] = {member_id, *found, members_.joined(*found), members_.left(*found)};
      }
    }
    const Recent& member = recent_[0];
    Day day = 0;
    if (!dates_.parse(date_text, day)) return false;
    if ((member.joined && day < *member.joined) || (member.left && day > *member.left))
      warn_outside_service(members_, member.index, day, date_text, member_id, file_, lines,
                           warnings);
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
    fields_.member = member.index;
    fields_.date = day;
    fields_.kind = kind;
    fields_.subtype = cols_.cell(cells_, kSubtype);
    fields_.status = cols_.cell(cells_, kStatus);
    fields_.level = cols_.cell(cells_, kLevel);
    return builder.add(fields_).empty();
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
  const char* text_end_ = text_.data() + text_.size();
  const MemberTable& members_;
  const Columns& cols_;
  std::size_t columns_;
  const std::string& file_;
  std::atomic<bool>& give_up_;
  std::vector<std::string_view> cells_ = std::vector<std::string_view>(columns_);
  RecordFields fields_;
  struct Recent {
    std::string_view key;  // empty: unused (an empty member id is never looked up)
    MemberIndex index = 0;
    std::optional<Day> joined, left;
  };
  Recent recent_[2];
  DayMemo dates_;
};

// True when the rows of every joint item (same kind and ref) agree on
// subtype and flags and no position is taken twice: what the serial
// reader's joint item check lets through without a message. The answer
// does not depend on the order of the rows, so each thread takes the refs
// whose code is its number modulo `threads`.
bool joint_items_agree(const RecordBatch& batch, unsigned threads) {
  constexpr std::uint32_t kUnseen = 0xFFFFFFFF;  // above every class code
  const std::size_t refs = batch.refs().size();
  // Per ref code, side by side as refs come in no order: the class of its
  // first row, and the positions 1..64 its rows of that kind take (bit
  // position - 1).
  struct Item {
    std::uint32_t first = kUnseen;
    std::uint64_t taken = 0;
  };
  std::vector<Item> items(refs);
  const auto& classes = batch.classes();
  const auto& class_column = batch.class_column();
  const auto& positions = batch.position_column();
  std::atomic<bool> agree{true};
  const auto disagree = [&agree] { agree.store(false, std::memory_order_relaxed); };
  const auto check = [&](unsigned part) {
    // Rows of another kind than the ref's first, and positions above 64:
    // (ref, kind, position) keys, checked by a sort.
    std::vector<std::uint64_t> others;
    std::unordered_map<std::uint64_t, std::uint32_t> other_kinds;  // (ref, kind) -> class
    const auto same = [&](std::uint32_t a, std::uint32_t b) {
      return a == b ||
             (classes[a].subtype == classes[b].subtype && classes[a].flags == classes[b].flags);
    };
    for (std::size_t row = 0; row < batch.size(); ++row) {
      if (row % 65536 == 0 && !agree.load(std::memory_order_relaxed)) return;
      const Code ref = batch.ref(row);
      if (ref == kAbsent || ref % threads != part) continue;
      const std::uint16_t cls = class_column[row];
      const Code kind = classes[cls].kind;
      Item& item = items[ref];
      if (item.first == kUnseen) item.first = cls;
      const bool first_kind = classes[item.first].kind == kind;
      if (first_kind) {
        if (!same(item.first, cls)) return disagree();
      } else {
        const auto [it, inserted] =
            other_kinds.try_emplace(static_cast<std::uint64_t>(ref) << 8 | kind, cls);
        if (!inserted && !same(it->second, cls)) return disagree();
      }
      const std::uint16_t position = positions[row];
      if (position == 0) continue;
      if (first_kind && position <= 64) {
        const std::uint64_t bit = std::uint64_t{1} << (position - 1);
        if (item.taken & bit) return disagree();
        item.taken |= bit;
      } else {
        others.push_back(static_cast<std::uint64_t>(ref) << 24 |
                         static_cast<std::uint64_t>(kind) << 16 | position);
      }
    }
    std::sort(others.begin(), others.end());
    if (std::adjacent_find(others.begin(), others.end()) != others.end()) disagree();
  };
  std::vector<std::thread> workers;
  for (unsigned part = 1; part < threads; ++part) workers.emplace_back(check, part);
  check(0);
  for (auto& w : workers) w.join();
  return agree.load();
}

}  // namespace

std::optional<RecordBatch> read_records_parallel(std::string_view text, const std::string& file,
                                                 const MemberTable& members, unsigned threads,
                                                 Problems& problems) {
  // More chunks than threads, taken in turn: a thread slowed by other work
  // on the machine then holds up no one for long.
  const auto cut = plain_csv::cut(text, threads == 1 ? 1 : threads * 4);
  if (!cut) return std::nullopt;
  Columns cols = record_columns();
  cols.read_header(cut->header);
  if (!cols.has(kRecordId) || !cols.has(kRecMember) || !cols.has(kDate) || !cols.has(kKind))
    return std::nullopt;
  std::atomic<bool> give_up{false};
  std::deque<Chunk> chunks;  // not movable: they hold builders
  for (const auto chunk : cut->chunks)
    chunks.emplace_back(chunk, members, cols, cut->header.size(), file, give_up);
  std::vector<char> read_ok(chunks.size(), 0);
  {
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      for (std::size_t k = next++; k < chunks.size(); k = next++) read_ok[k] = chunks[k].read();
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads && t < chunks.size(); ++t) workers.emplace_back(work);
    work();
    for (auto& w : workers) w.join();
  }
  if (std::find(read_ok.begin(), read_ok.end(), 0) != read_ok.end()) return std::nullopt;

  std::vector<std::uint64_t> first_line(chunks.size());
  std::uint64_t line = cut->body_line;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    first_line[k] = line;
    line += chunks[k].lines;
  }
  if (line >= 0xFFFFFFFFu) return std::nullopt;  // the serial reader's line count saturates
  // The chunks in file order: the first appearance of a text in the file is
  // its first appearance in the earliest chunk holding it.
  std::vector<RecordBatchBuilder*> parts;
  for (auto& chunk : chunks) parts.push_back(&chunk.builder);
  std::string refused;
  auto batch = RecordBatchBuilder::combine(parts, threads, refused);
  if (!batch || batch->has_duplicate_ids()) return std::nullopt;
  if (!joint_items_agree(*batch, threads)) return std::nullopt;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    for (auto p : chunks[k].warnings.all()) {
      p.where.line = static_cast<int>(first_line[k] + static_cast<std::uint32_t>(p.where.line));
      problems.add(std::move(p));
    }
  }
  return batch;
}

}  // namespace dutyscore
