package dev.bpg.submission;

/**
 * Where the domain reports what its calls to a cluster showed, so that routing stops choosing a
 * cluster that cannot be reached. Implementations are thread-safe and never throw.
 */
public interface ClusterHealthReports {
  /**
   * A call could not reach the cluster (refused, timed out, TLS): routing leaves it out until a
   * probe finds it reachable again.
   */
  void reportUnreachable(String clusterId, String reason);

  /**
   * The cluster answered a submission's create with 429 or 5xx. One such answer changes nothing;
   * several in a row, from different submissions, open the cluster's circuit breaker.
   */
  void reportCreateFailed(String clusterId, String submissionId, String owner, String reason);

  /** The cluster created an application: whatever failed before, its creates work. */
  void reportCreated(String clusterId);
}
