package org.dutyscore;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One evaluation: every member's subtotals, total, grade and rank, in exact
 * decimals, and what the command-line tool derives from it (explain,
 * commendation lists, groups, what-if, reports, archives). It keeps what it
 * needs of its rule set and data: they may be closed first. Immutable;
 * thread-safe.
 */
public final class Result extends Handle {
  private Result(Pointer p) {
    super(p, Native.C::ds_result_free);
  }

  /** Scores every member over a calendar year; threads: any count gives the same result. */
  public static Result evaluate(RuleSet rules, Data data, int year, int threads) {
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_evaluate_year(rules.pointer(), data.pointer(), year, threads, null,
        null, out));
    return new Result(out.getValue());
  }

  /** Scores every member over [from, to], both included. */
  public static Result evaluate(RuleSet rules, Data data, LocalDate from, LocalDate to,
      int threads) {
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_evaluate(rules.pointer(), data.pointer(), from.toString(),
        to.toString(), threads, null, null, out));
    return new Result(out.getValue());
  }

  public LocalDate periodFrom() {
    return LocalDate.parse(Native.C.ds_result_period_from(pointer()));
  }

  public LocalDate periodTo() {
    return LocalDate.parse(Native.C.ds_result_period_to(pointer()));
  }

  /**
   * Warnings about results that look valid but probably are not: most
   * records outside the period, a commendation list longer than its top.
   */
  public List<Problem> warnings() {
    return Native.problems(Native.C.ds_result_warnings(pointer()));
  }

  /** Every member in ranking order. */
  public List<MemberScore> members() {
    final Native c = Native.C;
    final Pointer r = pointer();
    final int precision = c.ds_result_precision(r);
    final long categories = c.ds_result_category_count(r);
    final List<String> ids = new ArrayList<>();
    for (long k = 0; k < categories; ++k) ids.add(c.ds_result_category_id(r, k));
    final long count = c.ds_result_member_count(r);
    final List<MemberScore> out = new ArrayList<>((int) count);
    for (long position = 0; position < count; ++position) {
      final long m = c.ds_result_order(r, position);
      final Map<String, BigDecimal> subtotals = new LinkedHashMap<>();
      for (int k = 0; k < categories; ++k)
        subtotals.put(ids.get(k), BigDecimal.valueOf(c.ds_result_subtotal_scaled(r, m, k), precision));
      out.add(new MemberScore(c.ds_result_member_id(r, m), c.ds_result_member_name(r, m),
          Collections.unmodifiableMap(subtotals),
          BigDecimal.valueOf(c.ds_result_total_scaled(r, m), precision), c.ds_result_grade(r, m),
          c.ds_result_rank(r, m), c.ds_result_flags(r, m)));
    }
    return List.copyOf(out);
  }

  /** The ranking as `dutyscore score` CSV, byte for byte. */
  public String csv() {
    return text((p, out) -> Native.C.ds_result_csv(p, out));
  }

  /** The ranking as `dutyscore score --format json` (docs/schemas/score.schema.json). */
  public String json() {
    return text((p, out) -> Native.C.ds_result_json(p, out));
  }

  /** A member's audit for people; DutyscoreException (status 4) for an unknown member. */
  public String explainText(String memberId) {
    return text((p, out) -> Native.C.ds_explain(p, memberId, Native.FORMAT_TEXT, out));
  }

  /** A member's audit lines as JSON (docs/schemas/explain.schema.json). */
  public String explainJson(String memberId) {
    return text((p, out) -> Native.C.ds_explain(p, memberId, Native.FORMAT_JSON, out));
  }

  /** The commendation lists as JSON (docs/schemas/commend.schema.json). */
  public String commendationsJson() {
    return text((p, out) -> Native.C.ds_result_commendations(p, Native.FORMAT_JSON, out));
  }

  /** The groups ranked as JSON (docs/schemas/groups.schema.json). */
  public String groupsJson() {
    return text((p, out) -> Native.C.ds_result_groups(p, Native.FORMAT_JSON, out));
  }

  /** What `proposed` would change, as JSON (docs/schemas/whatif.schema.json). */
  public String whatIfJson(RuleSet proposed, int threads) {
    return text((p, out) -> Native.C.ds_whatif(p, proposed.pointer(), threads,
        Native.FORMAT_JSON, out));
  }

  /** Every member's result notice (HTML) into `folder`, as <member_id>.html. */
  public void writeNotices(Path folder, String committee) {
    Native.check(Native.C.ds_report_notices(pointer(), folder.toString(), committee));
  }

  /** Saves the evaluation for `dutyscore verify`. */
  public void writeArchive(Path path) {
    Native.check(Native.C.ds_archive_write(pointer(), path.toString()));
  }

  private String text(BiFunction<Pointer, PointerByReference, Integer> call) {
    final PointerByReference out = new PointerByReference();
    Native.check(call.apply(pointer(), out));
    return Native.take(out);
  }
}
