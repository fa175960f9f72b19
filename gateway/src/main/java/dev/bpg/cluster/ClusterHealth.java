package dev.bpg.cluster;

import java.time.Instant;

/** How a cluster is doing, why, and since when. */
public record ClusterHealth(State state, String reason, Instant since) {
  /**
   * HEALTHY takes submissions; DEGRADED takes them but is not fully watched or is throttling; DOWN
   * takes none.
   */
  public enum State {
    HEALTHY,
    DEGRADED,
    DOWN
  }
}
