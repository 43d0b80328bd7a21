package org.dutyscore;

/**
 * A problem of a rule file, an input file or a run, with its place: the
 * file, the line and column (1-based; 0 when unknown), the CSV column's
 * name ("" when none), and a sentence a committee clerk can act on.
 */
public record Problem(String file, int line, int column, String field, Severity severity,
    String message) {

  public enum Severity { ERROR, WARNING }

  /** "file:line:column: error: message", as the command-line tool prints it. */
  @Override
  public String toString() {
    final StringBuilder out = new StringBuilder(file.isEmpty() ? "<input>" : file);
    if (line > 0) {
      out.append(':').append(line);
      if (column > 0) out.append(':').append(column);
    }
    out.append(severity == Severity.ERROR ? ": error: " : ": warning: ");
    if (!field.isEmpty()) out.append("column '").append(field).append("': ");
    return out.append(message).toString();
  }
}
