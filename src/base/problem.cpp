#include "dutyscore/problem.h"

#include <algorithm>
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
  add({Severity::Error, std::move(where), std::move(message), std::move(group)});
}

void Problems::warning(Location where, std::string message, std::string group) {
  add({Severity::Warning, std::move(where), std::move(message), std::move(group)});
}

const std::string& Problems::key_of(const Problem& p) const {
  key_.assign(1, p.severity == Severity::Error ? 'E' : 'W');
  key_ += p.where.file;
  key_ += '\0';
  key_ += p.where.field;
  key_ += '\0';
  key_ += p.group;
  return key_;
}

namespace {

// The kind of a group: its text up to the first ':'.
std::string_view kind_of(std::string_view group) { return group.substr(0, group.find(':')); }

// A tally key's start (severity, file, column) and its group.
std::size_t group_start(const std::string& key) {
  const std::size_t file_end = key.find('\0');
  return key.find('\0', file_end + 1) + 1;
}

}  // namespace

std::string Problems::overflow_group(std::string_view kind) {
  std::string group(1, '\x01');
  group.append(kind.data(), kind.size());
  return group;
}

Problems::Tally& Problems::tally_at(std::string& key) {
  const auto found = tallies_.find(key);
  if (found != tallies_.end()) return found->second;
  const std::size_t start = group_start(key);
  const std::string_view group = std::string_view(key).substr(start);
  std::string kind_key = key.substr(0, start);
  kind_key += kind_of(group);
  std::size_t& groups = kind_groups_[kind_key];
  if (bounded_ && items_.size() >= kKeptInFull && groups >= kGroupsPerKind &&
      !is_overflow_group(group)) {
    key.replace(start, std::string::npos, overflow_group(kind_of(group)));
    return tallies_[key];
  }
  ++groups;
  return tallies_[key];
}

void Problems::add(Problem problem) {
  if (!problem.group.empty()) {
    key_of(problem);
    Tally& tally = tally_at(key_);
    // A new group of a full kind: the problem is its kind's overflow's.
    const std::size_t start = group_start(key_);
    if (key_.compare(start, std::string::npos, problem.group) != 0) problem.group = key_.substr(start);
    if (bounded_ && items_.size() >= kKeptInFull && tally.kept >= kKeptPerGroup) {
      ++tally.counted;
      ++not_kept_;
      errors_not_kept_ += problem.severity == Severity::Error ? 1 : 0;
      return;
    }
    if (tally.kept < kKeptPerGroup) tally.first[tally.kept] = items_.size();
    ++tally.kept;
  }
  items_.push_back(std::move(problem));
}

void Problems::append(const Problems& other) {
  for (const Problem& p : other.items_) add(p);
  add_counted(other);
}

void Problems::add_counted(const Problems& other, bool as_warnings) {
  if (other.not_kept_ == 0) return;
  for (const auto& [other_key, tally] : other.tallies_) {
    if (tally.counted == 0) continue;
    std::string key = other_key;
    if (as_warnings && key[0] == 'E') key[0] = 'W';
    // A group whose first problems this kept has a tally; one without went
    // to its kind's overflow, as its first problems did.
    tally_at(key).counted += tally.counted;
  }
  not_kept_ += other.not_kept_;
  if (!as_warnings) errors_not_kept_ += other.errors_not_kept_;
}

std::uint64_t Problems::not_kept(const Problem& problem) const {
  if (not_kept_ == 0 || problem.group.empty()) return 0;
  const auto it = tallies_.find(key_of(problem));
  return it == tallies_.end() ? 0 : it->second.counted;
}

Problems::Group Problems::group_of(const Problem& problem) const {
  Group group;
  if (problem.group.empty()) return group;
  const auto it = tallies_.find(key_of(problem));
  if (it == tallies_.end()) return group;
  const Tally& tally = it->second;
  group.size = tally.kept + tally.counted;
  for (std::size_t k = 0; k < kKeptPerGroup; ++k)
    group.first[k] = k < tally.kept ? tally.first[k] : std::string::npos;
  return group;
}

bool Problems::has_errors() const { return error_count() > 0; }

std::size_t Problems::error_count() const {
  std::size_t n = errors_not_kept_;
  for (const auto& p : items_) n += p.severity == Severity::Error ? 1 : 0;
  return n;
}

std::vector<Problem> listed_problems(const Problems& problems) {
  std::vector<Problem> out = problems.all();
  if (problems.not_kept() > 0) {
    const bool errors = problems.error_count() > static_cast<std::size_t>(std::count_if(
                                                    out.begin(), out.end(), [](const Problem& p) {
                                                      return p.severity == Severity::Error;
                                                    }));
    out.push_back({errors ? Severity::Error : Severity::Warning, Location{},
                   std::to_string(problems.not_kept()) +
                       " more problems were counted but not listed: past " +
                       std::to_string(Problems::kKeptInFull) + " problems only the first " +
                       std::to_string(Problems::kKeptPerGroup) +
                       " of each kind (the same fault in the same file and column) are kept, "
                       "and of a fault met with more than " +
                       std::to_string(Problems::kGroupsPerKind) +
                       " values (members, dates, words) the first " +
                       std::to_string(Problems::kKeptPerGroup) +
                       " of the others; fix the kinds listed and read the file again",
                   {}});
  }
  return out;
}

namespace {

// "line 17", or a workbook's "D17".
std::string place_of(const Location& where) {
  if (!where.cell.empty()) return where.cell;
  return "line " + std::to_string(where.line);
}

}  // namespace

namespace {

// One group's problem said once: its first's message with the count and
// the first places.
Problem summarized(const Problem& first, std::uint64_t size, const std::vector<Problem>& all,
                   const std::size_t* places, std::size_t place_count) {
  Problem one = first;
  if (Problems::is_overflow_group(first.group)) {
    one.message += " [this and the same fault with other values in " + std::to_string(size) +
                   " rows, not named one by one past the first " +
                   std::to_string(Problems::kGroupsPerKind) + " values: ";
  } else {
    one.message += " [the same in " + std::to_string(size) + " rows: ";
  }
  for (std::size_t k = 0; k < place_count; ++k) one.message += place_of(all[places[k]].where) + ", ";
  one.message += "...]";
  return one;
}

}  // namespace

void for_each_summarized(const Problems& problems, const std::function<void(const Problem&)>& visit,
                         std::size_t keep) {
  const auto& all = problems.all();
  if (keep <= Problems::kKeptPerGroup) {
    // The groups as the problems hold them: no table of every problem.
    for (std::size_t i = 0; i < all.size(); ++i) {
      const Problem& p = all[i];
      if (p.group.empty()) {
        visit(p);
        continue;
      }
      const Problems::Group group = problems.group_of(p);
      if (group.size <= keep) {
        visit(p);
      } else if (group.first[0] == i) {  // said with the group's first
        visit(summarized(p, group.size, all, group.first, keep));
      }
    }
    return;
  }
  using Key = std::tuple<Severity, std::string, std::string, std::string>;
  std::map<Key, std::vector<std::size_t>> groups;  // members, in order
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Problem& p = all[i];
    if (p.group.empty()) continue;
    groups[Key{p.severity, p.where.file, p.where.field, p.group}].push_back(i);
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Problem& p = all[i];
    if (p.group.empty()) {
      visit(p);
      continue;
    }
    const auto& members = groups[Key{p.severity, p.where.file, p.where.field, p.group}];
    const std::uint64_t counted = problems.not_kept(p);
    const std::uint64_t size = members.size() + counted;
    if (size <= keep && counted == 0) {  // one only counted could not be said
      visit(p);
    } else if (members.front() == i) {
      visit(summarized(p, size, all, members.data(), std::min(keep, members.size())));
    }
  }
}

Problems summarize_problems(const Problems& problems, std::size_t keep) {
  Problems out;
  out.bounded_ = false;
  for_each_summarized(problems, [&out](const Problem& p) { out.add(p); }, keep);
  return out;
}

}  // namespace dutyscore
