// The C API (include/dutyscore/dutyscore.h) over the C++ library. Every
// entry point catches every exception: nothing but status codes and
// strings crosses into C.
#include "dutyscore/dutyscore.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "dutyscore/audit_format.h"
#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/scores_format.h"

#ifndef DUTYSCORE_VERSION
#define DUTYSCORE_VERSION "unknown"
#endif

using namespace dutyscore;

struct ds_ruleset {
  std::shared_ptr<const RuleSet> rules;
};

namespace {

struct Data {
  MemberTable members;
  RecordBatch records;
};

thread_local std::string last_error;

ds_status fail(ds_status status, std::string message) {
  last_error = std::move(message);
  return status;
}

ds_status fail(const Problems& problems) {
  std::string text;
  for (const auto& p : problems.all())
    if (p.severity == Severity::Error) text += format_problem(p) + "\n";
  if (text.empty()) text = "invalid input\n";
  return fail(DS_INVALID_INPUT, text);
}

// Runs `body`, turning any exception into a status and a message.
template <typename Body>
ds_status guarded(Body&& body) noexcept {
  try {
    last_error.clear();
    return body();
  } catch (const std::bad_alloc&) {
    return fail(DS_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(DS_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(DS_INTERNAL, "internal error");
  }
}

char* copy_out(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

}  // namespace

struct ds_data {
  std::shared_ptr<const Data> data;
};

struct ds_result {
  std::shared_ptr<const RuleSet> rules;
  std::shared_ptr<const Data> data;
  Period period;
  std::unique_ptr<Evaluation> evaluation;  // references *rules and *data
  Scores scores;
  std::vector<std::string> totals_text;

  bool valid(std::size_t m) const { return m < scores.member_count(); }
};

extern "C" {

const char* ds_version(void) { return DUTYSCORE_VERSION; }

const char* ds_last_error(void) { return last_error.c_str(); }

void ds_string_free(char* text) { std::free(text); }

ds_status ds_ruleset_load_text(const char* yaml, const char* name, ds_ruleset** out) {
  return guarded([&] {
    if (yaml == nullptr || out == nullptr) return fail(DS_BAD_ARGUMENT, "yaml and out are required");
    *out = nullptr;
    Problems problems;
    auto rules = load_rules(yaml, name ? name : "<rules>", problems);
    if (!rules) return fail(problems);
    *out = new ds_ruleset{std::make_shared<const RuleSet>(std::move(*rules))};
    return DS_OK;
  });
}

ds_status ds_ruleset_load_file(const char* path, ds_ruleset** out) {
  return guarded([&] {
    if (path == nullptr || out == nullptr) return fail(DS_BAD_ARGUMENT, "path and out are required");
    *out = nullptr;
    Problems problems;
    auto rules = load_rules_file(path, problems);
    if (!rules) return fail(problems);
    *out = new ds_ruleset{std::make_shared<const RuleSet>(std::move(*rules))};
    return DS_OK;
  });
}

void ds_ruleset_free(ds_ruleset* rules) { delete rules; }

const char* ds_ruleset_id(const ds_ruleset* rules) {
  return rules ? rules->rules->id.c_str() : nullptr;
}

int ds_ruleset_precision(const ds_ruleset* rules) { return rules ? rules->rules->precision : -1; }

static ds_status load_data(const std::string& members_text, const std::string& members_file,
                           const std::string& records_text, const std::string& records_file,
                           ds_data** out) {
  Problems problems;
  auto members = read_members(members_text, members_file, problems);
  if (!members) return fail(problems);
  auto records = read_records(records_text, records_file, *members, problems);
  if (!records) return fail(problems);
  auto data = std::make_shared<Data>();
  data->members = std::move(*members);
  data->records = std::move(*records);
  *out = new ds_data{std::move(data)};
  return DS_OK;
}

ds_status ds_data_load_text(const char* members_csv, const char* records_csv, ds_data** out) {
  return guarded([&] {
    if (!members_csv || !records_csv || !out)
      return fail(DS_BAD_ARGUMENT, "members, records and out are required");
    *out = nullptr;
    return load_data(members_csv, "<members>", records_csv, "<records>", out);
  });
}

ds_status ds_data_load_files(const char* members_path, const char* records_path, ds_data** out) {
  return guarded([&] {
    if (!members_path || !records_path || !out)
      return fail(DS_BAD_ARGUMENT, "members, records and out are required");
    *out = nullptr;
    Problems problems;
    std::string members_text, records_text;
    if (!read_file(members_path, members_text, problems) ||
        !read_file(records_path, records_text, problems))
      return fail(problems);
    return load_data(members_text, members_path, records_text, records_path, out);
  });
}

void ds_data_free(ds_data* data) { delete data; }

size_t ds_data_member_count(const ds_data* data) { return data ? data->data->members.size() : 0; }

static ds_status evaluate_over(const ds_ruleset* rules, const ds_data* data, const Period& period,
                               unsigned threads, ds_progress_fn progress, void* user,
                               ds_result** out) {
  auto result = std::make_unique<ds_result>();
  result->rules = rules->rules;
  result->data = data->data;
  result->period = period;
  result->evaluation = std::make_unique<Evaluation>(*result->rules, result->data->members,
                                                    result->data->records, period);
  EvaluateOptions options;
  options.threads = threads == 0 ? 1 : threads;
  if (progress != nullptr)
    options.progress = [progress, user](std::size_t done, std::size_t total) {
      progress(done, total, user);
    };
  result->scores = result->evaluation->score(options);
  result->totals_text.reserve(result->scores.member_count());
  for (Points t : result->scores.totals)
    result->totals_text.push_back(format_points(t, result->scores.precision));
  *out = result.release();
  return DS_OK;
}

ds_status ds_evaluate(const ds_ruleset* rules, const ds_data* data, const char* from,
                      const char* to, unsigned threads, ds_progress_fn progress, void* user,
                      ds_result** out) {
  return guarded([&] {
    if (!rules || !data || !out) return fail(DS_BAD_ARGUMENT, "rules, data and out are required");
    *out = nullptr;
    Period period;
    if (from == nullptr && to == nullptr) {
      if (!rules->rules->period)
        return fail(DS_BAD_ARGUMENT, "the rule set has no 'period': give from and to");
      period = *rules->rules->period;
    } else {
      const auto first = parse_day(from ? from : "");
      const auto last = parse_day(to ? to : "");
      if (!first || !last || *last < *first)
        return fail(DS_BAD_ARGUMENT, "from and to must be two dates YYYY-MM-DD, from <= to");
      period = Period{*first, *last};
    }
    return evaluate_over(rules, data, period, threads, progress, user, out);
  });
}

ds_status ds_evaluate_year(const ds_ruleset* rules, const ds_data* data, int year,
                           unsigned threads, ds_progress_fn progress, void* user,
                           ds_result** out) {
  return guarded([&] {
    if (!rules || !data || !out) return fail(DS_BAD_ARGUMENT, "rules, data and out are required");
    *out = nullptr;
    if (year < 1900 || year > 9999) return fail(DS_BAD_ARGUMENT, "year must be 1900..9999");
    return evaluate_over(rules, data, Period::calendar_year(year), threads, progress, user, out);
  });
}

void ds_result_free(ds_result* result) { delete result; }

size_t ds_result_member_count(const ds_result* result) {
  return result ? result->scores.member_count() : 0;
}

int ds_result_precision(const ds_result* result) { return result ? result->scores.precision : -1; }

size_t ds_result_order(const ds_result* result, size_t position) {
  if (!result || position >= result->scores.order.size()) return SIZE_MAX;
  return result->scores.order[position];
}

ds_status ds_result_find_member(const ds_result* result, const char* member_id, size_t* index) {
  return guarded([&] {
    if (!result || !member_id || !index)
      return fail(DS_BAD_ARGUMENT, "result, member_id and index are required");
    const auto m = result->data->members.find(member_id);
    if (!m) return fail(DS_NOT_FOUND, std::string("no member '") + member_id + "'");
    *index = *m;
    return DS_OK;
  });
}

const char* ds_result_member_id(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return nullptr;
  return result->data->members.id(static_cast<MemberIndex>(index)).c_str();
}

const char* ds_result_member_name(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return nullptr;
  return result->data->members.name(static_cast<MemberIndex>(index)).c_str();
}

const char* ds_result_total_text(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return nullptr;
  return result->totals_text[index].c_str();
}

int64_t ds_result_total_scaled(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return 0;
  return result->scores.totals[index];
}

int32_t ds_result_rank(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return 0;
  return result->scores.rank[index];
}

const char* ds_result_grade(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return nullptr;
  return grade_label(*result->rules, result->scores, static_cast<MemberIndex>(index)).c_str();
}

unsigned ds_result_flags(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return 0;
  return result->scores.flags[index];
}

size_t ds_result_category_count(const ds_result* result) {
  return result ? result->rules->categories.size() : 0;
}

const char* ds_result_category_id(const ds_result* result, size_t category) {
  if (!result || category >= result->rules->categories.size()) return nullptr;
  return result->rules->categories[category].id.c_str();
}

int64_t ds_result_subtotal_scaled(const ds_result* result, size_t index, size_t category) {
  if (!result || !result->valid(index) ||
      category >= static_cast<std::size_t>(result->scores.subtotals.cols()))
    return 0;
  return result->scores.subtotals(static_cast<Eigen::Index>(index),
                                  static_cast<Eigen::Index>(category));
}

ds_status ds_result_csv(const ds_result* result, char** out) {
  return guarded([&] {
    if (!result || !out) return fail(DS_BAD_ARGUMENT, "result and out are required");
    *out = copy_out(scores_csv(*result->rules, result->data->members, result->scores));
    return DS_OK;
  });
}

ds_status ds_result_commendations_csv(const ds_result* result, char** out) {
  return guarded([&] {
    if (!result || !out) return fail(DS_BAD_ARGUMENT, "result and out are required");
    const auto lists = commendation_lists(*result->rules, result->data->members, result->scores,
                                          result->period);
    *out = copy_out(commendations_csv(result->data->members, *result->rules, result->scores, lists));
    return DS_OK;
  });
}

ds_status ds_explain(const ds_result* result, const char* member_id, int format, char** out) {
  return guarded([&] {
    if (!result || !member_id || !out)
      return fail(DS_BAD_ARGUMENT, "result, member_id and out are required");
    *out = nullptr;
    if (format != 0 && format != 1) return fail(DS_BAD_ARGUMENT, "format must be 0 (text) or 1 (csv)");
    const auto m = result->data->members.find(member_id);
    if (!m) return fail(DS_NOT_FOUND, std::string("no member '") + member_id + "'");
    // explain() takes the grade after quotas from the scores.
    const Audit audit = result->evaluation->explain(*m, &result->scores);
    const std::string text =
        format == 1 ? audit_csv(*result->rules, result->data->records, audit)
                    : audit_text(*result->rules, result->data->members, result->data->records,
                                 result->period, audit);
    *out = copy_out(text);
    return DS_OK;
  });
}

}  // extern "C"
