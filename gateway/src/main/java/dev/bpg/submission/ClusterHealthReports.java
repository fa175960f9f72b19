package dev.bpg.submission;

/**
 * Where the domain reports what its calls to a cluster showed, so that routing stops choosing a
 * cluster that cannot be reached. Implementations are thread-safe and never throw.
 */
public interface ClusterHealthReports {
  /**
   * A call to the cluster failed for the cluster's reason (unreachable, timed out, throttled or
   * failing): routing leaves it out until it is found healthy again.
   */
  void reportUnreachable(String clusterId, String reason);
}
