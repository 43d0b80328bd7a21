#include "help.h"

#include <sstream>

#include "command.h"

namespace dutyscore::cli {

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  if (mode == CLI::AppFormatMode::Sub) return CLI::Formatter::make_help(app, name, mode);
  std::string out = make_usage(app, name);
  if (!app->get_description().empty()) out += "\n" + app->get_description() + "\n";
  out += make_positionals(app) + make_groups(app, mode) + make_subcommands(app, mode);
  if (!app->get_footer().empty()) out += "\n" + app->get_footer() + "\n";
  return out;
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  std::string out = "Usage: " + name;
  if (!app->get_subcommands({}).empty()) out += " <command>";
  for (const CLI::Option* opt : app->get_options()) {
    if (opt->get_required() && opt->nonpositional())
      out += " " + opt->get_name() + " " + opt->get_type_name();
  }
  out += " [options]";
  for (const CLI::Option* opt : app->get_options()) {
    if (opt->get_positional())
      out += " " + opt->get_name() + (opt->get_expected_max() > 1 ? " ..." : "");
  }
  return out + "\n";
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  std::string summary;
  for (const auto& c : commands())
    if (sub->get_name() == c.name) summary = c.summary;
  std::ostringstream out;
  // The names are short: a narrower column than the options' keeps the
  // summaries on one line.
  CLI::detail::format_help(out, sub->get_name(), summary, 12);
  return out.str();
}

std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
  if (opt->get_type_size() == 0 || opt->get_positional()) return "";
  return " " + opt->get_type_name();
}

}  // namespace dutyscore::cli
