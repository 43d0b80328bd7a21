// The command-line options that several commands share, declared once with
// CLI11: each means the same, with the same check and the same message, in
// every command that takes it.
//
// How to add an option (its declaration is one line, in one place):
// - to every command (say --lang zh|en, --profile FILE): one line in the
//   "Every command" block of declare_common_options (options.cpp), and the
//   field it fills in CommonOptions below;
// - to the commands that take a group (say --sheet NAME for the kInputFiles
//   commands, --headers labels for the kOutputFile ones): one line in that
//   group's block, and its field; for a set of commands no group names yet,
//   a new OptionGroup bit, which those commands add to their groups;
// - to one command (say --pdf for report): one line in that command's
//   declare function (src/cli/<command>.cpp), filling a field of its own
//   struct.
// A new --format value (json, xlsx) is one FormatChoice in the list the
// command passes to declare_common_options. --help lists an option from its
// declaration, and main.cpp makes any option but a list a usage error when
// it is given twice: nothing else changes.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "dutyscore/decimal.h"
#include "dutyscore/input.h"
#include "dutyscore/period.h"
#include "dutyscore/result_table.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {

// The groups of shared options a command takes (bits, or-ed together).
enum OptionGroup : unsigned {
  kRules = 1u << 0,       // --rules FILE (required), --max-rule-bytes
  kInputFiles = 1u << 1,  // --members FILE, --records FILE (required), --outside FILE,
                          // --encoding, --threads, --max-input-bytes
  kKeepGoing = 1u << 2,   // --keep-going, --quarantine FILE
  kPeriod = 1u << 3,      // --year, --from, --to
  kOutputFile = 1u << 4,  // --output FILE
  kBom = 1u << 5,         // --bom
  kQuiet = 1u << 6,       // --quiet
  kTables = 1u << 7,      // --headers ids|labels (commands writing result tables as CSV)
  // --profile FILE, --sheet NAME (repeatable), --all-problems FILE: office
  // files (workbooks, exports in an office's layout) and their messages;
  // every command with kInputFiles takes them.
  kOffice = 1u << 8,
  // --members FILE, --records FILE... and --encoding, none required (check).
  kOptionalInputFiles = 1u << 9,
  kRuleSize = 1u << 10,   // --max-rule-bytes (with kRules too)
  // What load_job reads (job.h).
  kJob = kRules | kInputFiles | kKeepGoing | kPeriod | kOffice,
};

// One value of a command's --format, with what it gives (may be empty);
// `csv` for the CSV formats, the only ones --bom starts with a BOM.
struct FormatChoice {
  const char* name;
  const char* note;
  bool csv = false;
};

// The values of the shared options, filled by CLI11 while it parses; each
// stays at its default when its option is not given (or not declared).
struct CommonOptions {
  // --format: one of the command's FormatChoice names; the first by default.
  std::string format;

  // kRules, kInputFiles: the input files.
  std::string rules_path;
  // kRules, kRuleSize: the largest rule file read (--max-rule-bytes).
  std::size_t max_rule_bytes = kDefaultMaxRuleBytes;
  std::string members_path;
  std::vector<std::string> records_paths;  // one or more
  // kOffice: --profile (empty: the built-in default profile), --sheet
  // (into input.sheets) and --all-problems.
  std::string profile_path;
  std::optional<std::string> all_problems_path;
  // --encoding, --threads (1..256, default 1) and --keep-going.
  InputOptions input;
  // --outside FILE (any number): CSV files of outside scores keyed by
  // member_id, for categories with `outside` (the members file is looked
  // in first).
  std::vector<std::string> outside_paths;
  // kKeepGoing: where --keep-going writes the rejected rows.
  std::optional<std::string> quarantine_path;

  // kPeriod: --year, or --from and --to; none of them means the rule set's
  // own period. Each is checked alone as it is parsed; how they combine is
  // checked by period_usage_error.
  std::optional<int> year;
  std::optional<Day> from, to;

  // kOutputFile: nothing means standard output.
  std::optional<std::string> output_path;
  // kBom: start CSV output with a UTF-8 BOM (Excel and WPS read CSV as
  // UTF-8 only with one); never JSON, which parsers then reject.
  bool bom = false;
  // The --format values that are CSV (FormatChoice::csv).
  std::vector<std::string> csv_formats;
  bool writes_csv() const;
  // kQuiet: no summary and no progress bar on standard error.
  bool quiet = false;
  // kTables: the CSV's header row and coded cells: ids and codes (for
  // programs) or the rule set's labels and the names people read.
  HeaderStyle headers = HeaderStyle::Ids;
};

// Declares --format (always; `formats` in the order --help lists them, the
// first the default) and the options of `groups` on `app`, filling
// `options`, which must outlive the parse. A command offering `xlsx` (a
// workbook: always a file) with kOutputFile refuses it without --output.
void declare_common_options(CLI::App& app, CommonOptions& options, unsigned groups,
                            std::initializer_list<FormatChoice> formats);

// Declares an option whose value `parse` reads into `into` (`parse` gives
// nothing for a value it refuses: a usage error "NAME must be EXPECTED, not
// 'VALUE'", the same wording for every option). `value_name` stands for the
// value in --help ("N", "FILE").
template <typename Into, typename Parse>
CLI::Option* add_checked_option(CLI::App& app, const std::string& name, const char* value_name,
                                Into& into, Parse parse, const std::string& expected,
                                const std::string& description) {
  // The check throws from the option's callback rather than being a CLI11
  // validator, whose message CLI11 would start with "NAME: ".
  auto take = [name, &into, parse, expected](const std::string& text) {
    auto value = parse(text);
    if (!value) throw CLI::ValidationError(name + " must be " + expected + ", not '" + text + "'");
    into = *value;
  };
  return app.add_option_function<std::string>(name, take, description)->type_name(value_name);
}

// A whole number low..high as a T, written in digits; nothing otherwise.
template <typename T>
std::optional<T> parse_whole_number(const std::string& text, Points low, Points high) {
  const auto n = parse_points(text, 0);
  if (!n || *n < low || *n > high) return std::nullopt;
  return static_cast<T>(*n);
}

// A parse function for add_checked_option that takes one of a few words,
// each standing for a value: words_to<Language>({{"zh", ...}, {"en", ...}}).
template <typename T>
auto words_to(std::vector<std::pair<std::string, T>> words) {
  return [words = std::move(words)](const std::string& text) -> std::optional<T> {
    for (const auto& [word, value] : words)
      if (word == text) return value;
    return std::nullopt;
  };
}
// A size in bytes, 1..2^40, in digits with an optional K, M or G (powers of
// 1024): "1048576", "64M", "2G".
std::optional<std::size_t> parse_byte_size(const std::string& text);

// An option taking a calendar year 1900..9999 (--year; the --from-year and
// --to-year of 'years').
CLI::Option* add_year_option(CLI::App& app, const std::string& name, std::optional<int>& year,
                             const std::string& description);

// How --year, --from and --to combine: "give either --year or --from/--to,
// not both", both ends, from <= to. The message, or nothing when they fit.
std::optional<std::string> period_usage_error(const CommonOptions& options);

// --keep-going needs --quarantine FILE and the other way round (rows are
// left out only when they are kept somewhere). The message, or nothing.
std::optional<std::string> keep_going_usage_error(const CommonOptions& options);

}  // namespace dutyscore::cli
