/* The C API of dutyscore: load a rule set and data, evaluate, read the
 * results, explain a member, and everything the command-line tool gives
 * (JSON, commendation lists, groups, years, what-if, reports, archives).
 * Pure C (C89 types plus stdint/stddef), so any language with a C
 * foreign-function interface can use it (Python ctypes:
 * examples/python/example.py; Java through JNA: java/). Built as the shared
 * library libdutyscore_c, which exports only the ds_* functions; installed
 * with a CMake target (dutyscore::dutyscore_c) and a pkg-config file
 * (dutyscore). Every function and its status codes: docs/c_api.md.
 *
 * Conventions:
 *  - Handles are opaque; each *_free accepts NULL.
 *  - Functions that can fail return a ds_status. Every call starts a fresh
 *    list of problems for its thread: on failure ds_last_error() holds its
 *    errors as text, one "file:line:column: error: ..." per line, and
 *    ds_last_problems() every problem with its place; on success
 *    ds_last_problems() holds its warnings (if any). No C++ exception ever
 *    crosses this API.
 *  - Strings returned as `const char*` belong to the handle they came from
 *    and live as long as it; strings returned through `char**` are the
 *    caller's and are released with ds_string_free(). All text is UTF-8.
 *  - Points are exact decimals: as text ("12.50") or as a 64-bit integer in
 *    units of 10^-precision (1250 with precision 2).
 *  - A result keeps what it needs of its rule set and data alive: freeing
 *    them first is allowed.
 *  - Handles may be used from several threads at once for reading; none
 *    is changed after it is made.
 */
#ifndef DUTYSCORE_DUTYSCORE_H
#define DUTYSCORE_DUTYSCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ds_ruleset ds_ruleset;   /* a loaded, validated rule set */
typedef struct ds_data ds_data;         /* members and their duty records */
typedef struct ds_result ds_result;     /* one evaluation's scores */
typedef struct ds_problems ds_problems; /* a list of problems with their places */

typedef enum ds_status {
  DS_OK = 0,
  DS_INVALID_INPUT = 1, /* rule file, members, records or archive have problems */
  DS_BAD_ARGUMENT = 2,  /* a NULL handle, an index out of range, a bad date */
  DS_OUTPUT_FAILED = 3, /* a file or folder could not be written */
  DS_NOT_FOUND = 4,     /* no such member */
  DS_INTERNAL = 5,      /* an unexpected failure (out of memory, ...) */
  DS_DIFFERENT = 6      /* ds_archive_verify: a score or input file differs */
} ds_status;

/* What a text output is written as. */
typedef enum ds_format {
  DS_FORMAT_TEXT = 0, /* for people (explain, verify) */
  DS_FORMAT_CSV = 1,  /* the command-line tool's CSV; never with a BOM */
  DS_FORMAT_JSON = 2  /* the schemas in docs/schemas/; never with a BOM */
} ds_format;

/* Member flags (ds_result_flags). */
#define DS_FLAG_MINIMUM_UNMET 1u
#define DS_FLAG_VETOED 2u
#define DS_FLAG_NOT_SERVING 4u

/* Problem severities (ds_problem.severity). */
#define DS_SEVERITY_ERROR 0
#define DS_SEVERITY_WARNING 1

/* The library version, "0.1.0". */
const char* ds_version(void);

/* The errors of this thread's last call, one per line ("" when it
 * succeeded). */
const char* ds_last_error(void);

/* Releases a string returned through a char** out parameter. */
void ds_string_free(char* text);

/* --- Problems --------------------------------------------------------- */

/* One problem: where (file; line and column 1-based, 0 when unknown; the
 * CSV column's name or "") and what. Its strings live as long as the list
 * it came from. */
typedef struct ds_problem {
  const char* file;
  int line;
  int column;
  const char* field;
  int severity; /* DS_SEVERITY_ERROR or DS_SEVERITY_WARNING */
  const char* message;
} ds_problem;

/* Every problem of this thread's last call: its errors on failure, its
 * warnings on success. Valid until this thread's next call. Never NULL. */
const ds_problems* ds_last_problems(void);
size_t ds_problems_count(const ds_problems* problems);
/* NULL when the index is out of range. */
const ds_problem* ds_problems_get(const ds_problems* problems, size_t index);
/* The list as JSON (docs/schemas/problems.schema.json). */
ds_status ds_problems_json(const ds_problems* problems, char** out);

/* --- Rule sets ---------------------------------------------------------- */

ds_status ds_ruleset_load_file(const char* path, ds_ruleset** out);
/* `name` is used in messages only (may be NULL). */
ds_status ds_ruleset_load_text(const char* yaml, const char* name, ds_ruleset** out);
void ds_ruleset_free(ds_ruleset* rules);
const char* ds_ruleset_id(const ds_ruleset* rules);
/* The method's full title (the id when the file gives none). */
const char* ds_ruleset_name(const ds_ruleset* rules);
int ds_ruleset_precision(const ds_ruleset* rules);
/* Categories and grade bands in the rule set's order; ids and labels are
 * NULL when the index is out of range (a label is the id when the file
 * gives none). Grade bands are listed highest first. */
size_t ds_ruleset_category_count(const ds_ruleset* rules);
const char* ds_ruleset_category_id(const ds_ruleset* rules, size_t category);
const char* ds_ruleset_category_label(const ds_ruleset* rules, size_t category);
size_t ds_ruleset_grade_count(const ds_ruleset* rules);
const char* ds_ruleset_grade_label(const ds_ruleset* rules, size_t grade);
/* The lint warnings of the rule file (never NULL). */
const ds_problems* ds_ruleset_warnings(const ds_ruleset* rules);

/* --- Data ----------------------------------------------------------------- */

/* Members and records files: CSV in the interchange layout, or office files
 * read through the built-in input profile (docs/input.md): .xlsx and .xls
 * workbooks, CSV exports with Chinese headers and values. A records file in
 * the interchange layout is read window by window, never held whole; the
 * digests an archive keeps of it are taken as it is read. */
ds_status ds_data_load_files(const char* members_path, const char* records_path, ds_data** out);
ds_status ds_data_load_text(const char* members_csv, const char* records_csv, ds_data** out);

/* How input is read (ds_data_load_files_opt, ds_data_load_text_opt). Set
 * every field; ds_input_options_default() gives the defaults. */
typedef struct ds_input_options {
  /* "auto" (or NULL: from the BOM; without one UTF-8, or GB18030 when the
   * text is not UTF-8), "utf-8", "gb18030" or "utf-16" (with a BOM). */
  const char* encoding;
  /* 0: any bad row is an error and nothing is loaded. Nonzero: bad rows
   * are left out, counted (ds_data_rows_*) and listed with their reason
   * (ds_data_quarantine_csv); their problems become warnings. */
  int keep_going;
  /* Threads reading the records (0 means 1); the data is the same for any. */
  unsigned threads;
} ds_input_options;

ds_input_options ds_input_options_default(void);
/* `options` may be NULL (the defaults). */
ds_status ds_data_load_files_opt(const char* members_path, const char* records_path,
                                 const ds_input_options* options, ds_data** out);
/* In-memory CSV; the names are used in messages only (may be NULL). */
ds_status ds_data_load_text_opt(const char* members_csv, const char* members_name,
                                const char* records_csv, const char* records_name,
                                const ds_input_options* options, ds_data** out);
/* Office files (docs/input.md): members from `members_path`, records from
 * the `records_count` files of `records_paths` read as one batch (every
 * sheet of a workbook whose header fits a records layout), through the
 * input profile at `profile_path` (YAML; NULL: the built-in profile). */
ds_status ds_data_load_office(const char* members_path, const char* const* records_paths,
                              size_t records_count, const char* profile_path,
                              const ds_input_options* options, ds_data** out);
void ds_data_free(ds_data* data);
size_t ds_data_member_count(const ds_data* data);
/* Rows of both files read, scored and left out (keep_going); read =
 * scored + rejected. Without keep_going, rejected is 0. */
size_t ds_data_rows_read(const ds_data* data);
size_t ds_data_rows_scored(const ds_data* data);
size_t ds_data_rows_rejected(const ds_data* data);
/* The rows left out, as CSV: file,line,reason,row (just the header when
 * none). Until asked for they wait in a temporary file ($TMPDIR, or /tmp;
 * removed with the data), so that a file whose every row is left out costs
 * disk, not memory; in memory when no such file can be made. */
ds_status ds_data_quarantine_csv(const ds_data* data, char** out);
/* The warnings of reading (rows left out, records outside a member's
 * service); never NULL. */
const ds_problems* ds_data_warnings(const ds_data* data);

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
/* Warnings about the results: most records outside the period, a
 * commendation list longer than its top because of ties (never NULL). */
const ds_problems* ds_result_warnings(const ds_result* result);

/* --- Results: members by index 0..count-1 (the members file's row order) -- */

size_t ds_result_member_count(const ds_result* result);
int ds_result_precision(const ds_result* result);
/* The evaluated period's first and last day, "YYYY-MM-DD". */
const char* ds_result_period_from(const ds_result* result);
const char* ds_result_period_to(const ds_result* result);
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
/* The category's label for people (its id when the file gives none). */
const char* ds_result_category_label(const ds_result* result, size_t category);
int64_t ds_result_subtotal_scaled(const ds_result* result, size_t index, size_t category);

/* The whole ranking as `dutyscore score` CSV. */
ds_status ds_result_csv(const ds_result* result, char** out);
/* The whole ranking as `dutyscore score --format json`. */
ds_status ds_result_json(const ds_result* result, char** out);

/* The rule set's commendation lists as `dutyscore commend` CSV (just the
 * header when the rule set has none). */
ds_status ds_result_commendations_csv(const ds_result* result, char** out);
/* The same in DS_FORMAT_CSV or DS_FORMAT_JSON. */
ds_status ds_result_commendations(const ds_result* result, int format, char** out);
/* The groups (or sectors) ranked, as `dutyscore groups` in DS_FORMAT_CSV
 * or DS_FORMAT_JSON; DS_INVALID_INPUT when the rule set has no 'groups'. */
ds_status ds_result_groups(const ds_result* result, int format, char** out);

/* --- Explain -------------------------------------------------------------- */

/* The audit of one member: every line that makes its total, as
 * DS_FORMAT_TEXT (0), DS_FORMAT_CSV (1) or DS_FORMAT_JSON (2). For
 * engineers: codes and English notes (the command line's `explain --lang
 * en`). */
ds_status ds_explain(const ds_result* result, const char* member_id, int format, char** out);

/* --- Several years, what-if ---------------------------------------------- */

/* Scores every calendar year from_year..to_year (at most 50 years) and
 * applies the rule set's across-years rules, as `dutyscore years` in
 * DS_FORMAT_CSV or DS_FORMAT_JSON. A term rule run over fewer years than
 * the term is a warning (ds_last_problems). */
ds_status ds_years(const ds_ruleset* rules, const ds_data* data, int from_year, int to_year,
                   unsigned threads, int format, char** out);

/* What `proposed` would change against `current` (same data and period),
 * as `dutyscore whatif` in DS_FORMAT_CSV or DS_FORMAT_JSON. */
ds_status ds_whatif(const ds_result* current, const ds_ruleset* proposed, unsigned threads,
                    int format, char** out);

/* --- Reports and archives ------------------------------------------------- */

/* Writes every member's result notice (HTML, printable to A4) into
 * `folder` (created when missing) as <member_id>.html; `committee` (the
 * issuing office printed at the top) may be NULL. */
ds_status ds_report_notices(const ds_result* result, const char* folder, const char* committee);
/* Writes the office summary (HTML) to `path`. */
ds_status ds_report_summary(const ds_result* result, const char* path, const char* committee);

/* Saves the evaluation as an archive file (rule set, digests of the input
 * files as read, period, results) for ds_archive_verify and `dutyscore
 * verify`. */
ds_status ds_archive_write(const ds_result* result, const char* path);
/* Recomputes the archive at `archive_path` over `data` with the archived
 * rule set and period. DS_OK when every score matches and both input
 * files hold the archived rows (in any order), DS_DIFFERENT when not,
 * DS_INVALID_INPUT when the archive cannot be read (truncated, tampered,
 * a signature that does not match, another format version, a field out
 * of range). With `report` not NULL,
 * what was found as DS_FORMAT_TEXT or DS_FORMAT_JSON (on DS_OK and
 * DS_DIFFERENT). */
ds_status ds_archive_verify(const char* archive_path, const ds_data* data, unsigned threads,
                            int format, char** report);

/* Signed archives (Ed25519, libsodium; docs/archives.md). ds_keygen makes
 * an office's key pair: `prefix`.key, the secret key (readable by its owner
 * only), and `prefix`.pub, the public key; `signer` is the office's name
 * (1 to 256 bytes, one line). An existing file is never overwritten
 * (DS_OUTPUT_FAILED). */
ds_status ds_keygen(const char* signer, const char* prefix);
/* ds_archive_write, signed with the secret key file `key_path`
 * (DS_INVALID_INPUT when it is not one). */
ds_status ds_archive_write_signed(const ds_result* result, const char* path, const char* key_path);
/* ds_archive_verify that also requires the archive to be signed with the
 * public key file `signer_path`: DS_INVALID_INPUT (with the signer found)
 * when it is unsigned or signed with another key. The report names the
 * signer either way. */
ds_status ds_archive_verify_signed(const char* archive_path, const char* signer_path,
                                   const ds_data* data, unsigned threads, int format,
                                   char** report);

#ifdef __cplusplus
}
#endif

#endif /* DUTYSCORE_DUTYSCORE_H */
