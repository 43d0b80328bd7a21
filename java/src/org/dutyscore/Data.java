package org.dutyscore;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.List;

/** Members and their duty records, read and checked. Immutable; thread-safe. */
public final class Data extends Handle {
  /**
   * How the files are read: encoding "auto" (UTF-8, or GB18030 with its
   * BOM), "utf-8" or "gb18030"; keepGoing leaves bad rows out (counted,
   * see quarantineCsv()) instead of failing; threads reading the records.
   */
  public record Options(String encoding, boolean keepGoing, int threads) {
    public static final Options DEFAULT = new Options("auto", false, 1);
  }

  private Data(Pointer p) {
    super(p, Native.C::ds_data_free);
  }

  /** Reads members.csv and records.csv (the interchange layout). */
  public static Data load(Path members, Path records) {
    return load(members, records, Options.DEFAULT);
  }

  /** Throws DutyscoreException with every problem of both files. */
  public static Data load(Path members, Path records, Options options) {
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_data_load_files_opt(members.toString(), records.toString(),
        nativeOptions(options), out));
    return new Data(out.getValue());
  }

  /**
   * Office files (docs/input.md): members from a CSV or workbook, records
   * from several files read as one batch (every sheet of a workbook whose
   * header fits a records layout), each office in its own layout, through
   * the input profile at {@code profile} (YAML), or the built-in profile when
   * it is null. Throws DutyscoreException with every problem.
   */
  public static Data loadOffice(Path members, List<Path> records, Path profile, Options options) {
    final String[] paths = records.stream().map(Path::toString).toArray(String[]::new);
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_data_load_office(members.toString(), paths, paths.length,
        profile == null ? null : profile.toString(), nativeOptions(options), out));
    return new Data(out.getValue());
  }

  /** loadOffice with the default options. */
  public static Data loadOffice(Path members, List<Path> records, Path profile) {
    return loadOffice(members, records, profile, Options.DEFAULT);
  }

  private static Native.DsInputOptions nativeOptions(Options options) {
    final Native.DsInputOptions o = new Native.DsInputOptions();
    o.encoding = options.encoding();
    o.keep_going = options.keepGoing() ? 1 : 0;
    o.threads = options.threads();
    return o;
  }

  public long memberCount() {
    return Native.C.ds_data_member_count(pointer());
  }

  /** Rows of both files read; read = scored + rejected. */
  public long rowsRead() {
    return Native.C.ds_data_rows_read(pointer());
  }

  public long rowsScored() {
    return Native.C.ds_data_rows_scored(pointer());
  }

  public long rowsRejected() {
    return Native.C.ds_data_rows_rejected(pointer());
  }

  /** The rows left out (keepGoing): file,line,reason,row. */
  public String quarantineCsv() {
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_data_quarantine_csv(pointer(), out));
    return Native.take(out);
  }

  /** Warnings of reading: rows left out, records outside a member's service. */
  public List<Problem> warnings() {
    return Native.problems(Native.C.ds_data_warnings(pointer()));
  }
}
