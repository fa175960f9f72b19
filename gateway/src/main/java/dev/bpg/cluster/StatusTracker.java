package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.SparkApplicationSpecBuilder;
import dev.bpg.submission.TrackedApplication;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns watch events into the status cache and the database: every change of status replaces the
 * cache entry at once (reads are fresh), and is written to the database by one writer thread, in the
 * order seen, so that watching never waits for the database. A deleted resource stays in the
 * database; if it was still running, it is closed as FAILED with the reason, and its cache entry goes
 * only once that is written, so that a read never finds neither.
 */
public final class StatusTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);
  private static final int MAX_INTERNED = 50_000;

  private final java.util.concurrent.ExecutorService writer =
      java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bpg-status-writer");
        thread.setDaemon(true);
        return thread;
      });
  private final java.util.concurrent.atomic.AtomicInteger backlog = new java.util.concurrent.atomic.AtomicInteger();
  /** The few distinct cluster, namespace, owner and queue names, stored once however many entries use them. */
  private final Map<String, String> interned = new ConcurrentHashMap<>();

  private final StatusCache cache;
  private final SubmissionStore store;
  private final Clock clock;
  private final Map<String, String> killsInProgress = new ConcurrentHashMap<>();
  /** Statuses the database could not take (it was down): written again by {@link #retryUnrecorded}. */
  private final Map<String, Unrecorded> unrecorded = new ConcurrentHashMap<>();
  private final java.util.List<Runnable> endListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private record Unrecorded(ApplicationStatus status, String source) {}

  private final GatewayMetrics metrics;
  private volatile java.util.function.BiConsumer<String, GenericKubernetesResource> strayCopies = (c, r) -> { };

  /** Where to send a copy of a submission found on a cluster it does not run on, to delete it. */
  public void onStrayCopy(java.util.function.BiConsumer<String, GenericKubernetesResource> handler) {
    strayCopies = requireNonNull(handler, "handler is null");
  }

  public StatusTracker(StatusCache cache, SubmissionStore store, Clock clock, GatewayMetrics metrics) {
    this.cache = requireNonNull(cache, "cache is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  public void onUpsert(String clusterId, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    String id = meta.getName();
    ApplicationStatus status = SparkApplicationResources.statusOf(resource);
    TrackedApplication next = new TrackedApplication(id, intern(clusterId), intern(meta.getNamespace()),
        intern(ownerOf(meta)), intern(annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_SUBMITTED_BY)),
        intern(annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_QUEUE)),
        SparkApplicationResources.creationTime(resource, clock.instant()),
        maxRunningMillisOf(meta), status, true);
    TrackedApplication previous = cache.find(id).orElse(null);
    if (previous != null && previous.live() && !previous.clusterId().equals(clusterId)
        && previous.status().state() != dev.bpg.submission.ApplicationState.QUEUED) {
      // The same submission on a second cluster: a create that timed out on one cluster did reach it
      // after the gateway had moved on. The submission's cluster is the one it was recorded on, so the
      // stray copy is removed rather than left to run twice.
      LOG.warn("Submission {} appeared on {} but runs on {}: deleting the stray copy", id, clusterId,
          previous.clusterId());
      strayCopies.accept(clusterId, resource);
      return;
    }
    if (previous == null || previous.status().state() == dev.bpg.submission.ApplicationState.UNKNOWN) {
      Duration sinceCreation = Duration.between(next.creationTime(), clock.instant());
      if (!sinceCreation.isNegative() && sinceCreation.compareTo(Duration.ofMinutes(1)) < 0) {
        metrics.informerLag(clusterId, sinceCreation);
      }
    }
    cache.put(next);
    if (previous == null || !previous.status().equals(status)) {
      record(id, status, "informer:" + clusterId);
    }
  }

  public void onDelete(String clusterId, GenericKubernetesResource resource) {
    String id = resource.getMetadata().getName();
    TrackedApplication known = cache.find(id).orElse(null);
    if (known != null && !known.clusterId().equals(clusterId)) {
      // A copy on a cluster the submission does not run on (left by a create that timed out there)
      // went away, most likely deleted as a stray: the submission itself runs on.
      LOG.info("The copy of {} on {} is gone; the submission runs on {}", id, clusterId, known.clusterId());
      return;
    }
    ApplicationStatus last = cache.find(id).map(TrackedApplication::status)
        .orElseGet(() -> SparkApplicationResources.statusOf(resource));
    String killer = killsInProgress.remove(id);
    if (!last.state().isTerminal()) {
      String reason = killer != null ? killedMessage(killer)
          : "the SparkApplication was deleted from cluster " + clusterId + " while " + last.state();
      ApplicationStatus closed = last.withState(ApplicationState.FAILED, reason, clock.instant());
      cache.update(id, current -> current.withStatus(closed));
      record(id, closed, "informer:" + clusterId);
    }
    // History is served from the database from now on: once what came before is written.
    submit(() -> cache.remove(id));
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
    Instant at = clock.instant();
    submit(() -> write(id, status, source, at));
  }

  private void submit(Runnable task) {
    backlog.incrementAndGet();
    try {
      writer.execute(() -> {
        try {
          task.run();
        } finally {
          backlog.decrementAndGet();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      backlog.decrementAndGet();
      LOG.debug("The status writer has stopped; a status is not recorded by this replica");
    }
  }

  /** How many writes wait for the database. */
  public int backlog() {
    return backlog.get();
  }

  private void write(String id, ApplicationStatus status, String source, Instant at) {
    try {
      if (store.recordStatus(id, status, source, at)) {
        metrics.transition(status.state().name());
      }
      unrecorded.remove(id);
    } catch (GatewayException e) {
      // The informer goes on; the status is written again once the database is back.
      unrecorded.put(id, new Unrecorded(status, source));
      LOG.warn("Could not record state {} of {}: {}", status.state(), id, e.getMessage());
    }
    if (status.state().isTerminal()) {
      endListeners.forEach(Runnable::run);
    }
  }

  /** Writes the statuses the database missed while it was down; returns how many are still missing. */
  public int retryUnrecorded() {
    for (Map.Entry<String, Unrecorded> entry : Map.copyOf(unrecorded).entrySet()) {
      try {
        store.recordStatus(entry.getKey(), entry.getValue().status(), entry.getValue().source(), clock.instant());
        unrecorded.remove(entry.getKey(), entry.getValue());
      } catch (GatewayException e) {
        return unrecorded.size();
      }
    }
    return unrecorded.size();
  }

  /** Stops the writer once what it holds is written (or after a few seconds). */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private String intern(String value) {
    if (value == null) {
      return null;
    }
    String known = interned.putIfAbsent(value, value);
    if (known != null) {
      return known;
    }
    if (interned.size() > MAX_INTERNED) {
      interned.clear();
    }
    return value;
  }

  /** Runs {@code listener} whenever an application ends, so that waiting submissions can go. */
  public void onApplicationEnd(Runnable listener) {
    endListeners.add(listener);
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
