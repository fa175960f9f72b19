package dev.bpg.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.local.LocalClusterSpec;
import dev.bpg.local.LocalClusters;
import dev.bpg.local.LocalRunMode;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.DispatchTrigger;
import dev.bpg.submission.KillIntents;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.RunCost;
import dev.bpg.submission.SparkApplicationClient;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionMetrics;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.submission.TestSubmissions;
import dev.bpg.submission.tracking.Reconciler;
import dev.bpg.submission.tracking.StatusEvents;
import dev.bpg.testing.MutableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch and the reconciliation against a real (local) API server and an H2 database: what the
 * watch lists reaches the cache and the store, a submission the cluster does not hold is closed
 * once the watch is open, and nothing is closed while the watch is down. The local cluster has no
 * operator, so that nothing but the test changes what the API server holds; the reconciliation's
 * clock moves only when the test moves it.
 */
class WatchAndReconcileIT {
  private static final String CLUSTER = "spark-cluster-a";
  private static final Duration GRACE = Duration.ofMinutes(2);

  private final MutableClock clock = new MutableClock(Instant.now());
  private final AtomicInteger existsCalls = new AtomicInteger();
  private LocalClusters localClusters;
  private Database database;
  private SubmissionStore store;
  private StatusCache cache;
  private StatusWriter writer;
  private ClusterClientRegistry clients;
  private ClusterWatches watches;
  private Reconciler reconciler;

  @BeforeEach
  void start() {
    localClusters =
        LocalClusters.start(
            List.of(new LocalClusterSpec(CLUSTER, LocalSetup.NAMESPACE, 0)),
            Clock.systemUTC(),
            LocalRunMode.apiServersOnly());
    List<ClusterConfig> configs =
        LocalSetup.configuration(localClusters.clusters(), "127.0.0.1", 0, "jdbc:h2:mem:unused")
            .withClusterRequestTimeout(Duration.ofSeconds(2))
            .clusters();
    database =
        Database.open(
            new DatabaseConfig(
                "jdbc:h2:mem:reconcile-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "",
                "",
                2,
                null));
    store = new JdbcSubmissionStore(database.dataSource(), new ObjectMapper(), RunCost.NONE);
    cache = new StatusCache();
    writer = new StatusWriter(store, SubmissionMetrics.NONE, clock, Duration.ofSeconds(1));
    clients = ClusterClientRegistry.connect(configs, new ObjectMapper());
    StatusEvents events =
        new StatusEvents(
            cache,
            writer,
            clients,
            new KillIntents(),
            SubmissionMetrics.NONE,
            new DispatchTrigger(),
            PodLogArchiver.NONE,
            clock);
    watches = new ClusterWatches(clients, events, id -> {}, clock);
    watches.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> watches.isWatching(CLUSTER));
    reconciler =
        new Reconciler(countingExists(clients), watches, cache, store, writer, clock, GRACE);
  }

  @AfterEach
  void stop() {
    watches.close();
    writer.close();
    clients.close();
    database.close();
    localClusters.close();
  }

  @Test
  void whatTheWatchListsReachesTheCacheAndTheStore() {
    String id = record(ApplicationState.UNKNOWN);
    applications().resource(application(id)).create();
    // As an operator does: the status through its subresource (a create ignores it).
    applications()
        .withName(id)
        .editStatus(
            app -> {
              app.setAdditionalProperty(
                  "status", Map.of("applicationState", Map.of("state", "RUNNING")));
              return app;
            });

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(store.find(id).orElseThrow().state())
                    .isEqualTo(ApplicationState.RUNNING));
    assertThat(cache.find(id).orElseThrow().clusterId()).isEqualTo(CLUSTER);
  }

  @Test
  void aSubmissionTheClusterDoesNotHoldIsClosedWithTheReason() {
    String id = record(ApplicationState.UNKNOWN);
    clock.advance(GRACE.plusSeconds(1));

    assertThat(reconciler.reconcileAll()).isEqualTo(1);

    SubmissionRecord record = store.find(id).orElseThrow();
    assertThat(record.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(record.errorMessage()).contains("never created", CLUSTER);
    assertThat(existsCalls).hasValue(1);
  }

  @Test
  void aSubmissionTheApiServerHoldsIsLeftAloneThoughTheWatchHasNotReportedIt() {
    String id = record(ApplicationState.UNKNOWN);
    applications().resource(application(id)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.find(id).isPresent());
    // As if the watch lagged behind another replica's create. Without an operator nothing changes
    // the application again, so the watch does not bring the entry back.
    cache.remove(id);
    clock.advance(GRACE.plusSeconds(1));

    assertThat(reconciler.reconcileAll()).isZero();

    assertThat(existsCalls).hasValue(1);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.UNKNOWN);
  }

  @Test
  void nothingIsClosedWhileTheWatchIsDownAndTheRoundAfterItReturnsCatchesUp() {
    String id = record(ApplicationState.UNKNOWN);
    clock.advance(GRACE.plusSeconds(1));
    cluster().stopApiServer();
    await().atMost(Duration.ofSeconds(20)).until(() -> !watches.isWatching(CLUSTER));

    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(existsCalls).hasValue(0);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.UNKNOWN);

    cluster().resumeApiServer();
    await().atMost(Duration.ofSeconds(30)).until(() -> watches.isWatching(CLUSTER));
    assertThat(reconciler.reconcileAll()).isEqualTo(1);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.FAILED);
  }

  private LocalCluster cluster() {
    return localClusters.cluster(CLUSTER);
  }

  /** The registry, counting the questions put to the API server. */
  private ClusterClients countingExists(ClusterClientRegistry registry) {
    return new ClusterClients() {
      @Override
      public Set<String> ids() {
        return registry.ids();
      }

      @Override
      public Optional<ClusterConfig> findConfig(String clusterId) {
        return registry.findConfig(clusterId);
      }

      @Override
      public SparkApplicationClient client(String clusterId) {
        SparkApplicationClient real = registry.client(clusterId);
        return new CountingClient(real, existsCalls);
      }
    };
  }

  /** A submission recorded now on the cluster, in the given state. */
  private String record(ApplicationState state) {
    String id = CLUSTER + "-" + UUID.randomUUID().toString().replace("-", "");
    store.insert(
        TestSubmissions.recorded(id, CLUSTER, state, clock.instant()).toBuilder()
            .namespace(LocalSetup.NAMESPACE)
            .build());
    return id;
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      applications() {
    return cluster()
        .client()
        .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE);
  }

  private static GenericKubernetesResource application(String name) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion("sparkoperator.k8s.io/v1beta2");
    resource.setKind("SparkApplication");
    resource.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(LocalSetup.NAMESPACE).build());
    resource.setAdditionalProperty(
        "spec",
        Map.of(
            "type",
            "Java",
            "mode",
            "cluster",
            "mainClass",
            "com.example.Job",
            "mainApplicationFile",
            "local:///opt/job.jar"));
    return resource;
  }
}
