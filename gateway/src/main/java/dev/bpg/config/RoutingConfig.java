package dev.bpg.config;

import java.time.Duration;

/**
 * How submissions reach clusters when some are down or full: how many clusters a create may try
 * ({@code maxAttempts}, the first included), how often clusters are probed, and how often
 * submissions held in the gateway's queue are dispatched.
 */
public record RoutingConfig(
    Integer maxAttempts, Duration healthProbeInterval, Duration dispatchInterval) {
  public RoutingConfig {
    maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    healthProbeInterval = healthProbeInterval == null ? Duration.ofSeconds(2) : healthProbeInterval;
    dispatchInterval = dispatchInterval == null ? Duration.ofMillis(250) : dispatchInterval;
  }

  public static RoutingConfig defaults() {
    return new RoutingConfig(null, null, null);
  }
}
