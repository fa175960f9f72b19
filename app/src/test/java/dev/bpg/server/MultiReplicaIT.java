package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.TrackingConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.RunCost;
import dev.bpg.submission.StateTransition;
import dev.bpg.submission.SubmissionFilter;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.testing.TestDatabases;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas on one PostgreSQL database and the same two clusters. Hundreds of
 * submissions arrive through both; one replica stops midway, then both, while applications finish
 * and some are deleted on the clusters; after a restart the database must say what the clusters
 * say, with every submission's transitions recorded once, in order, never backwards.
 */
class MultiReplicaIT {
  private static final int SUBMISSIONS = 240;
  private static final int LONG_RUNNING_EVERY = 8;
  private static final String RESOURCE_API = "sparkoperator.k8s.io/v1beta2";

  private LocalGateways local;
  private GatewayServer replicaA;
  private GatewayServer replicaB;
  private Database database;

  @AfterEach
  void stop() throws Exception {
    if (database != null) {
      database.close();
    }
    if (local != null) {
      local.close();
    }
  }

  private GatewayConfiguration config(String databaseUrl) {
    return config(databaseUrl, Duration.ofMinutes(5));
  }

  private GatewayConfiguration config(String databaseUrl, Duration runningTimeCheck) {
    return local
        .configuration(databaseUrl, Users.of("demo"))
        .withDatabase(new DatabaseConfig(databaseUrl, "postgres", "", 8, null))
        .withClusterRequestTimeout(Duration.ofSeconds(4))
        .withTracking(
            new TrackingConfig(
                Duration.ofSeconds(1), Duration.ofSeconds(10), runningTimeCheck, null));
  }

  @Test
  void aKeyRetriedThroughBothReplicasAtOnceMakesOneApplication() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    String url = TestDatabases.postgresUrl("idempotency");
    replicaA = local.startGateway(config(url));
    replicaB = local.startGateway(config(url));
    List<GatewayTestClient> clients =
        List.of(new GatewayTestClient(replicaA.port()), new GatewayTestClient(replicaB.port()));
    String job =
        """
        {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
         "mainClass": "com.example.Once", "sparkConf": {"spark.local.simulate.duration": "300ms"}}
        """;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Set<String> answers = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        GatewayTestClient client = clients.get(i % 2);
        futures.add(
            pool.submit(
                () -> {
                  Reply reply =
                      client.send(
                          client
                              .request("/spark", null)
                              .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                              .header("Content-Type", "application/json")
                              .header("Idempotency-Key", "nightly-2026-11-25")
                              .POST(HttpRequest.BodyPublishers.ofString(job)));
                  assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                  answers.add(reply.text("submissionId"));
                }));
      }
      for (Future<?> future : futures) {
        future.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers).hasSize(1);
    int applications = 0;
    for (LocalCluster cluster : local.clusters().clusters()) {
      applications += resources(cluster).list().getItems().size();
    }
    assertThat(applications).isEqualTo(1);
  }

  @Test
  void eachOverLongApplicationIsKilledByExactlyOneReplica() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    String url = TestDatabases.postgresUrl("running_time");
    // Both replicas check often, so that both find every over-long application.
    replicaA = local.startGateway(config(url, Duration.ofMillis(100)));
    replicaB = local.startGateway(config(url, Duration.ofMillis(100)));
    GatewayTestClient client = new GatewayTestClient(replicaA.port());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Reply reply =
          client.send(
              client
                  .request("/spark", null)
                  .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
                          {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
                           "mainClass": "com.example.Forever",
                           "sparkConf": {"spark.local.simulate.duration": "120s", "bpg.maxRunningMillis": "1000"}}
                          """)));
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      ids.add(reply.text("submissionId"));
    }
    database = Database.open(new DatabaseConfig(url, "postgres", "", 2, null));
    SubmissionStore store =
        new JdbcSubmissionStore(database.dataSource(), new ObjectMapper(), RunCost.NONE);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ids)
                    .allSatisfy(
                        id ->
                            assertThat(store.find(id).orElseThrow().state())
                                .isEqualTo(ApplicationState.FAILED)));
    for (String id : ids) {
      assertThat(store.transitions(id))
          .as(id)
          .filteredOn(t -> t.state() == ApplicationState.FAILED)
          .hasSize(1)
          .allSatisfy(t -> assertThat(t.source()).isEqualTo("running-time-limit"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(resources(clusterOf(id)).withName(id).get()).isNull());
    }
  }

  @Test
  void databaseMatchesTheClustersAfterReplicasStopAndRestart() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    String url = TestDatabases.postgresUrl("replicas");
    replicaA = local.startGateway(config(url));
    replicaB = local.startGateway(config(url));
    GatewayTestClient clientA = new GatewayTestClient(replicaA.port());
    GatewayTestClient clientB = new GatewayTestClient(replicaB.port());

    Random random = new Random(42);
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i++) {
      String duration = i % LONG_RUNNING_EVERY == 0 ? "120s" : (200 + random.nextInt(2800)) + "ms";
      String outcome = random.nextInt(100) < 15 ? "FAILED" : "COMPLETED";
      jobs.add(
          """
          {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
           "mainClass": "com.example.Job%d",
           "sparkConf": {"spark.local.simulate.duration": "%s", "spark.local.simulate.outcome": "%s"},
           "executor": {"instances": 1}}
          """
              .formatted(i, duration, outcome));
    }
    Map<Integer, String> ids = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      // The first half through both replicas, then replica B stops and A takes the rest.
      submitAll(pool, jobs, 0, SUBMISSIONS / 2, i -> i % 2 == 0 ? clientA : clientB, ids);
      local.stopGateway(replicaB);
      submitAll(pool, jobs, SUBMISSIONS / 2, SUBMISSIONS, i -> clientA, ids);
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    assertThat(ids).hasSize(SUBMISSIONS);
    // Give replica A time to see some runs progress, then no gateway watches at all.
    Thread.sleep(1_000);
    local.stopGateway(replicaA);

    // While nobody watches: runs finish, and some long runs are deleted on the clusters.
    List<String> deletedWhileDown = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i += LONG_RUNNING_EVERY * 2) {
      String id = ids.get(i);
      resources(clusterOf(id)).withName(id).delete();
      deletedWhileDown.add(id);
    }
    Thread.sleep(3_000);

    replicaA = local.startGateway(config(url));
    replicaB = local.startGateway(config(url));

    database = Database.open(new DatabaseConfig(url, "postgres", "", 2, null));
    SubmissionStore store =
        new JdbcSubmissionStore(database.dataSource(), new ObjectMapper(), RunCost.NONE);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(mismatches(store, ids.values())).isEmpty());

    for (String id : ids.values()) {
      List<StateTransition> transitions = store.transitions(id);
      assertThat(transitions).as(id).isNotEmpty();
      for (int n = 0; n < transitions.size(); n++) {
        assertThat(transitions.get(n).sequence()).as(id).isEqualTo(n + 1);
        if (n > 0) {
          ApplicationState before = transitions.get(n - 1).state();
          ApplicationState after = transitions.get(n).state();
          assertThat(before.mayMoveTo(after)).as(id + ": " + before + " -> " + after).isTrue();
        }
      }
      assertThat(transitions.stream().map(StateTransition::state).distinct().count())
          .as(id + " records each state once")
          .isEqualTo(transitions.size());
    }
    for (String id : deletedWhileDown) {
      SubmissionRecord record = store.find(id).orElseThrow();
      assertThat(record.state()).as(id).isEqualTo(ApplicationState.FAILED);
      assertThat(record.errorMessage()).as(id).contains("no gateway was watching");
    }
    // The replicas agree with the database through the API as well.
    Reply status =
        new GatewayTestClient(replicaB.port())
            .get("/spark/" + deletedWhileDown.get(0) + "/status", "demo");
    assertThat(status.text("applicationState")).isEqualTo("FAILED");
  }

  private interface ClientChoice {
    GatewayTestClient forJob(int index);
  }

  private static void submitAll(
      ExecutorService pool,
      List<String> jobs,
      int from,
      int to,
      ClientChoice choice,
      Map<Integer, String> ids)
      throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      int index = i;
      futures.add(
          pool.submit(
              () -> {
                Reply reply =
                    choice
                        .forJob(index)
                        .send(
                            choice
                                .forJob(index)
                                .request("/spark", null)
                                .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(jobs.get(index))));
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                ids.put(index, reply.text("submissionId"));
              }));
    }
    for (Future<?> future : futures) {
      future.get(2, TimeUnit.MINUTES);
    }
  }

  /** Every submission whose recorded state differs from its cluster's, described. */
  private List<String> mismatches(SubmissionStore store, Iterable<String> ids) {
    Map<String, ApplicationState> onClusters = new HashMap<>();
    for (LocalCluster cluster : local.clusters().clusters()) {
      for (GenericKubernetesResource resource : resources(cluster).list().getItems()) {
        Object state = resource.get("status", "applicationState", "state");
        onClusters.put(
            resource.getMetadata().getName(),
            ApplicationState.parse(state == null ? null : state.toString()));
      }
    }
    Map<String, SubmissionRecord> recorded = new HashMap<>();
    store
        .search(SubmissionFilter.all(), Optional.empty(), 10_000)
        .submissions()
        .forEach(r -> recorded.put(r.submissionId(), r));
    List<String> problems = new ArrayList<>();
    for (String id : ids) {
      SubmissionRecord record = recorded.get(id);
      if (record == null) {
        problems.add(id + " is not recorded");
        continue;
      }
      ApplicationState cluster = onClusters.get(id);
      if (cluster == null && !record.state().isTerminal()) {
        problems.add(id + " is gone from its cluster but recorded " + record.state());
      } else if (cluster != null && cluster != record.state()) {
        problems.add(id + " is " + cluster + " on its cluster but recorded " + record.state());
      }
    }
    Set<String> extra = new HashSet<>(onClusters.keySet());
    ids.forEach(extra::remove);
    extra.forEach(id -> problems.add(id + " exists on a cluster but was never submitted"));
    return problems;
  }

  private LocalCluster clusterOf(String id) {
    return local.cluster(id.startsWith("spark-cluster-a-") ? "spark-cluster-a" : "spark-cluster-b");
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(LocalCluster cluster) {
    return cluster
        .client()
        .genericKubernetesResources(RESOURCE_API, "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE);
  }
}
