// Reading a rule set from YAML, with every problem placed by line and column.
#pragma once

#include <optional>
#include <string>

#include "dutyscore/problem.h"
#include "dutyscore/rule_set.h"

namespace dutyscore {

// Parses and validates rule-set YAML text. `file` is used in messages only.
// Collects every problem (errors and warnings) into `problems`; returns the
// rule set only when there is no error.
std::optional<RuleSet> load_rules(const std::string& text, const std::string& file,
                                  Problems& problems);

// Reads the file, then load_rules(). A file that cannot be read is an error
// at line 0.
std::optional<RuleSet> load_rules_file(const std::string& path, Problems& problems);

// Parses an office block from a YAML file of its own: the keys of `office`
// in a rule file (docs/rules.md §17), at the top level. `file` is used in
// messages only. Returns the block only when there is no error.
std::optional<OfficeInfo> load_office(const std::string& text, const std::string& file,
                                      Problems& problems);

// Reads the file, then load_office().
std::optional<OfficeInfo> load_office_file(const std::string& path, Problems& problems);

}  // namespace dutyscore
