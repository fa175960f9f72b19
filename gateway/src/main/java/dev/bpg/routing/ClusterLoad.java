package dev.bpg.routing;

import dev.bpg.config.ClusterConfig;
import java.util.OptionalInt;

/**
 * What a cluster runs now, as the gateway's informers count it: applications whose driver runs, and
 * applications submitted but not yet running.
 */
public record ClusterLoad(int running, int pending) {
  public static final ClusterLoad EMPTY = new ClusterLoad(0, 0);

  /**
   * How many more applications the cluster takes: {@code maxRunningApplications} (plus {@code
   * maxPendingApplications} when both are set) minus what runs or waits, and never more pending
   * ones than {@code maxPendingApplications}. Empty when the cluster sets no limit.
   */
  public OptionalInt freeRoom(ClusterConfig cluster) {
    Integer maxRunning = cluster.maxRunningApplications();
    Integer maxPending = cluster.maxPendingApplications();
    if (maxRunning == null && maxPending == null) {
      return OptionalInt.empty();
    }
    int free = Integer.MAX_VALUE;
    if (maxRunning != null) {
      int total = maxRunning + (maxPending == null ? 0 : maxPending);
      free = total - running - pending;
    }
    if (maxPending != null) {
      free = Math.min(free, maxPending - pending);
    }
    return OptionalInt.of(Math.max(0, free));
  }

  /**
   * The share of the cluster's whole room (running plus pending limits) still free, from 0 to 1:
   * what routing scales a cluster's weight by, so that a cluster whose running slots are taken gets
   * fewer submissions than an empty one even while both may take some. 1 when the cluster sets no
   * limit.
   */
  public double roomShare(ClusterConfig cluster) {
    Integer maxRunning = cluster.maxRunningApplications();
    Integer maxPending = cluster.maxPendingApplications();
    if (maxRunning == null && maxPending == null) {
      return 1.0;
    }
    int total =
        maxRunning != null ? maxRunning + (maxPending == null ? 0 : maxPending) : maxPending;
    int taken = maxRunning != null ? running + pending : pending;
    return Math.max(0, total - taken) / (double) total;
  }
}
