#include "args.h"

#include <iostream>

#include "command.h"

namespace dutyscore::cli {

Args::Args(std::set<std::string> valued, std::set<std::string> flags)
    : valued_(std::move(valued)), flags_(std::move(flags)) {}

bool Args::parse(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (flags_.count(name)) {
      if (value) {
        error_ = "option --" + name + " takes no value";
        return false;
      }
      values_[name] = "";
    } else if (valued_.count(name)) {
      if (!value) {
        if (i + 1 >= argc) {
          error_ = "option --" + name + " needs a value";
          return false;
        }
        value = argv[++i];
      }
      values_[name] = *value;
    } else {
      error_ = "unknown option --" + name;
      return false;
    }
  }
  return true;
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> parse_command_line(Args& args, int argc, char** argv, const std::string& command,
                                      const std::string& help) {
  if (!args.parse(argc, argv, 2)) {
    std::cerr << command << ": " << args.error() << "\n" << help;
    return kUsage;
  }
  if (args.has("help")) {
    std::cout << help;
    return kOk;
  }
  return std::nullopt;
}

std::optional<int> require_options(const Args& args, const std::string& command,
                                   std::initializer_list<const char*> required) {
  for (const char* name : required) {
    if (!args.has(name)) {
      std::cerr << command << ": --" << name << " is required (see --help)\n";
      return kUsage;
    }
  }
  return std::nullopt;
}

}  // namespace dutyscore::cli
