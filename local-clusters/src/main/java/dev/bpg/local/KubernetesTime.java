package dev.bpg.local;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as Kubernetes writes them in objects: RFC 3339 in UTC, to the second ({@code
 * 2026-11-25T17:40:20Z}).
 */
final class KubernetesTime {

  private KubernetesTime() {}

  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
