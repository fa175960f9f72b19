package dev.bpg.submission.tracking;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.TrackedApplication;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops applications that run longer than their queue allows (the {@code maxRunningMillis} label,
 * counted from the resource's creation): any application the cluster reports live and over its
 * limit is deleted, whatever the store says of it, and its end recorded when the store takes it.
 * With several replicas each may delete it once; the first deletion ends it everywhere (the watches
 * report it), and a second finds nothing.
 */
public final class RunningTimeLimit {
  private static final Logger LOG = LoggerFactory.getLogger(RunningTimeLimit.class);

  private final StatusCache cache;
  private final StatusWriter writer;
  private final ClusterClients clusters;
  private final PodLogArchiver logs;
  private final Clock clock;

  /** Kills recorded whose delete failed: retried on the next check. */
  private final Set<String> pendingDeletes = ConcurrentHashMap.newKeySet();

  public RunningTimeLimit(
      StatusCache cache,
      StatusWriter writer,
      ClusterClients clusters,
      PodLogArchiver logs,
      Clock clock) {
    this.cache = requireNonNull(cache, "cache is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.logs = requireNonNull(logs, "logs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Kills what has run too long; returns how many this replica killed. */
  public int check() {
    Instant now = clock.instant();
    int killed = 0;
    for (TrackedApplication app : cache.snapshot()) {
      if (pendingDeletes.contains(app.submissionId())) {
        delete(app);
        continue;
      }
      if (!app.live()
          || app.status().state().isTerminal()
          || app.status().state() == ApplicationState.QUEUED
          || app.maxRunningMillis() <= 0
          || now.toEpochMilli() - app.creationTime().toEpochMilli() <= app.maxRunningMillis()) {
        continue;
      }
      String reason =
          "killed by the gateway: ran longer than its maximum running time of "
              + app.maxRunningMillis()
              + " ms";
      ApplicationStatus killedStatus = app.status().withState(ApplicationState.FAILED, reason, now);
      // The cluster says it runs, over its limit: it is deleted whatever the store says (the
      // store may have missed its create, or recorded a failed submit while a create landed, or
      // be down). Several replicas may each delete it; a second delete finds nothing.
      try {
        writer.recordNow(app.submissionId(), killedStatus, "running-time-limit");
      } catch (GatewayException e) {
        LOG.warn(
            "Could not record the kill of over-long {} ({}); deleting it anyway",
            app.submissionId(),
            e.getMessage());
      }
      cache.update(app.submissionId(), current -> current.withStatus(killedStatus));
      LOG.info("Killing {}: {}", app.submissionId(), reason);
      killed++;
      logs.beforeDelete(app);
      delete(app);
    }
    return killed;
  }

  private void delete(TrackedApplication app) {
    try {
      clusters.client(app.clusterId()).delete(app.namespace(), app.submissionId());
      pendingDeletes.remove(app.submissionId());
    } catch (GatewayException e) {
      pendingDeletes.add(app.submissionId());
      LOG.warn("Could not delete over-long {} yet: {}", app.submissionId(), e.getMessage());
    }
  }
}
