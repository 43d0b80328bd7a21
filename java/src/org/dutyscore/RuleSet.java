package org.dutyscore;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A loaded, validated rule set (docs/rules.md). Immutable; thread-safe. */
public final class RuleSet extends Handle {
  /** A category of the score, with its label for people. */
  public record Category(String id, String label) {}

  private RuleSet(Pointer p) {
    super(p, Native.C::ds_ruleset_free);
  }

  /** Loads a rule file; throws DutyscoreException with every problem of it. */
  public static RuleSet load(Path path) {
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_ruleset_load_file(path.toString(), out));
    return new RuleSet(out.getValue());
  }

  /** Loads rule YAML; `name` is used in messages. */
  public static RuleSet fromYaml(String yaml, String name) {
    final PointerByReference out = new PointerByReference();
    Native.check(Native.C.ds_ruleset_load_text(yaml, name, out));
    return new RuleSet(out.getValue());
  }

  public String id() {
    return Native.C.ds_ruleset_id(pointer());
  }

  public String name() {
    return Native.C.ds_ruleset_name(pointer());
  }

  public int precision() {
    return Native.C.ds_ruleset_precision(pointer());
  }

  public List<Category> categories() {
    final List<Category> out = new ArrayList<>();
    for (long c = 0; c < Native.C.ds_ruleset_category_count(pointer()); ++c)
      out.add(new Category(Native.C.ds_ruleset_category_id(pointer(), c),
          Native.C.ds_ruleset_category_label(pointer(), c)));
    return List.copyOf(out);
  }

  /** Grade labels, highest first. */
  public List<String> grades() {
    final List<String> out = new ArrayList<>();
    for (long g = 0; g < Native.C.ds_ruleset_grade_count(pointer()); ++g)
      out.add(Native.C.ds_ruleset_grade_label(pointer(), g));
    return List.copyOf(out);
  }

  /** The rule file's lint warnings. */
  public List<Problem> warnings() {
    return Native.problems(Native.C.ds_ruleset_warnings(pointer()));
  }
}
