// Errors as values with a place: every rule or input problem names where.
#pragma once

#include <string>
#include <vector>

namespace dutyscore {

enum class Severity { Error, Warning };

// Where a problem is: a file, and a line and column in it (1-based; 0 when
// unknown). For CSV input, `line` is the physical line of the row and
// `field` names the column.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
};

struct Problem {
  Severity severity = Severity::Error;
  Location where;
  std::string message;  // a sentence a committee clerk can act on
};

// "file:line:column: error: message" (the form compilers and editors read).
std::string format_problem(const Problem& problem);

// Problems collected from one file or one run: all of them, not only the
// first.
class Problems {
 public:
  void error(Location where, std::string message);
  void warning(Location where, std::string message);
  void add(Problem problem);
  void append(const Problems& other);

  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Problem>& all() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Problem> items_;
};

}  // namespace dutyscore
