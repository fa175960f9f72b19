package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.artifact.LogArchive;
import dev.bpg.artifact.ObjectStore;
import dev.bpg.cluster.ClusterClientRegistry;
import dev.bpg.cluster.ClusterHealthMonitor;
import dev.bpg.cluster.ClusterWatches;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.RoutingConfig;
import dev.bpg.config.TrackingConfig;
import dev.bpg.console.SessionStore;
import dev.bpg.http.ArchivedLogs;
import dev.bpg.http.ClusterOverview;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.SubmitPacer;
import dev.bpg.routing.WeightedRouter;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSessionStore;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.submission.AdmissionControl;
import dev.bpg.submission.AdmissionQueue;
import dev.bpg.submission.ClusterDispatcher;
import dev.bpg.submission.DispatchTrigger;
import dev.bpg.submission.KillIntents;
import dev.bpg.submission.KillService;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.ReplicaLiveness;
import dev.bpg.submission.RunCost;
import dev.bpg.submission.SecretMasking;
import dev.bpg.submission.SparkApplicationSpecBuilder;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionQueries;
import dev.bpg.submission.SubmissionRecords;
import dev.bpg.submission.SubmissionService;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.submission.ZonePicker;
import dev.bpg.submission.policy.QueueAccess;
import dev.bpg.submission.policy.QueueTokens;
import dev.bpg.submission.tracking.Reconciler;
import dev.bpg.submission.tracking.RunningTimeLimit;
import dev.bpg.submission.tracking.StatusEvents;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every long-lived part once (the database pool, one client per
 * cluster, the status cache, the services) by constructor, starts the watches and the periodic
 * work, and stops in reverse order. Each kind of periodic work has a thread of its own, so that a
 * slow dispatch or reconciliation never delays this replica's heartbeat.
 */
public final class Gateway implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration REPLICA_STALE = Duration.ofSeconds(30);

  private final Database database;
  private final ClusterClientRegistry clusters;
  private final ClusterWatches watches;
  private final ClusterHealthMonitor health;
  private final StatusCache cache;
  private final StatusWriter writer;
  private final SubmissionStore store;
  private final SubmissionService submissions;
  private final KillService kills;
  private final AdmissionControl admission;
  private final DispatchTrigger dispatchTrigger;
  private final SubmissionQueries queries;
  private final Reconciler reconciler;
  private final RunningTimeLimit runningTimeLimit;
  private final ReplicaLiveness liveness;
  private final ClusterReports reports;
  private final GatewayMetrics metrics;
  private final TrackingConfig tracking;
  private final RoutingConfig routing;
  private final Clock clock;
  private final ScheduledExecutorService maintenance = Threads.daemonScheduler("bpg-maintenance");
  private final ScheduledExecutorService heartbeat = Threads.daemonScheduler("bpg-heartbeat");
  private volatile boolean stopping;
  private final ExecutorService dispatcher =
      Executors.newSingleThreadExecutor(Threads.daemon("bpg-dispatch"));
  private final ScheduledExecutorService probes;
  private final ExternalServices externals;
  private final Optional<LogArchive> logArchive;
  private final ScheduledExecutorService archiving;

  private Gateway(
      GatewayConfiguration config,
      ObjectMapper json,
      Clock clock,
      Database database,
      ClusterClientRegistry clusters,
      ExternalServices externals) {
    this.database = database;
    this.clusters = clusters;
    this.externals = externals;
    this.clock = clock;
    this.tracking = config.tracking();
    this.routing = config.routing();
    String replicaId = config.replicaId().orElseGet(ReplicaIds::generate);
    metrics = new GatewayMetrics();
    store = new JdbcSubmissionStore(database.dataSource(), json, new RunCost(config.cost()));
    cache = new StatusCache();
    writer = new StatusWriter(store, metrics, clock, HEARTBEAT);
    liveness = new ReplicaLiveness(replicaId, store, writer, clock, REPLICA_STALE);
    SubmitPacer pacer = new SubmitPacer(config.clusters(), liveness::liveReplicas, clock);
    KillIntents killIntents = new KillIntents();
    dispatchTrigger = new DispatchTrigger();
    archiving =
        Executors.newScheduledThreadPool(
            config.logArchive().workers(), Threads.daemon("bpg-log-archive"));
    logArchive =
        externals.logArchive(
            clusters,
            database.dataSource(),
            replicaId,
            config.logArchive(),
            metrics,
            clock,
            archiving);
    PodLogArchiver logs = logArchive.<PodLogArchiver>map(a -> a).orElse(PodLogArchiver.NONE);
    StatusEvents events =
        new StatusEvents(
            cache, writer, clusters, killIntents, metrics, dispatchTrigger, logs, clock);
    watches =
        new ClusterWatches(
            clusters,
            events,
            clusterId ->
                maintenance.execute(
                    () ->
                        Threads.quietly(
                            "reconcile " + clusterId,
                            () -> Gateway.this.reconciler.reconcile(clusterId))),
            clock);
    health = new ClusterHealthMonitor(clusters, watches, cache, pacer, clock);
    WeightedRouter router =
        new WeightedRouter(
            config.clusters(), bound -> ThreadLocalRandom.current().nextInt(bound), health);
    SparkApplicationSpecBuilder specBuilder =
        new SparkApplicationSpecBuilder(config.submissionSpark());
    SubmissionRecords records =
        new SubmissionRecords(json, new SecretMasking(config.spark()), replicaId);
    ClusterDispatcher creates =
        new ClusterDispatcher(
            clusters,
            health,
            specBuilder,
            store,
            records,
            cache,
            writer,
            metrics,
            clock,
            config.routing().maxAttempts(),
            pacer,
            killIntents);
    admission = new AdmissionControl(new AdmissionQueue(), router, creates, cache, writer, clock);
    submissions =
        new SubmissionService(
            new QueueResolver(config.queues()),
            router,
            clusters,
            specBuilder,
            new ZonePicker(),
            new QueueAccess(
                config.auth(), new QueueTokens(config.auth().queueTokenSecrets(), clock)),
            store,
            records,
            admission,
            creates,
            metrics,
            clock,
            UUID::randomUUID,
            config.dispatchLease());
    kills = new KillService(admission, clusters, killIntents, cache, writer, logs, clock);
    queries = new SubmissionQueries(cache, store, clusters, externals.applicationDirectory());
    reconciler =
        new Reconciler(
            clusters, watches, cache, store, writer, clock, config.effectiveReconcileGrace());
    runningTimeLimit = new RunningTimeLimit(cache, writer, clusters, logs, clock);
    reports = new ClusterReports(clusters, health, watches, cache, admission, pacer);
    probes =
        Executors.newScheduledThreadPool(
            Math.min(4, Math.max(1, clusters.ids().size())), Threads.daemon("bpg-health-probe"));
  }

  public static Gateway build(GatewayConfiguration config, ObjectMapper json, Clock clock) {
    requireNonNull(config, "config is null");
    requireNonNull(json, "json is null");
    requireNonNull(clock, "clock is null");
    Database database = Database.open(config.database());
    ClusterClientRegistry clusters = null;
    ExternalServices externals = null;
    try {
      clusters = ClusterClientRegistry.connect(config.clusters(), json);
      externals = ExternalServices.open(config, database.dataSource());
      return new Gateway(config, json, clock, database, clusters, externals);
    } catch (RuntimeException e) {
      if (externals != null) {
        externals.close();
      }
      if (clusters != null) {
        clusters.close();
      }
      database.close();
      throw e;
    }
  }

  @Override
  public void start() {
    reports.registerGauges(metrics);
    metrics.gauge(
        "bpg.database.up",
        "1 while the database answers this replica's heartbeats, 0 after three missed",
        () -> databaseAnswers() ? 1 : 0);
    // Each cluster is reconciled as soon as its watch has listed it, then all periodically.
    watches.start();
    long interval = tracking.reconcileInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        () -> Threads.quietly("reconcile", reconciler::reconcileAll),
        interval,
        interval,
        TimeUnit.MILLISECONDS);
    long check = tracking.runningTimeCheckInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        () -> Threads.quietly("running-time check", runningTimeLimit::check),
        check,
        check,
        TimeUnit.MILLISECONDS);
    heartbeat.scheduleWithFixedDelay(
        () -> Threads.quietly("heartbeat", liveness::beat),
        0,
        HEARTBEAT.toMillis(),
        TimeUnit.MILLISECONDS);
    dispatcher.execute(this::dispatchWhileRunning);
    logArchive.ifPresent(LogArchive::start);
    long probe = routing.healthProbeInterval().toMillis();
    for (String clusterId : clusters.ids()) {
      probes.scheduleWithFixedDelay(
          () -> Threads.quietly("probe of " + clusterId, () -> health.probe(clusterId)),
          0,
          probe,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Dispatches held submissions every dispatch interval, and at once when an application ends. */
  private void dispatchWhileRunning() {
    try {
      while (!stopping && !Thread.currentThread().isInterrupted()) {
        dispatchTrigger.await(routing.dispatchInterval());
        if (stopping) {
          return;
        }
        if (admission.holdsAny()) {
          Threads.quietly("dispatch", admission::dispatchQueued);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() throws InterruptedException {
    shutDown(true);
  }

  /**
   * Stops as a killed process would: the threads and connections end, and the submissions this
   * replica holds are neither dispatched nor closed. The other replicas close them once this one's
   * heartbeat is stale. For tests of a replica's death; a real death needs no call.
   */
  public void abandon() throws InterruptedException {
    shutDown(false);
  }

  private void shutDown(boolean closeHeld) throws InterruptedException {
    // A stop lets a dispatch finish its creates; a simulated death interrupts it, as a kill would.
    stopping = true;
    dispatchTrigger.pull();
    if (closeHeld) {
      dispatcher.shutdown();
      if (!dispatcher.awaitTermination(
          tracking.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("A dispatch still runs after {}; it is interrupted", tracking.shutdownTimeout());
      }
    }
    for (ExecutorService executor :
        List.of(probes, dispatcher, heartbeat, maintenance, archiving)) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (closeHeld) {
      try {
        admission.closeQueued(
            "the gateway replica that held it in its queue stopped; submit it again");
      } catch (RuntimeException e) {
        LOG.warn("Could not close the queued submissions: {}", e.getMessage());
      }
    }
    watches.close();
    if (closeHeld) {
      writer.close(tracking.shutdownTimeout());
    } else {
      writer.abandon();
    }
    clusters.close();
    externals.close();
    database.close();
  }

  /** Why this replica is not ready to serve (the database silent, every cluster down), if so. */
  public Optional<String> notReadyBecause() {
    if (!databaseAnswers()) {
      return Optional.of("the database has not answered since " + liveness.lastBeat());
    }
    if (!health.anyHealthy()) {
      return Optional.of("every cluster is down");
    }
    return Optional.empty();
  }

  private boolean databaseAnswers() {
    return !liveness.lastBeat().isBefore(clock.instant().minus(HEARTBEAT.multipliedBy(3)));
  }

  /** Every cluster with its health and load, as {@code GET /admin/clusters} shows them. */
  public ClusterOverview clusterOverview() {
    return reports;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public ClusterClientRegistry clusters() {
    return clusters;
  }

  public ClusterWatches watches() {
    return watches;
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

  public KillService kills() {
    return kills;
  }

  public ReplicaLiveness liveness() {
    return liveness;
  }

  public SubmissionQueries queries() {
    return queries;
  }

  /** The console's sign-ins, in the database the replicas share. */
  public SessionStore consoleSessions() {
    return new JdbcSessionStore(database.dataSource());
  }

  /** The bucket of users' uploads, when one is configured. */
  public Optional<ObjectStore> uploadStore() {
    return externals.uploads();
  }

  /** The logs of pods that are gone: the archive and Apple's Fluent Bit logs, as configured. */
  public ArchivedLogs archivedLogs() {
    return new ArchivedLogs(logArchive, externals.fluentBitLogs());
  }
}
