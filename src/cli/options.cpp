#include "options.h"

#include <algorithm>

#include "dutyscore/decimal.h"
#include "dutyscore/encoding.h"

namespace dutyscore::cli {
namespace {

// A value check fails with our own whole message: CLI11 would put
// "--name: " before a validator's message, so the checks throw from the
// option's callback instead, where the message is kept as it is.
[[noreturn]] void reject(const std::string& message) { throw CLI::ValidationError(message); }

// A whole number in [low, high], or nothing.
std::optional<long long> whole_number(const std::string& text, long long low, long long high) {
  const auto n = parse_points(text, 0);
  if (!n || *n < low || *n > high) return std::nullopt;
  return static_cast<long long>(*n);
}

// "csv, json or table"; with `notes`, "csv (default), json or table
// (aligned, for a terminal)" for --help.
std::string format_list(std::initializer_list<FormatChoice> formats, bool notes) {
  std::string out;
  std::size_t i = 0;
  for (const auto& f : formats) {
    if (i > 0) out += i + 1 == formats.size() ? " or " : ", ";
    out += f.name;
    std::string note = notes && i == 0 ? "default" : "";
    if (notes && *f.note) note += (note.empty() ? "" : "; ") + std::string(f.note);
    if (!note.empty()) out += " (" + note + ")";
    ++i;
  }
  return out;
}

CLI::Option* add_date_option(CLI::App& app, const std::string& name, std::optional<Day>& day,
                             const std::string& description) {
  return app
      .add_option_function<std::string>(
          name,
          [name, &day](const std::string& text) {
            day = parse_day(text);
            if (!day) reject(name + " '" + text + "' is not a date YYYY-MM-DD");
          },
          description)
      ->type_name("DATE");
}

}  // namespace

CLI::Option* add_year_option(CLI::App& app, const std::string& name, std::optional<int>& year,
                             const std::string& description) {
  return app
      .add_option_function<std::string>(
          name,
          [name, &year](const std::string& text) {
            const auto y = whole_number(text, 1900, 9999);
            if (!y) reject(name + " '" + text + "' is not a year");
            year = static_cast<int>(*y);
          },
          description)
      ->type_name("YYYY");
}

void declare_common_options(CLI::App& app, CommonOptions& o, unsigned groups,
                            std::initializer_list<FormatChoice> formats) {
  if (groups & kRules)
    app.add_option("--rules", o.rules_path, "the rule set (YAML; see docs/rules.md)")
        ->type_name("FILE")
        ->required();
  if (groups & kInputFiles) {
    app.add_option("--members", o.members_path, "members CSV (interchange layout)")
        ->type_name("FILE")
        ->required();
    app.add_option("--records", o.records_path, "duty records CSV (interchange layout)")
        ->type_name("FILE")
        ->required();
    app.add_option_function<std::string>(
           "--encoding",
           [&o](const std::string& text) {
             const auto encoding = parse_encoding(text);
             if (!encoding) reject("--encoding must be auto, utf-8 or gb18030");
             o.input.encoding = *encoding;
           },
           "input CSV encoding: auto (default: UTF-8, or GB18030 when\n"
           "the file starts with its BOM), utf-8, gb18030")
        ->type_name("E");
    app.add_option_function<std::string>(
           "--threads",
           [&o](const std::string& text) {
             const auto n = whole_number(text, 1, 256);
             if (!n) reject("--threads needs a whole number 1..256");
             o.input.threads = static_cast<unsigned>(*n);
           },
           "threads for reading the records and scoring (default 1;\n"
           "the output is the same bytes for any N)")
        ->type_name("N");
  }
  if (groups & kKeepGoing) {
    app.add_flag("--keep-going", o.input.keep_going,
                 "score despite bad rows: they are left out, written to the\n"
                 "--quarantine FILE with their reason, and counted");
    app.add_option("--quarantine", o.quarantine_path,
                   "where --keep-going writes the rejected rows (CSV)")
        ->type_name("FILE");
  }
  if (groups & kPeriod) {
    add_year_option(app, "--year", o.year,
                    "evaluate the calendar year YYYY (without --year or\n"
                    "--from/--to, the rule set's own period is used)");
    add_date_option(app, "--from", o.from, "evaluate from DATE (YYYY-MM-DD; with --to)");
    add_date_option(app, "--to", o.to, "evaluate to DATE, inclusive (with --from)");
  }
  // Every command: --format.
  std::vector<std::string> names;
  for (const auto& f : formats) names.emplace_back(f.name);
  o.format = names.front();
  app.add_option_function<std::string>(
         "--format",
         [&o, names, accepted = format_list(formats, false)](const std::string& text) {
           if (std::find(names.begin(), names.end(), text) == names.end())
             reject("--format must be " + accepted + ", not '" + text + "'");
           o.format = text;
         },
         format_list(formats, true))
      ->type_name("F");
  if (groups & kOutputFile)
    app.add_option("--output", o.output_path, "write to FILE instead of standard output")
        ->type_name("FILE");
  if (groups & kBom)
    app.add_flag("--bom", o.bom, "start the output with a UTF-8 BOM (for Excel and WPS)");
  if (groups & kQuiet)
    app.add_flag("--quiet", o.quiet, "no summary line and no progress bar on standard error");
}

std::optional<std::string> period_usage_error(const CommonOptions& o) {
  if (o.year && (o.from || o.to)) return "give either --year or --from/--to, not both";
  if ((o.from || o.to) && (!o.from || !o.to || *o.to < *o.from))
    return "--from and --to need two dates YYYY-MM-DD, from <= to";
  return std::nullopt;
}

std::optional<std::string> keep_going_usage_error(const CommonOptions& o) {
  if (o.input.keep_going != o.quarantine_path.has_value())
    return "--keep-going and --quarantine FILE go together";
  return std::nullopt;
}

}  // namespace dutyscore::cli
