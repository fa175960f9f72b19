package dev.bpg.artifact;

import java.time.Duration;

/** What the log archive reports to the gateway's metrics. */
public interface LogArchiveMetrics {
  LogArchiveMetrics NONE =
      new LogArchiveMetrics() {
        @Override
        public void archived(long logBytes, long storedBytes, Duration took) {}

        @Override
        public void lost() {}
      };

  /**
   * A pod's log stored.
   *
   * @param logBytes the log's length as the cluster gave it, before any cut; -1 when it was sent
   *     from the spool after a restart, where that length is no longer known
   * @param storedBytes the gzip object's size
   * @param took from the claim to the object stored, or to the first attempt's end for a log that
   *     waited in the spool
   */
  void archived(long logBytes, long storedBytes, Duration took);

  /** A pod's log given up on: the pod was gone, or the cluster kept failing to give it. */
  void lost();
}
