package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.tracking.ApplicationEvents;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the SparkApplications of one cluster and namespace: list, then watch from the list's
 * resource version; when the watch ends for any reason, list and watch again, with backoff. It is
 * an informer without the informer's store: the gateway keeps only the small tracked entry of each
 * application (read by {@link ApplicationObservations}), not the whole object, so memory grows by a
 * few hundred bytes per application instead of several kilobytes. Each list is reported to the
 * {@link ApplicationEvents} too, which finds what was deleted while the watch was down.
 */
final class ApplicationWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationWatch.class);
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  private final String clusterId;
  private final String namespace;
  private final KubernetesClient client;
  private final ApplicationObservations observations;
  private final ApplicationEvents events;
  private final Consumer<String> onSynced;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private volatile boolean synced;
  private volatile boolean watching;
  private volatile boolean closed;
  private volatile Watch watch;
  private int failures;

  ApplicationWatch(
      String clusterId,
      String namespace,
      KubernetesClient client,
      ApplicationObservations observations,
      ApplicationEvents events,
      Consumer<String> onSynced,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.clusterId = requireNonNull(clusterId, "clusterId is null");
    this.namespace = requireNonNull(namespace, "namespace is null");
    this.client = requireNonNull(client, "client is null");
    this.observations = requireNonNull(observations, "observations is null");
    this.events = requireNonNull(events, "events is null");
    this.onSynced = requireNonNull(onSynced, "onSynced is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void start() {
    scheduler.execute(this::listAndWatch);
  }

  boolean hasSynced() {
    return synced;
  }

  boolean isWatching() {
    return watching;
  }

  private void listAndWatch() {
    if (closed) {
      return;
    }
    try {
      Instant listedAt = clock.instant();
      GenericKubernetesResourceList list =
          client
              .genericKubernetesResources(SparkApplicationResources.CONTEXT)
              .inNamespace(namespace)
              .list();
      Set<String> present = new HashSet<>();
      for (GenericKubernetesResource resource : list.getItems()) {
        present.add(resource.getMetadata().getName());
        events.applied(observations.observe(clusterId, resource));
      }
      events.listed(clusterId, present, listedAt);
      watch =
          client
              .genericKubernetesResources(SparkApplicationResources.CONTEXT)
              .inNamespace(namespace)
              .watch(
                  new ListOptionsBuilder()
                      .withResourceVersion(list.getMetadata().getResourceVersion())
                      .build(),
                  new Events());
      watching = true;
      failures = 0;
      if (!synced) {
        synced = true;
        LOG.info("Watching SparkApplications of cluster {} in namespace {}", clusterId, namespace);
      }
      onSynced.accept(clusterId);
    } catch (KubernetesClientException e) {
      watching = false;
      retryLater("listing failed: " + ClusterHealthMonitor.describe(e));
    }
  }

  private void retryLater(String why) {
    if (closed) {
      return;
    }
    failures++;
    long delay = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures, 6));
    if (failures == 1) {
      LOG.warn("Watch of cluster {} stopped ({}); listing again in {} ms", clusterId, why, delay);
    }
    scheduler.schedule(this::listAndWatch, delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    watching = false;
    Watch current = watch;
    if (current != null) {
      current.close();
    }
  }

  private final class Events implements Watcher<GenericKubernetesResource> {
    @Override
    public void eventReceived(Action action, GenericKubernetesResource resource) {
      switch (action) {
        case ADDED, MODIFIED -> events.applied(observations.observe(clusterId, resource));
        case DELETED ->
            events.deleted(
                clusterId,
                resource.getMetadata().getName(),
                Optional.of(SparkApplicationResources.statusOf(resource)));
        case ERROR, BOOKMARK -> {
          // Nothing to track: an error ends the watch, which lists again.
        }
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      watching = false;
      retryLater(
          cause.isHttpGone() ? "resource version too old" : String.valueOf(cause.getMessage()));
    }

    @Override
    public void onClose() {
      watching = false;
      retryLater("closed by the server");
    }
  }
}
