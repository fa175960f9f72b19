package dev.bpg.submission;

import java.time.Instant;

/**
 * The few facts about a pod the gateway serves: its name, phase and start time (null if not
 * started).
 */
public record PodSummary(String name, String phase, Instant startTime) {
  public boolean isRunningOrDone() {
    return "Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
