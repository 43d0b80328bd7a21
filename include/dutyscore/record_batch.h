// Duty records, columnar and dictionary-encoded, in one canonical order.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/dictionary.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"

namespace dutyscore {

// Quantities ("1.5" half-days) are kept in units of 1/10000.
constexpr std::int64_t kQuantityScale = 10000;
constexpr std::int32_t kNoQuantity = std::numeric_limits<std::int32_t>::min();

// Flags are a bit set: bit (code - 1) for each flag code, at most 32 flags.
using FlagMask = std::uint32_t;
constexpr std::size_t kMaxFlags = 32;

// A record as text fields, the way a CSV row or an office system hands it
// over. Empty means absent.
struct RecordFields {
  std::string_view record_id;
  MemberIndex member = 0;
  Day date = 0;
  std::string_view kind, subtype, status, ref, level;
  std::uint16_t position = 0;                 // 0 = absent
  std::vector<std::string_view> flags;        // already split on ';'
  std::int32_t quantity = kNoQuantity;        // units of 1/kQuantityScale
  std::uint32_t source_line = 0;              // input line, for messages
};

// The records of one run. Rows are sorted by (member, date, record_id) when
// the batch is built, so every result is independent of input row order,
// and each member's rows are one contiguous range.
class RecordBatch {
 public:
  std::size_t size() const { return member_.size(); }

  // Columns, one entry per row.
  const std::vector<MemberIndex>& member() const { return member_; }
  const std::vector<Day>& date() const { return date_; }
  const std::vector<std::uint8_t>& kind() const { return kind_; }
  const std::vector<std::uint16_t>& subtype() const { return subtype_; }
  const std::vector<std::uint8_t>& status() const { return status_; }
  const std::vector<std::uint8_t>& level() const { return level_; }
  const std::vector<std::uint16_t>& position() const { return position_; }
  const std::vector<FlagMask>& flags() const { return flags_; }
  const std::vector<Code>& ref() const { return ref_; }
  // Rows in the batch sharing this row's (kind, ref): the participants of a
  // joint or collective item. 1 for a row without ref.
  const std::vector<std::uint16_t>& item_size() const { return item_size_; }
  const std::vector<std::int32_t>& quantity() const { return quantity_; }
  const std::vector<std::uint32_t>& source_line() const { return source_line_; }

  // Per-row accessors: the stable interface (column storage may change).
  MemberIndex member(std::size_t row) const { return member_[row]; }
  Day date(std::size_t row) const { return date_[row]; }
  Code kind(std::size_t row) const { return kind_[row]; }
  Code subtype(std::size_t row) const { return subtype_[row]; }
  Code status(std::size_t row) const { return status_[row]; }
  Code level(std::size_t row) const { return level_[row]; }
  std::uint16_t position(std::size_t row) const { return position_[row]; }
  FlagMask flags(std::size_t row) const { return flags_[row]; }
  Code ref(std::size_t row) const { return ref_[row]; }
  std::uint16_t item_size(std::size_t row) const { return item_size_[row]; }
  std::int32_t quantity(std::size_t row) const { return quantity_[row]; }

  std::string_view record_id(std::size_t row) const {
    return std::string_view(id_chars_).substr(id_offsets_[row],
                                              id_offsets_[row + 1] - id_offsets_[row]);
  }

  // Rows of member m are [member_begin(m), member_end(m)).
  std::size_t member_begin(MemberIndex m) const { return member_offsets_[m]; }
  std::size_t member_end(MemberIndex m) const { return member_offsets_[m + 1]; }
  std::size_t member_count() const { return member_offsets_.size() - 1; }

  const Dictionary& kinds() const { return kinds_; }
  const Dictionary& subtypes() const { return subtypes_; }
  const Dictionary& statuses() const { return statuses_; }
  const Dictionary& levels() const { return levels_; }
  const Dictionary& flag_names() const { return flag_names_; }
  const Dictionary& refs() const { return refs_; }

  // Resident bytes of the columns (for the benchmarks' memory figure).
  std::size_t memory_bytes() const;

 private:
  friend class RecordBatchBuilder;
  std::vector<MemberIndex> member_;
  std::vector<Day> date_;
  std::vector<std::uint8_t> kind_;
  std::vector<std::uint16_t> subtype_;
  std::vector<std::uint8_t> status_;
  std::vector<std::uint8_t> level_;
  std::vector<std::uint16_t> position_;
  std::vector<FlagMask> flags_;
  std::vector<Code> ref_;
  std::vector<std::uint16_t> item_size_;
  std::vector<std::int32_t> quantity_;
  std::vector<std::uint32_t> source_line_;
  std::string id_chars_;
  std::vector<std::uint64_t> id_offsets_{0};
  std::vector<std::size_t> member_offsets_{0};
  Dictionary kinds_, subtypes_, statuses_, levels_, flag_names_, refs_;
};

// Collects rows in any order, then sorts them into a RecordBatch.
class RecordBatchBuilder {
 public:
  explicit RecordBatchBuilder(std::size_t member_count);
  void reserve(std::size_t rows);

  // Adds a row. Returns an empty string on success, otherwise why the row
  // cannot be held (too many distinct kinds or flags: the dictionaries are
  // narrow on purpose, to keep the hot columns small).
  std::string add(const RecordFields& fields);

  // Sorts, computes item sizes and the member index. The builder is empty
  // afterwards.
  RecordBatch finish();

 private:
  RecordBatch batch_;
  std::size_t member_count_;
};

}  // namespace dutyscore
