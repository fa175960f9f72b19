package dev.bpg.submission.tracking;

/** Whether the gateway follows a cluster's applications right now. */
public interface ClusterWatchStatus {
  /**
   * Whether the cluster's watch has listed it and is open now, so that what the gateway tracks of
   * that cluster is current. While it is not, what is tracked may be stale.
   */
  boolean isWatching(String clusterId);
}
