// What the C API's opaque handles hold, and the per-thread state of the
// last call (its error text and problems). Shared by the src/c_api files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dutyscore/dutyscore.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/encoding.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

// A list of problems and their C views (which point into `items`).
struct ds_problems {
  ds_problems() = default;
  ds_problems(const ds_problems&) = delete;
  ds_problems& operator=(const ds_problems&) = delete;

  void assign(std::vector<dutyscore::Problem> problems);

  std::vector<dutyscore::Problem> items;
  std::vector<ds_problem> views;
};

struct ds_ruleset {
  std::shared_ptr<const dutyscore::RuleSet> rules;
  ds_problems warnings;
};

namespace dutyscore::detail {

// Members and records as read, with what an archive and keep-going need.
struct CData {
  MemberTable members;
  RecordBatch records;
  std::string members_file, records_file;
  std::string members_digest, records_digest;  // SHA-256 of the bytes read
  std::string members_rows_digest, records_rows_digest;  // rows_digest() of them
  // For outside scores (民主测评) a rule set takes from the members file:
  // its bytes when it is CSV (only its header when that has no column but
  // the interchange ones), empty for a workbook.
  std::string members_text;
  Encoding encoding = Encoding::Auto;
  Quarantine quarantine;
};

}  // namespace dutyscore::detail

struct ds_data {
  std::shared_ptr<const dutyscore::detail::CData> data;
  ds_problems warnings;
};

struct ds_result {
  std::shared_ptr<const dutyscore::RuleSet> rules;
  std::shared_ptr<const dutyscore::detail::CData> data;
  dutyscore::Period period;
  // The members with the outside scores the rule set takes, when it takes
  // any (the evaluation then references these, not data->members).
  std::unique_ptr<dutyscore::MemberTable> members_with_outside;
  std::unique_ptr<dutyscore::Evaluation> evaluation;  // references *rules and *data
  dutyscore::Scores scores;
  std::vector<std::string> totals_text;
  std::string period_from, period_to;
  ds_problems warnings;

  bool valid(std::size_t m) const { return m < scores.member_count(); }
};

namespace dutyscore::detail {

// Fails this call with `status` and one message (no place).
ds_status fail(ds_status status, std::string message);
// Fails this call with `status` (DS_INVALID_INPUT by default) and every
// problem.
ds_status fail(const Problems& problems, ds_status status = DS_INVALID_INPUT);
// Succeeds, leaving `warnings` as this call's problems.
ds_status succeed(const std::vector<Problem>& warnings);

// Starts a call: clears the last error and problems.
void begin_call();

// Runs `body`, turning any exception into a status and a message.
template <typename Body>
ds_status guarded(Body&& body) noexcept {
  try {
    begin_call();
    return body();
  } catch (const std::bad_alloc&) {
    return fail(DS_INTERNAL, "out of memory");
  } catch (const PointsOverflow& e) {
    // The rule file's points are too large for a member: bad input, named.
    return fail(DS_INVALID_INPUT, e.what());
  } catch (const std::exception& e) {
    return fail(DS_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(DS_INTERNAL, "internal error");
  }
}

// A malloc'ed copy of `text` for a char** out parameter.
char* copy_out(const std::string& text);

// Writes `text` to *out as the caller's string; DS_OK.
ds_status give(const std::string& text, char** out);

// DS_BAD_ARGUMENT unless `format` is one of `allowed`.
bool format_allowed(int format, std::initializer_list<int> allowed);
ds_status bad_format(std::initializer_list<int> allowed);

}  // namespace dutyscore::detail
