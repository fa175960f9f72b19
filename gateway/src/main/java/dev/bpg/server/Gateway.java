package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cluster.Clusters;
import dev.bpg.cluster.StatusCache;
import dev.bpg.cluster.StatusTracker;
import dev.bpg.config.GatewayConfiguration;
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
import java.util.concurrent.ThreadLocalRandom;

/**
 * The composition root: builds every long-lived part once (the database pool, one client per
 * cluster, the status cache, the services), starts the informers, and closes in reverse order.
 */
public final class Gateway implements Managed {
  private final Database database;
  private final Clusters clusters;
  private final StatusCache cache;
  private final StatusTracker tracker;
  private final SubmissionStore store;
  private final SubmissionService submissions;
  private final SubmissionQueries queries;

  private Gateway(Database database, Clusters clusters, StatusCache cache, StatusTracker tracker,
      SubmissionStore store, SubmissionService submissions, SubmissionQueries queries) {
    this.database = database;
    this.clusters = clusters;
    this.cache = cache;
    this.tracker = tracker;
    this.store = store;
    this.submissions = submissions;
    this.queries = queries;
  }

  public static Gateway build(GatewayConfiguration config, ObjectMapper json, Clock clock) {
    requireNonNull(config, "config is null");
    Database database = Database.open(config.database());
    Clusters clusters = null;
    try {
      SubmissionStore store = new JdbcSubmissionStore(database.dataSource(), json);
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
      return new Gateway(database, clusters, cache, tracker, store, submissions, queries);
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
    clusters.startInformers(tracker);
  }

  @Override
  public void stop() {
    clusters.close();
    database.close();
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
