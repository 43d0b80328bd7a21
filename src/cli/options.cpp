#include "options.h"

#include <algorithm>

#include "dutyscore/encoding.h"

namespace dutyscore::cli {
namespace {

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

}  // namespace

CLI::Option* add_year_option(CLI::App& app, const std::string& name, std::optional<int>& year,
                             const std::string& description) {
  const auto parse_year = [](const std::string& text) {
    return parse_whole_number<int>(text, 1900, 9999);
  };
  return add_checked_option(app, name, "YYYY", year, parse_year, "a year 1900..9999", description);
}

namespace {

// --from and --to: a date, and one dutyscore supports (1900..9999), each
// refused in its own words as it is parsed.
CLI::Option* add_date_option(CLI::App& app, const std::string& name, std::optional<Day>& into,
                             const std::string& description) {
  auto take = [name, &into](const std::string& text) {
    const auto day = parse_day(text);
    if (!day) throw CLI::ValidationError(name + " must be a date YYYY-MM-DD, not '" + text + "'");
    if (supported_day_problem(*day))
      throw CLI::ValidationError(name + " must be a date in " + supported_range_text() +
                                 ", not '" + text + "'");
    into = *day;
  };
  return app.add_option_function<std::string>(name, take, description)->type_name("DATE");
}

}  // namespace

std::optional<std::size_t> parse_byte_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t shift = 0;
  std::string digits = text;
  switch (text.back()) {
    case 'K': case 'k': shift = 10; break;
    case 'M': case 'm': shift = 20; break;
    case 'G': case 'g': shift = 30; break;
    default: break;
  }
  if (shift) digits.pop_back();
  const auto n = parse_whole_number<std::size_t>(digits, 1, Points{1} << 40);
  if (!n || *n > (std::size_t{1} << 40) >> shift) return std::nullopt;
  return *n << shift;
}

void declare_common_options(CLI::App& app, CommonOptions& o, unsigned groups,
                            std::initializer_list<FormatChoice> formats) {
  if (groups & kRules)
    app.add_option("--rules", o.rules_path, "the rule set (YAML; see docs/rules.md)")
        ->type_name("FILE")
        ->required();
  if (groups & (kRules | kRuleSize))
    add_checked_option(app, "--max-rule-bytes", "N", o.max_rule_bytes, parse_byte_size,
                       "a size in bytes such as 1048576, 4M or 1G",
                       "the largest rule file (and office file) read (default 1M; K, M and G suffixes)");
  if (groups & (kInputFiles | kOptionalInputFiles)) {
    const bool required = (groups & kInputFiles) != 0;
    app.add_option("--members", o.members_path,
                   "members: CSV (interchange or an office's layout), .xlsx or .xls")
        ->type_name("FILE")
        ->required(required);
    app.add_option("--records", o.records_paths,
                   "duty records: one or more files (CSV, .xlsx, .xls), read\n"
                   "as one batch; every sheet whose header fits is read")
        ->type_name("FILE")
        ->expected(1, -1)
        ->required(required);
    if (groups & kInputFiles)  // the scoring commands'
      app.add_option("--outside", o.outside_paths,
                     "CSV of outside scores (民主测评 ...) keyed by member_id, for\n"
                     "categories with 'outside' whose column the members file lacks;\n"
                     "may be given several times")
          ->type_name("FILE");
    add_checked_option(app, "--encoding", "E", o.input.encoding, parse_encoding,
                       "auto, utf-8, gb18030 or utf-16",
                       "input CSV encoding: auto (default: from the BOM; without one\n"
                       "UTF-8, or GB18030 when the text is not UTF-8), utf-8,\n"
                       "gb18030 (or gbk), utf-16 (with a BOM)");
  }
  if (groups & kInputFiles) {
    const auto parse_threads = [](const std::string& text) {
      return parse_whole_number<unsigned>(text, 1, 256);
    };
    add_checked_option(app, "--threads", "N", o.input.threads, parse_threads,
                       "a whole number 1..256",
                       "threads for reading the records and scoring (default 1;\n"
                       "the output is the same bytes for any N)");
    add_checked_option(app, "--max-input-bytes", "N", o.input.max_file_bytes, parse_byte_size,
                       "a size in bytes such as 1048576, 4M or 1G",
                       "the largest members or records file read (default 16G)");
  }
  if (groups & kOffice) {
    app.add_option("--profile", o.profile_path,
                   "how an office's sheets map onto the records and members\n"
                   "fields (YAML; see docs/input.md); default: the built-in\n"
                   "profile of the common Chinese headers")
        ->type_name("FILE");
    app.add_option("--sheet", o.input.sheets,
                   "read only the sheets of these names from the workbooks\n"
                   "(members and records alike; --sheet A B or --sheet A --sheet B)")
        ->type_name("NAME")
        ->expected(1, -1);
    app.add_option("--all-problems", o.all_problems_path,
                   "write every problem, one per line, to FILE (the screen shows\n"
                   "one message per problem, with its count and first places)")
        ->type_name("FILE");
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
  for (const auto& f : formats) {
    names.emplace_back(f.name);
    if (f.csv) o.csv_formats.emplace_back(f.name);
  }
  o.format = names.front();
  const auto known = [names](const std::string& text) -> std::optional<std::string> {
    if (std::find(names.begin(), names.end(), text) == names.end()) return std::nullopt;
    return text;
  };
  add_checked_option(app, "--format", "F", o.format, known, format_list(formats, false),
                     format_list(formats, true));
  if (groups & kOutputFile)
    app.add_option("--output", o.output_path, "write to FILE instead of standard output")
        ->type_name("FILE");
  if (groups & kBom)
    app.add_flag("--bom", o.bom,
                 "start CSV output with a UTF-8 BOM (for Excel and WPS; never\n"
                 "JSON or another format)");
  if (groups & kQuiet)
    app.add_flag("--quiet", o.quiet, "no summary line and no progress bar on standard error");
  if (groups & kTables) {
    add_checked_option(app, "--headers", "H", o.headers,
                       words_to<HeaderStyle>({{"ids", HeaderStyle::Ids}, {"labels", HeaderStyle::Labels}}),
                       "ids or labels",
                       "csv: ids (default: the rule set's ids and codes, for programs)\n"
                       "or labels (its Chinese labels and the names people read)");
  }
  const bool workbook = std::find(names.begin(), names.end(), "xlsx") != names.end();
  if (workbook && (groups & kOutputFile))
    app.callback([&o] {
      if (o.format == "xlsx" && !o.output_path)
        throw CLI::ValidationError("--format xlsx needs --output FILE: a workbook is written to a file");
    });
}

bool CommonOptions::writes_csv() const {
  return std::find(csv_formats.begin(), csv_formats.end(), format) != csv_formats.end();
}

std::optional<std::string> period_usage_error(const CommonOptions& o) {
  if (o.year && (o.from || o.to)) return "give either --year or --from/--to, not both";
  if ((o.from || o.to) && (!o.from || !o.to || *o.to < *o.from))
    return "--from and --to need two dates YYYY-MM-DD, from <= to";
  if (o.from) {
    if (auto problem = period_problem(Period{*o.from, *o.to})) return "--from/--to: " + *problem;
  }
  return std::nullopt;
}

std::optional<std::string> keep_going_usage_error(const CommonOptions& o) {
  if (o.input.keep_going != o.quarantine_path.has_value())
    return "--keep-going and --quarantine FILE go together";
  return std::nullopt;
}

}  // namespace dutyscore::cli
