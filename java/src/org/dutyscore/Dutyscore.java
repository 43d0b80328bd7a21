package org.dutyscore;

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
}
