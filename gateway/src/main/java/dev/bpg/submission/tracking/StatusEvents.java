package dev.bpg.submission.tracking;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.DispatchTrigger;
import dev.bpg.submission.KillIntents;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionMetrics;
import dev.bpg.submission.TrackedApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that turn what the watches report into the gateway's state. Every change of status
 * replaces the {@link StatusCache} entry at once, so reads are fresh, and goes to the store through
 * the {@link StatusWriter}'s ordered writer, so watching never waits for the database. A deleted
 * application stays in the store; if it had not ended, it is closed as FAILED with the reason (the
 * kill that deleted it, when this replica sent one), and its cache entry goes only once that is
 * written, so that a read never finds neither. An application that ends may free room for held
 * submissions: the {@link DispatchTrigger} is pulled; and its pods' logs are handed to the {@link
 * PodLogArchiver} before the cluster removes them.
 *
 * <p>A submission reported by a cluster it is not recorded on is a copy left by a create that timed
 * out there after the gateway had moved on: that stray copy is deleted rather than left to run
 * twice, and its deletion does not touch the submission.
 */
public final class StatusEvents implements ApplicationEvents {
  private static final Logger LOG = LoggerFactory.getLogger(StatusEvents.class);

  /** A first report later than this after the creation is a re-list, not the watch's lag. */
  private static final Duration MAX_LAG = Duration.ofMinutes(1);

  private final StatusCache cache;
  private final StatusWriter writer;
  private final ClusterClients clusters;
  private final KillIntents kills;
  private final SubmissionMetrics metrics;
  private final DispatchTrigger roomFreed;
  private final PodLogArchiver logs;
  private final Clock clock;

  public StatusEvents(
      StatusCache cache,
      StatusWriter writer,
      ClusterClients clusters,
      KillIntents kills,
      SubmissionMetrics metrics,
      DispatchTrigger roomFreed,
      PodLogArchiver logs,
      Clock clock) {
    this.cache = requireNonNull(cache, "cache is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.kills = requireNonNull(kills, "kills is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.roomFreed = requireNonNull(roomFreed, "roomFreed is null");
    this.logs = requireNonNull(logs, "logs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void applied(TrackedApplication observed) {
    String id = observed.submissionId();
    String clusterId = observed.clusterId();
    TrackedApplication previous = cache.find(id).orElse(null);
    if (previous != null
        && previous.live()
        && !previous.clusterId().equals(clusterId)
        && previous.status().state() != ApplicationState.QUEUED) {
      LOG.warn(
          "Submission {} appeared on {} but runs on {}: deleting the stray copy",
          id,
          clusterId,
          previous.clusterId());
      deleteStrayCopy(clusterId, observed.namespace(), id);
      return;
    }
    if (previous == null || previous.status().state() == ApplicationState.UNKNOWN) {
      Duration sinceCreation = Duration.between(observed.creationTime(), clock.instant());
      if (!sinceCreation.isNegative() && sinceCreation.compareTo(MAX_LAG) < 0) {
        metrics.informerLag(clusterId, sinceCreation);
      }
    }
    cache.put(observed);
    if (previous == null || !previous.status().equals(observed.status())) {
      writer.recordLater(id, observed.status(), "informer:" + clusterId);
    }
    if (observed.status().state().isTerminal()
        && (previous == null || !previous.status().state().isTerminal())) {
      roomFreed.pull();
      logs.ended(observed);
    }
  }

  @Override
  public void deleted(String clusterId, String submissionId, Optional<ApplicationStatus> lastSeen) {
    TrackedApplication known = cache.find(submissionId).orElse(null);
    if (known != null && !known.clusterId().equals(clusterId)) {
      // Most likely the stray copy deleted above: the submission itself runs on.
      LOG.info(
          "The copy of {} on {} is gone; the submission runs on {}",
          submissionId,
          clusterId,
          known.clusterId());
      return;
    }
    ApplicationStatus last =
        known != null ? known.status() : lastSeen.orElseGet(ApplicationStatus::unknown);
    Optional<String> killer = kills.take(submissionId);
    if (!last.state().isTerminal()) {
      String reason =
          killer
              .map(KillIntents::killedMessage)
              .orElse(
                  "the SparkApplication was deleted from cluster "
                      + clusterId
                      + " while "
                      + last.state());
      ApplicationStatus closed = last.withState(ApplicationState.FAILED, reason, clock.instant());
      cache.update(submissionId, current -> current.withStatus(closed));
      writer.recordLater(submissionId, closed, "informer:" + clusterId);
      roomFreed.pull();
    }
    // History is served from the store from now on: once what came before is written.
    writer.afterWrites(() -> cache.remove(submissionId));
  }

  @Override
  public void listed(String clusterId, Set<String> present, Instant listedAt) {
    for (TrackedApplication app : cache.snapshot()) {
      // Entries younger than the list are left alone: their create may have raced it.
      if (app.clusterId().equals(clusterId)
          && app.live()
          && app.status().state() != ApplicationState.QUEUED
          && !present.contains(app.submissionId())
          && app.creationTime().isBefore(listedAt)) {
        deleted(clusterId, app.submissionId(), Optional.empty());
      }
    }
  }

  private void deleteStrayCopy(String clusterId, String namespace, String submissionId) {
    try {
      clusters.client(clusterId).delete(namespace, submissionId);
    } catch (GatewayException e) {
      LOG.warn(
          "Could not delete the stray copy of {} on {}: {}",
          submissionId,
          clusterId,
          e.getMessage());
    }
  }
}
