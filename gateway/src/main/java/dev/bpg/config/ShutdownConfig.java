package dev.bpg.config;

import java.time.Duration;

/**
 * How a replica stops on SIGTERM: for {@code drain} it answers {@code /ready} 503 while it serves
 * everything, so that load balancers stop sending to it; then it refuses new submits with 503 and
 * waits (up to {@code tracking.shutdownTimeout}) for the submits in flight before the server stops.
 */
public record ShutdownConfig(Duration drain) {
  public ShutdownConfig {
    drain = drain == null ? Duration.ofSeconds(10) : drain;
    if (drain.isNegative()) {
      throw new IllegalArgumentException("shutdown.drain must not be negative");
    }
  }

  public static ShutdownConfig defaults() {
    return new ShutdownConfig(null);
  }
}
