// The C API: evaluating, reading the results, writing them (CSV, JSON,
// commendation lists, groups) and explaining a member.
#include "c_api/handles.h"
#include "dutyscore/audit_format.h"
#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/guardrails.h"
#include "dutyscore/results_json.h"
#include "dutyscore/scores_format.h"

using namespace dutyscore;
using namespace dutyscore::detail;

namespace {

ds_status evaluate_over(const ds_ruleset* rules, const ds_data* data, const Period& period,
                        unsigned threads, ds_progress_fn progress, void* user, ds_result** out) {
  auto result = std::make_unique<ds_result>();
  result->rules = rules->rules;
  result->data = data->data;
  result->period = period;
  result->period_from = format_day(period.first);
  result->period_to = format_day(period.last);
  const MemberTable* members = &result->data->members;
  if (needs_outside_scores(*result->rules)) {
    // Outside scores (民主测评) from the members file's columns.
    result->members_with_outside = std::make_unique<MemberTable>(result->data->members);
    Problems problems;
    std::vector<OutsideSource> sources;  // none from a workbook: its columns are not CSV
    if (!result->data->members_text.empty())
      sources.push_back({result->data->members_file, result->data->members_text});
    if (!attach_outside_scores(*result->rules, period, sources, result->data->encoding,
                               *result->members_with_outside, problems))
      return fail(problems);
    members = result->members_with_outside.get();
  }
  result->evaluation =
      std::make_unique<Evaluation>(*result->rules, *members, result->data->records, period);
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
  Problems warnings;
  check_period_coverage(result->data->records, period, result->data->records_file, warnings);
  check_list_lengths(
      *result->rules,
      commendation_lists(*result->rules, result->data->members, result->scores, period), warnings);
  result->warnings.assign(warnings.all());
  *out = result.release();
  return succeed(warnings.all());
}

std::vector<CommendationList> lists_of(const ds_result& r) {
  return commendation_lists(*r.rules, r.data->members, r.scores, r.period);
}

}  // namespace

extern "C" {

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
    // The same supported range as every other entry (1900-01-01..9999-12-31,
    // at most 100 years), in the same words.
    if (auto problem = period_problem(period)) return fail(DS_BAD_ARGUMENT, *problem);
    return evaluate_over(rules, data, period, threads, progress, user, out);
  });
}

ds_status ds_evaluate_year(const ds_ruleset* rules, const ds_data* data, int year, unsigned threads,
                           ds_progress_fn progress, void* user, ds_result** out) {
  return guarded([&] {
    if (!rules || !data || !out) return fail(DS_BAD_ARGUMENT, "rules, data and out are required");
    *out = nullptr;
    if (year < 1900 || year > 9999) return fail(DS_BAD_ARGUMENT, "year must be 1900..9999");
    return evaluate_over(rules, data, Period::calendar_year(year), threads, progress, user, out);
  });
}

void ds_result_free(ds_result* result) { delete result; }

const ds_problems* ds_result_warnings(const ds_result* result) {
  static const ds_problems none;
  return result ? &result->warnings : &none;
}

size_t ds_result_member_count(const ds_result* result) {
  return result ? result->scores.member_count() : 0;
}

int ds_result_precision(const ds_result* result) { return result ? result->scores.precision : -1; }

const char* ds_result_period_from(const ds_result* result) {
  return result ? result->period_from.c_str() : nullptr;
}

const char* ds_result_period_to(const ds_result* result) {
  return result ? result->period_to.c_str() : nullptr;
}

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
  return result->data->members.id(static_cast<MemberIndex>(index)).data();  // NUL-terminated
}

const char* ds_result_member_name(const ds_result* result, size_t index) {
  if (!result || !result->valid(index)) return nullptr;
  return result->data->members.name(static_cast<MemberIndex>(index)).data();  // NUL-terminated
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

const char* ds_result_category_label(const ds_result* result, size_t category) {
  if (!result || category >= result->rules->categories.size()) return nullptr;
  return result->rules->category_label(static_cast<int>(category)).c_str();
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
    return give(scores_csv(*result->rules, result->data->members, result->scores), out);
  });
}

ds_status ds_result_json(const ds_result* result, char** out) {
  return guarded([&] {
    if (!result || !out) return fail(DS_BAD_ARGUMENT, "result and out are required");
    return give(scores_json(*result->rules, result->data->members, result->scores, result->period),
                out);
  });
}

ds_status ds_result_commendations(const ds_result* result, int format, char** out) {
  return guarded([&] {
    if (!result || !out) return fail(DS_BAD_ARGUMENT, "result and out are required");
    if (!format_allowed(format, {DS_FORMAT_CSV, DS_FORMAT_JSON}))
      return bad_format({DS_FORMAT_CSV, DS_FORMAT_JSON});
    const auto lists = lists_of(*result);
    const MemberTable& members = result->data->members;
    return give(
        format == DS_FORMAT_JSON
            ? commendations_json(*result->rules, members, result->scores, result->period, lists)
            : commendations_csv(members, *result->rules, result->scores, lists),
        out);
  });
}

ds_status ds_result_commendations_csv(const ds_result* result, char** out) {
  return ds_result_commendations(result, DS_FORMAT_CSV, out);
}

ds_status ds_result_groups(const ds_result* result, int format, char** out) {
  return guarded([&] {
    if (!result || !out) return fail(DS_BAD_ARGUMENT, "result and out are required");
    if (!format_allowed(format, {DS_FORMAT_CSV, DS_FORMAT_JSON}))
      return bad_format({DS_FORMAT_CSV, DS_FORMAT_JSON});
    const RuleSet& rules = *result->rules;
    if (!rules.groups.enabled) {
      Problems problems;
      problems.error(Location{rules.source_file, 0, 0, {}},
                     "the rule set has no 'groups' section (docs/rules.md section 15)");
      return fail(problems);
    }
    const GroupScores groups = score_groups(rules, result->data->members, result->data->records,
                                            result->period, result->scores);
    return give(format == DS_FORMAT_JSON ? groups_json(rules, result->period, groups)
                                         : groups_csv(rules, groups),
                out);
  });
}

ds_status ds_explain(const ds_result* result, const char* member_id, int format, char** out) {
  return guarded([&] {
    if (!result || !member_id || !out)
      return fail(DS_BAD_ARGUMENT, "result, member_id and out are required");
    *out = nullptr;
    if (!format_allowed(format, {DS_FORMAT_TEXT, DS_FORMAT_CSV, DS_FORMAT_JSON}))
      return bad_format({DS_FORMAT_TEXT, DS_FORMAT_CSV, DS_FORMAT_JSON});
    const auto m = result->data->members.find(member_id);
    if (!m) return fail(DS_NOT_FOUND, std::string("no member '") + member_id + "'");
    // explain() takes the grade after quotas from the scores.
    const Audit audit = result->evaluation->explain(*m, &result->scores);
    const RuleSet& rules = *result->rules;
    const CData& data = *result->data;
    // For engineers: codes and English notes, as `explain --lang en`.
    if (format == DS_FORMAT_CSV)
      return give(audit_csv(rules, data.records, audit, Language::English), out);
    if (format == DS_FORMAT_JSON)
      return give(
          audit_json(rules, data.members, data.records, result->period, result->scores, audit,
                     Language::English),
          out);
    return give(audit_text(rules, data.members, data.records, result->period, audit,
                           Language::English),
                out);
  });
}

}  // extern "C"
