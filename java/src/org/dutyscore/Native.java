package org.dutyscore;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import java.util.Map;

/**
 * The C API (include/dutyscore/dutyscore.h) as JNA sees it: libdutyscore_c,
 * strings in UTF-8. size_t is a Java long (64-bit platforms). Only the
 * classes of this package call it.
 */
interface Native extends Library {
  Native C = com.sun.jna.Native.load("dutyscore_c", Native.class,
      Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

  int DS_OK = 0;
  int DS_DIFFERENT = 6;
  int FORMAT_TEXT = 0;
  int FORMAT_CSV = 1;
  int FORMAT_JSON = 2;

  /** ds_problem. */
  @Structure.FieldOrder({"file", "line", "column", "field", "severity", "message"})
  class DsProblem extends Structure {
    public String file;
    public int line;
    public int column;
    public String field;
    public int severity;
    public String message;

    public DsProblem(Pointer p) {
      super(p);
      setStringEncoding("UTF-8");
      read();
    }
  }

  /** ds_input_options. */
  @Structure.FieldOrder({"encoding", "keep_going", "threads"})
  class DsInputOptions extends Structure implements Structure.ByReference {
    public String encoding;
    public int keep_going;
    public int threads;
  }

  String ds_version();
  String ds_last_error();
  void ds_string_free(Pointer text);

  Pointer ds_last_problems();
  long ds_problems_count(Pointer problems);
  Pointer ds_problems_get(Pointer problems, long index);

  int ds_ruleset_load_file(String path, PointerByReference out);
  int ds_ruleset_load_text(String yaml, String name, PointerByReference out);
  void ds_ruleset_free(Pointer rules);
  String ds_ruleset_id(Pointer rules);
  String ds_ruleset_name(Pointer rules);
  int ds_ruleset_precision(Pointer rules);
  long ds_ruleset_category_count(Pointer rules);
  String ds_ruleset_category_id(Pointer rules, long category);
  String ds_ruleset_category_label(Pointer rules, long category);
  long ds_ruleset_grade_count(Pointer rules);
  String ds_ruleset_grade_label(Pointer rules, long grade);
  Pointer ds_ruleset_warnings(Pointer rules);

  int ds_data_load_files_opt(String members, String records, DsInputOptions options,
      PointerByReference out);
  int ds_data_load_office(String members, String[] records, long recordsCount, String profile,
      DsInputOptions options, PointerByReference out);
  void ds_data_free(Pointer data);
  long ds_data_member_count(Pointer data);
  long ds_data_rows_read(Pointer data);
  long ds_data_rows_scored(Pointer data);
  long ds_data_rows_rejected(Pointer data);
  int ds_data_quarantine_csv(Pointer data, PointerByReference out);
  Pointer ds_data_warnings(Pointer data);

  int ds_evaluate(Pointer rules, Pointer data, String from, String to, int threads,
      Pointer progress, Pointer user, PointerByReference out);
  int ds_evaluate_year(Pointer rules, Pointer data, int year, int threads, Pointer progress,
      Pointer user, PointerByReference out);
  void ds_result_free(Pointer result);
  Pointer ds_result_warnings(Pointer result);
  long ds_result_member_count(Pointer result);
  int ds_result_precision(Pointer result);
  String ds_result_period_from(Pointer result);
  String ds_result_period_to(Pointer result);
  long ds_result_order(Pointer result, long position);
  int ds_result_find_member(Pointer result, String memberId, LongByReference index);
  String ds_result_member_id(Pointer result, long index);
  String ds_result_member_name(Pointer result, long index);
  String ds_result_total_text(Pointer result, long index);
  long ds_result_total_scaled(Pointer result, long index);
  int ds_result_rank(Pointer result, long index);
  String ds_result_grade(Pointer result, long index);
  int ds_result_flags(Pointer result, long index);
  long ds_result_category_count(Pointer result);
  String ds_result_category_id(Pointer result, long category);
  String ds_result_category_label(Pointer result, long category);
  long ds_result_subtotal_scaled(Pointer result, long index, long category);
  int ds_result_csv(Pointer result, PointerByReference out);
  int ds_result_json(Pointer result, PointerByReference out);
  int ds_result_commendations(Pointer result, int format, PointerByReference out);
  int ds_result_groups(Pointer result, int format, PointerByReference out);
  int ds_explain(Pointer result, String memberId, int format, PointerByReference out);
  int ds_years(Pointer rules, Pointer data, int fromYear, int toYear, int threads, int format,
      PointerByReference out);
  int ds_whatif(Pointer current, Pointer proposed, int threads, int format,
      PointerByReference out);
  int ds_report_notices(Pointer result, String folder, String committee);
  int ds_report_summary(Pointer result, String path, String committee);
  int ds_archive_write(Pointer result, String path);
  int ds_archive_verify(String archive, Pointer data, int threads, int format,
      PointerByReference report);
  int ds_keygen(String signer, String prefix);
  int ds_archive_write_signed(Pointer result, String path, String keyPath);
  int ds_archive_verify_signed(String archive, String signerPath, Pointer data, int threads,
      int format, PointerByReference report);

  /** Throws DutyscoreException with this thread's last problems unless OK. */
  static void check(int status) {
    if (status != DS_OK) throw new DutyscoreException(status, problems(C.ds_last_problems()));
  }

  /** Every problem of a ds_problems list. */
  static List<Problem> problems(Pointer list) {
    final long n = C.ds_problems_count(list);
    final Problem[] out = new Problem[(int) n];
    for (int i = 0; i < n; ++i) {
      final DsProblem p = new DsProblem(C.ds_problems_get(list, i));
      out[i] = new Problem(p.file, p.line, p.column, p.field,
          p.severity == 0 ? Problem.Severity.ERROR : Problem.Severity.WARNING, p.message);
    }
    return List.of(out);
  }

  /** The caller's string of a char** out parameter, freed. */
  static String take(PointerByReference out) {
    final Pointer p = out.getValue();
    if (p == null) return "";
    try {
      return p.getString(0, "UTF-8");
    } finally {
      C.ds_string_free(p);
    }
  }
}
