// The C API (include/dutyscore/dutyscore.h): errors and problems, rule sets
// and data. Every entry point catches every exception: nothing but status
// codes and strings crosses into C. Results are in c_api_results.cpp, runs
// over several evaluations, reports and archives in c_api_runs.cpp.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "c_api/handles.h"
#include "dutyscore/archive.h"
#include "dutyscore/encoding.h"
#include "dutyscore/input.h"
#include "dutyscore/input_digest.h"
#include "dutyscore/profile.h"
#include "dutyscore/results_json.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/workbook.h"
#include "input/input_rows.h"

#ifndef DUTYSCORE_VERSION
#define DUTYSCORE_VERSION "unknown"
#endif

using namespace dutyscore;
using namespace dutyscore::detail;

void ds_problems::assign(std::vector<Problem> problems) {
  items = std::move(problems);
  views.clear();
  views.reserve(items.size());
  for (const Problem& p : items)
    views.push_back(
        ds_problem{p.where.file.c_str(), p.where.line, p.where.column, p.where.field.c_str(),
                   p.severity == Severity::Error ? DS_SEVERITY_ERROR : DS_SEVERITY_WARNING,
                   p.message.c_str()});
}

namespace dutyscore::detail {
namespace {

struct LastCall {
  std::string error;
  ds_problems problems;
};
thread_local LastCall last_call;

}  // namespace

void begin_call() {
  last_call.error.clear();
  last_call.problems.assign({});
}

ds_status fail(ds_status status, std::string message) {
  last_call.problems.assign({Problem{Severity::Error, Location{}, message, {}}});
  last_call.error = std::move(message);
  return status;
}

ds_status fail(const Problems& problems, ds_status status) {
  std::string text;
  for (const auto& p : problems.all())
    if (p.severity == Severity::Error) text += format_problem(p) + "\n";
  if (text.empty()) text = "invalid input\n";
  last_call.error = text;
  last_call.problems.assign(listed_problems(problems));
  return status;
}

ds_status succeed(const std::vector<Problem>& warnings) {
  last_call.problems.assign(warnings);
  return DS_OK;
}

char* copy_out(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

ds_status give(const std::string& text, char** out) {
  *out = copy_out(text);
  return DS_OK;
}

bool format_allowed(int format, std::initializer_list<int> allowed) {
  for (int f : allowed)
    if (f == format) return true;
  return false;
}

ds_status bad_format(std::initializer_list<int> allowed) {
  static const char* const kNames[] = {"DS_FORMAT_TEXT (0)", "DS_FORMAT_CSV (1)",
                                       "DS_FORMAT_JSON (2)"};
  std::string names;
  for (int f : allowed) names += (names.empty() ? "" : " or ") + std::string(kNames[f]);
  return fail(DS_BAD_ARGUMENT, "format must be " + names);
}

}  // namespace dutyscore::detail

namespace {

ds_status load_rules_into(std::optional<RuleSet> rules, const Problems& problems,
                          ds_ruleset** out) {
  if (!rules) return fail(problems);
  auto handle = std::make_unique<ds_ruleset>();
  handle->rules = std::make_shared<const RuleSet>(std::move(*rules));
  handle->warnings.assign(problems.all());
  *out = handle.release();
  return succeed(problems.all());
}

InputOptions input_options(const ds_input_options* options) {
  InputOptions in;
  if (options == nullptr) return in;
  if (options->encoding != nullptr) {
    const auto encoding = parse_encoding(options->encoding);
    if (!encoding)
      throw std::invalid_argument(std::string("encoding must be auto, utf-8, gb18030 or utf-16, not '") +
                                  options->encoding + "'");
    in.encoding = *encoding;
  }
  in.keep_going = options->keep_going != 0;
  in.threads = options->threads == 0 ? 1 : options->threads;
  return in;
}

// Reads the records for load_data(), giving their files' bytes to the
// digester, one file after the other.
using RecordsReader = std::function<std::optional<RecordBatch>(
    const MemberTable&, const InputOptions&, Problems&, Quarantine*, InputDigester&)>;

// Records files held whole: text given by the caller, or several files.
RecordsReader held_records(std::vector<InputFile> files) {
  return [files = std::move(files)](const MemberTable& members, const InputOptions& options,
                                    Problems& problems, Quarantine* quarantine,
                                    InputDigester& digester) {
    for (const InputFile& f : files) digester.add_kept(f.bytes);
    return read_records(files, members, options, problems, quarantine);
  };
}

// Records files on disk, interchange ones read window by window and never
// held whole (a national file is gigabytes: read_records_files); their
// digests are taken as they are read.
RecordsReader records_files(std::vector<std::string> paths) {
  return [paths = std::move(paths)](const MemberTable& members, const InputOptions& options,
                                    Problems& problems, Quarantine* quarantine,
                                    InputDigester& digester) {
    return read_records_files(paths, members, options, problems, quarantine,
                              [&digester](std::string_view bytes) { digester.add(bytes); });
  };
}

// What outside scores (民主测评) are read from in a CSV members file, kept
// until a rule set asks for them: the whole text, or only its header when
// the header has nothing but the interchange member columns, so that no
// outside score column can be in it (the messages are then the same: the
// file is named among those without the column). A national members file
// is some 240 MB that a binding would otherwise hold beside the batch. A
// header that is not plain ASCII, quoted or spaced keeps the whole text.
std::string outside_score_text(std::string_view csv) {
  const std::size_t feed = csv.find('\n');
  const std::string_view header = csv.substr(0, feed == std::string_view::npos ? csv.size() : feed + 1);
  std::string_view names = header;
  if (names.substr(0, 3) == "\xEF\xBB\xBF") names.remove_prefix(3);
  while (!names.empty() && (names.back() == '\n' || names.back() == '\r')) names.remove_suffix(1);
  for (std::size_t at = 0; at <= names.size();) {
    const std::size_t comma = std::min(names.find(',', at), names.size());
    const std::string_view name = names.substr(at, comma - at);
    if (std::find_if(std::begin(kMemberColumnNames), std::end(kMemberColumnNames),
                     [name](const char* known) { return name == known; }) ==
        std::end(kMemberColumnNames))
      return std::string(csv);
    at = comma + 1;
  }
  return std::string(header);
}

// Members and records of any kind the library reads (interchange CSV,
// office exports, workbooks: input.h), with the files' digests an archive
// keeps; `path` is empty for text. `records_name` names the records files
// as an archive does.
ds_status load_data(const InputFile& members_file, std::string records_name,
                    const RecordsReader& read_records_of, const InputOptions& options,
                    ds_data** out) {
  Problems problems;
  auto data = std::make_shared<CData>();
  Quarantine* quarantine = options.keep_going ? &data->quarantine : nullptr;
  // The rejected rows in a temporary file, read back only when asked for
  // (ds_data_quarantine_csv); in memory when none can be made.
  std::string why;
  if (quarantine) quarantine->spool(why);
  auto members = read_members(members_file, options, problems, quarantine);
  if (!members) return fail(problems);
  // The members file's digests are taken while the records are read (its
  // text is the caller's until this returns).
  InputDigester members_digester(options.threads, InputDigester::kBeside);
  members_digester.add_kept(members_file.bytes);
  InputDigester digester(options.threads, InputDigester::kBeside);
  auto records = read_records_of(*members, options, problems, quarantine, digester);
  if (!records) return fail(problems);
  data->members = std::move(*members);
  data->records = std::move(*records);
  data->members_file = members_file.name;
  data->records_file = std::move(records_name);
  const FileDigests members_digests = members_digester.finish();
  FileDigests records_digests = digester.finish();
  data->members_digest = members_digests.bytes;
  data->members_rows_digest = members_digests.rows;
  data->records_digest = std::move(records_digests.bytes);
  data->records_rows_digest = std::move(records_digests.rows);
  // Outside score columns (民主测评) are read from a CSV members file only.
  if (detect_file_format(members_file.bytes) == FileFormat::Csv)
    data->members_text = outside_score_text(members_file.bytes);
  data->encoding = options.encoding;
  auto handle = std::make_unique<ds_data>();
  handle->data = std::move(data);
  // Past Problems::kKeptInFull, what was only counted is said too.
  const std::vector<Problem> warnings = listed_problems(problems);
  handle->warnings.assign(warnings);
  *out = handle.release();
  return succeed(warnings);
}

// Reads options first, so that a bad encoding is DS_BAD_ARGUMENT.
template <typename Load>
ds_status with_input_options(const ds_input_options* options, Load&& load) {
  InputOptions in;
  try {
    in = input_options(options);
  } catch (const std::invalid_argument& e) {
    return fail(DS_BAD_ARGUMENT, e.what());
  }
  return load(in);
}

}  // namespace

extern "C" {

const char* ds_version(void) { return DUTYSCORE_VERSION; }

const char* ds_last_error(void) { return last_call.error.c_str(); }

void ds_string_free(char* text) { std::free(text); }

const ds_problems* ds_last_problems(void) { return &last_call.problems; }

size_t ds_problems_count(const ds_problems* problems) {
  return problems ? problems->views.size() : 0;
}

const ds_problem* ds_problems_get(const ds_problems* problems, size_t index) {
  if (!problems || index >= problems->views.size()) return nullptr;
  return &problems->views[index];
}

ds_status ds_problems_json(const ds_problems* problems, char** out) {
  // Written before the call starts: `problems` may be this thread's
  // last-call list, which the call clears.
  std::optional<std::string> text;
  try {
    if (problems) text = problems_json(problems->items);
  } catch (...) {
  }
  return guarded([&] {
    if (!problems || !out) return fail(DS_BAD_ARGUMENT, "problems and out are required");
    if (!text) throw std::bad_alloc();
    return give(*text, out);
  });
}

ds_status ds_ruleset_load_text(const char* yaml, const char* name, ds_ruleset** out) {
  return guarded([&] {
    if (yaml == nullptr || out == nullptr)
      return fail(DS_BAD_ARGUMENT, "yaml and out are required");
    *out = nullptr;
    Problems problems;
    auto rules = load_rules(yaml, name ? name : "<rules>", problems);
    return load_rules_into(std::move(rules), problems, out);
  });
}

ds_status ds_ruleset_load_file(const char* path, ds_ruleset** out) {
  return guarded([&] {
    if (path == nullptr || out == nullptr)
      return fail(DS_BAD_ARGUMENT, "path and out are required");
    *out = nullptr;
    Problems problems;
    auto rules = load_rules_file(path, problems);
    return load_rules_into(std::move(rules), problems, out);
  });
}

void ds_ruleset_free(ds_ruleset* rules) { delete rules; }

const char* ds_ruleset_id(const ds_ruleset* rules) {
  return rules ? rules->rules->id.c_str() : nullptr;
}

const char* ds_ruleset_name(const ds_ruleset* rules) {
  return rules ? rules->rules->name.c_str() : nullptr;
}

int ds_ruleset_precision(const ds_ruleset* rules) { return rules ? rules->rules->precision : -1; }

size_t ds_ruleset_category_count(const ds_ruleset* rules) {
  return rules ? rules->rules->categories.size() : 0;
}

const char* ds_ruleset_category_id(const ds_ruleset* rules, size_t category) {
  if (!rules || category >= rules->rules->categories.size()) return nullptr;
  return rules->rules->categories[category].id.c_str();
}

const char* ds_ruleset_category_label(const ds_ruleset* rules, size_t category) {
  if (!rules || category >= rules->rules->categories.size()) return nullptr;
  return rules->rules->category_label(static_cast<int>(category)).c_str();
}

size_t ds_ruleset_grade_count(const ds_ruleset* rules) {
  return rules ? rules->rules->grades.size() : 0;
}

const char* ds_ruleset_grade_label(const ds_ruleset* rules, size_t grade) {
  if (!rules || grade >= rules->rules->grades.size()) return nullptr;
  return rules->rules->grade_label(static_cast<int>(grade)).c_str();
}

const ds_problems* ds_ruleset_warnings(const ds_ruleset* rules) {
  static const ds_problems none;
  return rules ? &rules->warnings : &none;
}

ds_input_options ds_input_options_default(void) { return ds_input_options{"auto", 0, 1}; }

ds_status ds_data_load_text_opt(const char* members_csv, const char* members_name,
                                const char* records_csv, const char* records_name,
                                const ds_input_options* options, ds_data** out) {
  return guarded([&] {
    if (!members_csv || !records_csv || !out)
      return fail(DS_BAD_ARGUMENT, "members, records and out are required");
    *out = nullptr;
    return with_input_options(options, [&](const InputOptions& in) {
      const std::string records = records_name ? records_name : "<records>";
      return load_data(InputFile{members_name ? members_name : "<members>", members_csv, {}},
                       records, held_records({InputFile{records, records_csv, {}}}), in, out);
    });
  });
}

ds_status ds_data_load_text(const char* members_csv, const char* records_csv, ds_data** out) {
  return ds_data_load_text_opt(members_csv, nullptr, records_csv, nullptr, nullptr, out);
}

ds_status ds_data_load_files_opt(const char* members_path, const char* records_path,
                                 const ds_input_options* options, ds_data** out) {
  return guarded([&] {
    if (!members_path || !records_path || !out)
      return fail(DS_BAD_ARGUMENT, "members, records and out are required");
    *out = nullptr;
    return with_input_options(options, [&](const InputOptions& in) {
      Problems problems;
      std::string members_text;
      if (!read_file(members_path, members_text, problems, in.max_file_bytes))
        return fail(problems);
      return load_data(InputFile{members_path, members_text, members_path}, records_path,
                       records_files({records_path}), in, out);
    });
  });
}

ds_status ds_data_load_office(const char* members_path, const char* const* records_paths,
                              size_t records_count, const char* profile_path,
                              const ds_input_options* options, ds_data** out) {
  return guarded([&] {
    if (!members_path || !records_paths || records_count == 0 || !out)
      return fail(DS_BAD_ARGUMENT, "members, one or more records files and out are required");
    for (size_t i = 0; i < records_count; ++i)
      if (!records_paths[i]) return fail(DS_BAD_ARGUMENT, "a records path is NULL");
    *out = nullptr;
    return with_input_options(options, [&](InputOptions in) {
      Problems problems;
      if (profile_path) {
        auto profile = load_profile_file(profile_path, problems);
        if (!profile) return fail(problems);
        in.profile = std::make_shared<const InputProfile>(std::move(*profile));
      }
      std::string members_text;
      if (!read_file(members_path, members_text, problems, in.max_file_bytes))
        return fail(problems);
      const InputFile members{members_path, members_text, members_path};
      std::vector<std::string> paths(records_paths, records_paths + records_count);
      std::string names;
      for (const auto& path : paths) names += (names.empty() ? "" : ", ") + path;
      return load_data(members, names, records_files(std::move(paths)), in, out);
    });
  });
}

ds_status ds_data_load_files(const char* members_path, const char* records_path, ds_data** out) {
  return ds_data_load_files_opt(members_path, records_path, nullptr, out);
}

void ds_data_free(ds_data* data) { delete data; }

size_t ds_data_member_count(const ds_data* data) { return data ? data->data->members.size() : 0; }

size_t ds_data_rows_read(const ds_data* data) {
  if (!data) return 0;
  const Quarantine& q = data->data->quarantine;
  // Without keep-going nothing was counted: every row was scored.
  return q.rows_read > 0 ? q.rows_read : data->data->members.size() + data->data->records.size();
}

size_t ds_data_rows_scored(const ds_data* data) {
  return data ? ds_data_rows_read(data) - data->data->quarantine.rows_rejected() : 0;
}

size_t ds_data_rows_rejected(const ds_data* data) {
  return data ? data->data->quarantine.rows_rejected() : 0;
}

ds_status ds_data_quarantine_csv(const ds_data* data, char** out) {
  return guarded([&] {
    if (!data || !out) return fail(DS_BAD_ARGUMENT, "data and out are required");
    std::ostringstream csv;
    std::string why;
    if (!data->data->quarantine.write_csv(csv, why)) return fail(DS_OUTPUT_FAILED, why);
    return give(csv.str(), out);
  });
}

const ds_problems* ds_data_warnings(const ds_data* data) {
  static const ds_problems none;
  return data ? &data->warnings : &none;
}

}  // extern "C"
