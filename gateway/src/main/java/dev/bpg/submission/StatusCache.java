package dev.bpg.submission;

import dev.bpg.routing.ClusterLoad;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The live status of every tracked application, fed by the informers and read by the status
 * endpoints without a call to any cluster. It also keeps, as entries change, how many applications
 * run and wait on each cluster and how many are active per queue and per owner, so that routing and
 * admission count in constant time.
 *
 * <p>Who writes it: {@code StatusEvents}, what the watches report (most writes); {@link
 * ClusterDispatcher}, the entry of an application it has just created ({@link #putCreated}, which
 * never replaces a newer watch report) and the end of a submission no cluster took; {@link
 * AdmissionControl}, the QUEUED entry of a submission it holds; {@link KillService} and {@code
 * RunningTimeLimit}, the end they have just recorded. Each write replaces one entry atomically, and
 * the store, not this cache, decides the order of states: a write that comes late changes what a
 * read sees for a moment, never the history.
 */
public final class StatusCache {
  private final ConcurrentMap<String, TrackedApplication> entries = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> runningByCluster = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> pendingByCluster = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> activeByQueue = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> activeByOwnerInQueue =
      new ConcurrentHashMap<>();

  public Optional<TrackedApplication> find(String submissionId) {
    return Optional.ofNullable(entries.get(submissionId));
  }

  public void put(TrackedApplication application) {
    entries.compute(
        application.submissionId(),
        (id, old) -> {
          count(old, -1);
          count(application, 1);
          return application;
        });
  }

  /**
   * Adds the entry of an application the gateway has just created, unless the cluster's watch has
   * already reported it from that cluster: that report is newer (the application may even have
   * ended by now) and stays. An entry from another cluster (a copy left by a create that timed out
   * there) or a QUEUED placeholder is replaced.
   */
  public void putCreated(TrackedApplication application) {
    entries.compute(
        application.submissionId(),
        (id, old) -> {
          if (old != null
              && old.clusterId().equals(application.clusterId())
              && old.status().state() != ApplicationState.QUEUED) {
            return old;
          }
          count(old, -1);
          count(application, 1);
          return application;
        });
  }

  /** Replaces an entry atomically; returns the new entry, or empty when there was none. */
  public Optional<TrackedApplication> update(
      String submissionId, UnaryOperator<TrackedApplication> change) {
    return Optional.ofNullable(
        entries.computeIfPresent(
            submissionId,
            (id, current) -> {
              TrackedApplication next = change.apply(current);
              count(current, -1);
              count(next, 1);
              return next;
            }));
  }

  public void remove(String submissionId) {
    entries.computeIfPresent(
        submissionId,
        (id, old) -> {
          count(old, -1);
          return null;
        });
  }

  /** A snapshot of every entry, for periodic checks. */
  public List<TrackedApplication> snapshot() {
    return List.copyOf(entries.values());
  }

  public int size() {
    return entries.size();
  }

  /** What the cluster runs and holds pending, as its informer last said. */
  public ClusterLoad load(String clusterId) {
    return new ClusterLoad(value(runningByCluster, clusterId), value(pendingByCluster, clusterId));
  }

  /** Applications of the queue on a cluster and not ended. */
  public int activeInQueue(String queue) {
    return value(activeByQueue, queue);
  }

  /** Applications of this owner in the queue on a cluster and not ended. */
  public int activeOfOwner(String queue, String owner) {
    return value(activeByOwnerInQueue, queue + '\u0000' + owner);
  }

  private void count(TrackedApplication app, int delta) {
    if (app == null || !app.isActive()) {
      return;
    }
    (app.status().state().isRunning() ? runningByCluster : pendingByCluster)
        .computeIfAbsent(app.clusterId(), k -> new AtomicInteger())
        .addAndGet(delta);
    if (app.queue() != null) {
      activeByQueue.computeIfAbsent(app.queue(), k -> new AtomicInteger()).addAndGet(delta);
      if (app.owner() != null) {
        activeByOwnerInQueue
            .computeIfAbsent(app.queue() + '\u0000' + app.owner(), k -> new AtomicInteger())
            .addAndGet(delta);
      }
    }
  }

  private static int value(ConcurrentMap<String, AtomicInteger> counts, String key) {
    AtomicInteger count = counts.get(key);
    return count == null ? 0 : Math.max(0, count.get());
  }
}
