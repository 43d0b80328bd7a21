// The C API: what takes more than one evaluation (several years, what-if),
// and what writes files (reports, archives).
#include <filesystem>

#include "c_api/handles.h"
#include "dutyscore/archive.h"
#include "dutyscore/commendation.h"
#include "dutyscore/groups.h"
#include "dutyscore/guardrails.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/report_html.h"
#include "dutyscore/results_json.h"
#include "dutyscore/whatif.h"

using namespace dutyscore;
using namespace dutyscore::detail;

namespace {

EvaluateOptions threads_option(unsigned threads) {
  EvaluateOptions options;
  options.threads = threads == 0 ? 1 : threads;
  return options;
}

ds_status write_or_fail(const std::string& path, const std::string& text) {
  Problems problems;
  if (write_file(path, text, problems)) return DS_OK;
  std::string message;
  for (const auto& p : problems.all()) message += format_problem(p) + "\n";
  return fail(DS_OUTPUT_FAILED, message.empty() ? "cannot write " + path : message);
}

ReportOptions report_options(const char* committee) {
  ReportOptions options;
  if (committee != nullptr) options.committee = committee;
  return options;
}

}  // namespace

extern "C" {

ds_status ds_years(const ds_ruleset* rules, const ds_data* data, int from_year, int to_year,
                   unsigned threads, int format, char** out) {
  return guarded([&] {
    if (!rules || !data || !out) return fail(DS_BAD_ARGUMENT, "rules, data and out are required");
    *out = nullptr;
    if (!format_allowed(format, {DS_FORMAT_CSV, DS_FORMAT_JSON}))
      return bad_format({DS_FORMAT_CSV, DS_FORMAT_JSON});
    if (from_year < 1900 || to_year > 9999 || to_year < from_year || to_year - from_year > 50)
      return fail(
          DS_BAD_ARGUMENT,
          "from_year and to_year must be two years 1900..9999, from <= to, at most 50 apart");
    const RuleSet& rs = *rules->rules;
    const CData& d = *data->data;
    const MultiYearResult result =
        evaluate_years(rs, d.members, d.records, from_year, to_year, threads_option(threads));
    Problems warnings;
    check_term_coverage(rs, from_year, to_year, warnings);
    *out = copy_out(format == DS_FORMAT_JSON ? years_json(rs, d.members, result)
                                             : multi_year_csv(rs, d.members, result));
    return succeed(warnings.all());
  });
}

ds_status ds_whatif(const ds_result* current, const ds_ruleset* proposed, unsigned threads,
                    int format, char** out) {
  return guarded([&] {
    if (!current || !proposed || !out)
      return fail(DS_BAD_ARGUMENT, "current, proposed and out are required");
    *out = nullptr;
    if (!format_allowed(format, {DS_FORMAT_CSV, DS_FORMAT_JSON}))
      return bad_format({DS_FORMAT_CSV, DS_FORMAT_JSON});
    const CData& d = *current->data;
    const RuleSet& new_rules = *proposed->rules;
    // The current side is already scored; only the proposed one is new.
    WhatIfSide old_side{
        current->rules.get(), current->scores,
        commendation_lists(*current->rules, d.members, current->scores, current->period)};
    WhatIfSide new_side{
        &new_rules,
        evaluate(new_rules, d.members, d.records, current->period, threads_option(threads)),
        {}};
    new_side.lists = commendation_lists(new_rules, d.members, new_side.scores, current->period);
    const WhatIf result = compare_sides(old_side, new_side, d.members);
    return give(format == DS_FORMAT_JSON
                    ? whatif_json(result, *current->rules, new_rules, d.members, current->period)
                    : whatif_csv(result, d.members),
                out);
  });
}

ds_status ds_report_notices(const ds_result* result, const char* folder, const char* committee) {
  return guarded([&] {
    if (!result || !folder) return fail(DS_BAD_ARGUMENT, "result and folder are required");
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
      return fail(DS_OUTPUT_FAILED,
                  std::string("cannot make the folder ") + folder + ": " + error.message());
    const ReportOptions options = report_options(committee);
    const CData& d = *result->data;
    for (MemberIndex m = 0; m < d.members.size(); ++m) {
      const Audit audit = result->evaluation->explain(m, &result->scores);
      const std::string path =
          (std::filesystem::path(folder) / notice_file_name(d.members.id(m))).string();
      const ds_status written =
          write_or_fail(path, member_notice_html(*result->rules, d.members, d.records,
                                                 result->period, result->scores, audit, options));
      if (written != DS_OK) return written;
    }
    return DS_OK;
  });
}

ds_status ds_report_summary(const ds_result* result, const char* path, const char* committee) {
  return guarded([&] {
    if (!result || !path) return fail(DS_BAD_ARGUMENT, "result and path are required");
    const RuleSet& rules = *result->rules;
    const CData& d = *result->data;
    SummaryExtras extras;
    extras.commendations = commendation_lists(rules, d.members, result->scores, result->period);
    std::optional<GroupScores> groups;
    if (rules.groups.enabled) {
      groups = score_groups(rules, d.members, d.records, result->period, result->scores);
      extras.groups = &*groups;
    }
    return write_or_fail(path, office_summary_html(rules, d.members, result->scores, result->period,
                                                   extras, report_options(committee)));
  });
}

ds_status ds_archive_write(const ds_result* result, const char* path) {
  return guarded([&] {
    if (!result || !path) return fail(DS_BAD_ARGUMENT, "result and path are required");
    const CData& d = *result->data;
    return write_or_fail(path, write_archive(make_archive_from_digests(
                                   *result->rules, d.members_digest, d.records_digest,
                                   result->period, d.members, result->scores)));
  });
}

ds_status ds_archive_verify(const char* archive_path, const ds_data* data, unsigned threads,
                            int format, char** report) {
  return guarded([&] {
    if (!archive_path || !data) return fail(DS_BAD_ARGUMENT, "archive_path and data are required");
    if (report != nullptr) *report = nullptr;
    if (!format_allowed(format, {DS_FORMAT_TEXT, DS_FORMAT_JSON}))
      return bad_format({DS_FORMAT_TEXT, DS_FORMAT_JSON});
    Problems problems;
    const auto loaded = load_archive_file(archive_path, problems);
    if (!loaded) return fail(problems);
    const EvaluationArchive* archive = &loaded->archive;
    const CData& d = *data->data;
    const VerifyOutcome outcome =
        verify_archive(*archive, loaded->rules, d.members, d.records, d.members_digest,
                       d.records_digest, threads == 0 ? 1 : threads);
    if (report != nullptr)
      *report = copy_out(format == DS_FORMAT_JSON ? verify_json(archive_path, *archive, outcome)
                                                  : verify_text(*archive, outcome));
    if (outcome.verified()) return DS_OK;
    std::string differences;
    for (const auto& difference : outcome.differences) differences += difference + "\n";
    return fail(DS_DIFFERENT, differences);
  });
}

}  // extern "C"
