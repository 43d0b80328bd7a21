#include "dutyscore/problem.h"

#include <map>
#include <tuple>

namespace dutyscore {

std::string format_problem(const Problem& problem) {
  std::string out = problem.where.file.empty() ? "<input>" : problem.where.file;
  if (!problem.where.cell.empty()) {
    out += '!' + problem.where.cell;
  } else if (problem.where.line > 0) {
    out += ':' + std::to_string(problem.where.line);
    if (problem.where.column > 0) out += ':' + std::to_string(problem.where.column);
  }
  out += problem.severity == Severity::Error ? ": error: " : ": warning: ";
  if (!problem.where.field.empty()) out += "column '" + problem.where.field + "': ";
  out += problem.message;
  return out;
}

void Problems::error(Location where, std::string message, std::string group) {
  items_.push_back({Severity::Error, std::move(where), std::move(message), std::move(group)});
}

void Problems::warning(Location where, std::string message, std::string group) {
  items_.push_back({Severity::Warning, std::move(where), std::move(message), std::move(group)});
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

namespace {

// "line 17", or a workbook's "D17".
std::string place_of(const Location& where) {
  if (!where.cell.empty()) return where.cell;
  return "line " + std::to_string(where.line);
}

}  // namespace

Problems summarize_problems(const Problems& problems, std::size_t keep) {
  using Key = std::tuple<Severity, std::string, std::string, std::string>;
  const auto& all = problems.all();
  std::map<Key, std::vector<std::size_t>> groups;  // members, in order
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Problem& p = all[i];
    if (p.group.empty()) continue;
    groups[Key{p.severity, p.where.file, p.where.field, p.group}].push_back(i);
  }
  Problems out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Problem& p = all[i];
    if (p.group.empty()) {
      out.add(p);
      continue;
    }
    const auto& members = groups[Key{p.severity, p.where.file, p.where.field, p.group}];
    if (members.size() <= keep) {
      out.add(p);
      continue;
    }
    if (members.front() != i) continue;  // said with the group's first
    Problem one = p;
    one.message += " [the same in " + std::to_string(members.size()) + " rows: ";
    for (std::size_t k = 0; k < keep; ++k) one.message += place_of(all[members[k]].where) + ", ";
    one.message += "...]";
    out.add(std::move(one));
  }
  return out;
}

}  // namespace dutyscore
