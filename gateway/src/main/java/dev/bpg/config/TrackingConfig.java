package dev.bpg.config;

import java.time.Duration;

/**
 * How the gateway keeps the database in line with the clusters: how often it reconciles, how old a
 * record must be before its absence on a cluster closes it, and how often it enforces running-time
 * limits.
 */
public record TrackingConfig(
    Duration reconcileInterval, Duration reconcileGrace, Duration runningTimeCheckInterval) {
  public TrackingConfig {
    reconcileInterval = reconcileInterval == null ? Duration.ofMinutes(1) : reconcileInterval;
    reconcileGrace = reconcileGrace == null ? Duration.ofMinutes(2) : reconcileGrace;
    runningTimeCheckInterval =
        runningTimeCheckInterval == null ? Duration.ofSeconds(30) : runningTimeCheckInterval;
  }

  public static TrackingConfig defaults() {
    return new TrackingConfig(null, null, null);
  }
}
