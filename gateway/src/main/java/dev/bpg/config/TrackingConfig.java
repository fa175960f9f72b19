package dev.bpg.config;

import java.time.Duration;

/**
 * How the gateway keeps the database in line with the clusters: how often it reconciles, how old a
 * record must be before its absence on a cluster closes it, how often it enforces running-time
 * limits, and how long a stopping replica waits for its creates in flight and its status writes.
 */
public record TrackingConfig(
    Duration reconcileInterval,
    Duration reconcileGrace,
    Duration runningTimeCheckInterval,
    Duration shutdownTimeout) {
  public TrackingConfig {
    reconcileInterval = reconcileInterval == null ? Duration.ofMinutes(1) : reconcileInterval;
    reconcileGrace = reconcileGrace == null ? Duration.ofMinutes(2) : reconcileGrace;
    runningTimeCheckInterval =
        runningTimeCheckInterval == null ? Duration.ofSeconds(30) : runningTimeCheckInterval;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
  }

  public static TrackingConfig defaults() {
    return new TrackingConfig(null, null, null, null);
  }
}
