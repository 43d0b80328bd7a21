#include "dutyscore/problem.h"

namespace dutyscore {

std::string format_problem(const Problem& problem) {
  std::string out = problem.where.file.empty() ? "<input>" : problem.where.file;
  if (problem.where.line > 0) {
    out += ':' + std::to_string(problem.where.line);
    if (problem.where.column > 0) out += ':' + std::to_string(problem.where.column);
  }
  out += problem.severity == Severity::Error ? ": error: " : ": warning: ";
  if (!problem.where.field.empty()) out += "column '" + problem.where.field + "': ";
  out += problem.message;
  return out;
}

void Problems::error(Location where, std::string message) {
  items_.push_back({Severity::Error, std::move(where), std::move(message)});
}

void Problems::warning(Location where, std::string message) {
  items_.push_back({Severity::Warning, std::move(where), std::move(message)});
}

void Problems::add(Problem problem) { items_.push_back(std::move(problem)); }

void Problems::append(const Problems& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Problems::has_errors() const { return error_count() > 0; }

std::size_t Problems::error_count() const {
  std::size_t n = 0;
  for (const auto& p : items_) n += p.severity == Severity::Error ? 1 : 0;
  return n;
}

}  // namespace dutyscore
