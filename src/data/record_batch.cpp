#include "dutyscore/record_batch.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "base/numeric_id.h"
#include "base/open_table.h"
#include "base/short_text.h"
#include "data/record_batch_appender.h"
#include "data/record_batch_refs.h"
#include "base/parallel.h"
#include "base/freed_memory.h"
#include "base/huge_pages.h"

namespace dutyscore {
namespace {
namespace open_table = detail::open_table;
using short_text::load;

using detail::for_chunks;
using detail::for_parts;
using detail::for_tasks;
using detail::numeric_id_of;
using detail::render_numeric_id;
using detail::split_numeric_id;

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}

// Interns `value` unless that would need a code above `max_code`.
bool intern_within(Dictionary& dict, std::string_view value, Code max_code, Code& code) {
  code = dict.find(value);
  if (code != kAbsent || value.empty()) return true;
  if (dict.size() > max_code) return false;  // the next code would be size()
  code = dict.intern(value);
  return true;
}

// Codes of `from` as interned into `into` in code order (first appearance
// after into's own); false when `into` would exceed `max_code`.
bool merge_dictionary(Dictionary& into, const Dictionary& from, Code max_code,
                      std::vector<Code>& codes) {
  // A text's slot asked for this many texts ahead: the refs of a part are
  // new to the batch's table, each in a slot of its own far from the last
  // (Dictionary::slot_of took 6% of CSV -> ranking's time at 2x10^7, perf).
  constexpr Code kAhead = 8;
  codes.assign(from.size(), kAbsent);
  for (Code code = 1; code < from.size(); ++code) {
    if (code + kAhead < from.size()) into.prefetch(from.text(code + kAhead));
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

// Class codes by the texts that made them: rows repeat a few hundred
// combinations of kind, subtype, status, level and flags, and one lookup
// here beats one per dictionary. Keys are the texts, each after its length
// (one byte below 255, else 0xFF and eight bytes).
class ClassTexts {
 public:
  // Makes `f`'s texts the key find() and insert() take.
  void set_key(const RecordFields& f) { fields_ = &f; }

  // The class code of the key, if it has one. The key found last is tried
  // first: nearly half the rows of an export have the texts of the row
  // before (a member's meetings, one after another), and then need no hash.
  bool find(std::uint16_t& code) {
    if (last_ != kNone && same_texts(slots_[last_])) {
      code = slots_[last_].code;
      return true;
    }
    hash_ = hash_of_key();
    const std::size_t at = slot_of_key();
    if (slots_[at].free()) return false;
    last_ = at;
    code = slots_[at].code;
    return true;
  }

  // Gives the key `code` (find() said it has none). Beyond kMaxKeys keys
  // (flags in every order, say) rows take the dictionaries' way, so that
  // the table stays small.
  void insert(std::uint16_t code) {
    if (count_ >= kMaxKeys) return;
    const std::size_t offset = stored_.size();
    const RecordFields& f = *fields_;
    put(f.kind);
    put(f.subtype);
    put(f.status);
    put(f.level);
    for (const auto flag : f.flags) put(flag);
    last_ = slot_of_key();
    slots_[last_] = Slot{hash_, offset, stored_.size() - offset, code, true};
    ++count_;
    if (open_table::over_half(slots_, count_)) {
      open_table::grow(slots_, shift_, [](const Slot& slot) { return slot.hash; });
      last_ = kNone;
    }
  }

 private:
  static constexpr std::size_t kMaxKeys = 1 << 16;
  struct Slot {
    std::uint64_t hash = 0;
    std::size_t offset = 0, size = 0;  // the key in stored_
    std::uint16_t code = 0;
    bool used = false;
    bool free() const { return !used; }
  };

  // The key's texts hashed where they are. (Writing the key out first, in
  // pieces, and hashing it as words stalled each row on store forwarding:
  // ~2.5% of CSV -> ranking.)
  // Each text on a chain of its own, the chains joined at the end, so that
  // the texts' multiplies overlap instead of each waiting for the last.
  std::uint64_t hash_of_key() const {
    const RecordFields& f = *fields_;
    const std::uint64_t kind = mix_text(0x9E3779B97F4A7C15ULL, f.kind);
    const std::uint64_t subtype = mix_text(0xC2B2AE3D27D4EB4FULL, f.subtype);
    const std::uint64_t status = mix_text(0x165667B19E3779F9ULL, f.status);
    const std::uint64_t level = mix_text(0x27D4EB2F165667C5ULL, f.level);
    std::uint64_t flags = mix(0x85EBCA77C2B2AE63ULL, f.flags.size());
    for (const auto flag : f.flags) flags = mix_text(flags, flag);
    return mix(mix(kind ^ rotate(subtype, 21), status ^ rotate(level, 42)), flags);
  }
  static std::uint64_t rotate(std::uint64_t h, int bits) { return h << bits | h >> (64 - bits); }
  static std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
    h = (h ^ word) * 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 32);
  }
  // A text's size and bytes into `h`, eight bytes at a time, never reading
  // past its end: the last 1-8 bytes as two overlapping words of four, or
  // for 1-3 bytes as the first, middle and last byte. (short_text's words
  // and equal() read both texts' tails into words before comparing, and
  // cost 4.6% of CSV -> ranking's instructions here.)
  static std::uint64_t mix_text(std::uint64_t h, std::string_view t) {
    const char* p = t.data();
    std::size_t n = t.size();
    h = mix(h, n);
    for (; n > 8; p += 8, n -= 8) h = mix(h, load<8>(p));
    if (n >= 4) return mix(h, load<4>(p) << 32 | load<4>(p + n - 4));
    if (n > 0) return mix(h, load<1>(p) << 16 | load<1>(p + n / 2) << 8 | load<1>(p + n - 1));
    return h;
  }
  // Texts of a few bytes compared without a call (memcmp's was half the
  // lookup), as mix_text() reads them: words of eight, the last
  // overlapping; for 4-7 bytes two overlapping words of four; for 1-3 bytes
  // the first, middle and last.
  static bool equal_bytes(const char* a, const char* b, std::size_t n) {
    if (n >= 8) {
      for (std::size_t i = 0; i + 8 < n; i += 8)
        if (load<8>(a + i) != load<8>(b + i)) return false;
      return load<8>(a + n - 8) == load<8>(b + n - 8);
    }
    if (n >= 4) return load<4>(a) == load<4>(b) && load<4>(a + n - 4) == load<4>(b + n - 4);
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
  }
  // One text of a key as stored: its size (one byte below 255, else 0xFF
  // and eight bytes), then its bytes.
  void put(std::string_view t) {
    if (t.size() < 255) {
      stored_.push_back(static_cast<char>(t.size()));
    } else {
      stored_.push_back('\xFF');
      const std::uint64_t size = t.size();
      stored_.append(reinterpret_cast<const char*>(&size), sizeof size);
    }
    stored_.append(t.data(), t.size());
  }
  // The slot's stored key holds set_key()'s texts, each in its place.
  bool same_texts(const Slot& slot) const {
    const char* at = stored_.data() + slot.offset;
    const char* const end = at + slot.size;
    const auto next_is = [&](std::string_view t) {
      if (at == end) return false;
      std::size_t size = static_cast<unsigned char>(*at++);
      if (size == 0xFF) {
        size = load<8>(at);
        at += 8;
      }
      if (size != t.size() || !equal_bytes(at, t.data(), size)) return false;
      at += size;
      return true;
    };
    const RecordFields& f = *fields_;
    if (!next_is(f.kind) || !next_is(f.subtype) || !next_is(f.status) || !next_is(f.level))
      return false;
    for (const auto flag : f.flags)
      if (!next_is(flag)) return false;
    return at == end;
  }
  // The slot of set_key()'s key, or the free slot where it goes.
  std::size_t slot_of_key() const {
    return open_table::probe(slots_, shift_, hash_, [this](const Slot& slot) {
      return slot.hash == hash_ && same_texts(slot);
    });
  }

  static constexpr std::size_t kNone = ~std::size_t{0};
  const RecordFields* fields_ = nullptr;  // set_key()'s
  std::uint64_t hash_ = 0;                // its hash, once find() needed it
  std::size_t last_ = kNone;              // the slot find() or insert() gave last
  std::vector<Slot> slots_ = std::vector<Slot>(256);
  unsigned shift_ = open_table::shift_for(256);
  std::string stored_;
  std::size_t count_ = 0;
};

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
         bytes_of(ref_) + bytes_of(quantity_) + bytes_of(id_number_) + id_chars_.size() +
         bytes_of(id_offsets_) + bytes_of(member_offsets_) + bytes_of(classes_) +
         kinds_.memory_bytes() + subtypes_.memory_bytes() + statuses_.memory_bytes() +
         levels_.memory_bytes() + flag_names_.memory_bytes() + refs_.memory_bytes();
}

// Rows as they arrive: wide columns (member, full date) that finish()
// sorts and narrows. Cache lines of its own: builders are filled on
// threads at once.
struct alignas(64) RecordBatchBuilder::Pending {
  RecordBatch batch;
  std::vector<MemberIndex> member;
  std::vector<Day> date;
  std::unordered_map<ClassKey, std::uint16_t, ClassKeyHash> class_index;
  Day min_day = 0, max_day = 0;
  bool first_id = true;
  // Numeric ids, each above the one before it (exports number records in
  // file order): then no two rows share one, and the reader needs no
  // check of its own for that (RecordBatchAppender::ids_rose()).
  bool ids_rise = true;
  std::uint32_t last_id = 0;
  // Per ref code, its rows: how many, the class of the first, and whether
  // they are of more than one kind. Counted as rows come, in a part's own
  // small dictionary, so that the batch's item sizes need no pass of their
  // own over every row (RecordBatchAppender sums the parts').
  struct RefRows {
    std::uint32_t rows = 0;
    std::uint16_t first = 0;  // class code
    bool mixed = false;
    // `n` more rows, the first of class `cls`, `n_mixed` when they are of
    // several kinds. An item's rows mostly share their class, and then
    // their kind.
    void add(std::uint32_t n, std::uint16_t cls, bool n_mixed,
             const std::vector<RecordClass>& classes) {
      if (rows == 0) {
        first = cls;
        mixed = n_mixed;
      } else if (n_mixed || (first != cls && classes[first].kind != classes[cls].kind)) {
        mixed = true;
      }
      rows += n;
    }
  };
  std::vector<RefRows> ref_rows;
  ClassTexts class_texts;
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

  // Where a later part's codes go among this one's.
  struct Codes {
    std::vector<std::uint16_t> classes;
    std::vector<Code> refs;
  };
  // Interns q's texts and classes here, each where it first appears in
  // this part's rows followed by q's; why not, when that passes a limit.
  const char* merge_codes(const Pending& q, Codes& codes);
  // This part's codes in the appender's batch, when it merged them ahead
  // of append() (RecordBatchAppender::merge_codes).
  std::unique_ptr<Codes> merged;

  // Rows of several parts taken together: how many, the span of their
  // dates, and whether their ids stay one pattern's numbers. combine() and
  // RecordBatchAppender judge parts alike through it.
  struct Together {
    std::size_t rows = 0;
    Day min_day = 0, max_day = 0;
    bool numeric = true;
    const RecordBatch* pattern = nullptr;  // of the first rows with numeric ids
    void add(const Pending& q);  // a part with rows
    // Why the rows cannot be held together (the batch's narrow columns).
    const char* refused() const;
  };

  class MemberSorter;
  // `counted`: each ref code's rows, when they were counted as they came;
  // else they are counted here.
  static void set_item_sizes(RecordBatch& b, unsigned threads,
                             std::vector<RefRows>* counted = nullptr);
  // Each member's rows by date and id, then item sizes: the batch's last
  // steps once its rows are at their members.
  static void sort_and_size(RecordBatch& b, std::size_t member_count, unsigned threads,
                            std::vector<RefRows>* counted = nullptr);
};

// Sorts one member's rows by date, then id; rows with equal date and id (a
// caller error) keep their order. Exports list a member's records
// together but seldom by date, so most members need it; the scratch space
// is kept from one member to the next.
class RecordBatchBuilder::Pending::MemberSorter {
 public:
  explicit MemberSorter(RecordBatch& batch) : b_(batch) {}

  void sort(std::size_t begin, std::size_t end) {
    if (in_order(begin, end)) return;
    const std::size_t n = end - begin;
    order_.resize(n);
    if (b_.numeric_ids_ && n <= kRankedRows && day_and_id_keys(begin, n)) {
      // A row's place is the count of keys below its own. For a few dozen
      // rows that count runs on vector lanes and beats a sort's
      // unpredictable branches (2.6x on 516,529 members of 20-59 rows).
      if (!place_by_short_keys(n)) place_by_count<std::uint32_t, std::uint32_t>(u32_.data(), n, n);
      permute(b_.id_number_, begin, u32_);
    } else if (b_.numeric_ids_ && n <= 0x10000) {
      // (day, id, row) in one word: day and row fit 16 bits each.
      packed_.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        packed_[i] = std::uint64_t{b_.day_[begin + i]} << 48 |
                     std::uint64_t{b_.id_number_[begin + i]} << 16 | i;
      }
      std::sort(packed_.begin(), packed_.end());
      for (std::size_t i = 0; i < n; ++i) order_[i] = packed_[i] & 0xFFFF;
      permute(b_.id_number_, begin, u32_);
    } else if (b_.numeric_ids_) {
      keys_.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        keys_[i] = {std::uint64_t{b_.day_[begin + i]} << 32 | b_.id_number_[begin + i],
                    static_cast<std::uint32_t>(i)};
      }
      std::sort(keys_.begin(), keys_.end());
      for (std::size_t i = 0; i < n; ++i) order_[i] = keys_[i].second;
      permute(b_.id_number_, begin, u32_);
    } else {
      std::iota(order_.begin(), order_.end(), std::uint32_t{0});
      std::sort(order_.begin(), order_.end(), [&](std::uint32_t x, std::uint32_t y) {
        if (less(begin + x, begin + y)) return true;
        if (less(begin + y, begin + x)) return false;
        return x < y;
      });
      permute_text_ids(begin);
    }
    permute(b_.day_, begin, u16_);
    permute(b_.class_, begin, u16_);
    permute(b_.position_, begin, u16_);
    permute(b_.ref_, begin, u32_);
    permute(b_.quantity_, begin, i32_);
  }

 private:
  // Beyond this many rows a member's sort is std::sort's (the count is
  // quadratic).
  static constexpr std::size_t kRankedRows = 96;
  static constexpr std::size_t kShortLanes = 16;  // 16-bit keys in 256 bits
  // Into u32_, one 32-bit key a row that orders as (day, id): the day
  // above, the rank of the row's id among the member's below. The rank is
  // the row's own index when ids rise in row order (exports list by record
  // id), by a merge when they rise in two runs, else counted like the
  // places. False when two rows share an id (a caller error whose rows
  // keep their order: the pairs' sort does that).
  bool day_and_id_keys(std::size_t begin, std::size_t n) {
    static_assert(kRankedRows <= 128, "the ranks seen fit two words");
    const std::uint32_t* ids = b_.id_number_.data() + begin;
    u32_.resize(n);
    std::size_t second_run = 1;  // where the ids stop rising
    while (second_run < n && ids[second_run] > ids[second_run - 1]) ++second_run;
    const bool rising = second_run >= n;
    if (!rising && two_rising_runs(begin, second_run, n)) return true;
    std::uint64_t seen[2] = {0, 0};
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t rank = static_cast<std::uint32_t>(i);
      if (!rising) {
        const std::uint32_t id = ids[i];
        rank = 0;
        for (std::size_t j = 0; j < n; ++j) rank += ids[j] < id;
        const std::uint64_t bit = std::uint64_t{1} << (rank & 63);
        if (seen[rank >> 6] & bit) return false;
        seen[rank >> 6] |= bit;
      }
      u32_[i] = std::uint32_t{b_.day_[begin + i]} << 16 | rank;
    }
    return true;
  }
  // day_and_id_keys for ids that rise in [0, second) and again in
  // [second, n): a member's own rows, then the joint items' rows it was
  // named in on other members' lines (merged at its end, RecordBatchAppender),
  // as most members of an export have. The ranks by one merge, not counted.
  // False when [second, n) does not rise, or two rows share an id.
  bool two_rising_runs(std::size_t begin, std::size_t second, std::size_t n) {
    const std::uint32_t* ids = b_.id_number_.data() + begin;
    for (std::size_t i = second + 1; i < n; ++i)
      if (ids[i] <= ids[i - 1]) return false;
    std::uint32_t* keys = u32_.data();
    const std::uint16_t* days = b_.day_.data() + begin;
    std::size_t a = 0, b = second;
    std::uint32_t rank = 0;
    // Two equal ids meet at the heads: the runs rise strictly.
    const auto key = [&](std::size_t i) { keys[i] = std::uint32_t{days[i]} << 16 | rank++; };
    while (a < second && b < n) {
      if (ids[a] == ids[b]) return false;
      key(ids[a] < ids[b] ? a++ : b++);
    }
    while (a < second) key(a++);
    while (b < n) key(b++);
    return true;
  }
  // The places of day_and_id_keys' keys when the member's days span less
  // than 2^9 (a year does): each key then fits 16 bits, (day - first) << 7
  // | rank, and the count runs on twice the lanes. False (nothing done)
  // for a wider span.
  bool place_by_short_keys(std::size_t n) {
    static_assert(kRankedRows <= 128, "a rank fits 7 bits");
    const std::uint32_t* keys = u32_.data();
    std::uint32_t first = keys[0], last = keys[0];
    for (std::size_t i = 1; i < n; ++i) {
      first = std::min(first, keys[i]);
      last = std::max(last, keys[i]);
    }
    const std::uint32_t span = (last >> 16) - (first >> 16);
    if (span >= (1u << 9)) return false;
    // Whole blocks of lanes; the padding is the largest key, which no key
    // is below. Signed: the sign bit flipped keeps the order.
    const std::size_t padded = (n + kShortLanes - 1) / kShortLanes * kShortLanes;
    i16_.assign(padded, std::numeric_limits<std::int16_t>::max());
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t key = ((keys[i] >> 16) - (first >> 16)) << 7 | (keys[i] & 0x7F);
      i16_[i] = static_cast<std::int16_t>(key ^ 0x8000);
    }
    place_by_count<std::int16_t, std::uint16_t>(i16_.data(), n, padded);
    return true;
  }
  // Each of the first n rows at its place in order_: the count of the
  // `counted` keys below its own (keys past n are larger than all). The
  // count is as wide as the keys, so that the lanes stay that wide.
  template <typename Key, typename Count>
  void place_by_count(const Key* keys, std::size_t n, std::size_t counted) {
    for (std::size_t i = 0; i < n; ++i) {
      const Key key = keys[i];
      Count place = 0;
      for (std::size_t j = 0; j < counted; ++j) place = static_cast<Count>(place + (keys[j] < key));
      order_[place] = static_cast<std::uint32_t>(i);
    }
  }
  std::string_view text_id(std::size_t row) const {
    return std::string_view(b_.id_chars_).substr(b_.id_offsets_[row],
                                                 b_.id_offsets_[row + 1] - b_.id_offsets_[row]);
  }
  bool less(std::size_t x, std::size_t y) const {
    if (b_.day_[x] != b_.day_[y]) return b_.day_[x] < b_.day_[y];
    if (b_.numeric_ids_) return b_.id_number_[x] < b_.id_number_[y];
    return text_id(x) < text_id(y);
  }
  bool in_order(std::size_t begin, std::size_t end) const {
    for (std::size_t row = begin + 1; row < end; ++row) {
      if (less(row, row - 1)) return false;
    }
    return true;
  }
  template <typename T>
  void permute(std::vector<T>& column, std::size_t begin, std::vector<T>& scratch) const {
    scratch.resize(order_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) scratch[i] = column[begin + order_[i]];
    std::copy(scratch.begin(), scratch.end(), column.begin() + static_cast<std::ptrdiff_t>(begin));
  }
  void permute_text_ids(std::size_t begin) {
    chars_.clear();
    u64_.resize(order_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) {
      const auto id = text_id(begin + order_[i]);
      chars_.append(id.data(), id.size());
      u64_[i] = b_.id_offsets_[begin] + chars_.size();
    }
    b_.id_chars_.replace(b_.id_offsets_[begin], chars_.size(), chars_);
    std::copy(u64_.begin(), u64_.end(),
              b_.id_offsets_.begin() + static_cast<std::ptrdiff_t>(begin + 1));
  }

  RecordBatch& b_;
  std::vector<std::uint64_t> packed_;  // day, id and row, for up to 2^16 rows
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keys_;  // (day, id), row
  std::vector<std::uint32_t> order_;  // the rows in sorted order, from begin
  std::vector<std::uint16_t> u16_;
  std::vector<std::uint32_t> u32_;
  std::vector<std::int32_t> i32_;
  std::vector<std::int16_t> i16_;
  std::vector<std::uint64_t> u64_;
  std::string chars_;
};

// Item sizes: rows sharing (kind, ref). Almost every ref belongs to one
// kind, so rows are counted per ref code in a flat array, with a map only
// for refs used by several kinds.
void RecordBatchBuilder::Pending::set_item_sizes(RecordBatch& b, unsigned threads,
                                                 std::vector<RefRows>* counted) {
  const std::size_t rows = b.size();
  // Per ref code, side by side as refs come in no order.
  std::vector<RefRows> per_ref;
  bool any_mixed = false;
  if (counted) {
    per_ref = std::move(*counted);
    detail::resize_on_huge_pages(per_ref, b.refs_.size());
    for (const auto& r : per_ref) any_mixed |= r.mixed;
  } else {
    detail::resize_on_huge_pages(per_ref, b.refs_.size());
    // Each thread counts the rows of its own range of ref codes (no counts
    // shared, no copy of the array): every thread reads every row's ref,
    // but the counting, which misses the cache, is shared out.
    std::atomic<bool> mixed_somewhere{false};
    for_parts(threads, per_ref.size(), [&](std::size_t lo, std::size_t hi) {
      bool mixed = false;
      detail::for_rows_with_ref(b.ref_.data(), 0, rows, static_cast<Code>(lo),
                                static_cast<Code>(hi), [&](std::size_t row) {
                                  RefRows& r = per_ref[b.ref_[row]];
                                  r.add(1, b.class_[row], false, b.classes_);
                                  mixed |= r.mixed;
                                  return true;
                                });
      if (mixed) mixed_somewhere = true;
    });
    any_mixed = mixed_somewhere;
  }
  std::unordered_map<std::uint64_t, std::uint32_t> mixed_counts;
  const auto key = [](Code ref, Code kind) { return (static_cast<std::uint64_t>(ref) << 8) | kind; };
  for (std::size_t row = 0; any_mixed && row < rows; ++row) {
    const Code ref = b.ref_[row];
    if (ref != kAbsent && per_ref[ref].mixed) ++mixed_counts[key(ref, b.kind(row))];
  }
  detail::resize_on_huge_pages(b.item_size_, rows);
  for_chunks(threads, rows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t row = begin; row < end; ++row) {
      const Code ref = b.ref_[row];
      std::uint32_t n = 1;
      if (ref != kAbsent) {
        const RefRows& r = per_ref[ref];
        n = r.mixed ? mixed_counts.find(key(ref, b.kind(row)))->second : r.rows;
      }
      b.item_size_[row] = static_cast<std::uint16_t>(std::min<std::uint32_t>(n, 0xFFFF));
    }
  });
}

const char* RecordBatchBuilder::Pending::merge_codes(const Pending& q, Codes& codes) {
  RecordBatch& b = batch;
  const RecordBatch& c = q.batch;
  std::vector<Code> kinds, subtypes, statuses, levels, flag_codes;
  if (!merge_dictionary(b.kinds_, c.kinds_, 0xFF, kinds)) return "kind: too many distinct kinds";
  if (!merge_dictionary(b.subtypes_, c.subtypes_, 0xFFFF, subtypes))
    return "subtype: too many distinct subtypes";
  if (!merge_dictionary(b.statuses_, c.statuses_, 0xFF, statuses))
    return "status: too many distinct statuses";
  if (!merge_dictionary(b.levels_, c.levels_, 0xFF, levels))
    return "level: too many distinct levels";
  if (!merge_dictionary(b.flag_names_, c.flag_names_, kMaxFlags, flag_codes))
    return "flags: too many distinct flags";
  merge_dictionary(b.refs_, c.refs_, std::numeric_limits<Code>::max(), codes.refs);
  codes.classes.resize(c.classes_.size());
  for (std::size_t i = 0; i < c.classes_.size(); ++i) {
    const auto& from = c.classes_[i];
    FlagMask flags = 0;
    for (Code code = 1; code <= kMaxFlags; ++code) {
      if (from.flags & (FlagMask{1} << (code - 1))) flags |= FlagMask{1} << (flag_codes[code] - 1);
    }
    const RecordClass cls{kinds[from.kind], subtypes[from.subtype], statuses[from.status],
                          levels[from.level], flags};
    if (!class_of(class_key(cls.kind, cls.subtype, cls.status, cls.level, cls.flags), cls,
                  codes.classes[i]))
      return "kind: too many distinct record classes";
  }
  return nullptr;
}

void RecordBatchBuilder::Pending::Together::add(const Pending& q) {
  if (rows == 0) {
    min_day = q.min_day;
    max_day = q.max_day;
  }
  rows += q.member.size();
  min_day = std::min(min_day, q.min_day);
  max_day = std::max(max_day, q.max_day);
  const RecordBatch& c = q.batch;
  // Numbers while every part's ids follow the first numeric part's pattern.
  if (c.numeric_ids_ && !pattern) pattern = &c;
  if (!c.numeric_ids_ || c.id_prefix_ != pattern->id_prefix_ || c.id_digits_ != pattern->id_digits_)
    numeric = false;
}

const char* RecordBatchBuilder::Pending::Together::refused() const {
  if (rows > 0xFFFFFFFFu) return "record_id: too many records (at most 4294967295)";
  if (max_day - min_day > kMaxDaySpan) return "date: records more than 179 years apart";
  return nullptr;
}

void RecordBatchBuilder::Pending::sort_and_size(RecordBatch& b, std::size_t member_count,
                                                unsigned threads, std::vector<RefRows>* counted) {
  // Chunks, not halves: members' rows differ in number and order.
  for_chunks(threads, member_count, [&b](std::size_t first, std::size_t last) {
    MemberSorter sorter(b);
    for (std::size_t m = first; m < last; ++m)
      sorter.sort(b.member_offsets_[m], b.member_offsets_[m + 1]);
  });
  set_item_sizes(b, threads, counted);
}

RecordBatchBuilder::RecordBatchBuilder(std::size_t member_count)
    : pending_(std::make_unique<Pending>()), member_count_(member_count) {}

RecordBatchBuilder::~RecordBatchBuilder() = default;

void RecordBatchBuilder::reserve(std::size_t rows) {
  auto& p = *pending_;
  using detail::reserve_on_huge_pages;
  reserve_on_huge_pages(p.member, rows);
  reserve_on_huge_pages(p.date, rows);
  reserve_on_huge_pages(p.batch.class_, rows);
  reserve_on_huge_pages(p.batch.position_, rows);
  reserve_on_huge_pages(p.batch.ref_, rows);
  reserve_on_huge_pages(p.batch.quantity_, rows);
  reserve_on_huge_pages(p.batch.id_number_, rows);
}

std::size_t RecordBatchBuilder::size() const { return pending_->member.size(); }

void RecordBatchBuilder::clear() { *pending_ = Pending{}; }

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
      return "date: the date " + format_day(f.date) + " is more than 179 years from " +
             format_day(f.date == hi ? lo : hi) +
             ", another record's date: one records file spans at most 179 years";
  }
  // The class: an earlier row with the same texts has one already (and so
  // every text is interned); otherwise check every dictionary before
  // interning anything, so that a refused row leaves no trace.
  p.class_texts.set_key(f);
  std::uint16_t class_code = 0;
  if (!p.class_texts.find(class_code)) {
    Code kind = 0, subtype = 0, status = 0, level = 0;
    if (!intern_within(b.kinds_, f.kind, 0xFF, kind))
      return "kind: '" + std::string(f.kind) + "' is one distinct kind too many (at most 255)";
    if (!intern_within(b.subtypes_, f.subtype, 0xFFFF, subtype))
      return "subtype: '" + std::string(f.subtype) +
             "' is one distinct subtype too many (at most 65535)";
    if (!intern_within(b.statuses_, f.status, 0xFF, status))
      return "status: '" + std::string(f.status) +
             "' is one distinct status too many (at most 255)";
    if (!intern_within(b.levels_, f.level, 0xFF, level))
      return "level: '" + std::string(f.level) + "' is one distinct level too many (at most 255)";
    FlagMask flags = 0;
    for (const auto flag : f.flags) {
      Code code = 0;
      if (!intern_within(b.flag_names_, flag, kMaxFlags, code))
        return "flags: '" + std::string(flag) + "' is one distinct flag too many (at most 32)";
      if (code != kAbsent) flags |= FlagMask{1} << (code - 1);
    }
    if (!p.class_of(class_key(kind, subtype, status, level, flags),
                    RecordClass{kind, subtype, status, level, flags}, class_code))
      return "kind: more than 65536 distinct combinations of kind, subtype, status, level and "
             "flags";
    p.class_texts.insert(class_code);
  }

  // The id: a number while every id follows the first one's pattern; on the
  // first that does not, every id so far turns into text.
  std::uint32_t id_number = 0;
  if (b.numeric_ids_ && !p.first_id &&
      numeric_id_of(f.record_id, b.id_prefix_, b.id_digits_, id_number)) {
    b.id_number_.push_back(id_number);
  } else if (b.numeric_ids_) {
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
  } else {
    const std::uint32_t number = b.id_number_.back();
    if (b.id_number_.size() > 1 && number <= p.last_id) p.ids_rise = false;
    p.last_id = number;
  }
  p.first_id = false;

  if (p.member.empty()) p.min_day = p.max_day = f.date;
  p.min_day = std::min(p.min_day, f.date);
  p.max_day = std::max(p.max_day, f.date);
  p.member.push_back(f.member);
  p.date.push_back(f.date);
  b.class_.push_back(class_code);
  b.position_.push_back(f.position);
  const Code ref = b.refs_.intern(f.ref);
  b.ref_.push_back(ref);
  if (ref != kAbsent) {
    if (ref >= p.ref_rows.size()) detail::resize_on_huge_pages(p.ref_rows, std::size_t{ref} + 1);
    p.ref_rows[ref].add(1, class_code, false, b.classes_);
  }
  b.quantity_.push_back(f.quantity);
  return {};
}

bool RecordBatch::has_duplicate_ids(const std::vector<std::string_view>& others,
                                    unsigned threads) const {
  return has_duplicate_ids_with(
      [&others](const IdVisit& visit) {
        for (const auto id : others) visit(id);
      },
      others.size(), threads);
}

bool RecordBatch::has_duplicate_ids_with(const OtherIds& others, std::size_t count,
                                         unsigned threads) const {
  const std::size_t rows = size();
  // The others as a number each where they follow the rows' pattern (with
  // no rows, the first other's), and otherwise as their hash only: a file
  // whose every row is left out gives 4 or 8 bytes an id here, not a view
  // and a copy of it. Where hashes meet, a second pass over the others
  // compares the texts.
  detail::NumericIdPattern pattern;
  if (numeric_ids_ && rows > 0) pattern = {id_prefix_, id_digits_};
  bool first = rows == 0;
  const std::hash<std::string_view> hasher;
  std::vector<std::uint32_t> numbers;
  std::vector<std::uint64_t> hashes;
  if (pattern.digits != 0 || first) {
    numbers.reserve(count);
  } else {
    hashes.reserve(count);
  }
  others([&](std::string_view id) {
    if (first) pattern.take_from(id);
    first = false;
    std::uint32_t number = 0;
    if (pattern.number_of(id, number)) {
      numbers.push_back(number);
    } else {
      hashes.push_back(hasher(id));
    }
  });
  std::sort(hashes.begin(), hashes.end());
  // The hashes an other shares with another other or, for text ids, a row.
  std::vector<std::uint64_t> met;
  for (std::size_t i = 1; i < hashes.size(); ++i) {
    if (hashes[i] == hashes[i - 1] && (met.empty() || met.back() != hashes[i])) met.push_back(hashes[i]);
  }
  const auto row_text = [this](std::size_t i) {
    return std::string_view(id_chars_).substr(id_offsets_[i], id_offsets_[i + 1] - id_offsets_[i]);
  };
  std::vector<std::pair<std::uint64_t, std::size_t>> row_keys;
  if (pattern.digits != 0) {
    if (has_duplicate_numbers(numbers, threads)) return true;
  } else {
    // Text ids: the rows sorted by hash, compared only where hashes meet.
    row_keys.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) row_keys[i] = {hasher(row_text(i)), i};
    std::sort(row_keys.begin(), row_keys.end());
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = i + 1; j < rows && row_keys[j].first == row_keys[i].first; ++j) {
        if (row_text(row_keys[i].second) == row_text(row_keys[j].second)) return true;
      }
    }
    std::size_t r = 0;
    for (const auto h : hashes) {
      while (r < rows && row_keys[r].first < h) ++r;
      if (r < rows && row_keys[r].first == h) met.push_back(h);
    }
    std::sort(met.begin(), met.end());
    met.erase(std::unique(met.begin(), met.end()), met.end());
  }
  if (met.empty()) return false;
  // The texts behind the hashes met (few unless ids repeat): the others'
  // with their rows', sorted; two alike are an other twice or an other
  // that is a row's id, the rows being distinct by now.
  std::vector<std::pair<std::uint64_t, std::string>> texts;
  const auto is_met = [&met](std::uint64_t h) { return std::binary_search(met.begin(), met.end(), h); };
  others([&](std::string_view id) {
    std::uint32_t number = 0;
    if (pattern.number_of(id, number)) return;
    const std::uint64_t h = hasher(id);
    if (is_met(h)) texts.emplace_back(h, std::string(id));
  });
  for (const auto& [h, i] : row_keys) {
    if (is_met(h)) texts.emplace_back(h, std::string(row_text(i)));
  }
  std::sort(texts.begin(), texts.end());
  return std::adjacent_find(texts.begin(), texts.end()) != texts.end();
}

bool RecordBatch::has_duplicate_numbers(std::vector<std::uint32_t>& numbers,
                                        unsigned threads) const {
  const std::size_t rows = size();
  if (rows + numbers.size() == 0) return false;
  std::uint32_t top = 0;
  for (const auto n : numbers) top = std::max(top, n);
  std::mutex top_of_parts;
  for_parts(threads, rows, [&](std::size_t begin, std::size_t end) {
    const std::uint32_t mine = begin == end ? 0 : *std::max_element(id_number_.begin() + begin,
                                                                   id_number_.begin() + end);
    const std::lock_guard<std::mutex> lock(top_of_parts);
    top = std::max(top, mine);
  });
  // A bitmap when the numbers are dense enough (the usual sequence),
  // otherwise a sort.
  if (top / 64 <= rows + numbers.size()) {
    std::vector<std::uint64_t> seen(top / 64 + 1, 0);
    // Each thread marks the numbers of its own range of words (no word
    // shared), reading every number.
    std::atomic<bool> twice{false};
    for_parts(threads, seen.size(), [&](std::size_t lo, std::size_t hi) {
      const auto seen_before = [&seen, lo, hi](std::uint32_t n) {
        const std::size_t word = n / 64;
        if (word < lo || word >= hi) return false;
        const std::uint64_t bit = std::uint64_t{1} << (n % 64);
        const bool before = (seen[word] & bit) != 0;
        seen[word] |= bit;
        return before;
      };
      for (std::size_t i = 0; i < rows; ++i) {
        if (seen_before(id_number_[i])) return twice.store(true);
        if (i % 65536 == 0 && twice.load(std::memory_order_relaxed)) return;
      }
      for (const auto n : numbers) {
        if (seen_before(n)) return twice.store(true);
      }
    });
    return twice.load();
  }
  numbers.insert(numbers.end(), id_number_.begin(), id_number_.end());
  std::sort(numbers.begin(), numbers.end());
  return std::adjacent_find(numbers.begin(), numbers.end()) != numbers.end();
}

RecordBatch RecordBatchBuilder::finish(unsigned threads) {
  std::string refused;
  // One part: add() has kept its rows within every limit already.
  return std::move(*combine({this}, threads, refused));
}

std::optional<RecordBatch> RecordBatchBuilder::combine(
    const std::vector<RecordBatchBuilder*>& parts, unsigned threads, std::string& refused) {
  refused.clear();
  const auto refuse = [&refused](const char* why) {
    refused = why;
    return std::nullopt;
  };
  const std::size_t member_count = parts.front()->member_count_;
  std::vector<Pending> ps;
  ps.reserve(parts.size());
  for (auto* part : parts) {
    ps.push_back(std::move(*part->pending_));
    *part->pending_ = Pending{};
  }
  // The first part's dictionaries and classes become the batch's; every
  // later part's codes are mapped into them in part order, which interns
  // each text where it first appears in the combined rows.
  Pending& p = ps[0];
  RecordBatch& b = p.batch;
  std::vector<Pending::Codes> codes(ps.size());
  codes[0].classes.resize(b.classes_.size());
  std::iota(codes[0].classes.begin(), codes[0].classes.end(), std::uint16_t{0});
  codes[0].refs.resize(b.refs_.size());
  std::iota(codes[0].refs.begin(), codes[0].refs.end(), Code{0});
  // Ids stay numbers only when every id of every part has one pattern.
  Pending::Together together;
  for (std::size_t k = 0; k < ps.size(); ++k) {
    Pending& q = ps[k];
    if (q.member.empty()) continue;
    together.add(q);
    if (k == 0) continue;
    if (const char* why = p.merge_codes(q, codes[k])) return refuse(why);
  }
  if (const char* why = together.refused()) return refuse(why);
  const std::size_t rows = together.rows;
  const Day min_day = together.min_day;
  const bool numeric = together.numeric;
  const RecordBatch* pattern = together.pattern;
  if (!numeric) for_tasks(threads, ps.size(), [&](std::size_t k) { ps[k].ids_to_text(); });

  // Every row's place: members in index order; within a member the parts
  // in order, each part's rows in their order, which the sort below keeps
  // for rows that compare equal. Rows are counted per group of consecutive
  // parts, one group a thread: a count per part and member would take more
  // memory than the rows when a file is read in many small parts.
  const std::size_t groups = std::max<std::size_t>(1, std::min<std::size_t>(threads, ps.size()));
  const auto group_parts = [&](std::size_t g) {
    return std::make_pair(ps.size() * g / groups, ps.size() * (g + 1) / groups);
  };
  b.member_offsets_.assign(member_count + 1, 0);
  std::vector<std::vector<std::uint32_t>> next(groups);  // per group and member
  for_tasks(threads, groups, [&](std::size_t g) {
    next[g].assign(member_count, 0);
    const auto [first, last] = group_parts(g);
    for (std::size_t k = first; k < last; ++k)
      for (const auto m : ps[k].member) ++next[g][m];
  });
  std::uint32_t at = 0;
  for (std::size_t m = 0; m < member_count; ++m) {
    b.member_offsets_[m] = at;
    for (auto& n : next) {
      const std::uint32_t count = n[m];
      n[m] = at;
      at += count;
    }
  }
  b.member_offsets_[member_count] = at;
  std::vector<std::vector<std::uint32_t>> place(ps.size());  // per part and row
  for_tasks(threads, groups, [&](std::size_t g) {
    auto& n = next[g];
    const auto [first, last] = group_parts(g);
    for (std::size_t k = first; k < last; ++k) {
      const auto& members = ps[k].member;
      place[k].resize(members.size());
      for (std::size_t i = 0; i < members.size(); ++i) place[k][i] = n[members[i]]++;
      std::vector<MemberIndex>().swap(ps[k].member);
    }
    std::vector<std::uint32_t>().swap(n);
  });

  // Each column of every part straight to the rows' places. The columns
  // are filled at once, one per thread (zeroing a new column is serial
  // work), and each part's column is freed as soon as it is moved.
  const auto scatter = [&](auto& out, auto column, auto value) {
    std::remove_reference_t<decltype(out)> placed(rows);
    for (std::size_t k = 0; k < ps.size(); ++k) {
      auto& in = column(ps[k]);
      const auto& to = place[k];
      for (std::size_t i = 0; i < in.size(); ++i) placed[to[i]] = value(k, in[i]);
      std::remove_reference_t<decltype(in)>().swap(in);
    }
    out.swap(placed);
    // The parts' columns are many blocks of a few hundred KiB: a column's
    // worth goes back to the system before the next column is made, so
    // that the rows are held about once, not twice, while they move.
    detail::give_back_freed_memory();
  };
  const auto same = [](std::size_t, auto v) { return v; };
  if (numeric && pattern) {
    b.id_prefix_ = pattern->id_prefix_;
    b.id_digits_ = pattern->id_digits_;
  }
  for_tasks(threads, 6, [&](std::size_t task) {
    switch (task) {
      case 0:
        scatter(b.day_, [](Pending& q) -> auto& { return q.date; },
                [min_day](std::size_t, Day d) { return static_cast<std::uint16_t>(d - min_day); });
        break;
      case 1:
        scatter(b.class_, [](Pending& q) -> auto& { return q.batch.class_; },
                [&codes](std::size_t k, std::uint16_t c) { return codes[k].classes[c]; });
        break;
      case 2:
        scatter(b.ref_, [](Pending& q) -> auto& { return q.batch.ref_; },
                [&codes](std::size_t k, Code r) { return codes[k].refs[r]; });
        break;
      case 3:
        scatter(b.position_, [](Pending& q) -> auto& { return q.batch.position_; }, same);
        break;
      case 4:
        scatter(b.quantity_, [](Pending& q) -> auto& { return q.batch.quantity_; }, same);
        break;
      default:
        if (numeric)
          scatter(b.id_number_, [](Pending& q) -> auto& { return q.batch.id_number_; }, same);
    }
  });
  if (numeric) {
    if (rows == 0) b.id_offsets_.assign(1, 0);
  } else {
    // Text ids: lengths at their places, then offsets, then the characters.
    std::vector<std::uint64_t> offsets(rows + 1, 0);
    for_tasks(threads, ps.size(), [&](std::size_t k) {
      const auto& from = ps[k].batch.id_offsets_;
      for (std::size_t i = 0; i < place[k].size(); ++i)
        offsets[place[k][i] + 1] = from[i + 1] - from[i];
    });
    std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
    std::string chars(offsets.back(), '\0');
    for_tasks(threads, ps.size(), [&](std::size_t k) {
      auto& c = ps[k].batch;
      for (std::size_t i = 0; i < place[k].size(); ++i)
        c.id_chars_.copy(&chars[offsets[place[k][i]]], c.id_offsets_[i + 1] - c.id_offsets_[i],
                         c.id_offsets_[i]);
      std::string().swap(c.id_chars_);
      std::vector<std::uint64_t>().swap(c.id_offsets_);
    });
    b.id_chars_.swap(chars);
    b.id_offsets_.swap(offsets);
    b.id_number_.clear();
  }
  b.numeric_ids_ = numeric;
  b.day_base_ = min_day;
  std::vector<std::vector<std::uint32_t>>().swap(place);

  Pending::sort_and_size(b, member_count, threads);
  RecordBatch batch = std::move(b);
  return batch;
}

RecordBatchAppender::RecordBatchAppender(std::size_t member_count)
    : rows_(member_count), aside_(member_count), member_count_(member_count) {
  detail::assign_on_huge_pages(rows_.pending_->batch.member_offsets_, member_count + 1, 0);
}

RecordBatchAppender::~RecordBatchAppender() = default;

void RecordBatchAppender::reserve(std::size_t rows) {
  RecordBatch& b = rows_.pending_->batch;
  using detail::reserve_on_huge_pages;
  reserve_on_huge_pages(b.class_, rows);
  reserve_on_huge_pages(b.day_, rows);
  reserve_on_huge_pages(b.position_, rows);
  reserve_on_huge_pages(b.ref_, rows);
  reserve_on_huge_pages(b.quantity_, rows);
  if (b.numeric_ids_) reserve_on_huge_pages(b.id_number_, rows);
}

std::size_t RecordBatchAppender::refs() const { return rows_.pending_->batch.refs_.size(); }

std::size_t RecordBatchAppender::size() const { return rows_.pending_->batch.size() + rows_aside(); }

std::size_t RecordBatchAppender::rows_aside() const { return aside_.pending_->member.size(); }

bool RecordBatchAppender::append(const std::vector<RecordBatchBuilder*>& parts, unsigned threads,
                                 std::string& refused) {
  using Pending = RecordBatchBuilder::Pending;
  Pending& p = *rows_.pending_;
  Pending& a = *aside_.pending_;
  RecordBatch& b = p.batch;
  const std::size_t before = size();
  // The rows so far and the parts', judged as combine() judges parts. Ids
  // stay numbers while every part's follow the pattern of the first rows;
  // else every id so far turns into text, as in combine().
  Pending::Together together;
  together.rows = before;
  together.min_day = p.min_day;
  together.max_day = p.max_day;
  together.numeric = b.numeric_ids_;
  together.pattern = before > 0 ? &b : nullptr;
  for (const auto* part : parts) {
    if (!part->pending_->member.empty()) together.add(*part->pending_);
  }
  if (const char* why = together.refused()) {
    refused = why;
    return false;
  }
  // Parts merged ahead come first (merge_codes() is called in order);
  // the others are merged now, after them, in order.
  std::vector<Pending::Codes> codes(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    Pending& q = *parts[k]->pending_;
    if (q.member.empty()) continue;
    if (q.merged) {
      codes[k] = std::move(*q.merged);
      q.merged.reset();
    } else if (const char* why = p.merge_codes(q, codes[k])) {
      refused = why;
      return false;
    }
  }
  const Day min_day = together.min_day, max_day = together.max_day;
  const bool numeric = together.numeric;
  const RecordBatch* pattern = together.pattern;
  bool seen = before > 0;  // then last_id_ is the id of the last row appended
  for (const auto* part : parts) {
    const Pending& q = *part->pending_;
    if (q.member.empty()) continue;
    if (!numeric || !q.ids_rise || (seen && q.batch.id_number_.front() <= last_id_))
      ids_rose_ = false;
    seen = true;
    last_id_ = q.last_id;
  }
  if (numeric && pattern && before == 0) {
    a.batch.id_prefix_ = b.id_prefix_ = pattern->id_prefix_;
    a.batch.id_digits_ = b.id_digits_ = pattern->id_digits_;
  }
  if (!numeric) {
    p.ids_to_text();
    a.ids_to_text();
    for (auto* part : parts) part->pending_->ids_to_text();
  }

  // Which rows are in member order (MemberRun::keeps()). Each part's
  // rows are judged on the threads at once as if no row came before them;
  // then, part after part, again from the part's start with the rows
  // before in mind, only until both judgements are in the same state:
  // from there on they agree (a part that starts with its member's rows
  // needs one row).
  std::vector<std::vector<std::uint8_t>> in_order(parts.size());
  std::vector<std::size_t> kept(parts.size());
  std::vector<MemberRun> ends(parts.size());
  for_tasks(threads, parts.size(), [&](std::size_t k) {
    const auto& members = parts[k]->pending_->member;
    auto& keep = in_order[k];
    keep.resize(members.size());
    MemberRun run;
    std::size_t n = 0;
    for (std::size_t i = 0; i < members.size(); ++i) {
      keep[i] = run.keeps(members, i);
      n += keep[i];
    }
    kept[k] = n;
    ends[k] = run;
  });
  std::vector<std::size_t> main_at(parts.size()), aside_at(parts.size());
  std::size_t main_rows = b.size(), aside_rows = a.member.size();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const auto& members = parts[k]->pending_->member;
    auto& keep = in_order[k];
    main_at[k] = main_rows;
    aside_at[k] = aside_rows;
    MemberRun alone;
    std::size_t i = 0;
    for (; i < members.size() && !(run_ == alone); ++i) {
      alone.keeps(members, i);
      const std::uint8_t here = run_.keeps(members, i);
      kept[k] = kept[k] - keep[i] + here;
      keep[i] = here;
    }
    if (run_ == alone) run_ = ends[k];  // else the loop judged every row
    main_rows += kept[k];
    aside_rows += members.size() - kept[k];
  }

  // Days in order are narrow from the start, counted from a base that
  // leaves room both ways; when later rows fall outside, the rows so far
  // move to a new base (the span is within the limit, so they fit).
  const auto centred = [](Day lo, Day hi) { return lo - (kMaxDaySpan - (hi - lo)) / 2; };
  if (before == 0) {
    base_ = centred(min_day, max_day);
  } else if (min_day < base_ || max_day - base_ > kMaxDaySpan) {
    const Day base = centred(min_day, max_day);
    const Day shift = base_ - base;
    for (auto& day : b.day_) day = static_cast<std::uint16_t>(day + shift);
    base_ = base;
  }
  p.min_day = min_day;
  p.max_day = max_day;

  // Each column on a task of its own: every part's rows after the rows
  // before, in order or aside.
  const auto split = [&](auto& main, auto& aside, auto column, auto to_main, auto to_aside) {
    detail::resize_on_huge_pages(main, main_rows);
    detail::resize_on_huge_pages(aside, aside_rows);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      auto& in = column(*parts[k]->pending_);
      auto* to_m = main.data() + main_at[k];
      auto* to_a = aside.data() + aside_at[k];
      const std::uint8_t* keep = in_order[k].data();
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (keep[i]) {
          *to_m++ = to_main(k, in[i]);
        } else {
          *to_a++ = to_aside(k, in[i]);
        }
      }
      std::remove_reference_t<decltype(in)>().swap(in);
    }
  };
  const auto same = [](std::size_t, auto v) { return v; };
  const auto klass = [&codes](std::size_t k, std::uint16_t c) { return codes[k].classes[c]; };
  const auto ref = [&codes](std::size_t k, Code r) { return codes[k].refs[r]; };
  const Day base = base_;
  RecordBatch& c = a.batch;
  // The parts' rows per ref, added to the batch's by code. The refs are
  // counted here, before task 0 reserves their dictionary.
  const std::size_t refs = b.refs_.size();
  const auto count_refs = [&] {
    if (p.ref_rows.size() < refs) detail::resize_on_huge_pages(p.ref_rows, refs);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const Pending& q = *parts[k]->pending_;
      const Pending::Codes& to = codes[k];
      for (std::size_t code = 1; code < q.ref_rows.size(); ++code) {
        const Pending::RefRows& from = q.ref_rows[code];
        p.ref_rows[to.refs[code]].add(from.rows, to.classes[from.first], from.mixed, b.classes_);
      }
    }
  };
  const std::size_t refs_wanted = std::exchange(refs_wanted_, 0);
  // The refs' room (fresh pages) first: made after the tasks, one thread
  // worked alone (perf, bench/compare).
  for_tasks(threads, 9, [&](std::size_t task) {
    if (task == 0) {
      // No other task reads the refs' dictionary.
      b.refs_.reserve(refs_wanted);
      return;
    }
    switch (task - 1) {
      case 0:
        split(b.day_, a.date, [](Pending& q) -> auto& { return q.date; },
              [base](std::size_t, Day d) { return static_cast<std::uint16_t>(d - base); }, same);
        break;
      case 1:
        split(b.class_, c.class_, [](Pending& q) -> auto& { return q.batch.class_; }, klass, klass);
        break;
      case 2:
        split(b.ref_, c.ref_, [](Pending& q) -> auto& { return q.batch.ref_; }, ref, ref);
        break;
      case 3:
        split(b.position_, c.position_, [](Pending& q) -> auto& { return q.batch.position_; }, same,
              same);
        break;
      case 4:
        split(b.quantity_, c.quantity_, [](Pending& q) -> auto& { return q.batch.quantity_; },
              same, same);
        break;
      case 5:
        if (numeric) {
          split(b.id_number_, c.id_number_, [](Pending& q) -> auto& { return q.batch.id_number_; },
                same, same);
          break;
        }
        for (std::size_t k = 0; k < parts.size(); ++k) {
          const RecordBatch& from = parts[k]->pending_->batch;
          for (std::size_t i = 0; i + 1 < from.id_offsets_.size(); ++i) {
            RecordBatch& to = in_order[k][i] ? b : c;
            to.id_chars_.append(from.id_chars_, from.id_offsets_[i],
                                from.id_offsets_[i + 1] - from.id_offsets_[i]);
            to.id_offsets_.push_back(to.id_chars_.size());
          }
        }
        break;
      case 6:
        count_refs();
        break;
      default:
        // Each member's first row in order; the members of the rows aside.
        detail::resize_on_huge_pages(a.member, aside_rows);
        for (std::size_t k = 0; k < parts.size(); ++k) {
          const auto& members = parts[k]->pending_->member;
          std::size_t at_main = main_at[k], at_aside = aside_at[k];
          for (std::size_t i = 0; i < members.size(); ++i) {
            if (in_order[k][i]) {
              while (next_member_ <= members[i]) b.member_offsets_[next_member_++] = at_main;
              ++at_main;
            } else {
              a.member[at_aside++] = members[i];
            }
          }
        }
    }
  });
  for (auto* part : parts) part->clear();
  return true;
}

bool RecordBatchAppender::merge_codes(RecordBatchBuilder& part) {
  RecordBatchBuilder::Pending& q = *part.pending_;
  if (q.member.empty() || q.merged) return true;
  auto codes = std::make_unique<RecordBatchBuilder::Pending::Codes>();
  // A refusal leaves the part to append(), which finds it again and says why.
  if (rows_.pending_->merge_codes(q, *codes) != nullptr) return false;
  q.merged = std::move(codes);
  return true;
}

void RecordBatchAppender::merge_aside(unsigned threads) {
  RecordBatch& b = rows_.pending_->batch;
  RecordBatchBuilder::Pending& a = *aside_.pending_;
  RecordBatch& c = a.batch;
  const std::size_t main_rows = b.size(), rows = main_rows + a.member.size();
  // Task 0: the rows aside by member, each member's in the order they came.
  std::vector<std::uint32_t> aside_begin, order;
  const auto order_aside = [&] {
    aside_begin.assign(member_count_ + 1, 0);
    for (const auto m : a.member) ++aside_begin[m + 1];
    std::partial_sum(aside_begin.begin(), aside_begin.end(), aside_begin.begin());
    order.resize(a.member.size());
    std::vector<std::uint32_t> next(aside_begin.begin(), aside_begin.end() - 1);
    for (std::size_t i = 0; i < a.member.size(); ++i)
      order[next[a.member[i]]++] = static_cast<std::uint32_t>(i);
    std::vector<MemberIndex>().swap(a.member);
  };
  // From the last member down, each member's rows in order move up by the
  // rows aside of the members before it, and its own rows aside follow
  // them: nothing is overwritten before it has moved.
  const auto& from = b.member_offsets_;
  // Each column aside is freed once merged, so that the rows are held
  // about once while they move, whatever the share aside.
  const auto merge = [&](auto& column, auto& aside) {
    detail::resize_on_huge_pages(column, rows);
    for (std::size_t m = member_count_; m-- > 0 && aside_begin[m + 1] > 0;) {
      const std::size_t begin = from[m], end = from[m + 1];
      const std::size_t to = begin + aside_begin[m];
      std::copy_backward(column.begin() + static_cast<std::ptrdiff_t>(begin),
                         column.begin() + static_cast<std::ptrdiff_t>(end),
                         column.begin() + static_cast<std::ptrdiff_t>(to + (end - begin)));
      std::size_t at = to + (end - begin);
      for (std::size_t j = aside_begin[m]; j < aside_begin[m + 1]; ++j)
        column[at++] = static_cast<typename std::decay_t<decltype(column)>::value_type>(aside[order[j]]);
    }
    std::decay_t<decltype(aside)>().swap(aside);
  };
  // Ordering the rows aside (task 0) and sizing the item sizes' column,
  // which set_item_sizes() fills (task 1: zeroed, its fresh pages touched),
  // beside each other; then the columns' moves, widest first, which need
  // task 0's order and wait for it (for_tasks hands out task 0 first, so
  // it is under way). Ordered alone first and the item sizes sized last,
  // one thread worked alone for a fifth of the merge (perf, bench/compare).
  enum : int { kOrdering, kOrdered, kFailed };
  std::atomic<int> ordering{kOrdering};
  for_tasks(threads, 8, [&](std::size_t task) {
    if (task == 0) {
      try {
        order_aside();
      } catch (...) {
        ordering.store(kFailed, std::memory_order_release);
        throw;
      }
      ordering.store(kOrdered, std::memory_order_release);
      return;
    }
    if (task == 1) {
      detail::resize_on_huge_pages(b.item_size_, rows);
      return;
    }
    int state;
    while ((state = ordering.load(std::memory_order_acquire)) == kOrdering) std::this_thread::yield();
    if (state == kFailed) return;  // for_tasks throws task 0's failure
    switch (task) {
      case 2:
        merge(b.ref_, c.ref_);
        break;
      case 3:
        merge(b.quantity_, c.quantity_);
        break;
      case 4:
        merge(b.id_number_, c.id_number_);
        break;
      case 5:
        // Days aside are whole; in the batch they count from the base.
        for (auto& day : a.date) day -= base_;
        merge(b.day_, a.date);
        break;
      case 6:
        merge(b.class_, c.class_);
        break;
      default:
        merge(b.position_, c.position_);
    }
  });
  for (std::size_t m = 0; m <= member_count_; ++m) b.member_offsets_[m] += aside_begin[m];
  aside_.clear();
}

void RecordBatchAppender::move_rows_to(RecordBatchBuilder& builder) {
  using Pending = RecordBatchBuilder::Pending;
  Pending& p = *rows_.pending_;
  Pending& a = *aside_.pending_;
  RecordBatch& b = p.batch;
  const std::size_t main_rows = b.size();
  p.member.resize(main_rows);
  for (std::size_t m = 0; m < member_count_; ++m) {
    std::fill(p.member.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m]),
              p.member.begin() + static_cast<std::ptrdiff_t>(b.member_offsets_[m + 1]),
              static_cast<MemberIndex>(m));
  }
  p.date.resize(main_rows);
  for (std::size_t i = 0; i < main_rows; ++i) p.date[i] = base_ + b.day_[i];
  std::vector<std::uint16_t>().swap(b.day_);
  b.member_offsets_.assign(1, 0);
  // The rows aside after them: the order within a member is the sort's.
  const RecordBatch& c = a.batch;
  p.member.insert(p.member.end(), a.member.begin(), a.member.end());
  p.date.insert(p.date.end(), a.date.begin(), a.date.end());
  b.class_.insert(b.class_.end(), c.class_.begin(), c.class_.end());
  b.position_.insert(b.position_.end(), c.position_.begin(), c.position_.end());
  b.ref_.insert(b.ref_.end(), c.ref_.begin(), c.ref_.end());
  b.quantity_.insert(b.quantity_.end(), c.quantity_.begin(), c.quantity_.end());
  if (b.numeric_ids_) {
    b.id_number_.insert(b.id_number_.end(), c.id_number_.begin(), c.id_number_.end());
  } else {
    const std::uint64_t shift = b.id_chars_.size();
    b.id_chars_ += c.id_chars_;
    for (std::size_t i = 1; i < c.id_offsets_.size(); ++i)
      b.id_offsets_.push_back(shift + c.id_offsets_[i]);
  }
  aside_.clear();
  *builder.pending_ = std::move(p);
  rows_.clear();
}

RecordBatch RecordBatchAppender::finish(unsigned threads) {
  RecordBatchBuilder::Pending& p = *rows_.pending_;
  RecordBatch& b = p.batch;
  while (next_member_ <= member_count_) b.member_offsets_[next_member_++] = b.size();
  if (rows_aside() > 0 && !b.numeric_ids_) {
    // Text ids are not merged in place: the rows go through combine().
    RecordBatchBuilder all(member_count_);
    move_rows_to(all);
    std::string refused;
    return std::move(*RecordBatchBuilder::combine({&all}, threads, refused));
  }
  if (rows_aside() > 0) merge_aside(threads);
  const std::size_t rows = b.size();
  // Days from the earliest, as combine() counts them.
  const Day min_day = rows == 0 ? 0 : p.min_day;
  if (rows > 0 && min_day != base_) {
    const auto shift = static_cast<std::uint16_t>(min_day - base_);
    for_parts(threads, rows, [&b, shift](std::size_t begin, std::size_t end) {
      for (std::size_t row = begin; row < end; ++row)
        b.day_[row] = static_cast<std::uint16_t>(b.day_[row] - shift);
    });
  }
  b.day_base_ = min_day;
  if (b.numeric_ids_ && rows == 0) b.id_offsets_.assign(1, 0);
  RecordBatchBuilder::Pending::sort_and_size(b, member_count_, threads, &p.ref_rows);
  RecordBatch batch = std::move(b);
  rows_.clear();
  return batch;
}

}  // namespace dutyscore
