package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.store.SubmissionRecord;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database in line with the clusters: a submission the database thinks unfinished but its
 * cluster no longer holds was deleted while no gateway watched (or was never created, when a gateway
 * died between recording and creating it), and is closed as FAILED with that reason. States of the
 * applications that do exist are recorded by the informers' initial list. Runs once the informers
 * have listed their clusters, and then periodically; every replica may run it, since the store's
 * writes are idempotent.
 *
 * <p>A submission is closed only when three sources agree: its state has not changed for the grace
 * period (longer than a submission's creates can take; see {@code
 * GatewayConfiguration.effectiveReconcileGrace}), the cluster's watch is open and has not reported it,
 * and the cluster's API server answers that it does not have it. A cluster that cannot be asked is left
 * for the next round.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int BATCH = 10_000;

  private final Clusters clusters;
  private final SubmissionStore store;
  private final Clock clock;
  private final Duration grace;

  /**
   * @param grace how old a record must be before its absence on the cluster counts: longer than a
   *     create can take, so that a submission being created is never closed
   */
  public Reconciler(Clusters clusters, SubmissionStore store, Clock clock, Duration grace) {
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.grace = requireNonNull(grace, "grace is null");
  }

  /**
   * Closes QUEUED submissions whose replica stopped (no heartbeat since {@code staleBefore}): they
   * were held in its memory and can no longer be dispatched.
   */
  public int closeOrphanedQueued(Instant staleBefore) {
    int closed = 0;
    Instant now = clock.instant();
    for (SubmissionRecord record : store.findQueuedOfStoppedReplicas(staleBefore, BATCH)) {
      String reason = "it was held in the queue of gateway replica " + record.queuedBy()
          + ", which stopped before it could dispatch it; submit it again";
      ApplicationStatus status = new ApplicationStatus(ApplicationState.FAILED, reason, null, null, now, null, Map.of());
      if (store.recordStatus(record.submissionId(), status, "reconcile", now)) {
        closed++;
        LOG.info("Closed queued submission {}: {}", record.submissionId(), reason);
      }
    }
    return closed;
  }

  /** Reconciles every cluster whose informer has synced; returns how many submissions were closed. */
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

  /** Reconciles one cluster if its informer has synced; returns how many submissions were closed. */
  public int reconcile(String clusterId) {
    Optional<Set<String>> live = clusters.liveNames(clusterId);
    if (live.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    int closed = 0;
    SparkApplicationClient cluster = clusters.client(clusterId);
    for (SubmissionRecord record : store.findUnfinished(clusterId, now.minus(grace), BATCH)) {
      if (live.get().contains(record.submissionId())) {
        continue;
      }
      // Not in what the watch has said so far; the API server has the last word (the watch may lag,
      // and another replica may have created it a moment ago).
      if (cluster.exists(record.namespace(), record.submissionId())) {
        continue;
      }
      String reason = record.state() == ApplicationState.UNKNOWN
          ? "the SparkApplication is not on cluster " + clusterId
              + ": it was never created, or was deleted while no gateway was watching"
          : "the SparkApplication was deleted from cluster " + clusterId + " while " + record.state()
              + ", when no gateway was watching";
      ApplicationStatus status = new ApplicationStatus(ApplicationState.FAILED, reason,
          record.sparkApplicationId(), record.executionAttempts(), now, record.driverPod(), Map.of());
      if (store.recordStatus(record.submissionId(), status, "reconcile:" + clusterId, now)) {
        closed++;
        LOG.info("Closed submission {}: {}", record.submissionId(), reason);
      }
    }
    return closed;
  }
}
