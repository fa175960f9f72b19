package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.routing.RoutingDecision;
import dev.bpg.routing.SubmitPacer;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a recorded submission's SparkApplication on the routing decision's cluster, or on its
 * fallbacks when a cluster cannot be used: a create that fails for the cluster's reason
 * (unreachable, timed out, throttled, failing) is tried on the next eligible cluster, at most
 * {@code maxAttempts} clusters; a refusal of the request itself is not. Every attempt is recorded,
 * and a move to another cluster is recorded before its create, with the spec built for that
 * cluster.
 */
public final class ClusterDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDispatcher.class);

  private final ClusterClients clusters;
  private final ClusterHealthReports health;
  private final SparkApplicationSpecBuilder specBuilder;
  private final SubmissionStore store;
  private final SubmissionRecords records;
  private final StatusCache cache;
  private final StatusWriter writer;
  private final SubmissionMetrics metrics;
  private final Clock clock;
  private final int maxAttempts;
  private final SubmitPacer pacer;
  private final KillIntents intents;

  public ClusterDispatcher(
      ClusterClients clusters,
      ClusterHealthReports health,
      SparkApplicationSpecBuilder specBuilder,
      SubmissionStore store,
      SubmissionRecords records,
      StatusCache cache,
      StatusWriter writer,
      SubmissionMetrics metrics,
      Clock clock,
      int maxAttempts,
      SubmitPacer pacer,
      KillIntents intents) {
    this.pacer = requireNonNull(pacer, "pacer is null");
    this.intents = requireNonNull(intents, "intents is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.health = requireNonNull(health, "health is null");
    this.specBuilder = requireNonNull(specBuilder, "specBuilder is null");
    this.store = requireNonNull(store, "store is null");
    this.records = requireNonNull(records, "records is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
  }

  /**
   * Creates the application; records every attempt and, when none lands, the submission's failure.
   *
   * @param built the manifest already built for {@code input.cluster()}, if any: it is not built
   *     again when that cluster is tried
   * @param firstSequence the number of the first attempt (attempts of an earlier try come before)
   * @throws GatewayException the cluster's refusal ({@code CLUSTER_REJECTED} and the like), or
   *     {@code CLUSTER_UNAVAILABLE} when no cluster could take it
   */
  public void dispatch(
      SpecInput input,
      Optional<SparkApplicationManifest> built,
      RoutingDecision decision,
      int firstSequence) {
    String id = input.id().value();
    List<String> order = decision.attemptOrder();
    int attempts = Math.min(maxAttempts, order.size());
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < attempts; attempt++) {
      ClusterConfig cluster = clusters.getConfig(order.get(attempt));
      boolean recordedCluster = cluster.id().equals(input.cluster().id());
      int sequence = firstSequence + attempt;
      SparkApplicationManifest manifest;
      try {
        manifest =
            recordedCluster && built.isPresent()
                ? built.get()
                : specBuilder.build(input.onCluster(cluster));
      } catch (GatewayException e) {
        // This cluster's policy or images refuse what another cluster took: it is no place for it.
        store.recordAttempt(
            id,
            sequence,
            cluster.id(),
            CreateAttempt.Outcome.REJECTED,
            e.getMessage(),
            clock.instant());
        failures.add(cluster.id() + ": " + e.getMessage());
        continue;
      }
      if (!recordedCluster) {
        if (attempt > 0) {
          metrics.failover(order.get(attempt - 1), cluster.id());
        }
        store.moveToCluster(
            id,
            cluster.id(),
            cluster.namespace(),
            records.specJson(manifest),
            decision.reason()
                + "; after "
                + String.join("; ", failures)
                + ", tried "
                + cluster.id());
      }
      pacer.took(cluster.id());
      try {
        clusters.client(cluster.id()).create(manifest);
      } catch (GatewayException e) {
        if (e.code() == ErrorCode.SUBMISSION_EXISTS) {
          // The name is the submission's own: an earlier try of this submission created it.
          writer.recordAttempt(
              new StatusWriter.AttemptRecord(
                  id,
                  sequence,
                  cluster.id(),
                  CreateAttempt.Outcome.CREATED,
                  "it existed already",
                  clock.instant()));
          return;
        }
        if (e.code() == ErrorCode.CLUSTER_UNAVAILABLE && landedAfterAll(cluster, manifest)) {
          // The create's answer was lost (a timeout), not the create: it runs there, once.
          landed(input, cluster, manifest, sequence, "its answer was lost, but the cluster has it");
          return;
        }
        // Unreachable or failing (5xx, 429): the cluster's fault, try the next. Anything else is
        // the request's: no other cluster is tried and no cluster's health changes.
        boolean retryable = e.code().category() == ErrorCategory.CLUSTER_UNAVAILABLE;
        writer.recordAttempt(
            new StatusWriter.AttemptRecord(
                id,
                sequence,
                cluster.id(),
                retryable ? CreateAttempt.Outcome.UNAVAILABLE : CreateAttempt.Outcome.REJECTED,
                e.getMessage(),
                clock.instant()));
        if (!retryable) {
          metrics.submission(input.queue().name(), cluster.id(), "rejected");
          fail(id, e.getMessage());
          throw e;
        }
        if (e.code() == ErrorCode.CLUSTER_FAILED) {
          health.reportCreateFailed(cluster.id(), id, input.owner(), e.getMessage());
        } else {
          health.reportUnreachable(cluster.id(), e.getMessage());
        }
        failures.add(cluster.id() + ": " + e.getMessage());
        LOG.warn(
            "Create of {} on {} failed ({}); {}",
            id,
            cluster.id(),
            e.getMessage(),
            attempt + 1 < attempts ? "trying the next cluster" : "giving up");
        continue;
      }
      landed(input, cluster, manifest, sequence, null);
      return;
    }
    String message = "no cluster could take the application: " + String.join("; ", failures);
    metrics.submission(input.queue().name(), input.cluster().id(), "failed");
    fail(id, message);
    throw new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, message);
  }

  /** Whether a create of this replica or a watch has reported the submission on a cluster. */
  public boolean tracks(String submissionId) {
    return cache.find(submissionId).isPresent();
  }

  /**
   * The create is on the cluster, answered or found there: from here on nothing may answer a
   * failure, the database included; a submission killed meanwhile has it deleted at once.
   */
  private void landed(
      SpecInput input,
      ClusterConfig cluster,
      SparkApplicationManifest manifest,
      int sequence,
      String note) {
    health.reportCreated(cluster.id());
    if (killedWhileCreating(input.id().value())) {
      deleteKilled(cluster, manifest, sequence);
      return;
    }
    created(input, cluster, sequence, note);
  }

  /**
   * Whether the submission was killed (or closed) while its create was in flight: by this replica
   * (its kill intent) or by another (its record has ended). A database that does not answer is not
   * taken for a kill.
   */
  private boolean killedWhileCreating(String id) {
    if (intents.expects(id)) {
      return true;
    }
    try {
      return store.find(id).map(r -> r.state().isTerminal()).orElse(false);
    } catch (GatewayException unanswered) {
      return false;
    }
  }

  /** Deletes what a create made for a submission killed meanwhile: it must not run. */
  private void deleteKilled(
      ClusterConfig cluster, SparkApplicationManifest manifest, int sequence) {
    String id = manifest.name();
    String note = "created, then deleted: the submission was killed while its create was in flight";
    try {
      clusters.client(cluster.id()).delete(cluster.namespace(), id);
    } catch (GatewayException e) {
      // Its watch reports it, and the kill intent (or the ended record) has it deleted then.
      note = "created while it was being killed; its deletion failed (" + e.getMessage() + ")";
    }
    LOG.info("Submission {}: {}", id, note);
    writer.recordAttempt(
        new StatusWriter.AttemptRecord(
            id, sequence, cluster.id(), CreateAttempt.Outcome.CREATED, note, clock.instant()));
  }

  /**
   * Whether a create that could not be answered reached the cluster after all, asked of the
   * cluster; false when that cannot be asked either (a copy that landed anyway is then deleted as a
   * stray when the cluster's watch reports it).
   */
  private boolean landedAfterAll(ClusterConfig cluster, SparkApplicationManifest manifest) {
    try {
      return clusters.client(cluster.id()).exists(cluster.namespace(), manifest.name());
    } catch (GatewayException unanswered) {
      return false;
    }
  }

  private void created(SpecInput input, ClusterConfig cluster, int sequence, String note) {
    String id = input.id().value();
    metrics.submission(input.queue().name(), cluster.id(), "created");
    cache.putCreated(
        new TrackedApplication(
            id,
            cluster.id(),
            cluster.namespace(),
            input.owner(),
            input.submittedBy(),
            input.queue().name(),
            clock.instant(),
            input.maxRunningMillis(),
            ApplicationStatus.unknown(),
            true));
    writer.recordAttempt(
        new StatusWriter.AttemptRecord(
            id, sequence, cluster.id(), CreateAttempt.Outcome.CREATED, note, clock.instant()));
  }

  private void fail(String id, String message) {
    ApplicationStatus failed =
        ApplicationStatus.unknown()
            .withState(ApplicationState.SUBMISSION_FAILED, message, clock.instant());
    try {
      writer.recordNow(id, failed, "gateway");
      cache.update(id, current -> current.withStatus(failed));
    } catch (GatewayException storeFailure) {
      LOG.warn("Could not record the failed submission {}: {}", id, storeFailure.getMessage());
    }
  }
}
