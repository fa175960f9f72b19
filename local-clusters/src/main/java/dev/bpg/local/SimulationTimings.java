package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long the local operator takes for the steps around a run; the run itself lasts what the
 * application asks for. Tests shorten them.
 *
 * @param submitDelay from a new application to its driver pod and SUBMITTED
 * @param startUpDelay from SUBMITTED to the executor pods and RUNNING
 * @param eventTimeToLive how long the events of a deleted application are kept
 */
record SimulationTimings(Duration submitDelay, Duration startUpDelay, Duration eventTimeToLive) {

  /**
   * About what spark-submit and executor start-up take on a small cluster. Events are kept an hour,
   * the default {@code --event-ttl} of a kube-apiserver: the mock has no event expiry, and a long
   * demo would pile them up.
   */
  static final SimulationTimings DEFAULT =
      new SimulationTimings(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofHours(1));

  SimulationTimings {
    requireNonNegative(submitDelay, "submitDelay");
    requireNonNegative(startUpDelay, "startUpDelay");
    requireNonNegative(eventTimeToLive, "eventTimeToLive");
  }

  private static void requireNonNegative(Duration duration, String name) {
    requireNonNull(duration, name + " is null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " is negative: " + duration);
    }
  }
}
