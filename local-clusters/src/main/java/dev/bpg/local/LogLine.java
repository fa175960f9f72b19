package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** One line of a container log and the time it was written. */
record LogLine(Instant time, String text) {

  LogLine {
    requireNonNull(time, "time is null");
    requireNonNull(text, "text is null");
  }

  /**
   * The line as the kubelet serves it: with {@code timestamps=true} it is prefixed by the write
   * time in RFC 3339 with nanoseconds and a space.
   */
  String render(boolean withTimestamp) {
    if (withTimestamp) {
      return DateTimeFormatter.ISO_INSTANT.format(time) + " " + text + "\n";
    }
    return text + "\n";
  }
}
