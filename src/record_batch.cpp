#include "dutyscore/record_batch.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace dutyscore {
namespace {

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Reorders a column so that row i becomes old row order[i]. One column at a
// time, so the peak extra memory is one column, not the whole batch.
template <typename T>
void gather(std::vector<T>& column, const std::vector<std::uint32_t>& order) {
  std::vector<T> sorted;
  sorted.reserve(order.size());
  for (const auto row : order) sorted.push_back(column[row]);
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
  if (!intern_within(b.kinds_, f.kind, 0xFF, kind))
    return "kind: '" + std::string(f.kind) + "' is one distinct kind too many (at most 255)";
  if (!intern_within(b.subtypes_, f.subtype, 0xFFFF, subtype))
    return "subtype: '" + std::string(f.subtype) +
           "' is one distinct subtype too many (at most 65535)";
  if (!intern_within(b.statuses_, f.status, 0xFF, status))
    return "status: '" + std::string(f.status) + "' is one distinct status too many (at most 255)";
  if (!intern_within(b.levels_, f.level, 0xFF, level))
    return "level: '" + std::string(f.level) + "' is one distinct level too many (at most 255)";
  FlagMask flags = 0;
  for (const auto flag : f.flags) {
    Code code = 0;
    if (!intern_within(b.flag_names_, flag, kMaxFlags, code))
      return "flags: '" + std::string(flag) + "' is one distinct flag too many (at most 32)";
    if (code != kAbsent) flags |= FlagMask{1} << (code - 1);
  }
  const ClassKey key{static_cast<std::uint64_t>(kind) | static_cast<std::uint64_t>(subtype) << 8 |
                         static_cast<std::uint64_t>(status) << 24 |
                         static_cast<std::uint64_t>(level) << 32,
                     flags};
  auto found = p.class_index.find(key);
  if (found == p.class_index.end()) {
    if (b.classes_.size() > 0xFFFF)
      return "kind: more than 65536 distinct combinations of kind, subtype, status, level and "
             "flags";
    found = p.class_index.emplace(key, static_cast<std::uint16_t>(b.classes_.size())).first;
    b.classes_.push_back(RecordClass{kind, subtype, status, level, flags});
  }

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
      b.numeric_ids_ = false;
      b.id_offsets_.assign(1, 0);
      for (const auto n : b.id_number_) {
        b.id_chars_ += render_numeric_id(b.id_prefix_, b.id_digits_, n);
        b.id_offsets_.push_back(b.id_chars_.size());
      }
      std::vector<std::uint32_t>().swap(b.id_number_);
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
  b.class_.push_back(found->second);
  b.position_.push_back(f.position);
  b.ref_.push_back(b.refs_.intern(f.ref));
  b.quantity_.push_back(f.quantity);
  return {};
}

RecordBatch RecordBatchBuilder::finish() {
  Pending p = std::move(*pending_);
  *pending_ = Pending{};
  RecordBatch b = std::move(p.batch);
  const std::size_t rows = p.member.size();
  if (b.numeric_ids_ && rows == 0) b.id_offsets_.assign(1, 0);

  // Bucket rows by member (counting sort: linear, and it yields the member
  // offsets), then sort each member's rows by (date, id).
  b.member_offsets_.assign(member_count_ + 1, 0);
  for (const auto m : p.member) ++b.member_offsets_[m + 1];
  for (std::size_t m = 0; m < member_count_; ++m)
    b.member_offsets_[m + 1] += b.member_offsets_[m];
  std::vector<std::uint32_t> order(rows);
  {
    std::vector<std::size_t> next(b.member_offsets_.begin(), b.member_offsets_.end() - 1);
    for (std::size_t row = 0; row < rows; ++row)
      order[next[p.member[row]]++] = static_cast<std::uint32_t>(row);
  }
  std::vector<MemberIndex>().swap(p.member);
  const auto text_id = [&b](std::uint32_t row) {
    return std::string_view(b.id_chars_).substr(b.id_offsets_[row],
                                                b.id_offsets_[row + 1] - b.id_offsets_[row]);
  };
  for (std::size_t m = 0; m < member_count_; ++m) {
    auto first = order.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m]);
    auto last = order.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m + 1]);
    std::sort(first, last, [&](std::uint32_t x, std::uint32_t y) {
      if (p.date[x] != p.date[y]) return p.date[x] < p.date[y];
      if (b.numeric_ids_) {
        if (b.id_number_[x] != b.id_number_[y]) return b.id_number_[x] < b.id_number_[y];
      } else {
        const auto ix = text_id(x), iy = text_id(y);
        if (ix != iy) return ix < iy;
      }
      return x < y;  // equal ids are a caller error; keep the order total anyway
    });
  }

  if (b.numeric_ids_) {
    gather(b.id_number_, order);
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
  b.day_base_ = p.min_day;
  b.day_.resize(rows);
  for (std::size_t i = 0; i < rows; ++i)
    b.day_[i] = static_cast<std::uint16_t>(p.date[order[i]] - p.min_day);
  std::vector<Day>().swap(p.date);
  gather(b.class_, order);
  gather(b.position_, order);
  gather(b.ref_, order);
  gather(b.quantity_, order);
  std::vector<std::uint32_t>().swap(order);

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
