package dev.bpg.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * One cluster's circuit breaker for creates that it answers with 429 or 5xx. One failed create says
 * little (a request the cluster chokes on, a webhook's hiccup), so the breaker opens only after
 * {@value #FAILURES_TO_OPEN} creates in a row, of different submissions from at least {@value
 * #OWNERS_TO_OPEN} owners, failed within {@link #WINDOW}; a success in between starts the count
 * again. Open, the cluster is left out of routing for {@link #OPEN_FOR}; then it is tried again
 * (half-open): its next create closes the breaker if it succeeds and opens it again at once if it
 * fails. Thread-safe.
 */
final class CreateBreaker {
  static final int FAILURES_TO_OPEN = 5;
  static final int OWNERS_TO_OPEN = 2;
  static final Duration WINDOW = Duration.ofSeconds(30);
  static final Duration OPEN_FOR = Duration.ofSeconds(30);

  private record Failure(Instant at, String submissionId, String owner) {}

  private final Deque<Failure> streak = new ArrayDeque<>();
  private Instant openedAt;
  private String reason;
  private boolean halfOpen;

  /** Counts a failed create; returns whether it opened the breaker. */
  synchronized boolean failed(Instant now, String submissionId, String owner, String why) {
    if (openedAt != null) {
      return false;
    }
    if (halfOpen) {
      open(now, "its first create after a pause failed too: " + why);
      return true;
    }
    streak.removeIf(
        f -> f.at().isBefore(now.minus(WINDOW)) || f.submissionId().equals(submissionId));
    streak.addLast(new Failure(now, submissionId, owner));
    long owners = streak.stream().map(Failure::owner).distinct().count();
    if (streak.size() >= FAILURES_TO_OPEN && owners >= OWNERS_TO_OPEN) {
      open(
          now,
          streak.size()
              + " creates of "
              + owners
              + " owners failed in a row within "
              + WINDOW.toSeconds()
              + " s; the last: "
              + why);
      return true;
    }
    return false;
  }

  /** A create succeeded: the breaker is closed. Returns whether it was open or half-open. */
  synchronized boolean succeeded() {
    boolean wasTripped = openedAt != null || halfOpen;
    streak.clear();
    openedAt = null;
    halfOpen = false;
    return wasTripped;
  }

  /** Why creates go to other clusters now, and since when; empty while the breaker is closed. */
  synchronized Optional<Open> open(Instant now) {
    if (openedAt == null) {
      return Optional.empty();
    }
    if (now.isBefore(openedAt.plus(OPEN_FOR))) {
      return Optional.of(new Open(reason, openedAt));
    }
    openedAt = null;
    halfOpen = true;
    return Optional.empty();
  }

  record Open(String reason, Instant since) {}

  private void open(Instant now, String why) {
    streak.clear();
    openedAt = now;
    halfOpen = false;
    reason = "circuit breaker open: " + why;
  }
}
