package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.tracking.ApplicationEvents;
import dev.bpg.submission.tracking.ClusterWatchStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One watch per cluster and namespace, feeding {@link ApplicationEvents}. A cluster that is down is
 * retried by its watch, with backoff. {@code onListed} hears a cluster's ID every time its watch
 * has listed it (the gateway reconciles that cluster then).
 */
public final class ClusterWatches implements ClusterWatchStatus, AutoCloseable {
  private final Map<String, ApplicationWatch> watches = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler;

  public ClusterWatches(
      ClusterClientRegistry clusters,
      ApplicationEvents events,
      Consumer<String> onListed,
      Clock clock) {
    requireNonNull(clusters, "clusters is null");
    requireNonNull(events, "events is null");
    requireNonNull(onListed, "onListed is null");
    requireNonNull(clock, "clock is null");
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bpg-watch-lister");
              thread.setDaemon(true);
              return thread;
            });
    ApplicationObservations observations = new ApplicationObservations(clock);
    for (String id : clusters.ids()) {
      watches.put(
          id,
          new ApplicationWatch(
              id,
              clusters.getConfig(id).namespace(),
              clusters.kubernetes(id),
              observations,
              events,
              onListed,
              scheduler,
              clock));
    }
  }

  /** Starts every watch; each lists its cluster, then follows it. */
  public void start() {
    watches.values().forEach(ApplicationWatch::start);
  }

  /** Whether every watch has listed its cluster once. */
  public boolean allListed() {
    return !watches.isEmpty() && watches.values().stream().allMatch(ApplicationWatch::hasSynced);
  }

  @Override
  public boolean isWatching(String clusterId) {
    ApplicationWatch watch = watches.get(clusterId);
    return watch != null && watch.hasSynced() && watch.isWatching();
  }

  @Override
  public void close() {
    watches.values().forEach(ApplicationWatch::close);
    scheduler.shutdownNow();
  }
}
