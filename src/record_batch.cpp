#include "dutyscore/record_batch.h"

#include <algorithm>
#include <cstring>
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

}  // namespace

std::size_t RecordBatch::memory_bytes() const {
  return bytes_of(member_) + bytes_of(date_) + bytes_of(kind_) + bytes_of(subtype_) +
         bytes_of(status_) + bytes_of(level_) + bytes_of(position_) + bytes_of(flags_) +
         bytes_of(ref_) + bytes_of(item_size_) + bytes_of(quantity_) + bytes_of(source_line_) +
         id_chars_.capacity() + bytes_of(id_offsets_) + bytes_of(member_offsets_);
}

RecordBatchBuilder::RecordBatchBuilder(std::size_t member_count) : member_count_(member_count) {}

void RecordBatchBuilder::reserve(std::size_t rows) {
  auto& b = batch_;
  b.member_.reserve(rows);
  b.date_.reserve(rows);
  b.kind_.reserve(rows);
  b.subtype_.reserve(rows);
  b.status_.reserve(rows);
  b.level_.reserve(rows);
  b.position_.reserve(rows);
  b.flags_.reserve(rows);
  b.ref_.reserve(rows);
  b.quantity_.reserve(rows);
  b.source_line_.reserve(rows);
  b.id_offsets_.reserve(rows + 1);
}

std::string RecordBatchBuilder::add(const RecordFields& f) {
  auto& b = batch_;
  if (f.member >= member_count_) {
    return "member index " + std::to_string(f.member) + " is outside the members table";
  }
  // Row numbers are kept as 32-bit indices while sorting.
  if (b.member_.size() >= 0xFFFFFFFFu) return "too many records (at most 4294967295)";
  // Check every dictionary before interning anything, so that a refused row
  // leaves no trace.
  Code kind = 0, subtype = 0, status = 0, level = 0;
  if (!intern_within(b.kinds_, f.kind, 0xFF, kind))
    return "kind '" + std::string(f.kind) + "' is one distinct kind too many (at most 255)";
  if (!intern_within(b.subtypes_, f.subtype, 0xFFFF, subtype))
    return "subtype '" + std::string(f.subtype) +
           "' is one distinct subtype too many (at most 65535)";
  if (!intern_within(b.statuses_, f.status, 0xFF, status))
    return "status '" + std::string(f.status) + "' is one distinct status too many (at most 255)";
  if (!intern_within(b.levels_, f.level, 0xFF, level))
    return "level '" + std::string(f.level) + "' is one distinct level too many (at most 255)";
  FlagMask flags = 0;
  for (const auto flag : f.flags) {
    Code code = 0;
    if (!intern_within(b.flag_names_, flag, kMaxFlags, code))
      return "flag '" + std::string(flag) + "' is one distinct flag too many (at most 32)";
    if (code != kAbsent) flags |= FlagMask{1} << (code - 1);
  }
  b.member_.push_back(f.member);
  b.date_.push_back(f.date);
  b.kind_.push_back(static_cast<std::uint8_t>(kind));
  b.subtype_.push_back(static_cast<std::uint16_t>(subtype));
  b.status_.push_back(static_cast<std::uint8_t>(status));
  b.level_.push_back(static_cast<std::uint8_t>(level));
  b.position_.push_back(f.position);
  b.flags_.push_back(flags);
  b.ref_.push_back(b.refs_.intern(f.ref));
  b.quantity_.push_back(f.quantity);
  b.source_line_.push_back(f.source_line);
  b.id_chars_.append(f.record_id.data(), f.record_id.size());
  b.id_offsets_.push_back(b.id_chars_.size());
  return {};
}

RecordBatch RecordBatchBuilder::finish() {
  RecordBatch b = std::move(batch_);
  batch_ = RecordBatch{};
  const std::size_t rows = b.member_.size();

  // Bucket rows by member (counting sort: linear, and it yields the member
  // offsets), then sort each member's rows by (date, id). Record ids are
  // compared only on equal dates, which keeps string comparisons rare.
  b.member_offsets_.assign(member_count_ + 1, 0);
  for (const auto m : b.member_) ++b.member_offsets_[m + 1];
  for (std::size_t m = 0; m < member_count_; ++m)
    b.member_offsets_[m + 1] += b.member_offsets_[m];
  std::vector<std::uint32_t> order(rows);
  {
    std::vector<std::size_t> next(b.member_offsets_.begin(), b.member_offsets_.end() - 1);
    for (std::size_t row = 0; row < rows; ++row)
      order[next[b.member_[row]]++] = static_cast<std::uint32_t>(row);
  }
  const auto id_of = [&b](std::uint32_t row) {
    return std::string_view(b.id_chars_).substr(b.id_offsets_[row],
                                                b.id_offsets_[row + 1] - b.id_offsets_[row]);
  };
  for (std::size_t m = 0; m < member_count_; ++m) {
    auto first = order.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m]);
    auto last = order.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m + 1]);
    std::sort(first, last, [&](std::uint32_t x, std::uint32_t y) {
      if (b.date_[x] != b.date_[y]) return b.date_[x] < b.date_[y];
      const auto ix = id_of(x), iy = id_of(y);
      if (ix != iy) return ix < iy;
      return x < y;  // equal ids are a caller error; keep the order total anyway
    });
  }

  std::string id_chars(b.id_chars_.size(), '\0');
  std::vector<std::uint64_t> id_offsets(rows + 1);
  std::uint64_t at = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const auto row = order[i];
    const auto begin = b.id_offsets_[row];
    const auto size = b.id_offsets_[row + 1] - begin;
    if (size != 0) std::memcpy(&id_chars[at], b.id_chars_.data() + begin, size);
    at += size;
    id_offsets[i + 1] = at;
  }
  b.id_chars_.swap(id_chars);
  b.id_offsets_.swap(id_offsets);
  gather(b.member_, order);
  gather(b.date_, order);
  gather(b.kind_, order);
  gather(b.subtype_, order);
  gather(b.status_, order);
  gather(b.level_, order);
  gather(b.position_, order);
  gather(b.flags_, order);
  gather(b.ref_, order);
  gather(b.quantity_, order);
  gather(b.source_line_, order);
  std::vector<std::uint32_t>().swap(order);

  // Item sizes: rows sharing (kind, ref). Almost every ref belongs to one
  // kind, so count per ref code in a flat array and fall back to a map only
  // for refs used by several kinds.
  const std::size_t ref_count = b.refs_.size();
  std::vector<std::uint32_t> per_ref(ref_count, 0);
  std::vector<std::uint8_t> ref_kind(ref_count, 0);
  std::vector<bool> mixed(ref_count, false);
  for (std::size_t row = 0; row < rows; ++row) {
    const Code ref = b.ref_[row];
    if (ref == kAbsent) continue;
    if (per_ref[ref] == 0) ref_kind[ref] = b.kind_[row];
    else if (ref_kind[ref] != b.kind_[row]) mixed[ref] = true;
    ++per_ref[ref];
  }
  std::unordered_map<std::uint64_t, std::uint32_t> mixed_counts;
  const auto key = [](Code ref, std::uint8_t kind) {
    return (static_cast<std::uint64_t>(ref) << 8) | kind;
  };
  for (std::size_t row = 0; row < rows; ++row) {
    const Code ref = b.ref_[row];
    if (ref != kAbsent && mixed[ref]) ++mixed_counts[key(ref, b.kind_[row])];
  }
  b.item_size_.resize(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    const Code ref = b.ref_[row];
    std::uint32_t n = 1;
    if (ref != kAbsent) n = mixed[ref] ? mixed_counts[key(ref, b.kind_[row])] : per_ref[ref];
    b.item_size_[row] = static_cast<std::uint16_t>(std::min<std::uint32_t>(n, 0xFFFF));
  }
  return b;
}

}  // namespace dutyscore
