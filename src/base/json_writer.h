// One way of writing JSON for every writer (results, problems, the C API):
// keys in the order written, points as exact decimal numbers, no BOM, and
// a layout chosen per container (one per line, or all on one line) so the
// output reads well and stays the same bytes from run to run.
//
//   std::string out;
//   JsonWriter w(out);
//   w.begin_object();                   // {
//   w.key("total").points(9550, 2);     //   "total": 95.50,
//   w.key("flags").begin_array(JsonWriter::kInline).end_array();
//   w.end_object();                     // }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"

namespace dutyscore::detail {

class JsonWriter {
 public:
  // kBlock: one member per line, indented two spaces per level. kInline:
  // every member on the line the container opens on, ", "-separated.
  enum Layout { kBlock, kInline };

  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object(Layout layout = kBlock);
  JsonWriter& end_object();
  JsonWriter& begin_array(Layout layout = kBlock);
  JsonWriter& end_array();
  // The key of the next value of an object.
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  // A string, or null when `text` is empty.
  JsonWriter& string_or_null(std::string_view text);
  JsonWriter& integer(std::int64_t value);
  // A whole number, or null when `value` is 0 (ranks: 0 is unranked).
  JsonWriter& integer_or_null(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Exact points as a JSON number with `precision` decimals ("95.50").
  JsonWriter& points(Points value, int precision);
  JsonWriter& points_or_null(const std::optional<Points>& value, int precision);
  // {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}, on one line.
  JsonWriter& period(const Period& period);
  JsonWriter& strings(const std::vector<std::string>& items);

  // Ends the document with a newline; REQUIRES every container closed.
  void finish();

 private:
  void before_value();
  void close(char bracket);

  struct Level {
    Layout layout;
    bool empty = true;
  };
  std::string& out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

// One problem as a JSON object on one line: {"file", "line", "column",
// "field", "severity", "message"}; line, column and field null when
// unknown (docs/schemas/problem.schema.json).
void write_problem_json(JsonWriter& w, const Problem& problem);

// A JSON array of problems, each on its own line.
void write_problems_json(JsonWriter& w, const std::vector<Problem>& problems);

}  // namespace dutyscore::detail
