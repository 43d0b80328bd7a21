// Internal: where one row's problems go, for the members and records
// readers alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/problem.h"

namespace dutyscore::detail {

// A rejected row's reason: its errors' messages, each after its column,
// "; "-separated, appended to `reason`.
void add_rejection_reason(std::string& reason, const Problems& problems);
// Every problem of `problems` added to `to` as a warning (keep-going mode).
void pass_on_as_warnings(const Problems& problems, Problems& to);

// Routes one row's problems. By default they go straight to `problems`. In
// keep-going mode they are collected per row; a row with an error is then
// listed in `rejected` and its problems are passed on as warnings, so that
// the run goes on and nothing is dropped without a trace. Counts the rows.
class RowGate {
 public:
  RowGate(const std::string& file, bool keep_going, Problems& problems,
          std::vector<RejectedRow>& rejected)
      : file_(file), keep_going_(keep_going), problems_(problems), rejected_(rejected) {}

  Problems& sink() { return keep_going_ ? scratch_ : problems_; }
  bool keep_going() const { return keep_going_; }

  // After each data row: `accepted` tells whether it was added to the
  // result; row_text() gives the row as it was read, asked for only when
  // the row is left out.
  template <typename RowText>
  void finish_row(std::uint32_t line, const RowText& row_text, bool accepted) {
    ++rows_read_;
    if (accepted) ++rows_accepted_;
    if (!keep_going_ || scratch_.empty()) return;
    if (scratch_.has_errors()) reject(line, row_text());
    pass_on();
  }

  // What a part of rows counted but did not keep (past
  // Problems::kKeptInFull), after its rows: passed on as warnings in keep-going mode too.
  void add_counted(const Problems& part) { problems_.add_counted(part, keep_going_); }

  std::size_t rows_read() const { return rows_read_; }
  std::size_t rows_accepted() const { return rows_accepted_; }

 private:
  void reject(std::uint32_t line, std::string row_text);
  void pass_on();

  const std::string& file_;
  bool keep_going_;
  Problems& problems_;
  std::vector<RejectedRow>& rejected_;
  Problems scratch_;
  std::size_t rows_read_ = 0;
  std::size_t rows_accepted_ = 0;
};

}  // namespace dutyscore::detail
