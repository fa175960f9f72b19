package dev.bpg.local;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What a driver's log may show of its command line: no secret settings. */
final class Redaction {
  /** Spark's default {@code spark.redaction.regex}, and what it writes instead of a secret. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i)secret|password|token|access[.]key");

  private static final String REDACTED = "*********(redacted)";

  private Redaction() {}

  /**
   * A command line fit for a log: the values of {@code --conf} settings whose keys name secrets
   * replaced as Spark replaces them in its own logs (its default {@code spark.redaction.regex}).
   */
  static List<String> commandLine(List<String> command) {
    List<String> out = new ArrayList<>(command);
    for (int i = 1; i < out.size(); i++) {
      String argument = out.get(i);
      int equals = argument.indexOf('=');
      if ("--conf".equals(out.get(i - 1))
          && equals > 0
          && SECRET_KEY.matcher(argument.substring(0, equals)).find()) {
        out.set(i, argument.substring(0, equals + 1) + REDACTED);
      }
    }
    return out;
  }
}
