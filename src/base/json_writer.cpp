#include "base/json_writer.h"

#include <cassert>

#include "dutyscore/period.h"
#include "base/text_util.h"

namespace dutyscore::detail {

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& level = levels_.back();
  if (level.layout == kBlock) {
    out_ += level.empty ? "\n" : ",\n";
    out_.append(2 * levels_.size(), ' ');
  } else if (!level.empty) {
    out_ += ", ";
  }
  level.empty = false;
}

JsonWriter& JsonWriter::begin_object(Layout layout) {
  before_value();
  out_ += '{';
  levels_.push_back({layout});
  return *this;
}

JsonWriter& JsonWriter::begin_array(Layout layout) {
  before_value();
  out_ += '[';
  levels_.push_back({layout});
  return *this;
}

void JsonWriter::close(char bracket) {
  assert(!levels_.empty());
  const Level level = levels_.back();
  levels_.pop_back();
  if (level.layout == kBlock && !level.empty) {
    out_ += '\n';
    out_.append(2 * levels_.size(), ' ');
  }
  out_ += bracket;
}

JsonWriter& JsonWriter::end_object() {
  close('}');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::string_or_null(std::string_view text) {
  return text.empty() ? null() : string(text);
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::integer_or_null(std::int64_t value) {
  return value == 0 ? null() : integer(value);
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::points(Points value, int precision) {
  before_value();
  out_ += format_points(value, precision);
  return *this;
}

JsonWriter& JsonWriter::points_or_null(const std::optional<Points>& value, int precision) {
  return value ? points(*value, precision) : null();
}

JsonWriter& JsonWriter::period(const Period& period) {
  begin_object(kInline);
  key("from").string(format_day(period.first));
  key("to").string(format_day(period.last));
  return end_object();
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& items) {
  begin_array(kInline);
  for (const auto& item : items) string(item);
  return end_array();
}

void JsonWriter::finish() {
  assert(levels_.empty());
  out_ += '\n';
}

void write_problem_json(JsonWriter& w, const Problem& p) {
  w.begin_object(JsonWriter::kInline);
  w.key("file").string(p.where.file);
  w.key("line").integer_or_null(p.where.line);
  w.key("column").integer_or_null(p.where.column);
  w.key("field").string_or_null(p.where.field);
  w.key("severity").string(p.severity == Severity::Error ? "error" : "warning");
  w.key("message").string(p.message);
  w.end_object();
}

void write_problems_json(JsonWriter& w, const std::vector<Problem>& problems) {
  w.begin_array();
  for (const auto& p : problems) write_problem_json(w, p);
  w.end_array();
}

}  // namespace dutyscore::detail
