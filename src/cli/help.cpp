#include "help.h"

#include <sstream>
#include <string_view>

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
    if (sub->get_name() == c.text.name) summary = c.text.summary;
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

std::string HelpFormatter::make_option_desc(const CLI::Option* opt) const {
  const std::size_t width = 80 - get_column_width();
  const std::string& text = opt->get_description();
  std::string out, line;
  // Words are cut at spaces; a written line break stays.
  auto flush = [&](bool last) {
    out += line + (last ? "" : "\n");
    line.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(" \n", start), text.size());
    const std::string_view word(text.data() + start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) flush(false);
    line += (line.empty() ? "" : " ") + std::string(word);
    if (end < text.size() && text[end] == '\n') flush(false);
    start = end + 1;
  }
  flush(true);
  return out;
}

}  // namespace dutyscore::cli
