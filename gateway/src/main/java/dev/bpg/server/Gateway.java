package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cluster.Clusters;
import dev.bpg.cluster.StatusCache;
import dev.bpg.cluster.Reconciler;
import dev.bpg.cluster.RunningTimeLimit;
import dev.bpg.cluster.StatusTracker;
import dev.bpg.config.GatewayConfiguration;
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

  private final Database database;
  private final Clusters clusters;
  private final StatusCache cache;
  private final StatusTracker tracker;
  private final SubmissionStore store;
  private final SubmissionService submissions;
  private final SubmissionQueries queries;
  private final TrackingConfig tracking;
  private final Reconciler reconciler;
  private final RunningTimeLimit runningTimeLimit;
  private ScheduledExecutorService maintenance;

  private Gateway(Database database, Clusters clusters, StatusCache cache, StatusTracker tracker,
      SubmissionStore store, SubmissionService submissions, SubmissionQueries queries,
      TrackingConfig tracking, Clock clock) {
    this.database = database;
    this.clusters = clusters;
    this.cache = cache;
    this.tracker = tracker;
    this.store = store;
    this.submissions = submissions;
    this.queries = queries;
    this.tracking = tracking;
    this.reconciler = new Reconciler(clusters, store, clock, tracking.reconcileGrace());
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
      StatusTracker tracker = new StatusTracker(cache, store, clock);
      SubmissionService submissions = new SubmissionService(
          new QueueResolver(config.queues()),
          new WeightedRouter(config.clusters(), bound -> ThreadLocalRandom.current().nextInt(bound)),
          clusters,
          new SparkApplicationSpecBuilder(config.spark()),
          store,
          cache,
          tracker,
          Set.copyOf(config.auth().delegatingUsers()),
          json,
          clock,
          UUID::randomUUID);
      SubmissionQueries queries = new SubmissionQueries(cache, store, clusters);
      return new Gateway(database, clusters, cache, tracker, store, submissions, queries,
          config.tracking(), clock);
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
    maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "bpg-maintenance");
      thread.setDaemon(true);
      return thread;
    });
    // Each cluster is reconciled as soon as its informer has listed it, then all periodically.
    clusters.startInformers(tracker,
        clusterId -> maintenance.execute(() -> quietly("reconcile " + clusterId, () -> {
          reconciler.reconcile(clusterId);
        })));
    long interval = tracking.reconcileInterval().toMillis();
    maintenance.scheduleWithFixedDelay(() -> quietly("reconcile", () -> {
      reconciler.reconcileAll();
    }),
        interval, interval, TimeUnit.MILLISECONDS);
    long check = tracking.runningTimeCheckInterval().toMillis();
    maintenance.scheduleWithFixedDelay(() -> quietly("running-time check", () -> {
      runningTimeLimit.check();
    }),
        check, check, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    if (maintenance != null) {
      maintenance.shutdownNow();
      maintenance.awaitTermination(5, TimeUnit.SECONDS);
    }
    clusters.close();
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
