package dev.bpg.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last lines a driver wrote to standard error, and from them the reason it failed: what is left
 * of the tail once Spark's INFO, WARN and DEBUG log lines and stack frames are taken out ({@code
 * Error: Failed to load class x.}, {@code Exception in thread "main"
 * java.lang.IllegalStateException: …}, {@code Caused by: …}). Thread-safe.
 */
final class DriverErrors {

  static final int TAIL_LINES = 60;
  static final int REASON_LINES = 5;
  static final int MAX_REASON_LENGTH = 2_000;

  // Spark's default log4j layout: "26/11/25 18:24:22 INFO SparkContext: …".
  private static final Pattern QUIET_LOG_LINE =
      Pattern.compile("\\d{2}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} (INFO|WARN|DEBUG|TRACE) .*");
  private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at .*|\\.\\.\\. \\d+ more)");
  private static final Pattern LOG_SETUP =
      Pattern.compile("Using Spark's default log4j profile: .*");

  private final ArrayDeque<String> tail = new ArrayDeque<>();

  /** Keeps a line of standard error. */
  synchronized void add(String line) {
    if (tail.size() == TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
  }

  /**
   * The reason, as a few lines joined by newlines; empty when the tail holds only log lines and
   * frames.
   */
  synchronized Optional<String> reason() {
    List<String> kept = new ArrayList<>();
    for (String line : tail) {
      if (!line.isBlank()
          && !QUIET_LOG_LINE.matcher(line).matches()
          && !STACK_FRAME.matcher(line).matches()
          && !LOG_SETUP.matcher(line).matches()
          && !SparkRuntime.APPLICATION_ID_LINE.matcher(line).matches()) {
        kept.add(line.strip());
      }
    }
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    String reason =
        String.join("\n", kept.subList(Math.max(0, kept.size() - REASON_LINES), kept.size()));
    return Optional.of(
        reason.length() > MAX_REASON_LENGTH
            ? "…" + reason.substring(reason.length() - MAX_REASON_LENGTH + 1)
            : reason);
  }
}
