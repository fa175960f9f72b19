package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills applications on a caller's request by deleting their SparkApplication; the operator then
 * removes the pods. The submission ends FAILED with who killed it, unless it had already ended. A
 * submission this replica holds in its admission queue is dropped without a call to any cluster.
 */
public final class KillService {
  private static final Logger LOG = LoggerFactory.getLogger(KillService.class);

  private final AdmissionControl admission;
  private final ClusterClients clusters;
  private final KillIntents intents;
  private final StatusCache cache;
  private final StatusWriter writer;
  private final PodLogArchiver logs;
  private final Clock clock;

  public KillService(
      AdmissionControl admission,
      ClusterClients clusters,
      KillIntents intents,
      StatusCache cache,
      StatusWriter writer,
      PodLogArchiver logs,
      Clock clock) {
    this.admission = requireNonNull(admission, "admission is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.intents = requireNonNull(intents, "intents is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.logs = requireNonNull(logs, "logs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Kills the application, which the caller may see.
   *
   * @throws GatewayException {@code CLUSTER_UNAVAILABLE} when its cluster cannot be reached, or
   *     {@code DATABASE_UNAVAILABLE} when the kill cannot be recorded
   */
  public void kill(TrackedApplication application, Caller caller) {
    requireNonNull(application, "application is null");
    String id = application.submissionId();
    ApplicationState state = application.status().state();
    if (state != ApplicationState.QUEUED || !admission.release(id)) {
      // Not held here (any more): it may be on its cluster, or its create in flight (a dispatch
      // took it from the queue a moment ago). Deleting what is not there is harmless, and the
      // dispatcher deletes what it creates for a submission killed meanwhile.
      // The pods go with the application: their logs are read first.
      logs.beforeDelete(application);
      intents.expect(id, caller.name());
      try {
        clusters.client(application.clusterId()).delete(application.namespace(), id);
      } catch (GatewayException e) {
        intents.cancel(id);
        throw e;
      }
    }
    if (!state.isTerminal()) {
      ApplicationStatus killed =
          application
              .status()
              .withState(
                  ApplicationState.FAILED,
                  KillIntents.killedMessage(caller.name()),
                  clock.instant());
      cache.update(id, current -> current.withStatus(killed));
      writer.recordNow(id, killed, "kill:" + caller.name());
    }
    LOG.info("Submission {} killed by {}", id, caller.name());
  }
}
