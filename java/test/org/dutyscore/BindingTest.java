package org.dutyscore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java binding on the bundled committee against the command-line tool:
 * the same CSV byte for byte, the same values member by member, problems
 * with their places. Run by CTest:
 *   BindingTest CLI RULES.yaml MEMBERS.csv RECORDS.csv
 * Ends with "N passed, M failed"; exits 1 when any check failed.
 */
public final class BindingTest {
  private static int passed = 0;
  private static final List<String> failures = new ArrayList<>();

  private static void check(boolean ok, String what) {
    if (ok) ++passed;
    else failures.add(what);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    if (process.waitFor() != 0) throw new IllegalStateException("failed: " + String.join(" ", command));
    return out.toString(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    final String cli = args[0];
    final Path rulesPath = Path.of(args[1]), members = Path.of(args[2]), records = Path.of(args[3]);
    final String cliCsv = run(cli, "score", "--rules", args[1], "--members", args[2], "--records",
        args[3], "--year", "2025", "--quiet");

    try (RuleSet rules = RuleSet.load(rulesPath);
         Data data = Data.load(members, records, new Data.Options("auto", false, 2));
         Result result = Result.evaluate(rules, data, 2025, 2)) {
      // Byte for byte.
      check(result.csv().equals(cliCsv), "csv() equals the CLI's CSV");
      // Value for value: each CLI row against members().
      final String[] lines = cliCsv.split("\n");
      final List<MemberScore> scores = result.members();
      check(scores.size() == lines.length - 1, "one member per CSV row");
      final List<RuleSet.Category> categories = rules.categories();
      boolean same = true;
      for (int i = 0; i < scores.size(); ++i) {
        final String[] cells = lines[i + 1].split(",", -1);
        final MemberScore m = scores.get(i);
        same &= cells[0].equals(m.memberId());
        for (int c = 0; c < categories.size(); ++c)
          same &= new BigDecimal(cells[1 + c]).equals(m.subtotals().get(categories.get(c).id()));
        same &= new BigDecimal(cells[1 + categories.size()]).equals(m.total());
        same &= cells[2 + categories.size()].equals(m.grade());
        same &= cells[3 + categories.size()].equals(m.rank() == 0 ? "" : Integer.toString(m.rank()));
      }
      check(same, "every member's subtotals, total, grade and rank equal the CLI's");
      check(categories.get(0).label().equals("出席会议"), "category labels in Chinese");
      check(rules.grades().get(0).equals("优秀"), "grade labels");
      check(result.periodFrom().toString().equals("2025-01-01"), "period");
      check(result.warnings().size() == 1 && result.warnings().get(0).message().contains("top_ten"),
          "the tie warning of the bundled list");

      final String best = scores.get(0).memberId();
      check(result.explainText(best).contains("Total " + scores.get(0).total()), "explain text");
      check(result.explainJson(best).contains("\"lines\": ["), "explain JSON");
      check(result.json().startsWith("{\n  \"ruleset\": \"county-default\""), "result JSON");
      check(result.commendationsJson().contains("\"id\": \"top_ten\""), "commendation lists");
      try {
        result.explainText("nobody");
        check(false, "an unknown member throws");
      } catch (DutyscoreException e) {
        check(e.status() == 4 && e.getMessage().contains("nobody"), "an unknown member: status 4");
      }
      final Path dir = Files.createTempDirectory("dutyscore-java");
      final Path archive = dir.resolve("run.dsa");
      result.writeArchive(archive);
      check(run(cli, "verify", "--archive", archive.toString(), "--members", args[2], "--records",
          args[3]).contains("verified"), "the CLI verifies the Java archive");
      // A signed archive names its signer; another office's key is refused.
      Dutyscore.keygen("南城区政协办公室", dir.resolve("office"));
      Dutyscore.keygen("北城区政协办公室", dir.resolve("other"));
      final Path signed = dir.resolve("signed.dsa");
      result.writeArchive(signed, dir.resolve("office.key"));
      final String report = Dutyscore.verify(signed, data, dir.resolve("office.pub"));
      check(report.contains("\"name\": \"南城区政协办公室\"") && report.contains("\"verified\": true"),
          "the signed archive verifies and names its signer");
      try {
        Dutyscore.verify(signed, data, dir.resolve("other.pub"));
        check(false, "another signer's key throws");
      } catch (DutyscoreException e) {
        check(e.status() == 1 && e.problems().get(0).file().equals(signed.toString())
            && e.getMessage().contains("signed by '南城区政协办公室'"), "another signer, at the archive");
      }
      try {
        Dutyscore.keygen("南城区政协办公室", dir.resolve("office"));
        check(false, "a key is never overwritten");
      } catch (DutyscoreException e) {
        check(e.status() == 3, "an existing key: status 3");
      }
    }

    // The office workbook of examples/office-export (the same committee, as
    // its offices keep it) through its profile: the same CSV as the files.
    final Path office = rulesPath.toAbsolutePath().getParent().getParent()
        .resolve("examples").resolve("office-export");
    final Path book = office.resolve("office.xlsx");
    try (RuleSet rules = RuleSet.load(rulesPath);
         Data data = Data.loadOffice(book, List.of(book), office.resolve("profile.yaml"));
         Result result = Result.evaluate(rules, data, 2025, 2)) {
      check(result.csv().equals(cliCsv), "the office workbook scores as the CSV files");
    }
    try (Data data = Data.loadOffice(book, List.of(book), office.resolve("nope.yaml"))) {
      check(false, "a missing profile throws, not " + data.memberCount() + " members");
    } catch (DutyscoreException e) {
      check(e.getMessage().contains("nope.yaml"), "a missing profile is named");
    }

    // Every problem of a bad rule file, with its place.
    try {
      RuleSet.fromYaml("id: x\ncategories: [{id: c, maxx: 1}]\nrules: [{id: r}]\n", "bad.yaml").close();
      check(false, "a bad rule file throws");
    } catch (DutyscoreException e) {
      check(e.status() == 1 && e.problems().size() >= 2, "every problem of the rule file");
      check(e.problems().stream().allMatch(p -> p.file().equals("bad.yaml") && p.line() > 0),
          "each problem has its file and line");
      check(e.getMessage().contains("bad.yaml:2:"), "the message names the place");
    }
    // A bad records file: every bad row, its line and column.
    final Path bad = Files.createTempFile("records", ".csv");
    Files.writeString(bad, "record_id,member_id,date,kind\n1,M001,2025-02-30,meeting\n2,NOBODY,2025-03-01,meeting\n");
    try (Data data = Data.load(members, bad)) {
      check(false, "bad records throw, not " + data.memberCount() + " members");
    } catch (DutyscoreException e) {
      check(e.problems().stream().anyMatch(p -> p.line() == 2 && p.field().equals("date")),
          "the bad date's row and column");
      check(e.problems().stream().anyMatch(p -> p.line() == 3 && p.field().equals("member_id")),
          "the unknown member's row and column");
    }
    try (Data data = Data.load(members, bad, new Data.Options("auto", true, 1))) {
      check(data.rowsRejected() == 2 && data.quarantineCsv().contains("2025-02-30"),
          "keep-going leaves the bad rows out, counted");
    }

    System.out.println(Dutyscore.version());
    for (String f : failures) System.out.println("FAILED: " + f);
    System.out.println(passed + " passed, " + failures.size() + " failed");
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
