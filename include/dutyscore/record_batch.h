// Duty records, columnar and dictionary-encoded, in one canonical order.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
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

// What a record is, apart from who, when and which item: its kind,
// subtype, status, level and flags. A batch has few distinct classes
// (hundreds), so rows store a 2-byte class and rules are matched once per
// class instead of once per row.
struct RecordClass {
  Code kind = kAbsent;
  Code subtype = kAbsent;
  Code status = kAbsent;
  Code level = kAbsent;
  FlagMask flags = 0;
};

// The records of one run. Rows are sorted by (member, date, record_id) when
// the batch is built, so every result is independent of input row order,
// and each member's rows are one contiguous range.
//
// Storage is about 20 bytes a row: class, day and position (2 bytes each),
// item size (2), ref (4), quantity (4) and the record id, which is kept as a
// number when every id is one prefix plus a fixed number of digits
// ("R000123"), as text otherwise.
class RecordBatch {
 public:
  std::size_t size() const { return class_.size(); }

  // Per-row accessors.
  MemberIndex member(std::size_t row) const;  // a binary search: not for loops
  Day date(std::size_t row) const { return day_base_ + day_[row]; }
  Code kind(std::size_t row) const { return classes_[class_[row]].kind; }
  Code subtype(std::size_t row) const { return classes_[class_[row]].subtype; }
  Code status(std::size_t row) const { return classes_[class_[row]].status; }
  Code level(std::size_t row) const { return classes_[class_[row]].level; }
  FlagMask flags(std::size_t row) const { return classes_[class_[row]].flags; }
  std::uint16_t position(std::size_t row) const { return position_[row]; }
  Code ref(std::size_t row) const { return ref_[row]; }
  // Rows in the batch sharing this row's (kind, ref): the participants of a
  // joint or collective item. 1 for a row without ref.
  std::uint16_t item_size(std::size_t row) const { return item_size_[row]; }
  std::int32_t quantity(std::size_t row) const { return quantity_[row]; }
  std::string record_id(std::size_t row) const;

  // Rows of member m are [member_begin(m), member_end(m)).
  std::size_t member_begin(MemberIndex m) const { return member_offsets_[m]; }
  std::size_t member_end(MemberIndex m) const { return member_offsets_[m + 1]; }
  std::size_t member_count() const { return member_offsets_.size() - 1; }

  // Raw columns, for the evaluation's hot loop.
  const std::vector<std::uint16_t>& class_column() const { return class_; }
  const std::vector<std::uint16_t>& day_column() const { return day_; }  // day - day_base()
  const std::vector<std::uint16_t>& position_column() const { return position_; }
  const std::vector<std::uint16_t>& item_size_column() const { return item_size_; }
  const std::vector<std::int32_t>& quantity_column() const { return quantity_; }
  const std::vector<Code>& ref_column() const { return ref_; }  // kAbsent: no ref
  Day day_base() const { return day_base_; }
  const std::vector<RecordClass>& classes() const { return classes_; }

  const Dictionary& kinds() const { return kinds_; }
  const Dictionary& subtypes() const { return subtypes_; }
  const Dictionary& statuses() const { return statuses_; }
  const Dictionary& levels() const { return levels_; }
  const Dictionary& flag_names() const { return flag_names_; }
  const Dictionary& refs() const { return refs_; }

  // True when two rows share a record id, or when one of `others` (ids of
  // rows a reader left out) is a row's id or is in `others` twice. Readers
  // that check ids only once all rows are in use it to learn cheaply that
  // there is nothing to report. `threads` share the work; the answer is
  // the same for any count.
  bool has_duplicate_ids(const std::vector<std::string_view>& others = {},
                         unsigned threads = 1) const;
  // The same, with the `count` others given by a function that calls its
  // argument with each of them; it is called once, or twice when some ids
  // may be alike. Nothing of the others is kept but their numbers or
  // hashes (8 bytes an id, where the vector's views took 16 and more).
  using IdVisit = std::function<void(std::string_view)>;
  using OtherIds = std::function<void(const IdVisit&)>;
  bool has_duplicate_ids_with(const OtherIds& others, std::size_t count, unsigned threads) const;

  // Bytes the batch holds (for the benchmarks' memory figure): its
  // columns' rows and its dictionaries (the refs' texts above all). Room
  // reserved beyond the rows is not counted: it is never written, so its
  // pages are never resident.
  std::size_t memory_bytes() const;

  // The sources ("office.xlsx[提案]") whose records had no id column, so that
  // the reader made their ids of their place (sheet and row); audits say
  // so. Empty for files with record ids.
  const std::vector<std::string>& generated_id_sources() const { return generated_ids_; }
  void set_generated_id_sources(std::vector<std::string> sources) {
    generated_ids_ = std::move(sources);
  }

 private:
  friend class RecordBatchBuilder;
  friend class RecordBatchAppender;
  // has_duplicate_ids() of numeric ids: the rows' and `numbers` (reordered).
  bool has_duplicate_numbers(std::vector<std::uint32_t>& numbers, unsigned threads) const;
  std::vector<std::uint16_t> class_;
  std::vector<std::uint16_t> day_;
  std::vector<std::uint16_t> position_;
  std::vector<std::uint16_t> item_size_;
  std::vector<Code> ref_;
  std::vector<std::int32_t> quantity_;
  Day day_base_ = 0;
  // Record ids: numbers with a common prefix and width, or text.
  bool numeric_ids_ = true;
  std::string id_prefix_;
  std::size_t id_digits_ = 0;
  std::vector<std::uint32_t> id_number_;
  std::string id_chars_;
  std::vector<std::uint64_t> id_offsets_;
  std::vector<std::size_t> member_offsets_{0};
  std::vector<RecordClass> classes_;
  Dictionary kinds_, subtypes_, statuses_, levels_, flag_names_, refs_;
  std::vector<std::string> generated_ids_;
};

// Collects rows in any order, then sorts them into a RecordBatch.
class RecordBatchBuilder {
 public:
  explicit RecordBatchBuilder(std::size_t member_count);
  ~RecordBatchBuilder();
  RecordBatchBuilder(const RecordBatchBuilder&) = delete;
  RecordBatchBuilder& operator=(const RecordBatchBuilder&) = delete;

  void reserve(std::size_t rows);

  // Rows added so far.
  std::size_t size() const;

  // Forgets every row added, and the texts they brought.
  void clear();

  // Adds a row. Returns an empty string on success, otherwise why the row
  // cannot be held, starting with the column's name (too many distinct
  // kinds, flags or record classes, or dates more than 179 years apart:
  // the columns are narrow on purpose, to keep the hot path small).
  std::string add(const RecordFields& fields);

  // Sorts, computes item sizes and the member index. The builder is empty
  // afterwards. `threads` share the sorting; the batch is the same for any
  // count.
  RecordBatch finish(unsigned threads = 1);

  // finish() for rows added to several builders (for the same members):
  // `parts` (at least one) hold consecutive runs of rows, in order; the batch
  // is the one a single builder fed every row in that order would give,
  // codes being those of first appearance in the combined order. Lets
  // readers build chunks of a file on several threads: each part's rows go
  // straight to their sorted places, on `threads` threads, instead of
  // through one builder first. Nothing, with `refused` saying why, when the
  // rows cannot be held together (the limits of add()). The parts are
  // empty afterwards.
  static std::optional<RecordBatch> combine(const std::vector<RecordBatchBuilder*>& parts,
                                            unsigned threads, std::string& refused);

 private:
  friend class RecordBatchAppender;
  struct Pending;
  std::unique_ptr<Pending> pending_;
  std::size_t member_count_;
};

}  // namespace dutyscore
