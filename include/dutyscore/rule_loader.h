// Reading a rule set from YAML, with every problem placed by line and column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "dutyscore/problem.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// The largest rule file read by default: 1 MiB (the methods offices publish
// are 3 to 15 KB). Reading one takes memory and time in proportion to its
// size; `max_bytes` (the command line's --max-rule-bytes) raises it.
inline constexpr std::size_t kDefaultMaxRuleBytes = std::size_t{1} << 20;

// Parses and validates rule-set YAML text. `file` is used in messages only.
// Collects every problem (errors and warnings) into `problems`; returns the
// rule set only when there is no error. Text longer than `max_bytes` is
// refused before it is parsed.
std::optional<RuleSet> load_rules(const std::string& text, const std::string& file,
                                  Problems& problems,
                                  std::size_t max_bytes = kDefaultMaxRuleBytes);

// Reads the file (at most `max_bytes`: /dev/zero or an endless pipe stops
// there), then load_rules(). A file that cannot be read is an error at
// line 0 that says why (a directory, a permission, a read error).
std::optional<RuleSet> load_rules_file(const std::string& path, Problems& problems,
                                       std::size_t max_bytes = kDefaultMaxRuleBytes);

// Parses an office block from a YAML file of its own: the keys of `office`
// in a rule file (docs/rules.md §17), at the top level. `file` is used in
// messages only. Returns the block only when there is no error.
std::optional<OfficeInfo> load_office(const std::string& text, const std::string& file,
                                      Problems& problems);

// Reads the file (at most `max_bytes`, as a rule file), then load_office().
std::optional<OfficeInfo> load_office_file(const std::string& path, Problems& problems,
                                           std::size_t max_bytes = kDefaultMaxRuleBytes);

}  // namespace dutyscore
