package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cluster.ClusterEvent;
import dev.bpg.cluster.ClusterHealthMonitor;
import dev.bpg.cluster.Clusters;
import dev.bpg.cluster.PodSummary;
import dev.bpg.cluster.SparkApplicationClient;
import dev.bpg.cluster.StatusCache;
import dev.bpg.cluster.StatusTracker;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.CostConfig;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.SparkConfig;
import dev.bpg.config.SparkImageConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.WeightedRouter;
import dev.bpg.store.CreateAttempt;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failover, with hand-written clusters that fail as told: a create that fails for the cluster's
 * reason moves on to the next cluster, a refusal of the request does not, and every attempt is
 * recorded.
 */
class SubmissionFailoverTest {
  private static final List<ClusterConfig> CLUSTERS = List.of(
      cluster("{id: east-1, weight: 60, sparkVersions: [3.5.0], queues: [dev]}"),
      cluster("{id: west-1, weight: 30, sparkVersions: [3.5.0], queues: [dev]}"),
      cluster("{id: north-1, weight: 10, sparkVersions: [3.5.0], queues: [dev]}"));
  private static final SubmitApplicationRequest REQUEST = new SubmitApplicationRequest(null, "job", null, null, null,
      null, "3.5.0", "com.example.Main", "local:///app.jar", null, null, null, null, null, null, null, null, null,
      null, null, null, null, "dev", null);

  /** Creates succeed unless a failure is scripted for the cluster. */
  private static final class ScriptedCluster implements SparkApplicationClient {
    private final String id;
    private final List<SparkApplicationManifest> created = new ArrayList<>();
    private GatewayException failure;
    /** The create lands on the cluster, but its answer is lost (a timeout): the gateway sees {@link #failure}. */
    private boolean landsBeforeFailing;
    /** Runs with the application's name while the create is in flight, e.g. a watch event arriving before the answer. */
    private java.util.function.Consumer<String> duringCreate = name -> { };

    ScriptedCluster(String id) {
      this.id = id;
    }

    @Override
    public String clusterId() {
      return id;
    }

    @Override
    public void create(SparkApplicationManifest manifest) {
      duringCreate.accept(manifest.name());
      if (failure != null) {
        if (landsBeforeFailing) {
          created.add(manifest);
        }
        throw failure;
      }
      created.add(manifest);
    }

    @Override
    public boolean exists(String namespace, String name) {
      return created.stream().anyMatch(m -> m.name().equals(name));
    }

    @Override
    public boolean delete(String namespace, String name) {
      return false;
    }

    @Override
    public Optional<PodSummary> findPod(String namespace, String podName) {
      return Optional.empty();
    }

    @Override
    public List<ClusterEvent> events(String namespace, String involvedObjectName) {
      return List.of();
    }

    @Override
    public Optional<InputStream> openLog(String namespace, String podName, boolean follow) {
      return Optional.empty();
    }
  }

  private final Map<String, ScriptedCluster> clients = new LinkedHashMap<>();
  private Database database;
  private SubmissionStore store;
  private SubmissionService service;
  private StatusCache cache;
  private StatusTracker tracker;
  private final List<String> strayCopiesDeleted = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void build() {
    CLUSTERS.forEach(c -> clients.put(c.id(), new ScriptedCluster(c.id())));
    database = Database.open(new DatabaseConfig("jdbc:h2:mem:failover-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "", "", 2, null));
    ObjectMapper json = new ObjectMapper();
    store = new JdbcSubmissionStore(database.dataSource(), json, CostConfig.none());
    Clusters clusters = Clusters.of(CLUSTERS, Map.copyOf(clients));
    cache = new StatusCache();
    GatewayMetrics metrics = new GatewayMetrics();
    tracker = new StatusTracker(cache, store, Clock.systemUTC(), metrics);
    tracker.onStrayCopy((clusterId, resource) -> strayCopiesDeleted.add(clusterId + "/" + resource.getMetadata().getName()));
    ClusterHealthMonitor health = new ClusterHealthMonitor(clusters, cache, Clock.systemUTC());
    service = new SubmissionService(new QueueResolver(List.of(QueueConfig.named("dev"))),
        // Draw 0 always picks east-1 first; the others follow, heaviest first.
        new WeightedRouter(CLUSTERS, bound -> 0, health), clusters, health,
        new SparkApplicationSpecBuilder(new SparkConfig(Map.of(), Map.of(),
            List.of(new SparkImageConfig("spark:3.5.0", List.of("Java"), "3.5.0")))),
        store, cache, tracker, Set.of(), 3, "replica-test",
        json, Clock.systemUTC(), UUID::randomUUID, metrics);
  }

  @AfterEach
  void close() {
    tracker.close();
    database.close();
  }

  @Test
  void anUnavailableClusterIsFollowedByTheNextAndEveryAttemptIsRecorded() {
    clients.get("east-1").failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "connection refused");

    SubmissionId id = service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty());

    assertThat(id.clusterId()).isEqualTo("east-1");
    assertThat(clients.get("east-1").created).isEmpty();
    assertThat(clients.get("west-1").created).extracting(SparkApplicationManifest::name).containsExactly(id.value());
    assertThat(store.attempts(id.value()))
        .extracting(CreateAttempt::clusterId, CreateAttempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("east-1", CreateAttempt.Outcome.UNAVAILABLE),
            org.assertj.core.groups.Tuple.tuple("west-1", CreateAttempt.Outcome.CREATED));
    assertThat(store.find(id.value()).orElseThrow().clusterId()).isEqualTo("west-1");
    assertThat(store.find(id.value()).orElseThrow().routingReason()).contains("east-1: connection refused");
  }

  @Test
  void aRefusalOfTheRequestItselfIsNotTriedElsewhere() {
    clients.get("east-1").failure = new GatewayException(ErrorCode.CLUSTER_REJECTED, "spec.driver.cores: invalid");

    assertThatThrownBy(() -> service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_REJECTED));
    assertThat(clients.get("west-1").created).isEmpty();
    assertThat(clients.get("north-1").created).isEmpty();
  }

  @Test
  void noClusterTakingItIsA503AfterTheBoundedAttemptsAndTheSubmissionEndsFailed() {
    clients.values().forEach(c -> c.failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "HTTP 503"));

    assertThatThrownBy(() -> service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNAVAILABLE);
          assertThat(e.getMessage()).contains("east-1: HTTP 503", "west-1: HTTP 503", "north-1: HTTP 503");
        });
  }

  @Test
  void theCreateAttemptsAreBounded() {
    clients.values().forEach(c -> c.failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "timeout"));
    SubmissionService twoTries = new SubmissionService(new QueueResolver(List.of(QueueConfig.named("dev"))),
        new WeightedRouter(CLUSTERS, bound -> 0), Clusters.of(CLUSTERS, Map.copyOf(clients)),
        new ClusterHealthMonitor(Clusters.of(CLUSTERS, Map.copyOf(clients)), new StatusCache(), Clock.systemUTC()),
        new SparkApplicationSpecBuilder(new SparkConfig(Map.of(), Map.of(),
            List.of(new SparkImageConfig("spark:3.5.0", List.of("Java"), "3.5.0")))),
        store, new StatusCache(), new StatusTracker(new StatusCache(), store, Clock.systemUTC(), new GatewayMetrics()),
        Set.of(), 2, "replica-test", new ObjectMapper(), Clock.systemUTC(), UUID::randomUUID, new GatewayMetrics());

    assertThatThrownBy(() -> twoTries.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty()))
        .hasMessageContaining("east-1").hasMessageContaining("west-1").hasMessageNotContaining("north-1");
  }

  @Test
  void aClusterThatFailedIsDownForTheNextRouting() {
    clients.get("east-1").failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "connection refused");
    service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty());
    clients.get("east-1").failure = null;

    SubmissionId next = service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty());

    // Until a probe finds east-1 reachable again, routing leaves it out without trying it.
    assertThat(next.clusterId()).isEqualTo("west-1");
    assertThat(store.attempts(next.value())).hasSize(1);
  }

  @Test
  void aCopyLeftByATimedOutCreateIsDeletedAsAStrayAndItsDeletionDoesNotEndTheSubmission() {
    ScriptedCluster east = clients.get("east-1");
    east.failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "timed out");
    east.landsBeforeFailing = true;
    // east-1's watch reports the copy there while the create on west-1 is still in flight.
    clients.get("west-1").duringCreate = name -> tracker.onUpsert("east-1", resource(name, "SUBMITTED"));

    SubmissionId id = service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty());

    assertThat(east.created).extracting(SparkApplicationManifest::name).containsExactly(id.value());
    assertThat(cache.find(id.value()).orElseThrow().clusterId()).isEqualTo("west-1");
    tracker.onUpsert("east-1", resource(id.value(), "RUNNING"));
    assertThat(strayCopiesDeleted).containsExactly("east-1/" + id.value());
    tracker.onDelete("east-1", resource(id.value(), "RUNNING"));
    tracker.onUpsert("west-1", resource(id.value(), "RUNNING"));
    tracker.onUpsert("west-1", resource(id.value(), "COMPLETED"));

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(store.find(id.value()).orElseThrow().state()).isEqualTo(ApplicationState.COMPLETED));
    assertThat(store.transitions(id.value())).extracting(dev.bpg.store.StateTransition::state)
        .doesNotContain(ApplicationState.FAILED);
    assertThat(cache.find(id.value()).orElseThrow().status().state()).isEqualTo(ApplicationState.COMPLETED);
  }

  @Test
  void aWatchReportThatArrivesBeforeTheCreateAnswersIsKept() {
    // A short application: the watch reports it ended before the create's answer reaches the gateway.
    clients.get("east-1").duringCreate = name -> tracker.onUpsert("east-1", resource(name, "COMPLETED"));

    SubmissionId id = service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty());

    assertThat(cache.find(id.value()).orElseThrow().status().state()).isEqualTo(ApplicationState.COMPLETED);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(store.find(id.value()).orElseThrow().state()).isEqualTo(ApplicationState.COMPLETED));
  }

  @Test
  void withoutAnEarlierReportTheCreatedApplicationIsTrackedAtOnce() {
    SubmissionId id = service.submit(REQUEST, new Caller("alice", false), Optional.empty(), Optional.empty());

    assertThat(cache.find(id.value()).orElseThrow().clusterId()).isEqualTo("east-1");
    assertThat(cache.find(id.value()).orElseThrow().status().state()).isEqualTo(ApplicationState.UNKNOWN);
  }

  private static io.fabric8.kubernetes.api.model.GenericKubernetesResource resource(String name, String state) {
    io.fabric8.kubernetes.api.model.GenericKubernetesResource resource =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
        .withNamespace("spark-operator").withCreationTimestamp(java.time.Instant.now().toString()).build());
    resource.setAdditionalProperty("status", Map.of("applicationState", Map.of("state", state)));
    return resource;
  }
}
