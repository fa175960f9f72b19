package dev.bpg.submission.tracking;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.ClusterClients;
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
 * counted from the resource's creation). With several replicas exactly one kills each application:
 * the one whose store write moves it to FAILED; the others' writes find it ended and do nothing.
 */
public final class RunningTimeLimit {
  private static final Logger LOG = LoggerFactory.getLogger(RunningTimeLimit.class);

  private final StatusCache cache;
  private final StatusWriter writer;
  private final ClusterClients clusters;
  private final Clock clock;

  /** Kills recorded whose delete failed: retried on the next check. */
  private final Set<String> pendingDeletes = ConcurrentHashMap.newKeySet();

  public RunningTimeLimit(
      StatusCache cache, StatusWriter writer, ClusterClients clusters, Clock clock) {
    this.cache = requireNonNull(cache, "cache is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
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
          || app.maxRunningMillis() <= 0
          || now.toEpochMilli() - app.creationTime().toEpochMilli() <= app.maxRunningMillis()) {
        continue;
      }
      String reason =
          "killed by the gateway: ran longer than its maximum running time of "
              + app.maxRunningMillis()
              + " ms";
      ApplicationStatus killedStatus = app.status().withState(ApplicationState.FAILED, reason, now);
      try {
        if (writer.recordNow(app.submissionId(), killedStatus, "running-time-limit")) {
          cache.update(app.submissionId(), current -> current.withStatus(killedStatus));
          LOG.info("Killing {}: {}", app.submissionId(), reason);
          killed++;
          delete(app);
        }
      } catch (GatewayException e) {
        LOG.warn("Could not kill over-long {}: {}", app.submissionId(), e.getMessage());
      }
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
