// Errors as values with a place: every rule or input problem names where.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dutyscore {

enum class Severity { Error, Warning };

// Where a problem is: a file, and a line and column in it (1-based; 0 when
// unknown). For CSV input, `line` is the physical line of the row and
// `field` names the column. For a workbook, `file` names the sheet too
// ("records.xlsx[履职记录]"), `line` is the sheet's row and `cell` the cell
// ("D17"; empty when the problem is about a whole row or sheet).
struct Location {
  Location() = default;
  Location(std::string file_, int line_ = 0, int column_ = 0, std::string field_ = {},
           std::string cell_ = {})
      : file(std::move(file_)),
        line(line_),
        column(column_),
        field(std::move(field_)),
        cell(std::move(cell_)) {}

  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
  std::string cell;
};

struct Problem {
  Severity severity = Severity::Error;
  Location where;
  std::string message;  // a sentence a committee clerk can act on
  // Problems of one file and column with the same non-empty group are one
  // problem met on many rows (a date form, a value that maps to nothing):
  // summarize_problems() prints them as one message. Empty: not grouped.
  std::string group;
};

// "file:line:column: error: message" (the form compilers and editors read);
// "file[sheet]!D17: error: message" for a workbook's cell.
std::string format_problem(const Problem& problem);

// Problems collected from one file or one run: all of them, not only the
// first, up to a bound: past kKeptInFull problems, one with a group
// (Problem::group) is kept only while fewer than kKeptPerGroup of its group
// (same severity, file, column and group) are; the others are counted. A
// kept problem takes some hundreds of bytes: a file whose every row has the
// same fault would otherwise need more memory than its records (10^8 rows
// with a bad date, some 60 GB), where it needs a few problems a kind.
// summarize_problems() says the same either way (keep <= kKeptPerGroup).
//
// A group's kind is its text up to the first ':' ("unknown-member" of
// "unknown-member:M000123"). Past kKeptInFull problems, a kind that has
// kGroupsPerKind groups already takes no new one: a problem of a new group
// of it goes to the kind's overflow group (its group becomes
// overflow_group(kind)), which keeps 3 and counts the rest as any group
// does. A wrong members file, or a national file whose every member's
// dates are wrong, has a group a member: millions of groups, where a clerk
// needs some named and the rest counted.
class Problems {
 public:
  static constexpr std::size_t kKeptInFull = 100000;
  static constexpr std::size_t kKeptPerGroup = 3;
  static constexpr std::size_t kGroupsPerKind = 10000;
  // The group of a kind's problems past its kGroupsPerKind groups.
  static std::string overflow_group(std::string_view kind);
  static bool is_overflow_group(std::string_view group) {
    return !group.empty() && group.front() == '\x01';
  }

  // `group`: see Problem::group.
  void error(Location where, std::string message, std::string group = {});
  void warning(Location where, std::string message, std::string group = {});
  void add(Problem problem);
  // `other`'s problems after these, as if added one by one, and the ones
  // it counted.
  void append(const Problems& other);
  // The same, each problem's place first changed by `place(Location&)`,
  // which must keep its file and column (they are part of its group).
  template <class Place>
  void append(const Problems& other, Place&& place) {
    for (Problem p : other.all()) {
      place(p.where);
      add(std::move(p));
    }
    add_counted(other);
  }
  // The problems `other` counted but did not keep, counted here too (as
  // warnings: its errors among them as warnings, as a row left out in
  // keep-going mode passes its errors on).
  void add_counted(const Problems& other, bool as_warnings = false);

  bool has_errors() const;
  // Kept or only counted.
  std::size_t error_count() const;
  // The problems kept, in the order they came.
  const std::vector<Problem>& all() const { return items_; }
  bool empty() const { return items_.empty(); }
  // Problems counted but not kept: in all, and of `problem`'s group.
  std::uint64_t not_kept() const { return not_kept_; }
  std::uint64_t not_kept(const Problem& problem) const;

  // A grouped problem's group as this holds it: how many problems it has
  // (kept or counted) and where in all() its first kKeptPerGroup kept are
  // (the others: npos). All zero for a problem of no group here.
  struct Group {
    std::uint64_t size = 0;
    std::size_t first[kKeptPerGroup] = {};
  };
  Group group_of(const Problem& problem) const;

 private:
  struct Tally {
    std::uint64_t kept = 0;
    std::uint64_t counted = 0;
    std::size_t first[kKeptPerGroup] = {};  // all() indexes of the first kept
  };
  // Severity, file, column and group in one string; built in key_ (reused).
  const std::string& key_of(const Problem& p) const;
  // The tally of the group at `key`, made when new; for a new group of a
  // kind that has its kGroupsPerKind groups past the bound, the kind's
  // overflow group's, `key` then becoming that group's key.
  Tally& tally_at(std::string& key);
  std::vector<Problem> items_;
  // By group key, every group met, at most kGroupsPerKind of a kind past
  // the bound (and every group's first problems are kept).
  std::unordered_map<std::string, Tally> tallies_;
  // By key with the kind in place of the group: groups of the kind.
  std::unordered_map<std::string, std::size_t> kind_groups_;
  mutable std::string key_;
  std::uint64_t not_kept_ = 0;
  std::size_t errors_not_kept_ = 0;
  // false: every problem kept under its own group (a summary's problems,
  // one a group, are already bounded).
  bool bounded_ = true;
  friend Problems summarize_problems(const Problems& problems, std::size_t keep);
};
Problems summarize_problems(const Problems& problems, std::size_t keep);

// all(), then, when some problems were only counted, one more problem
// (with no place; an error when an error was among them) saying how many:
// what a list of every problem (--all-problems, the C API) gives.
std::vector<Problem> listed_problems(const Problems& problems);

// One message per problem rather than per row: every group of more than
// `keep` problems (same severity, file, column and Problem::group) becomes
// its first problem, with the count and the first `keep` places added to
// its message ("... [the same in 14635 rows: lines 2, 3, 4, ...]"), at the
// place of the group's first problem. Other problems are kept as they are;
// the order is that of each group's first problem. The count includes the
// group's problems only counted (Problems::not_kept()); the places listed
// are among those kept (all of the first `keep` when keep <= kKeptPerGroup).
Problems summarize_problems(const Problems& problems, std::size_t keep = 3);
// summarize_problems()'s problems given to `visit` one by one, not held:
// for printing many (a national file's warnings are millions of lines).
void for_each_summarized(const Problems& problems, const std::function<void(const Problem&)>& visit,
                         std::size_t keep = 3);

}  // namespace dutyscore
