// The layout of every --help. CLI11 writes the option lists from the
// declarations; this puts the usage line first with the required options
// in it, then the command's description, its options and its footer, and
// lists the commands of `dutyscore --help` by their one-line summaries.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace dutyscore::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(22); }

  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
  // "Usage: dutyscore score --rules FILE --members FILE --records FILE [options]".
  std::string make_usage(const CLI::App* app, std::string name) const override;
  // A command's name and summary (Command::summary) in the list of commands.
  std::string make_subcommand(const CLI::App* sub) const override;
  // The value's name only ("FILE"): the usage line shows what is required.
  std::string make_option_opts(const CLI::Option* opt) const override;
  // The description, its lines wrapped to fit 80 columns after the names.
  std::string make_option_desc(const CLI::Option* opt) const override;
};

}  // namespace dutyscore::cli
