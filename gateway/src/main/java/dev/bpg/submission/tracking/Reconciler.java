package dev.bpg.submission.tracking;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.SparkApplicationClient;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.submission.TrackedApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store in line with the clusters: a submission the store thinks unfinished but its
 * cluster no longer holds was deleted while no gateway watched (or was never created, when a
 * gateway died between recording and creating it), and is closed as FAILED with that reason. States
 * of the applications that do exist are recorded from the watches' lists. Runs once a watch has
 * listed its cluster, and then periodically; every replica may run it, since the store's writes are
 * idempotent.
 *
 * <p>A submission is closed only when three sources agree: its state has not changed for the grace
 * period (longer than a submission's creates can take; see {@code
 * GatewayConfiguration.effectiveReconcileGrace}), the cluster's watch is open and has not reported
 * it, and the cluster's API server answers that it does not have it. A cluster that cannot be asked
 * is left for the next round.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int BATCH = 10_000;

  private final ClusterClients clusters;
  private final ClusterWatchStatus watches;
  private final StatusCache cache;
  private final SubmissionStore store;
  private final StatusWriter writer;
  private final Clock clock;
  private final Duration grace;

  /**
   * @param grace how long a record's state must have stood still before its absence on the cluster
   *     counts: longer than a create can take, so that a submission being created is never closed
   */
  public Reconciler(
      ClusterClients clusters,
      ClusterWatchStatus watches,
      StatusCache cache,
      SubmissionStore store,
      StatusWriter writer,
      Clock clock,
      Duration grace) {
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.watches = requireNonNull(watches, "watches is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.store = requireNonNull(store, "store is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.grace = requireNonNull(grace, "grace is null");
  }

  /** Reconciles every cluster whose watch is open; returns how many submissions were closed. */
  public int reconcileAll() {
    int closed = 0;
    for (String clusterId : clusters.ids()) {
      try {
        closed += reconcile(clusterId);
      } catch (GatewayException e) {
        LOG.warn("Could not reconcile cluster {}: {}", clusterId, e.getMessage());
      }
    }
    return closed;
  }

  /** Reconciles one cluster if its watch is open; returns how many submissions were closed. */
  public int reconcile(String clusterId) {
    if (!watches.isWatching(clusterId)) {
      return 0;
    }
    Set<String> live = liveNames(clusterId);
    Instant now = clock.instant();
    int closed = 0;
    SparkApplicationClient cluster = clusters.client(clusterId);
    for (SubmissionRecord record : store.findUnfinished(clusterId, now.minus(grace), BATCH)) {
      if (live.contains(record.submissionId())) {
        continue;
      }
      // Not in what the watch has said so far; the API server has the last word (the watch may lag,
      // and another replica may have created it a moment ago).
      if (cluster.exists(record.namespace(), record.submissionId())) {
        continue;
      }
      String reason =
          record.state() == ApplicationState.UNKNOWN
              ? "the SparkApplication is not on cluster "
                  + clusterId
                  + ": it was never created, or was deleted while no gateway was watching"
              : "the SparkApplication was deleted from cluster "
                  + clusterId
                  + " while "
                  + record.state()
                  + ", when no gateway was watching";
      ApplicationStatus status =
          new ApplicationStatus(
              ApplicationState.FAILED,
              reason,
              record.sparkApplicationId(),
              record.executionAttempts(),
              now,
              record.driverPod(),
              Map.of());
      if (writer.recordNow(record.submissionId(), status, "reconcile:" + clusterId)) {
        closed++;
        LOG.info("Closed submission {}: {}", record.submissionId(), reason);
      }
    }
    return closed;
  }

  /** The submissions the watch has reported on the cluster and not seen deleted. */
  private Set<String> liveNames(String clusterId) {
    return cache.snapshot().stream()
        .filter(app -> app.clusterId().equals(clusterId) && app.live())
        .map(TrackedApplication::submissionId)
        .collect(Collectors.toUnmodifiableSet());
  }
}
