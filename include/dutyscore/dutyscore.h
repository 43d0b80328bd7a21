/* The C API of dutyscore: load a rule set and data, evaluate, read the
 * results, explain a member. Pure C (C89 types plus stdint/stddef), so any
 * language with a C foreign-function interface can use it (Python ctypes:
 * examples/python/example.py). Built as the shared library libdutyscore_c.
 *
 * Conventions:
 *  - Handles are opaque; each *_free accepts NULL.
 *  - Functions that can fail return a ds_status; on failure ds_last_error()
 *    (per thread) holds every problem, one "file:line:column: error: ..."
 *    per line. No C++ exception ever crosses this API.
 *  - Strings returned as `const char*` belong to the handle they came from
 *    and live as long as it; strings returned through `char**` are the
 *    caller's and are released with ds_string_free().
 *  - Points are exact decimals: as text ("12.50") or as a 64-bit integer in
 *    units of 10^-precision (1250 with precision 2).
 *  - A result keeps what it needs of its rule set and data alive: freeing
 *    them first is allowed.
 */
#ifndef DUTYSCORE_DUTYSCORE_H
#define DUTYSCORE_DUTYSCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ds_ruleset ds_ruleset; /* a loaded, validated rule set */
typedef struct ds_data ds_data;       /* members and their duty records */
typedef struct ds_result ds_result;   /* one evaluation's scores */

typedef enum ds_status {
  DS_OK = 0,
  DS_INVALID_INPUT = 1, /* rule file, members or records have problems */
  DS_BAD_ARGUMENT = 2,  /* a NULL handle, an index out of range, a bad date */
  DS_NOT_FOUND = 4,     /* no such member */
  DS_INTERNAL = 5       /* an unexpected failure (out of memory, ...) */
} ds_status;

/* Member flags (ds_result_flags). */
#define DS_FLAG_MINIMUM_UNMET 1u
#define DS_FLAG_VETOED 2u
#define DS_FLAG_NOT_SERVING 4u

/* The library version, "0.1.0". */
const char* ds_version(void);

/* The problems of this thread's last failed call ("" when none). */
const char* ds_last_error(void);

/* Releases a string returned through a char** out parameter. */
void ds_string_free(char* text);

/* --- Rule sets ---------------------------------------------------------- */

ds_status ds_ruleset_load_file(const char* path, ds_ruleset** out);
/* `name` is used in messages only (may be NULL). */
ds_status ds_ruleset_load_text(const char* yaml, const char* name, ds_ruleset** out);
void ds_ruleset_free(ds_ruleset* rules);
const char* ds_ruleset_id(const ds_ruleset* rules);
int ds_ruleset_precision(const ds_ruleset* rules);

/* --- Data ----------------------------------------------------------------- */

/* Members CSV and records CSV, in the interchange layout. */
ds_status ds_data_load_files(const char* members_path, const char* records_path, ds_data** out);
ds_status ds_data_load_text(const char* members_csv, const char* records_csv, ds_data** out);
void ds_data_free(ds_data* data);
size_t ds_data_member_count(const ds_data* data);

/* --- Evaluation ----------------------------------------------------------- */

/* Called now and then during an evaluation with the members scored so far
 * and the member count (never concurrently; possibly from another thread);
 * once at the end with done == total. */
typedef void (*ds_progress_fn)(size_t done, size_t total, void* user);

/* Scores every member over [from, to] ("YYYY-MM-DD", both included); with
 * from and to NULL, over the rule set's own period. `threads` 0 means 1.
 * `progress` may be NULL. */
ds_status ds_evaluate(const ds_ruleset* rules, const ds_data* data, const char* from,
                      const char* to, unsigned threads, ds_progress_fn progress, void* user,
                      ds_result** out);
/* The same over a calendar year. */
ds_status ds_evaluate_year(const ds_ruleset* rules, const ds_data* data, int year,
                           unsigned threads, ds_progress_fn progress, void* user,
                           ds_result** out);
void ds_result_free(ds_result* result);

/* --- Results: members by index 0..count-1 (the members file's row order) -- */

size_t ds_result_member_count(const ds_result* result);
int ds_result_precision(const ds_result* result);
/* The member at `position` (0-based) of the ranking order; SIZE_MAX when
 * out of range. */
size_t ds_result_order(const ds_result* result, size_t position);
ds_status ds_result_find_member(const ds_result* result, const char* member_id, size_t* index);
/* NULL when the index is out of range. */
const char* ds_result_member_id(const ds_result* result, size_t index);
const char* ds_result_member_name(const ds_result* result, size_t index);
const char* ds_result_total_text(const ds_result* result, size_t index);
/* The total in units of 10^-precision; 0 when out of range. */
int64_t ds_result_total_scaled(const ds_result* result, size_t index);
/* 1-based rank; 0 when unranked or out of range. */
int32_t ds_result_rank(const ds_result* result, size_t index);
/* The grade label ("" when none). */
const char* ds_result_grade(const ds_result* result, size_t index);
unsigned ds_result_flags(const ds_result* result, size_t index);

size_t ds_result_category_count(const ds_result* result);
const char* ds_result_category_id(const ds_result* result, size_t category);
int64_t ds_result_subtotal_scaled(const ds_result* result, size_t index, size_t category);

/* The whole ranking as `dutyscore score` CSV. */
ds_status ds_result_csv(const ds_result* result, char** out);

/* The rule set's commendation lists as `dutyscore commend` CSV (just the
 * header when the rule set has none). */
ds_status ds_result_commendations_csv(const ds_result* result, char** out);

/* --- Explain -------------------------------------------------------------- */

/* The audit of one member as text (format 0) or CSV (format 1): every line
 * that makes its total. For engineers: codes and English notes (the
 * command line's `explain --lang en`). */
ds_status ds_explain(const ds_result* result, const char* member_id, int format, char** out);

#ifdef __cplusplus
}
#endif

#endif /* DUTYSCORE_DUTYSCORE_H */
