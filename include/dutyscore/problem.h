// Errors as values with a place: every rule or input problem names where.
#pragma once

#include <cstddef>
#include <string>
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
// first.
class Problems {
 public:
  // `group`: see Problem::group.
  void error(Location where, std::string message, std::string group = {});
  void warning(Location where, std::string message, std::string group = {});
  void add(Problem problem);
  void append(const Problems& other);

  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Problem>& all() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Problem> items_;
};

// One message per problem rather than per row: every group of more than
// `keep` problems (same severity, file, column and Problem::group) becomes
// its first problem, with the count and the first `keep` places added to
// its message ("... [the same in 14635 rows: lines 2, 3, 4, ...]"), at the
// place of the group's first problem. Other problems are kept as they are;
// the order is that of each group's first problem.
Problems summarize_problems(const Problems& problems, std::size_t keep = 3);

}  // namespace dutyscore
