package dev.bpg.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.CostConfig;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.local.LocalClusterSpec;
import dev.bpg.local.LocalClusters;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.server.LocalSetup;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.store.SubmissionRecord;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation against a real (local) API server and the gateway's own watch: it closes a
 * submission only when the watch is open and has not reported it, the API server does not hold it,
 * and its state has not changed for the grace period.
 */
class ReconcilerTest {
  private static final String CLUSTER = "spark-cluster-a";
  private static final Duration GRACE = Duration.ofSeconds(5);

  private LocalClusters localClusters;
  private Clusters clusters;
  private Database database;
  private SubmissionStore store;
  private StatusCache cache;
  private StatusTracker tracker;
  private Reconciler reconciler;

  @BeforeEach
  void start() {
    localClusters = LocalClusters.start(List.of(new LocalClusterSpec(CLUSTER, LocalSetup.NAMESPACE, 0)),
        Clock.systemUTC());
    List<ClusterConfig> configs = LocalSetup.configuration(localClusters.clusters(), "127.0.0.1", 0,
        "jdbc:h2:mem:unused").withClusterRequestTimeout(Duration.ofSeconds(2)).clusters();
    database = Database.open(new DatabaseConfig("jdbc:h2:mem:reconcile-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "", "", 2, null));
    store = new JdbcSubmissionStore(database.dataSource(), new ObjectMapper(), CostConfig.none());
    cache = new StatusCache();
    tracker = new StatusTracker(cache, store, Clock.systemUTC(), new GatewayMetrics());
    clusters = Clusters.connect(configs, new ObjectMapper());
    clusters.startWatches(tracker, cache, id -> { }, Clock.systemUTC());
    await().atMost(Duration.ofSeconds(20)).until(() -> clusters.informerWatching(CLUSTER));
    reconciler = new Reconciler(clusters, store, Clock.systemUTC(), GRACE);
  }

  @AfterEach
  void stop() {
    clusters.close();
    tracker.close();
    database.close();
    localClusters.close();
  }

  @Test
  void aSubmissionTheClusterDoesNotHoldIsClosedWithTheReason() {
    String id = insert(ApplicationState.UNKNOWN);

    assertThat(reconciler.reconcileAll()).isEqualTo(1);

    SubmissionRecord record = store.find(id).orElseThrow();
    assertThat(record.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(record.errorMessage()).contains("never created", CLUSTER);
  }

  @Test
  void aSubmissionTheClusterHoldsIsLeftAloneThoughTheWatchHasNotReportedIt() {
    String id = insert(ApplicationState.UNKNOWN);
    cluster().client().genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE).resource(application(id)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.find(id).isPresent());
    // As if the watch lagged behind another replica's create.
    cache.remove(id);

    assertThat(reconciler.reconcileAll()).isZero();

    assertThat(store.find(id).orElseThrow().state()).isNotEqualTo(ApplicationState.FAILED);
  }

  @Test
  void nothingIsClosedWhileTheWatchIsDownAndTheRoundAfterItReturnsCatchesUp() {
    String id = insert(ApplicationState.UNKNOWN);
    cluster().stopApiServer();
    await().atMost(Duration.ofSeconds(20)).until(() -> !clusters.informerWatching(CLUSTER));

    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.UNKNOWN);

    cluster().resumeApiServer();
    await().atMost(Duration.ofSeconds(30)).until(() -> clusters.informerWatching(CLUSTER));
    assertThat(reconciler.reconcileAll()).isEqualTo(1);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.FAILED);
  }

  @Test
  void aSubmissionDispatchedFromTheQueueAMomentAgoIsLeftAloneWhileItsCreateMayBeInFlight() {
    String id = insert(ApplicationState.QUEUED);
    // Waited long in the queue, dispatched just now: its create may not have reached the cluster yet.
    store.recordStatus(id, ApplicationStatus.unknown(), "dispatch", Instant.now());

    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.UNKNOWN);
  }

  private LocalCluster cluster() {
    return localClusters.cluster(CLUSTER);
  }

  /** A submission recorded a minute ago, longer than the grace period, in the given state. */
  private String insert(ApplicationState state) {
    String id = CLUSTER + "-" + UUID.randomUUID().toString().replace("-", "");
    Instant created = Instant.now().minus(Duration.ofMinutes(1));
    store.insert(new SubmissionRecord(id, CLUSTER, LocalSetup.NAMESPACE, "demo", "demo", "dev", "3.5.0",
        null, "Java", "com.example.Job", List.of(), null, null, 1, 1024L, 1, 1, 1024L, 43_200_000L,
        "chose " + CLUSTER, "{}", "{}", created, state, created, null, null,
        null, null, null, null, null, null, null));
    return id;
  }

  private static GenericKubernetesResource application(String name) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion("sparkoperator.k8s.io/v1beta2");
    resource.setKind("SparkApplication");
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(LocalSetup.NAMESPACE).build());
    resource.setAdditionalProperty("spec", Map.of("type", "Java", "mode", "cluster",
        "mainClass", "com.example.Job", "mainApplicationFile", "local:///opt/job.jar",
        "sparkConf", Map.of("spark.local.simulate.duration", "10m")));
    return resource;
  }
}
