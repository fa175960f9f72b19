package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import dev.bpg.cluster.ClusterClientRegistry;
import dev.bpg.cluster.ClusterHealth;
import dev.bpg.cluster.ClusterHealthMonitor;
import dev.bpg.cluster.ClusterWatches;
import dev.bpg.config.ClusterConfig;
import dev.bpg.http.ClusterOverview;
import dev.bpg.http.dto.ClusterSummary;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.routing.ClusterLoad;
import dev.bpg.routing.SubmitPacer;
import dev.bpg.submission.AdmissionControl;
import dev.bpg.submission.StatusCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How each cluster is doing, for people and for scrapers: health, load, held submissions and limits
 * as {@code GET /admin/clusters} shows them, and the same as gauges of the metrics endpoint.
 */
final class ClusterReports implements ClusterOverview {
  private final ClusterClientRegistry clusters;
  private final ClusterHealthMonitor health;
  private final ClusterWatches watches;
  private final StatusCache cache;
  private final AdmissionControl admission;
  private final SubmitPacer pacer;

  ClusterReports(
      ClusterClientRegistry clusters,
      ClusterHealthMonitor health,
      ClusterWatches watches,
      StatusCache cache,
      AdmissionControl admission,
      SubmitPacer pacer) {
    this.pacer = requireNonNull(pacer, "pacer is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.health = requireNonNull(health, "health is null");
    this.watches = requireNonNull(watches, "watches is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.admission = requireNonNull(admission, "admission is null");
  }

  /** Registers each cluster's gauges on the metrics. */
  void registerGauges(GatewayMetrics metrics) {
    for (String id : clusters.ids()) {
      if (pacer.share(id).isPresent()) {
        metrics.gauge(
            "bpg.cluster.submit.rate",
            "This replica's share of the cluster's maxSubmitRate, creates a second",
            () -> pacer.share(id).orElse(0),
            "cluster",
            id);
      }
      metrics.gauge(
          "bpg.cluster.health",
          "2 healthy, 1 degraded, 0 down",
          () -> 2 - health.health(id).state().ordinal(),
          "cluster",
          id);
      metrics.gauge(
          "bpg.cluster.running",
          "Applications whose driver runs",
          () -> cache.load(id).running(),
          "cluster",
          id);
      metrics.gauge(
          "bpg.cluster.pending",
          "Applications submitted, not yet running",
          () -> cache.load(id).pending(),
          "cluster",
          id);
      metrics.gauge(
          "bpg.cluster.queued",
          "Submissions this replica holds for the cluster",
          () -> admission.queuedByCluster().getOrDefault(id, 0),
          "cluster",
          id);
      metrics.gauge(
          "bpg.informer.watching",
          "1 while the cluster's informer watches",
          () -> watches.isWatching(id) ? 1 : 0,
          "cluster",
          id);
    }
    metrics.gauge("bpg.tracked.applications", "Applications in the status cache", cache::size);
  }

  /** Every cluster with its health and load, as {@code GET /admin/clusters} shows them. */
  @Override
  public List<ClusterSummary> clusters() {
    Map<String, Integer> queued = admission.queuedByCluster();
    List<ClusterSummary> out = new ArrayList<>();
    for (String id : clusters.ids()) {
      ClusterConfig config = clusters.getConfig(id);
      ClusterHealth state = health.health(id);
      ClusterLoad load = cache.load(id);
      OptionalInt free = load.freeRoom(config);
      out.add(
          new ClusterSummary(
              id,
              state.state().name(),
              state.reason(),
              state.since().toEpochMilli(),
              config.weight(),
              config.queues(),
              config.sparkVersions(),
              load.running(),
              load.pending(),
              queued.getOrDefault(id, 0),
              config.maxRunningApplications(),
              config.maxPendingApplications(),
              free.isPresent() ? free.getAsInt() : null,
              config.maxSubmitRate(),
              pacer.share(id).isPresent() ? pacer.share(id).getAsDouble() : null));
    }
    return out;
  }
}
