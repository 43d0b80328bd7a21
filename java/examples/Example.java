import java.nio.file.Path;
import org.dutyscore.Data;
import org.dutyscore.DutyscoreException;
import org.dutyscore.MemberScore;
import org.dutyscore.Problem;
import org.dutyscore.Result;
import org.dutyscore.RuleSet;

/**
 * Scores a committee from Java and prints the top of the ranking and the
 * best member's audit.
 *
 *   java -cp dutyscore.jar:jna.jar:dutyscore-example.jar -Djna.library.path=LIBDIR \
 *        Example RULES.yaml MEMBERS.csv RECORDS.csv YEAR
 */
public final class Example {
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: Example RULES.yaml MEMBERS.csv RECORDS.csv YEAR");
      System.exit(2);
    }
    try (RuleSet rules = RuleSet.load(Path.of(args[0]));
         Data data = Data.load(Path.of(args[1]), Path.of(args[2]));
         Result result = Result.evaluate(rules, data, Integer.parseInt(args[3]), 2)) {
      for (Problem warning : result.warnings()) System.err.println(warning);
      int shown = 0;
      for (MemberScore m : result.members()) {
        if (shown++ == 5) break;
        System.out.println(m.rank() + ". " + m.memberId() + " " + m.name() + " " + m.total() + " "
            + m.grade());
      }
      System.out.println();
      System.out.print(result.explainText(result.members().get(0).memberId()));
    } catch (DutyscoreException e) {
      // Every problem, each with its file, line and column.
      for (Problem p : e.problems()) System.err.println(p);
      System.exit(1);
    }
  }
}
