package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.RoutingConfig;
import dev.bpg.config.TrackingConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.store.Database;
import dev.bpg.store.JdbcSubmissionStore;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.RunCost;
import dev.bpg.submission.SubmissionRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission beyond routing: idempotency keys, capacity limits that hold submissions QUEUED and
 * dispatch them in order, caps per queue and user, a gateway that dies between recording and
 * creating, metrics and readiness.
 */
class AdmissionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalGateways local;
  private GatewayServer gateway;
  private GatewayTestClient client;
  private String databaseUrl;
  private GatewayConfiguration config;

  @AfterEach
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  private void start(Integer maxPending, QueueConfig queue) throws Exception {
    start(null, maxPending, queue);
  }

  private void start(Integer maxRunning, Integer maxPending, QueueConfig queue) throws Exception {
    if (local == null) {
      local = LocalGateways.start("spark-cluster-a");
      databaseUrl = "jdbc:h2:mem:admission-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
    LocalCluster cluster = local.cluster("spark-cluster-a");
    ClusterConfig base = LocalSetup.cluster(cluster.id(), cluster.masterUrl());
    ClusterConfig limited =
        new ClusterConfig(
            base.id(),
            base.weight(),
            base.masterUrl(),
            null,
            base.token(),
            null,
            base.namespace(),
            base.serviceAccount(),
            base.sparkVersions(),
            base.queues(),
            null,
            null,
            null,
            null,
            null,
            base.sparkConf(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            maxRunning,
            maxPending,
            null,
            null,
            null);
    config =
        local
            .configuration(databaseUrl, Users.of("demo", "other", "admin").withAdmins("admin"))
            .withClusters(List.of(limited))
            .withQueues(List.of(queue))
            .withRouting(new RoutingConfig(3, Duration.ofMillis(200), Duration.ofMillis(50)))
            .withClusterRequestTimeout(Duration.ofSeconds(4))
            .withTracking(
                new TrackingConfig(
                    Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(5), null));
    gateway = local.startGateway(config);
    client = LocalGateways.client(gateway);
  }

  private static String job(String duration) {
    return """
    {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
     "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "%s"},
     "driver": {"env": [{"name": "TOKEN", "value": "secret"}]}, "executor": {"instances": 1}}
    """
        .formatted(duration);
  }

  private Reply submit(String user, String body, String idempotencyKey) {
    HttpRequest.Builder request =
        client
            .request("/spark", null)
            .header("Authorization", GatewayTestClient.basic(user, user + "-pw"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return client.send(request);
  }

  private String state(String id) {
    return client.get("/spark/" + id + "/status", "demo").text("applicationState");
  }

  @Test
  void aRetriedSubmitWithTheSameKeyAnswersTheSameIdAndCreatesNothingMore() throws Exception {
    start(null, QueueConfig.named("dev"));
    Reply first = submit("demo", job("300ms"), "order-42");
    Reply again = submit("demo", job("300ms"), "order-42");
    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("submissionId")).isEqualTo(first.text("submissionId"));
    assertThat(local.applications("spark-cluster-a")).isEqualTo(1);

    Reply otherBody = submit("demo", job("900ms"), "order-42");
    assertThat(otherBody.status()).isEqualTo(409);
    assertThat(otherBody.text("error")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(otherBody.text("message"))
        .contains("Idempotency-Key")
        .contains(first.text("submissionId"));
    // Keys are per owner: another user's same key is another submission.
    Reply otherUser = submit("other", job("300ms"), "order-42");
    assertThat(otherUser.text("submissionId")).isNotEqualTo(first.text("submissionId"));
    assertThat(local.applications("spark-cluster-a")).isEqualTo(2);
  }

  @Test
  void fullClustersHoldSubmissionsQueuedAndDispatchThemInOrderAsRoomFrees() throws Exception {
    // At most two applications at once on the cluster: one running and one pending, or two running.
    start(1, 1, QueueConfig.named("dev"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Reply reply = submit("demo", job("6s"), null);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      ids.add(reply.text("submissionId"));
      // The second may wait a moment for the first to start; either way both are on the cluster
      // now.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !state(reply.text("submissionId")).equals("QUEUED"));
    }
    for (int i = 0; i < 4; i++) {
      Reply reply = submit("demo", job("300ms"), null);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      ids.add(reply.text("submissionId"));
    }
    // The two long ones fill the cluster for six seconds: the four after them were held by the
    // gateway, recorded QUEUED before any create.
    for (String held : ids.subList(2, 6)) {
      JsonNode history = client.get("/spark/" + held + "/history", "demo").json();
      assertThat(history.path("transitions").get(0).path("state").asText())
          .as(held)
          .isEqualTo("QUEUED");
    }
    assertThat(state(ids.get(5))).isEqualTo("QUEUED");
    JsonNode overview =
        client
            .send(
                client
                    .request("/admin/clusters", null)
                    .header("Authorization", GatewayTestClient.basic("admin", "admin-pw"))
                    .GET())
            .json()
            .path("clusters")
            .get(0);
    assertThat(overview.path("queued").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(overview.path("maxRunningApplications").asInt()).isEqualTo(1);
    assertThat(overview.path("maxPendingApplications").asInt()).isEqualTo(1);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo("COMPLETED")));
    // Dispatched in submission order: each started no earlier than the one submitted before it.
    List<Long> starts = new ArrayList<>();
    for (String id : ids) {
      JsonNode history = client.get("/spark/" + id + "/history", "demo").json();
      assertThat(history.path("attempts")).hasSize(1);
      starts.add(history.path("attempts").get(0).path("time").asLong());
    }
    assertThat(starts).isSorted();
  }

  @Test
  void perUserCapsHoldTheUsersFurtherSubmissions() throws Exception {
    QueueConfig named = QueueConfig.named("dev");
    start(
        null,
        new QueueConfig(
            named.name(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            1,
            null,
            null,
            null,
            null,
            null));
    String first = submit("demo", job("1500ms"), null).text("submissionId");
    await().atMost(Duration.ofSeconds(10)).until(() -> !state(first).equals("UNKNOWN"));
    String second = submit("demo", job("200ms"), null).text("submissionId");
    String others =
        client
            .send(
                client
                    .request("/spark", null)
                    .header("Authorization", GatewayTestClient.basic("other", "other-pw"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(job("200ms"))))
            .text("submissionId");
    assertThat(client.get("/spark/" + second + "/status", "demo").text("applicationState"))
        .isEqualTo("QUEUED");
    assertThat(client.get("/spark/" + second + "/status", "demo").text("applicationErrorMessage"))
        .contains("the limit per user");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .get("/spark/" + others + "/status", "other")
                            .text("applicationState"))
                    .isNotEqualTo("QUEUED"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(state(second)).isEqualTo("COMPLETED"));
  }

  @Test
  void aQueuedSubmissionCanBeKilledBeforeItRuns() throws Exception {
    start(1, QueueConfig.named("dev"));
    submit("demo", job("5s"), null);
    String held = submit("demo", job("200ms"), null).text("submissionId");
    assertThat(state(held)).isEqualTo("QUEUED");
    assertThat(client.delete("/spark/" + held, "demo").status()).isEqualTo(200);
    assertThat(state(held)).isEqualTo("FAILED");
    assertThat(client.get("/spark/" + held + "/history", "demo").json().path("attempts")).isEmpty();
  }

  @Test
  void aSubmissionRecordedByAGatewayThatDiedBeforeCreatingItCompletesOnRetryOrIsClosed()
      throws Exception {
    start(null, QueueConfig.named("dev"));
    // What a gateway leaves when it dies between recording a submission and creating it: the
    // record, in its first state, and no SparkApplication. One with an idempotency key, one
    // without.
    String body = job("300ms");
    String retried = "spark-cluster-a-" + UUID.randomUUID().toString().replace("-", "");
    String abandoned = "spark-cluster-a-" + UUID.randomUUID().toString().replace("-", "");
    String probe = submit("demo", body, null).text("submissionId");
    try (Database database = Database.open(new DatabaseConfig(databaseUrl, "", "", 2, null))) {
      JdbcSubmissionStore store =
          new JdbcSubmissionStore(database.dataSource(), JSON, RunCost.NONE);
      // The request exactly as the gateway records it (environment removed).
      String masked = store.find(probe).orElseThrow().requestJson();
      assertThat(masked).doesNotContain("secret");
      Instant created = Instant.now();
      // The retried one was recorded just over a dispatch lease ago: no dispatch of it can still
      // be in flight (a replay within the lease answers its ID and creates nothing), and the
      // reconciliation waits longer than that before it closes a record never created.
      store.insert(
          record(
              retried, masked, created.minus(config.dispatchLease()).minusSeconds(2), "retry-me"));
      // The abandoned one is closed a few seconds after the restart, once older than the grace.
      store.insert(
          record(
              abandoned,
              masked,
              created.minus(config.effectiveReconcileGrace()).plusSeconds(8),
              null));
    }
    // The gateway restarts: the client's retry creates the first; the second is closed, not lost,
    // once it is older than the reconciliation's grace period.
    local.stopGateway(gateway);
    start(null, QueueConfig.named("dev"));
    Reply retry = submit("demo", body, "retry-me");
    assertThat(retry.status()).as(retry.body()).isEqualTo(200);
    assertThat(retry.text("submissionId")).isEqualTo(retried);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(state(retried)).isEqualTo("COMPLETED"));
    assertThat(state(abandoned)).isEqualTo("UNKNOWN");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(state(abandoned)).isEqualTo("FAILED"));
    assertThat(
            client.get("/spark/" + abandoned + "/status", "demo").text("applicationErrorMessage"))
        .contains("never created");
  }

  private static SubmissionRecord record(
      String id, String requestJson, Instant created, String key) {
    return new SubmissionRecord(
        id,
        "spark-cluster-a",
        LocalSetup.NAMESPACE,
        "demo",
        "demo",
        "dev",
        "3.5.0",
        null,
        "Java",
        "com.example.Job",
        List.of(),
        null,
        null,
        1,
        1024L,
        1,
        1,
        1024L,
        43_200_000L,
        "chose spark-cluster-a",
        requestJson,
        "{}",
        created,
        ApplicationState.UNKNOWN,
        created,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        key,
        null);
  }

  @Test
  void metricsAndReadinessAreServedAtTheRoot() throws Exception {
    start(null, QueueConfig.named("dev"));
    submit("demo", job("200ms"), null);
    HttpClient http = HttpClient.newHttpClient();
    String root = "http://127.0.0.1:" + gateway.port();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> ready =
                  http.send(
                      HttpRequest.newBuilder(URI.create(root + "/ready")).build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(ready.statusCode()).isEqualTo(200);
              assertThat(ready.body()).contains("READY");
            });
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(root + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "bpg_submissions_total{cluster=\"spark-cluster-a\",outcome=\"created\",queue=\"dev\"}"
                + " 1.0")
        .contains("bpg_routing_decisions_total{cluster=\"spark-cluster-a\",result=\"chosen\"}")
        .contains("bpg_cluster_health{cluster=\"spark-cluster-a\"}")
        .contains("bpg_http_requests_seconds_bucket")
        .contains("bpg_informer_lag_seconds");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(URI.create(root + "/metrics")).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("bpg_state_transitions_total{state=\"COMPLETED\"}"));
    local.cluster("spark-cluster-a").stopApiServer();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> ready =
                  http.send(
                      HttpRequest.newBuilder(URI.create(root + "/ready")).build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(ready.statusCode()).isEqualTo(503);
              assertThat(ready.body()).contains("every cluster is down");
            });
    local.cluster("spark-cluster-a").resumeApiServer();
  }
}
