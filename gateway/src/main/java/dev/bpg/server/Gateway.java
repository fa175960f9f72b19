package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cluster.ClusterHealth;
import dev.bpg.cluster.ClusterHealthMonitor;
import dev.bpg.cluster.Clusters;
import dev.bpg.cluster.StatusCache;
import dev.bpg.cluster.Reconciler;
import dev.bpg.cluster.RunningTimeLimit;
import dev.bpg.cluster.StatusTracker;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.http.dto.ClusterSummary;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.routing.ClusterLoad;
import dev.bpg.config.RoutingConfig;
import dev.bpg.config.TrackingConfig;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.WeightedRouter;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.SparkApplicationSpecBuilder;
import dev.bpg.submission.SubmissionQueries;
import dev.bpg.submission.SubmissionService;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The composition root: builds every long-lived part once (the database pool, one client per
 * cluster, the status cache, the services), starts the informers, and closes in reverse order.
 */
public final class Gateway implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** This process among the replicas sharing the database; it holds the submissions it queues. */
  private static final String REPLICA_ID = "replica-" + UUID.randomUUID().toString().substring(0, 13);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration REPLICA_STALE = Duration.ofSeconds(30);

  private final Database database;
  private final Clusters clusters;
  private final StatusCache cache;
  private final StatusTracker tracker;
  private final SubmissionStore store;
  private final SubmissionService submissions;
  private final SubmissionQueries queries;
  private final TrackingConfig tracking;
  private final RoutingConfig routing;
  private final ClusterHealthMonitor health;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private volatile Instant lastHeartbeat = Instant.EPOCH;
  private final Reconciler reconciler;
  private final RunningTimeLimit runningTimeLimit;
  private ScheduledExecutorService maintenance;
  private ScheduledExecutorService probes;

  private Gateway(Database database, Clusters clusters, StatusCache cache, StatusTracker tracker,
      ClusterHealthMonitor health, SubmissionStore store, SubmissionService submissions,
      SubmissionQueries queries, GatewayMetrics metrics, GatewayConfiguration config, Clock clock) {
    this.database = database;
    this.clusters = clusters;
    this.cache = cache;
    this.tracker = tracker;
    this.store = store;
    this.submissions = submissions;
    this.queries = queries;
    this.tracking = config.tracking();
    this.routing = config.routing();
    this.health = health;
    this.metrics = metrics;
    this.clock = clock;
    this.reconciler = new Reconciler(clusters, store, clock, config.effectiveReconcileGrace());
    this.runningTimeLimit = new RunningTimeLimit(cache, store, clusters, clock);
  }

  public static Gateway build(GatewayConfiguration config, ObjectMapper json, Clock clock) {
    requireNonNull(config, "config is null");
    Database database = Database.open(config.database());
    Clusters clusters = null;
    try {
      SubmissionStore store = new JdbcSubmissionStore(database.dataSource(), json, config.cost());
      clusters = Clusters.connect(config.clusters(), json);
      StatusCache cache = new StatusCache();
      GatewayMetrics metrics = new GatewayMetrics();
      StatusTracker tracker = new StatusTracker(cache, store, clock, metrics);
      ClusterHealthMonitor health = new ClusterHealthMonitor(clusters, cache, clock);
      SubmissionService submissions = new SubmissionService(
          new QueueResolver(config.queues()),
          new WeightedRouter(config.clusters(), bound -> ThreadLocalRandom.current().nextInt(bound), health),
          clusters,
          health,
          new SparkApplicationSpecBuilder(config.spark()),
          store,
          cache,
          tracker,
          Set.copyOf(config.auth().delegatingUsers()),
          config.routing().maxAttempts(),
          REPLICA_ID,
          json,
          clock,
          UUID::randomUUID,
          metrics);
      SubmissionQueries queries = new SubmissionQueries(cache, store, clusters);
      return new Gateway(database, clusters, cache, tracker, health, store, submissions, queries,
          metrics, config, clock);
    } catch (RuntimeException e) {
      if (clusters != null) {
        clusters.close();
      }
      database.close();
      throw e;
    }
  }

  @Override
  public void start() {
    registerGauges();
    maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "bpg-maintenance");
      thread.setDaemon(true);
      return thread;
    });
    // Each cluster is reconciled as soon as its watch has listed it, then all periodically.
    clusters.startWatches(tracker, cache,
        clusterId -> maintenance.execute(() -> quietly("reconcile " + clusterId, () -> {
          reconciler.reconcile(clusterId);
        })), clock);
    long interval = tracking.reconcileInterval().toMillis();
    maintenance.scheduleWithFixedDelay(() -> quietly("reconcile", () -> {
      reconciler.reconcileAll();
    }),
        interval, interval, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(() -> quietly("heartbeat", () -> {
      store.heartbeat(REPLICA_ID, clock.instant());
      lastHeartbeat = clock.instant();
      reconciler.closeOrphanedQueued(clock.instant().minus(REPLICA_STALE));
      tracker.retryUnrecorded();
    }), 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    long dispatch = routing.dispatchInterval().toMillis();
    maintenance.scheduleWithFixedDelay(() -> quietly("dispatch", () -> {
      submissions.dispatchQueued();
    }), dispatch, dispatch, TimeUnit.MILLISECONDS);
    probes = Executors.newScheduledThreadPool(Math.min(4, Math.max(1, clusters.ids().size())), runnable -> {
      Thread thread = new Thread(runnable, "bpg-health-probe");
      thread.setDaemon(true);
      return thread;
    });
    long probe = routing.healthProbeInterval().toMillis();
    for (String clusterId : clusters.ids()) {
      probes.scheduleWithFixedDelay(() -> quietly("probe of " + clusterId, () -> health.probe(clusterId)),
          0, probe, TimeUnit.MILLISECONDS);
    }
    long check = tracking.runningTimeCheckInterval().toMillis();
    maintenance.scheduleWithFixedDelay(() -> quietly("running-time check", () -> {
      runningTimeLimit.check();
    }),
        check, check, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    for (ScheduledExecutorService executor : new ScheduledExecutorService[] {probes, maintenance}) {
      if (executor != null) {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    try {
      submissions.closeQueued("the gateway replica that held it in its queue stopped; submit it again");
    } catch (RuntimeException e) {
      LOG.warn("Could not close the queued submissions: {}", e.getMessage());
    }
    clusters.close();
    tracker.close();
    database.close();
  }

  /** Runs a periodic task so that a failure is logged and the next run still happens. */
  private static void quietly(String task, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException e) {
      LOG.warn("The {} failed: {}", task, e.getMessage(), e);
    }
  }

  private void registerGauges() {
    for (String id : clusters.ids()) {
      metrics.gauge("bpg.cluster.health", "2 healthy, 1 degraded, 0 down",
          () -> 2 - health.health(id).state().ordinal(), "cluster", id);
      metrics.gauge("bpg.cluster.running", "Applications whose driver runs", () -> cache.load(id).running(),
          "cluster", id);
      metrics.gauge("bpg.cluster.pending", "Applications submitted, not yet running",
          () -> cache.load(id).pending(), "cluster", id);
      metrics.gauge("bpg.cluster.queued", "Submissions this replica holds for the cluster",
          () -> submissions.queuedByCluster().getOrDefault(id, 0), "cluster", id);
      metrics.gauge("bpg.informer.watching", "1 while the cluster's informer watches",
          () -> clusters.informerWatching(id) ? 1 : 0, "cluster", id);
    }
    metrics.gauge("bpg.tracked.applications", "Applications in the status cache", cache::size);
  }

  /**
   * Ready to serve: the database answered within the last heartbeats and at least one cluster is not
   * down. Empty when ready, else why not.
   */
  public Optional<String> notReadyBecause() {
    if (lastHeartbeat.isBefore(clock.instant().minus(HEARTBEAT.multipliedBy(3)))) {
      return Optional.of("the database has not answered since " + lastHeartbeat);
    }
    if (!health.anyHealthy()) {
      return Optional.of("every cluster is down");
    }
    return Optional.empty();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Every cluster with its health and load, as {@code GET /admin/clusters} shows them. */
  public List<ClusterSummary> clusterSummaries() {
    Map<String, Integer> queued = submissions.queuedByCluster();
    List<ClusterSummary> out = new ArrayList<>();
    for (String id : clusters.ids()) {
      ClusterConfig config = clusters.findConfig(id).orElseThrow();
      ClusterHealth state = health.health(id);
      ClusterLoad load = cache.load(id);
      OptionalInt free = load.freeRoom(config);
      out.add(new ClusterSummary(id, state.state().name(), state.reason(), state.since().toEpochMilli(),
          config.weight(), config.queues(), config.sparkVersions(), load.running(), load.pending(),
          queued.getOrDefault(id, 0), config.maxRunningApplications(), config.maxPendingApplications(),
          free.isPresent() ? free.getAsInt() : null));
    }
    return out;
  }

  public ClusterHealthMonitor health() {
    return health;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public Clusters clusters() {
    return clusters;
  }

  public StatusCache cache() {
    return cache;
  }

  public SubmissionStore store() {
    return store;
  }

  public SubmissionService submissions() {
    return submissions;
  }

  public SubmissionQueries queries() {
    return queries;
  }
}
