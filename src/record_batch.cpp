#include "dutyscore/record_batch.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <thread>
#include <unordered_map>

namespace dutyscore {
namespace {

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Calls fn(begin, end) for `threads` consecutive parts of [0, n) at once.
template <typename Fn>
void for_parts(unsigned threads, std::size_t n, const Fn& fn) {
  // Below this a thread costs more than it saves.
  constexpr std::size_t kMinPart = 1 << 16;
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / kMinPart));
  std::vector<std::thread> workers;
  for (std::size_t t = 1; t < parts; ++t)
    workers.emplace_back([&fn, n, t, parts] { fn(n * t / parts, n * (t + 1) / parts); });
  fn(0, n / parts);
  for (auto& w : workers) w.join();
}

// Reorders a column so that row i becomes old row order[i]. One column at a
// time, so the peak extra memory is one column, not the whole batch.
template <typename T>
void gather(std::vector<T>& column, const std::vector<std::uint32_t>& order, unsigned threads) {
  std::vector<T> sorted(order.size());
  for_parts(threads, order.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) sorted[i] = column[order[i]];
  });
  column.swap(sorted);
}

// Interns `value` unless that would need a code above `max_code`.
bool intern_within(Dictionary& dict, std::string_view value, Code max_code, Code& code) {
  code = dict.find(value);
  if (code != kAbsent || value.empty()) return true;
  if (dict.size() > max_code) return false;  // the next code would be size()
  code = dict.intern(value);
  return true;
}

// Ids that are "prefix + exactly N digits" (N <= 9) are stored as numbers;
// the digits' length is part of the pattern, so numeric and text order agree.
bool split_numeric_id(std::string_view id, std::string_view& prefix, std::size_t& digits,
                      std::uint32_t& number) {
  std::size_t start = id.size();
  while (start > 0 && id[start - 1] >= '0' && id[start - 1] <= '9') --start;
  digits = id.size() - start;
  if (digits == 0 || digits > 9) return false;
  prefix = id.substr(0, start);
  number = 0;
  for (std::size_t i = start; i < id.size(); ++i)
    number = number * 10 + static_cast<std::uint32_t>(id[i] - '0');
  return true;
}

std::string render_numeric_id(const std::string& prefix, std::size_t digits, std::uint32_t number) {
  std::string text = std::to_string(number);
  return prefix + std::string(digits - std::min(digits, text.size()), '0') + text;
}

// The last value a dictionary was asked for and its code: kind, subtype,
// status and level repeat row after row, and a compare beats a hash.
struct Recent {
  std::string text;
  Code code = kAbsent;
  bool set = false;
};

// intern_within() through `recent`.
bool intern_recent(Dictionary& dict, Recent& recent, std::string_view value, Code max_code,
                   Code& code) {
  if (recent.set && recent.text == value) {
    code = recent.code;
    return true;
  }
  if (!intern_within(dict, value, max_code, code)) return false;
  recent.text.assign(value.data(), value.size());
  recent.code = code;
  recent.set = true;
  return true;
}

// Codes of `from` as interned into `into` in code order (first appearance
// after into's own); false when `into` would exceed `max_code`.
bool merge_dictionary(Dictionary& into, const Dictionary& from, Code max_code,
                      std::vector<Code>& codes) {
  codes.assign(from.size(), kAbsent);
  for (Code code = 1; code < from.size(); ++code) {
    if (!intern_within(into, from.text(code), max_code, codes[code])) return false;
  }
  return true;
}

struct ClassKey {
  std::uint64_t codes;
  FlagMask flags;
  bool operator==(const ClassKey& o) const { return codes == o.codes && flags == o.flags; }
};

struct ClassKeyHash {
  std::size_t operator()(const ClassKey& k) const {
    return std::hash<std::uint64_t>()(k.codes * 0x9E3779B97F4A7C15ULL ^ k.flags);
  }
};

constexpr Day kMaxDaySpan = 0xFFFF;

ClassKey class_key(Code kind, Code subtype, Code status, Code level, FlagMask flags) {
  return ClassKey{static_cast<std::uint64_t>(kind) | static_cast<std::uint64_t>(subtype) << 8 |
                      static_cast<std::uint64_t>(status) << 24 |
                      static_cast<std::uint64_t>(level) << 32,
                  flags};
}

}  // namespace

MemberIndex RecordBatch::member(std::size_t row) const {
  const auto it = std::upper_bound(member_offsets_.begin(), member_offsets_.end(), row);
  return static_cast<MemberIndex>(it - member_offsets_.begin() - 1);
}

std::string RecordBatch::record_id(std::size_t row) const {
  if (numeric_ids_) return render_numeric_id(id_prefix_, id_digits_, id_number_[row]);
  return id_chars_.substr(id_offsets_[row], id_offsets_[row + 1] - id_offsets_[row]);
}

std::size_t RecordBatch::memory_bytes() const {
  return bytes_of(class_) + bytes_of(day_) + bytes_of(position_) + bytes_of(item_size_) +
         bytes_of(ref_) + bytes_of(quantity_) + bytes_of(id_number_) + id_chars_.capacity() +
         bytes_of(id_offsets_) + bytes_of(member_offsets_) + bytes_of(classes_);
}

// Rows as they arrive: wide columns (member, full date) that finish()
// sorts and narrows.
struct RecordBatchBuilder::Pending {
  RecordBatch batch;
  std::vector<MemberIndex> member;
  std::vector<Day> date;
  std::unordered_map<ClassKey, std::uint16_t, ClassKeyHash> class_index;
  Day min_day = 0, max_day = 0;
  bool first_id = true;
  Recent kind, subtype, status, level;
  // The class of the previous row: consecutive rows mostly share one.
  ClassKey last_key{~std::uint64_t{0}, 0};
  std::uint16_t last_class = 0;

  // The class code of `key`, adding it if new; false when there are too many.
  bool class_of(const ClassKey& key, const RecordClass& cls, std::uint16_t& code) {
    if (key == last_key) {
      code = last_class;
      return true;
    }
    auto found = class_index.find(key);
    if (found == class_index.end()) {
      if (batch.classes_.size() > 0xFFFF) return false;
      found = class_index.emplace(key, static_cast<std::uint16_t>(batch.classes_.size())).first;
      batch.classes_.push_back(cls);
    }
    last_key = key;
    last_class = code = found->second;
    return true;
  }

  // Turns numeric ids into text, for the first id that does not fit them.
  void ids_to_text() {
    auto& b = batch;
    if (!b.numeric_ids_) return;
    b.numeric_ids_ = false;
    b.id_offsets_.assign(1, 0);
    for (const auto n : b.id_number_) {
      b.id_chars_ += render_numeric_id(b.id_prefix_, b.id_digits_, n);
      b.id_offsets_.push_back(b.id_chars_.size());
    }
    std::vector<std::uint32_t>().swap(b.id_number_);
  }
};

RecordBatchBuilder::RecordBatchBuilder(std::size_t member_count)
    : pending_(std::make_unique<Pending>()), member_count_(member_count) {}

RecordBatchBuilder::~RecordBatchBuilder() = default;

void RecordBatchBuilder::reserve(std::size_t rows) {
  auto& p = *pending_;
  p.member.reserve(rows);
  p.date.reserve(rows);
  p.batch.class_.reserve(rows);
  p.batch.position_.reserve(rows);
  p.batch.ref_.reserve(rows);
  p.batch.quantity_.reserve(rows);
  p.batch.id_number_.reserve(rows);
}

std::size_t RecordBatchBuilder::size() const { return pending_->member.size(); }

std::string RecordBatchBuilder::add(const RecordFields& f) {
  auto& p = *pending_;
  auto& b = p.batch;
  if (f.member >= member_count_)
    return "member_id: member index " + std::to_string(f.member) + " is outside the members table";
  // Row numbers are kept as 32-bit indices while sorting.
  if (p.member.size() >= 0xFFFFFFFFu) return "record_id: too many records (at most 4294967295)";
  if (!p.member.empty()) {
    const Day lo = std::min(p.min_day, f.date), hi = std::max(p.max_day, f.date);
    if (hi - lo > kMaxDaySpan)
      return "date: " + format_day(f.date) +
             " is more than 179 years away from other records of the batch";
  }
  // Check every dictionary before interning anything, so that a refused row
  // leaves no trace.
  Code kind = 0, subtype = 0, status = 0, level = 0;
  if (!intern_recent(b.kinds_, p.kind, f.kind, 0xFF, kind))
    return "kind: '" + std::string(f.kind) + "' is one distinct kind too many (at most 255)";
  if (!intern_recent(b.subtypes_, p.subtype, f.subtype, 0xFFFF, subtype))
    return "subtype: '" + std::string(f.subtype) +
           "' is one distinct subtype too many (at most 65535)";
  if (!intern_recent(b.statuses_, p.status, f.status, 0xFF, status))
    return "status: '" + std::string(f.status) + "' is one distinct status too many (at most 255)";
  if (!intern_recent(b.levels_, p.level, f.level, 0xFF, level))
    return "level: '" + std::string(f.level) + "' is one distinct level too many (at most 255)";
  FlagMask flags = 0;
  for (const auto flag : f.flags) {
    Code code = 0;
    if (!intern_within(b.flag_names_, flag, kMaxFlags, code))
      return "flags: '" + std::string(flag) + "' is one distinct flag too many (at most 32)";
    if (code != kAbsent) flags |= FlagMask{1} << (code - 1);
  }
  std::uint16_t class_code = 0;
  if (!p.class_of(class_key(kind, subtype, status, level, flags),
                  RecordClass{kind, subtype, status, level, flags}, class_code))
    return "kind: more than 65536 distinct combinations of kind, subtype, status, level and "
           "flags";

  // The id: a number while every id follows the first one's pattern; on the
  // first that does not, every id so far turns into text.
  if (b.numeric_ids_) {
    std::string_view prefix;
    std::size_t digits = 0;
    std::uint32_t number = 0;
    const bool numeric = split_numeric_id(f.record_id, prefix, digits, number);
    if (numeric && p.first_id) {
      b.id_prefix_ = std::string(prefix);
      b.id_digits_ = digits;
    }
    if (numeric && prefix == b.id_prefix_ && digits == b.id_digits_) {
      b.id_number_.push_back(number);
    } else {
      p.ids_to_text();
    }
  }
  if (!b.numeric_ids_) {
    b.id_chars_.append(f.record_id.data(), f.record_id.size());
    b.id_offsets_.push_back(b.id_chars_.size());
  }
  p.first_id = false;

  if (p.member.empty()) p.min_day = p.max_day = f.date;
  p.min_day = std::min(p.min_day, f.date);
  p.max_day = std::max(p.max_day, f.date);
  p.member.push_back(f.member);
  p.date.push_back(f.date);
  b.class_.push_back(class_code);
  b.position_.push_back(f.position);
  b.ref_.push_back(b.refs_.intern(f.ref));
  b.quantity_.push_back(f.quantity);
  return {};
}

std::string RecordBatchBuilder::append(RecordBatchBuilder&& later) {
  auto& p = *pending_;
  auto& b = p.batch;
  Pending q = std::move(*later.pending_);
  *later.pending_ = Pending{};
  const auto& c = q.batch;
  const std::size_t rows = q.member.size();
  if (rows == 0) return {};
  if (p.member.size() + rows > 0xFFFFFFFFu) return "record_id: too many records (at most 4294967295)";
  if (!p.member.empty() &&
      std::max(p.max_day, q.max_day) - std::min(p.min_day, q.min_day) > kMaxDaySpan)
    return "date: records more than 179 years apart";

  std::vector<Code> kinds, subtypes, statuses, levels, flag_codes, refs;
  if (!merge_dictionary(b.kinds_, c.kinds_, 0xFF, kinds)) return "kind: too many distinct kinds";
  if (!merge_dictionary(b.subtypes_, c.subtypes_, 0xFFFF, subtypes))
    return "subtype: too many distinct subtypes";
  if (!merge_dictionary(b.statuses_, c.statuses_, 0xFF, statuses))
    return "status: too many distinct statuses";
  if (!merge_dictionary(b.levels_, c.levels_, 0xFF, levels)) return "level: too many distinct levels";
  if (!merge_dictionary(b.flag_names_, c.flag_names_, kMaxFlags, flag_codes))
    return "flags: too many distinct flags";
  merge_dictionary(b.refs_, c.refs_, std::numeric_limits<Code>::max(), refs);
  std::vector<std::uint16_t> classes(c.classes_.size());
  for (std::size_t i = 0; i < c.classes_.size(); ++i) {
    const auto& from = c.classes_[i];
    FlagMask flags = 0;
    for (Code code = 1; code <= kMaxFlags; ++code) {
      if (from.flags & (FlagMask{1} << (code - 1))) flags |= FlagMask{1} << (flag_codes[code] - 1);
    }
    const RecordClass cls{kinds[from.kind], subtypes[from.subtype], statuses[from.status],
                          levels[from.level], flags};
    if (!p.class_of(class_key(cls.kind, cls.subtype, cls.status, cls.level, cls.flags), cls,
                    classes[i]))
      return "kind: too many distinct record classes";
  }

  // Ids stay numbers only when both parts have the same pattern.
  const bool same_pattern = c.numeric_ids_ && (p.first_id || (b.numeric_ids_ &&
                                                                b.id_prefix_ == c.id_prefix_ &&
                                                                b.id_digits_ == c.id_digits_));
  if (p.first_id) {
    b.id_prefix_ = c.id_prefix_;
    b.id_digits_ = c.id_digits_;
  }
  if (same_pattern) {
    b.id_number_.insert(b.id_number_.end(), c.id_number_.begin(), c.id_number_.end());
  } else {
    p.ids_to_text();
    q.ids_to_text();
    const std::uint64_t base = b.id_chars_.size();
    b.id_chars_ += c.id_chars_;
    for (std::size_t i = 1; i < c.id_offsets_.size(); ++i)
      b.id_offsets_.push_back(base + c.id_offsets_[i]);
  }

  if (p.first_id) {
    p.min_day = q.min_day;
    p.max_day = q.max_day;
  }
  p.min_day = std::min(p.min_day, q.min_day);
  p.max_day = std::max(p.max_day, q.max_day);
  p.first_id = false;
  p.member.insert(p.member.end(), q.member.begin(), q.member.end());
  p.date.insert(p.date.end(), q.date.begin(), q.date.end());
  const std::size_t old_rows = b.class_.size();
  b.class_.resize(old_rows + rows);
  b.ref_.resize(old_rows + rows);
  for (std::size_t i = 0; i < rows; ++i) {
    b.class_[old_rows + i] = classes[c.class_[i]];
    b.ref_[old_rows + i] = refs[c.ref_[i]];
  }
  b.position_.insert(b.position_.end(), c.position_.begin(), c.position_.end());
  b.quantity_.insert(b.quantity_.end(), c.quantity_.begin(), c.quantity_.end());
  return {};
}

bool RecordBatchBuilder::has_duplicate_ids() const {
  const auto& b = pending_->batch;
  if (b.numeric_ids_) {
    const auto& numbers = b.id_number_;
    if (numbers.empty()) return false;
    const std::uint32_t top = *std::max_element(numbers.begin(), numbers.end());
    // A bitmap when the numbers are dense enough (the usual sequence),
    // otherwise a sort.
    if (top / 64 <= numbers.size()) {
      std::vector<std::uint64_t> seen(top / 64 + 1, 0);
      for (const auto n : numbers) {
        const std::uint64_t bit = std::uint64_t{1} << (n % 64);
        if (seen[n / 64] & bit) return true;
        seen[n / 64] |= bit;
      }
      return false;
    }
    std::vector<std::uint32_t> sorted(numbers);
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }
  // Text ids: sorted by hash, compared only where hashes meet.
  const std::size_t rows = b.id_offsets_.size() - 1;
  const auto text_id = [&b](std::size_t row) {
    return std::string_view(b.id_chars_).substr(b.id_offsets_[row],
                                                b.id_offsets_[row + 1] - b.id_offsets_[row]);
  };
  std::vector<std::pair<std::size_t, std::uint32_t>> keys(rows);
  const std::hash<std::string_view> hasher;
  for (std::size_t row = 0; row < rows; ++row)
    keys[row] = {hasher(text_id(row)), static_cast<std::uint32_t>(row)};
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = i + 1; j < rows && keys[j].first == keys[i].first; ++j) {
      if (text_id(keys[i].second) == text_id(keys[j].second)) return true;
    }
  }
  return false;
}

RecordBatch RecordBatchBuilder::finish(unsigned threads) {
  Pending p = std::move(*pending_);
  *pending_ = Pending{};
  RecordBatch b = std::move(p.batch);
  const std::size_t rows = p.member.size();
  if (b.numeric_ids_ && rows == 0) b.id_offsets_.assign(1, 0);

  b.member_offsets_.assign(member_count_ + 1, 0);
  for (const auto m : p.member) ++b.member_offsets_[m + 1];
  for (std::size_t m = 0; m < member_count_; ++m)
    b.member_offsets_[m + 1] += b.member_offsets_[m];
  const auto text_id = [&b](std::uint32_t row) {
    return std::string_view(b.id_chars_).substr(b.id_offsets_[row],
                                                b.id_offsets_[row + 1] - b.id_offsets_[row]);
  };
  // Within a member: by date, then id; equal ids are a caller error, and
  // the row number keeps the order total anyway.
  const auto before = [&](std::uint32_t x, std::uint32_t y) {
    if (p.date[x] != p.date[y]) return p.date[x] < p.date[y];
    if (b.numeric_ids_) {
      if (b.id_number_[x] != b.id_number_[y]) return b.id_number_[x] < b.id_number_[y];
    } else {
      const auto ix = text_id(x), iy = text_id(y);
      if (ix != iy) return ix < iy;
    }
    return x < y;
  };
  // Exports mostly list the rows in this order already: then nothing moves.
  bool in_order = true;
  for (std::uint32_t row = 1; row < rows && in_order; ++row) {
    in_order = p.member[row - 1] < p.member[row] ||
               (p.member[row - 1] == p.member[row] && before(row - 1, row));
  }
  b.day_base_ = p.min_day;
  b.day_.resize(rows);
  if (in_order) {
    std::vector<MemberIndex>().swap(p.member);
    for (std::size_t i = 0; i < rows; ++i)
      b.day_[i] = static_cast<std::uint16_t>(p.date[i] - p.min_day);
  } else {
    // Bucket rows by member (counting sort: linear), then sort each
    // member's rows.
    std::vector<std::uint32_t> order(rows);
    {
      std::vector<std::size_t> next(b.member_offsets_.begin(), b.member_offsets_.end() - 1);
      for (std::size_t row = 0; row < rows; ++row)
        order[next[p.member[row]]++] = static_cast<std::uint32_t>(row);
    }
    std::vector<MemberIndex>().swap(p.member);
    for_parts(threads, member_count_, [&](std::size_t first, std::size_t last) {
      for (std::size_t m = first; m < last; ++m) {
        std::sort(order.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m]),
                  order.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m + 1]), before);
      }
    });
    if (b.numeric_ids_) {
      gather(b.id_number_, order, threads);
    } else {
      std::string id_chars;
      id_chars.reserve(b.id_chars_.size());
      std::vector<std::uint64_t> id_offsets;
      id_offsets.reserve(rows + 1);
      id_offsets.push_back(0);
      for (const auto row : order) {
        const auto id = text_id(row);
        id_chars.append(id.data(), id.size());
        id_offsets.push_back(id_chars.size());
      }
      b.id_chars_.swap(id_chars);
      b.id_offsets_.swap(id_offsets);
    }
    for_parts(threads, rows, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i)
        b.day_[i] = static_cast<std::uint16_t>(p.date[order[i]] - p.min_day);
    });
    gather(b.class_, order, threads);
    gather(b.position_, order, threads);
    gather(b.ref_, order, threads);
    gather(b.quantity_, order, threads);
  }
  std::vector<Day>().swap(p.date);

  // Item sizes: rows sharing (kind, ref). Almost every ref belongs to one
  // kind, so count per ref code in a flat array and fall back to a map only
  // for refs used by several kinds.
  const std::size_t ref_count = b.refs_.size();
  std::vector<std::uint32_t> per_ref(ref_count, 0);
  std::vector<Code> ref_kind(ref_count, 0);
  std::vector<bool> mixed(ref_count, false);
  for (std::size_t row = 0; row < rows; ++row) {
    const Code ref = b.ref_[row];
    if (ref == kAbsent) continue;
    const Code kind = b.kind(row);
    if (per_ref[ref] == 0) ref_kind[ref] = kind;
    else if (ref_kind[ref] != kind) mixed[ref] = true;
    ++per_ref[ref];
  }
  std::unordered_map<std::uint64_t, std::uint32_t> mixed_counts;
  const auto key = [](Code ref, Code kind) { return (static_cast<std::uint64_t>(ref) << 8) | kind; };
  for (std::size_t row = 0; row < rows; ++row) {
    const Code ref = b.ref_[row];
    if (ref != kAbsent && mixed[ref]) ++mixed_counts[key(ref, b.kind(row))];
  }
  b.item_size_.resize(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    const Code ref = b.ref_[row];
    std::uint32_t n = 1;
    if (ref != kAbsent) n = mixed[ref] ? mixed_counts[key(ref, b.kind(row))] : per_ref[ref];
    b.item_size_[row] = static_cast<std::uint16_t>(std::min<std::uint32_t>(n, 0xFFFF));
  }
  b.class_.shrink_to_fit();
  b.position_.shrink_to_fit();
  b.ref_.shrink_to_fit();
  b.quantity_.shrink_to_fit();
  b.id_number_.shrink_to_fit();
  return b;
}

}  // namespace dutyscore
