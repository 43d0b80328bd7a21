package org.dutyscore;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by every call that fails, with every problem found (a rule file's
 * or input file's errors all at once), each with its place, and the C
 * API's status code (docs/c_api.md: 1 invalid input, 2 bad argument,
 * 3 output failed, 4 not found, 5 internal).
 */
public class DutyscoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient List<Problem> problems;

  public DutyscoreException(int status, List<Problem> problems) {
    super(problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR)
        .map(Problem::toString).collect(Collectors.joining("\n")));
    this.status = status;
    this.problems = problems;
  }

  public int status() {
    return status;
  }

  /** Every problem, warnings included. */
  public List<Problem> problems() {
    return problems;
  }
}
