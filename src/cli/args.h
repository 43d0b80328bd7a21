// A small command-line parser: --name value, --name=value, --flag, and
// positional arguments. Unknown options are usage errors.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dutyscore::cli {

class Args {
 public:
  // `valued` options take a value; `flags` do not.
  Args(std::set<std::string> valued, std::set<std::string> flags);

  // Parses argv[first..]; false with error() set on a usage error.
  bool parse(int argc, char** argv, int first);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  const std::string& error() const { return error_; }

 private:
  std::set<std::string> valued_, flags_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

}  // namespace dutyscore::cli
