package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.SparkApplicationSpecBuilder;
import dev.bpg.submission.TrackedApplication;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer events into the status cache and the database: every change of status replaces the
 * cache entry, and every change the database does not have yet is written there. A deleted resource
 * stays in the database; if it was still running, it is closed as FAILED with the reason.
 */
public final class StatusTracker {
  private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

  private final StatusCache cache;
  private final SubmissionStore store;
  private final Clock clock;
  private final Map<String, String> killsInProgress = new ConcurrentHashMap<>();

  public StatusTracker(StatusCache cache, SubmissionStore store, Clock clock) {
    this.cache = requireNonNull(cache, "cache is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public void onUpsert(String clusterId, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    String id = meta.getName();
    ApplicationStatus status = SparkApplicationResources.statusOf(resource);
    TrackedApplication next = new TrackedApplication(id, clusterId, meta.getNamespace(),
        ownerOf(meta), annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_SUBMITTED_BY),
        SparkApplicationResources.creationTime(resource, clock.instant()),
        maxRunningMillisOf(meta), status, true);
    TrackedApplication previous = cache.find(id).orElse(null);
    cache.put(next);
    if (previous == null || !previous.status().equals(status)) {
      record(id, status, "informer:" + clusterId);
    }
  }

  public void onDelete(String clusterId, GenericKubernetesResource resource) {
    String id = resource.getMetadata().getName();
    ApplicationStatus last = cache.find(id).map(TrackedApplication::status)
        .orElseGet(() -> SparkApplicationResources.statusOf(resource));
    String killer = killsInProgress.remove(id);
    if (!last.state().isTerminal()) {
      String reason = killer != null ? killedMessage(killer)
          : "the SparkApplication was deleted from cluster " + clusterId + " while " + last.state();
      record(id, last.withState(ApplicationState.FAILED, reason, clock.instant()), "informer:" + clusterId);
    }
    // History is served from the database from now on.
    cache.remove(id);
  }

  /**
   * Announces that the gateway is about to delete an application on a caller's request, so that the
   * deletion, whenever the informer reports it, is recorded as that kill.
   */
  public void expectKill(String id, String caller) {
    killsInProgress.put(id, caller);
  }

  /** Withdraws {@link #expectKill} when the deletion failed. */
  public void cancelKill(String id) {
    killsInProgress.remove(id);
  }

  public static String killedMessage(String caller) {
    return "killed by " + caller + " through the gateway";
  }

  private void record(String id, ApplicationStatus status, String source) {
    try {
      store.recordStatus(id, status, source, clock.instant());
    } catch (GatewayException e) {
      // The informer goes on; a later event or the start-up reconciliation writes the state again.
      LOG.warn("Could not record state {} of {}: {}", status.state(), id, e.getMessage());
    }
  }

  private static String annotation(ObjectMeta meta, String key) {
    Map<String, String> annotations = meta.getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static String ownerOf(ObjectMeta meta) {
    String owner = annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_OWNER);
    if (owner != null) {
      return owner;
    }
    Map<String, String> labels = meta.getLabels();
    return labels == null ? null : labels.get(SparkApplicationSpecBuilder.LABEL_OWNER);
  }

  private static long maxRunningMillisOf(ObjectMeta meta) {
    Map<String, String> labels = meta.getLabels();
    String value = labels == null ? null : labels.get(SparkApplicationSpecBuilder.LABEL_MAX_RUNNING_MILLIS);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

}
