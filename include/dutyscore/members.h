// The members being scored, columnar, with their attributes as codes.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/dictionary.h"
#include "dutyscore/period.h"

namespace dutyscore {

namespace detail {
class MemberTableBuild;
}

// Dense index of a member within one MemberTable (row order of the input).
using MemberIndex = std::uint32_t;

// A member's roles, as a bit set over MemberTable::roles codes
// (bit i = code i; at most 63 distinct roles).
using RoleMask = std::uint64_t;

class MemberTable {
 public:
  // Room for about `members` members whose ids, names and units take
  // `text_bytes` in all: a reader that knows its file's size spares the
  // table its regrowths (each moved every member so far into new memory).
  void reserve(std::size_t members, std::size_t text_bytes);

  // Adds a member; returns its index. `roles` are role names ("member",
  // "standing"). Fails (returns nothing) when the id already exists.
  std::optional<MemberIndex> add(std::string_view id, std::string_view name,
                                 std::string_view unit, std::string_view sector,
                                 std::string_view group, const std::vector<std::string>& roles,
                                 std::optional<Day> joined, std::optional<Day> left);

  std::size_t size() const { return sectors_.size(); }
  std::optional<MemberIndex> find(std::string_view id) const;
  // True when every id sorts after the one added before it (member files
  // usually list members by id): index order is then id order.
  bool ids_in_order() const { return ids_in_order_; }

  // Views into the table's text: valid while the table lives unchanged.
  // Each is followed by a NUL in memory, so data() is also a C string.
  std::string_view id(MemberIndex m) const { return text(m, kId); }
  std::string_view name(MemberIndex m) const { return text(m, kName); }
  std::string_view unit(MemberIndex m) const { return text(m, kUnit); }
  Code sector(MemberIndex m) const { return sectors_[m]; }
  Code group(MemberIndex m) const { return groups_[m]; }
  RoleMask roles(MemberIndex m) const { return roles_[m]; }
  std::optional<Day> joined(MemberIndex m) const { return day_or_none(service_[m].joined); }
  std::optional<Day> left(MemberIndex m) const { return day_or_none(service_[m].left); }

  const Dictionary& sector_names() const { return sector_dict_; }
  const Dictionary& group_names() const { return group_dict_; }
  const Dictionary& role_names() const { return role_dict_; }

  // A score from outside the duty records (民主测评), one column as read by
  // attach_outside_scores() (outside_scores.h): per member, the value in
  // units of 10^-kMaxPrecision, or nothing when the member has none, and
  // the file (and line) it came from, for messages.
  struct OutsideColumn {
    std::string file;
    std::vector<std::optional<Points>> values;  // by member index
    std::vector<std::uint32_t> lines;           // by member index; 0 = no row
  };
  // Bytes the table holds (text, columns, indexes; not reserved room).
  std::size_t memory_bytes() const;

  // Keeps `column` under `name` (replacing one of that name). REQUIRES
  // column.values and column.lines to have size() entries.
  void set_outside_column(const std::string& name, OutsideColumn column);
  // The column kept under `name`, or null.
  const OutsideColumn* outside_column(const std::string& name) const;

 private:
  // The reader's build adds members through add_new(), having looked each
  // id up already, with the mask of roles it made with role_mask() or kept
  // from a row with the same roles (add() did both for every row).
  friend class detail::MemberTableBuild;
  // The mask of `roles`, each interned (a role past the 63rd is left out).
  RoleMask role_mask(const std::vector<std::string_view>& roles);
  // add() for a non-empty id that find() does not know.
  MemberIndex add_new(std::string_view id, std::string_view name, std::string_view unit,
                      std::string_view sector, std::string_view group, RoleMask roles,
                      std::optional<Day> joined, std::optional<Day> left);
  // A national table holds millions of members: their id, name and unit
  // texts sit end to end in one string (a std::string each took 32 bytes
  // and a heap block for most units), found by where each text ends.
  enum Field : std::size_t { kId, kName, kUnit, kFields };
  std::string_view text(MemberIndex m, Field f) const {
    const std::size_t at = std::size_t{m} * kFields + f;
    const std::size_t begin = at == 0 ? 0 : text_ends_[at - 1];
    return std::string_view(text_).substr(begin, text_ends_[at] - begin - 1);  // NUL
  }
  std::string text_;
  std::vector<std::uint64_t> text_ends_;  // kFields a member, each past its NUL
  bool ids_in_order_ = true;
  std::vector<Code> sectors_, groups_;
  std::vector<RoleMask> roles_;
  // Joined and left side by side: readers check both for every record, and
  // records of joint items visit members at random.
  // No date is kNoDay (an optional<Day> each took 8 bytes).
  static constexpr Day kNoDay = std::numeric_limits<Day>::min();
  static std::optional<Day> day_or_none(Day d) {
    return d == kNoDay ? std::nullopt : std::optional<Day>(d);
  }
  struct Service {
    Day joined, left;
  };
  std::vector<Service> service_;
  Dictionary sector_dict_, group_dict_, role_dict_;
  std::vector<std::pair<std::string, OutsideColumn>> outside_;  // few: a list
  // While every id is one prefix plus a fixed number of digits ("M000123")
  // and the numbers are not too sparse, index + 1 by number: readers look
  // up a member id per record, and an array beats a hash of the text.
  // Otherwise (and only then, as it costs a hash table of every id)
  // id_codes_: member id -> index + 1.
  Dictionary id_codes_;
  bool numeric_ids_ = true;
  std::string id_prefix_;
  std::size_t id_digits_ = 0;
  std::vector<MemberIndex> by_number_;
  // While the numbers run on one by one from the first member's (M00001,
  // M00002, ...), as a committee's numbering mostly does: find() takes a
  // number's index from its distance to the first, and by_number_ stays
  // empty until they stop.
  bool consecutive_ = true;
  std::uint32_t first_number_ = 0;
};

}  // namespace dutyscore
