package org.dutyscore;

import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;

/**
 * The dutyscore library for Java: scores how members of a political
 * consultative committee perform their duties, through the C API
 * (libdutyscore_c) with JNA.
 *
 * <pre>
 * try (RuleSet rules = RuleSet.load(Path.of("rules/default.yaml"));
 *      Data data = Data.load(Path.of("members.csv"), Path.of("records.csv"));
 *      Result result = Result.evaluate(rules, data, 2025, 1)) {
 *   for (MemberScore m : result.members()) System.out.println(m.memberId() + " " + m.total());
 * }
 * </pre>
 */
public final class Dutyscore {
  private Dutyscore() {}

  /** The native library's version, "0.1.0". */
  public static String version() {
    return Native.C.ds_version();
  }

  /**
   * Makes an office's key pair for signing archives: prefix.key (secret,
   * readable by its owner only) and prefix.pub (publish it). An existing
   * file is never overwritten (DutyscoreException, status 3).
   */
  public static void keygen(String signer, Path prefix) {
    Native.check(Native.C.ds_keygen(signer, prefix.toString()));
  }

  /**
   * Recomputes an archive over `data`: the report as JSON
   * (docs/schemas/verify.schema.json), whether or not everything matches.
   * With `signer` (a public key file, or null) an archive not signed with
   * that key throws, as an unreadable or tampered one does.
   */
  public static String verify(Path archive, Data data, Path signer) {
    final PointerByReference report = new PointerByReference();
    final int status = Native.C.ds_archive_verify_signed(archive.toString(),
        signer == null ? null : signer.toString(), data.pointer(), 1, Native.FORMAT_JSON, report);
    if (status != Native.DS_DIFFERENT) Native.check(status);
    return Native.take(report);
  }
}
