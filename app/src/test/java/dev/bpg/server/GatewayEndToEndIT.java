package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.ApiConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.TrackingConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import io.dropwizard.util.DataSize;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway over real HTTP on a free port, against two local clusters with hyphenated IDs and an
 * H2 database: every endpoint, the run lifecycle, kill, logs, history after deletion, and the
 * errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEndToEndIT {
  private static final Pattern ID = Pattern.compile("spark-cluster-[ab]-[0-9a-f]{32}");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private LocalGateways local;
  private GatewayTestClient client;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    GatewayConfiguration config =
        local
            .configuration(
                Users.of("demo", "other", "admin", "blocked")
                    .withAdmins("admin")
                    .withBlocked("blocked"))
            .withApi(new ApiConfig("/skatev2", DataSize.kibibytes(64), null))
            .withClusterRequestTimeout(Duration.ofSeconds(4))
            .withTracking(
                new TrackingConfig(
                    Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(200), null));
    client = LocalGateways.client(local.startGateway(config));
  }

  @AfterAll
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  private static String job(String extraConf) {
    return """
    {
      "applicationName": "SparkPiDemo",
      "queue": "dev",
      "sparkVersion": "3.5.0",
      "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
      "mainClass": "org.apache.spark.examples.SparkPi",
      "arguments": ["10"],
      "sparkConf": {%s},
      "driver": {"cores": 1, "memory": "2g", "serviceAccount": "emr-containers-sa-spark",
                 "env": [{"name": "SECRET_TOKEN", "value": "s3cr3t"}]},
      "executor": {"instances": 2, "cores": 1, "memory": "2g"}
    }
    """
        .formatted(extraConf);
  }

  private String submit(String user, String extraConf) {
    Reply reply = client.post("/spark", user, "application/json", job(extraConf));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String id = reply.text("submissionId");
    assertThat(id).matches(ID);
    return id;
  }

  private JsonNode awaitState(String id, String user, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              Reply reply = client.get("/spark/" + id + "/status", user);
              assertThat(reply.status()).as(reply.body()).isEqualTo(200);
              last[0] = reply.json();
              assertThat(last[0].path("applicationState").asText()).isEqualTo(state);
            });
    return last[0];
  }

  @Test
  void submittedApplicationRunsToCompletion() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"400ms\"");
    JsonNode status = awaitState(id, "demo", "COMPLETED");
    assertThat(status.path("sparkApplicationId").asText()).startsWith("spark-");
    assertThat(status.path("terminationTime").asLong())
        .isGreaterThanOrEqualTo(status.path("creationTime").asLong());
    assertThat(status.has("applicationErrorMessage")).isFalse();

    // The database follows the live state a moment later.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.states(id, "demo"))
                    .containsSubsequence("SUBMITTED", "RUNNING", "COMPLETED"));
  }

  @Test
  void yamlBodyIsAccepted() {
    String yaml =
        """
        applicationName: yaml-job
        queue: dev
        sparkVersion: 4.0.0
        mainApplicationFile: local:///opt/app.jar
        mainClass: com.example.Main
        sparkConf:
          spark.local.simulate.duration: 300ms
        driver:
          cores: 1
          memory: 1g
        executor:
          instances: 1
        """;
    Reply reply = client.post("/spark", "demo", "application/yaml", yaml);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    awaitState(reply.text("submissionId"), "demo", "COMPLETED");
  }

  @Test
  void failedRunEndsFailedWithTheReason() {
    String id =
        submit(
            "demo",
            "\"spark.local.simulate.duration\": \"300ms\", \"spark.local.simulate.outcome\":"
                + " \"FAILED\"");
    JsonNode status = awaitState(id, "demo", "FAILED");
    assertThat(status.path("applicationErrorMessage").asText()).isNotBlank();
  }

  @Test
  void deleteWhileRunningKillsTheApplication() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"60s\"");
    awaitState(id, "demo", "RUNNING");
    LocalCluster cluster = clusterOf(id);
    assertThat(
            cluster
                .client()
                .pods()
                .inNamespace(LocalSetup.NAMESPACE)
                .withName(id + "-driver")
                .get())
        .isNotNull();

    Reply reply = client.delete("/spark/" + id, "demo");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.text("submissionId")).isEqualTo(id);

    JsonNode status = awaitState(id, "demo", "FAILED");
    assertThat(status.path("applicationErrorMessage").asText()).contains("killed by demo");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        cluster
                            .client()
                            .pods()
                            .inNamespace(LocalSetup.NAMESPACE)
                            .list()
                            .getItems()
                            .stream()
                            .filter(p -> p.getMetadata().getName().startsWith(id))
                            .toList())
                    .isEmpty());
    // Still FAILED once the informer has seen the deletion: the history answers.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        cluster
                            .client()
                            .genericKubernetesResources(
                                "sparkoperator.k8s.io/v1beta2", "SparkApplication")
                            .inNamespace(LocalSetup.NAMESPACE)
                            .withName(id)
                            .get())
                    .isNull());
    assertThat(client.get("/spark/" + id + "/status", "demo").text("applicationState"))
        .isEqualTo("FAILED");
  }

  @Test
  void driverAndExecutorLogsAreServedAndTheDriverLogStreams() throws Exception {
    // Executor pods kept after the driver ends (this gateway has no log archive to do it), so that
    // their logs can still be read once the application has completed.
    String id =
        submit(
            "demo",
            "\"spark.local.simulate.duration\": \"2s\","
                + " \"spark.kubernetes.executor.deleteOnTermination\": \"false\"");
    awaitState(id, "demo", "RUNNING");
    // Opened while the driver runs: the answer must go on until the driver ends, with the last
    // line.
    CompletableFuture<String> followed =
        CompletableFuture.supplyAsync(() -> readAll(client.stream("/log?subId=" + id, "demo")));
    String driverLog = followed.get(30, TimeUnit.SECONDS);
    assertThat(driverLog).contains("simulated").contains("Pi is roughly");
    assertThat(client.get("/spark/" + id + "/status", "demo").text("applicationState"))
        .isIn("COMPLETED", "RUNNING");

    Reply executorLog = client.get("/log?subId=" + id + "&execId=1", "demo");
    assertThat(executorLog.status()).isEqualTo(200);
    assertThat(executorLog.body()).isNotBlank().doesNotContain("Pi is roughly");
  }

  private static String readAll(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().collect(Collectors.joining("\n"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void describeShowsTheSpecWithoutEnvAndTheEvents() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"300ms\"");
    awaitState(id, "demo", "COMPLETED");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Reply describe = client.get("/spark/" + id + "/describe", "demo");
              assertThat(describe.status()).isEqualTo(200);
              assertThat(describe.body())
                  .contains(
                      "--- Spark Spec ---",
                      "mainClass: org.apache.spark.examples.SparkPi",
                      "--- Spark Application Events ---",
                      "SparkApplicationAdded",
                      "--- Spark Driver Events ---")
                  .doesNotContain("s3cr3t", "SECRET_TOKEN");
            });
    Reply spec = client.get("/spark/" + id + "/spec", "demo");
    assertThat(spec.status()).isEqualTo(200);
    assertThat(spec.json().path("mainClass").asText())
        .isEqualTo("org.apache.spark.examples.SparkPi");
    assertThat(spec.json().path("driver").has("env")).isFalse();
    assertThat(spec.body()).doesNotContain("s3cr3t");
  }

  @Test
  void mySubmissionsListsOnlyTheCallersOwn() {
    String mine = submit("demo", "\"spark.local.simulate.duration\": \"300ms\"");
    String theirs = submit("other", "\"spark.local.simulate.duration\": \"300ms\"");
    Reply reply = client.get("/spark/mySubmissions", "demo");
    assertThat(reply.status()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    Set<String> users = new HashSet<>();
    reply
        .json()
        .path("submissions")
        .forEach(
            s -> {
              ids.add(s.path("submissionId").asText());
              users.add(s.path("user").asText());
            });
    assertThat(ids).contains(mine).doesNotContain(theirs);
    assertThat(users).containsOnly("demo");
    JsonNode summary = reply.json().path("submissions").get(0);
    assertThat(summary.path("queue").asText()).isEqualTo("root.dev");
    assertThat(summary.path("executorInstances").asInt()).isEqualTo(2);
    assertThat(summary.path("totalCores").asInt()).isEqualTo(3);
  }

  @Test
  void everyReadEndpointWorksWithHyphenatedClusterIds() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"30s\"");
    assertThat(id).startsWith("spark-cluster-");
    awaitState(id, "demo", "RUNNING");
    for (String path :
        List.of(
            "/spark/" + id + "/status",
            "/spark/" + id + "/driver",
            "/spark/" + id + "/spec",
            "/spark/" + id + "/describe",
            "/spark/" + id + "/history")) {
      Reply reply = client.get(path, "demo");
      assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
    }
    assertThat(client.get("/spark/" + id + "/driver", "demo").text("podName"))
        .isEqualTo(id + "-driver");
    assertThat(client.delete("/spark/" + id, "demo").status()).isEqualTo(200);
    awaitState(id, "demo", "FAILED");
    // Gone with its pods, and this gateway has no bucket to archive logs in: 404 saying so.
    Reply log = client.get("/log?subId=" + id + "&execId=2", "demo");
    assertThat(log.status()).as(log.body()).isEqualTo(404);
    assertThat(log.text("error")).isEqualTo("LOG_NOT_FOUND");
    assertThat(log.text("message")).contains("no log archived for submission " + id);
  }

  @Test
  void statusComesFromHistoryAfterTheResourceIsDeleted() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"300ms\"");
    awaitState(id, "demo", "COMPLETED");
    // As the operator's TTL or an operator with kubectl would: the resource goes away on the
    // cluster.
    clusterOf(id)
        .client()
        .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE)
        .withName(id)
        .delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Reply reply = client.get("/spark/" + id + "/driver", "demo");
              assertThat(reply.status()).isEqualTo(200);
              assertThat(reply.json().has("podName")).isFalse();
            });
    Reply status = client.get("/spark/" + id + "/status", "demo");
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.text("applicationState")).isEqualTo("COMPLETED");
    assertThat(client.get("/spark/" + id + "/spec", "demo").status()).isEqualTo(200);
  }

  @Test
  void submissionsSpreadOverBothClusters() {
    Set<String> clustersUsed = new HashSet<>();
    for (int i = 0; i < 30 && clustersUsed.size() < 2; i++) {
      String id = submit("demo", "\"spark.local.simulate.duration\": \"200ms\"");
      clustersUsed.add(id.substring(0, "spark-cluster-a".length()));
    }
    assertThat(clustersUsed).containsExactlyInAnyOrder("spark-cluster-a", "spark-cluster-b");
  }

  @Test
  void adminListsEverySubmissionAsNewlineDelimitedJson() {
    String mine = submit("demo", "\"spark.local.simulate.duration\": \"200ms\"");
    String theirs = submit("other", "\"spark.local.simulate.duration\": \"200ms\"");
    Reply reply = client.get("/admin/submissions", "admin");
    assertThat(reply.status()).isEqualTo(200);
    List<String> lines = reply.body().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).anyMatch(l -> l.contains(mine)).anyMatch(l -> l.contains(theirs));
    assertThat(lines).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
    Reply filtered = client.get("/admin/submissions?name=SparkPiDemo", "admin");
    assertThat(filtered.body().lines().filter(l -> !l.isBlank()))
        .allMatch(l -> l.contains("SparkPiDemo"));

    Reply forbidden = client.get("/admin/submissions", "demo");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.text("error")).isEqualTo("FORBIDDEN");
  }

  @Test
  void historySearchFiltersAndPages() {
    String first = submit("other", "\"spark.local.simulate.duration\": \"200ms\"");
    String second = submit("other", "\"spark.local.simulate.duration\": \"200ms\"");
    awaitState(second, "other", "COMPLETED");
    Reply page = client.get("/submissions?limit=1", "other");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().path("submissions")).hasSize(1);
    String cursor = page.text("nextCursor");
    assertThat(cursor).isNotBlank();
    Reply next = client.get("/submissions?limit=1&cursor=" + cursor, "other");
    assertThat(next.json().path("submissions").get(0).path("submissionId").asText())
        .isNotEqualTo(page.json().path("submissions").get(0).path("submissionId").asText());

    Set<String> completed = new HashSet<>();
    client
        .get("/submissions?state=COMPLETED&queue=dev&limit=1000", "other")
        .json()
        .path("submissions")
        .forEach(s -> completed.add(s.path("submissionId").asText()));
    assertThat(completed).contains(second);
    client
        .get("/submissions?limit=1000", "other")
        .json()
        .path("submissions")
        .forEach(s -> assertThat(s.path("user").asText()).isEqualTo("other"));
    assertThat(
            client
                .get("/submissions?user=other&limit=1000", "admin")
                .json()
                .path("submissions")
                .size())
        .isGreaterThanOrEqualTo(2);
    assertThat(first).isNotEqualTo(second);

    assertError(client.get("/submissions?user=demo", "other"), 403, "FORBIDDEN", "user");
    assertError(client.get("/submissions?state=SLEEPING", "other"), 400, "INVALID_FIELD", "state");
    assertError(client.get("/submissions?from=yesterday", "other"), 400, "INVALID_FIELD", "from");
    assertError(client.get("/submissions?limit=0", "other"), 400, "INVALID_FIELD", "limit");
    assertError(client.get("/submissions?cursor=%25%25", "other"), 400, "INVALID_FIELD", "cursor");
  }

  @Test
  void applicationsRunningLongerThanAllowedAreKilled() {
    String id =
        submit(
            "demo",
            "\"spark.local.simulate.duration\": \"60s\", \"bpg.maxRunningMillis\": \"1500\"");
    JsonNode status = awaitState(id, "demo", "FAILED");
    assertThat(status.path("applicationErrorMessage").asText())
        .contains("maximum running time of 1500 ms");
    List<String> sources = new ArrayList<>();
    client
        .get("/spark/" + id + "/history", "demo")
        .json()
        .path("transitions")
        .forEach(t -> sources.add(t.path("source").asText()));
    assertThat(sources).containsOnlyOnce("running-time-limit");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        clusterOf(id)
                            .client()
                            .genericKubernetesResources(
                                "sparkoperator.k8s.io/v1beta2", "SparkApplication")
                            .inNamespace(LocalSetup.NAMESPACE)
                            .withName(id)
                            .get())
                    .isNull());
  }

  @Test
  void adminMayReadAndKillAnySubmission() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"30s\"");
    assertThat(client.get("/spark/" + id + "/status", "admin").status()).isEqualTo(200);
    assertThat(client.delete("/spark/" + id, "admin").status()).isEqualTo(200);
    assertThat(awaitState(id, "demo", "FAILED").path("applicationErrorMessage").asText())
        .contains("killed by admin");
  }

  @Test
  void versionHealthAndOpenApi() {
    Reply version = client.get("/admin/version", "demo");
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json().has("version")).isTrue();
    assertThat(version.json().has("gitCommit")).isTrue();
    assertThat(version.json().has("buildTime")).isTrue();
    Reply health = client.get("/healthcheck/status", "demo");
    assertThat(health.json().path("status").asText()).isEqualTo("OK");
    Reply openApi = client.get("/openapi.json", null);
    assertThat(openApi.status()).isEqualTo(200);
    JsonNode paths = openApi.json().path("paths");
    assertThat(paths.has("/spark")).isTrue();
    assertThat(paths.has("/spark/{submissionId}/status")).isTrue();
    assertThat(paths.has("/log")).isTrue();
    assertThat(paths.has("/admin/submissions")).isTrue();
    assertThat(paths.has("/submissions")).isTrue();
    assertThat(paths.has("/spark/{submissionId}/history")).isTrue();
    assertThat(openApi.json().path("components").path("schemas").has("SubmitApplicationRequest"))
        .isTrue();
    Reply yaml = client.get("/openapi.yaml", null);
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.body()).contains("openapi:");
  }

  @Test
  void badRequestsGetA400NamingTheField() {
    assertError(
        client.post(
            "/spark",
            "demo",
            "application/json",
            job("").replace("\"queue\": \"dev\"", "\"queue\": \"nope\"")),
        400,
        "UNKNOWN_QUEUE",
        "queue");
    assertError(
        client.post(
            "/spark",
            "demo",
            "application/json",
            job("").replace("\"sparkVersion\": \"3.5.0\"", "\"sparkVersion\": \"2.4.0\"")),
        400,
        "UNSUPPORTED_SPARK_VERSION",
        "sparkVersion");
    assertError(
        client.post(
            "/spark",
            "demo",
            "application/json",
            job("").replace("\"queue\": \"dev\",", "\"queue\": \"dev\", \"colour\": \"red\",")),
        400,
        "INVALID_FIELD",
        "colour");
    assertError(
        client.post(
            "/spark",
            "demo",
            "application/json",
            job("")
                .replace(
                    "\"mainApplicationFile\":"
                        + " \"local:///usr/lib/spark/examples/jars/spark-examples.jar\",",
                    "")),
        400,
        "INVALID_FIELD",
        "mainApplicationFile");
    assertError(
        client.post(
            "/spark",
            "demo",
            "application/json",
            job("").replace("\"instances\": 2", "\"instances\": \"many\"")),
        400,
        "INVALID_FIELD",
        "executor.instances");
    assertError(
        client.post("/spark", "demo", "application/json", "{\"queue\": "),
        400,
        "INVALID_REQUEST",
        "JSON");
    assertError(
        client.post("/spark", "demo", "application/yaml", "queue: dev: x"),
        400,
        "INVALID_REQUEST",
        "YAML");
    assertError(
        client.post("/spark", "demo", "application/json", "/tmp/job.json"),
        400,
        "INVALID_REQUEST",
        "-d @");
    assertError(
        client.post(
            "/spark",
            "demo",
            "application/json",
            job("\"bpg.maxRunningMillis\": \"999999999999\"")),
        400,
        "QUEUE_LIMIT_EXCEEDED",
        "bpg.maxRunningMillis");
    assertError(
        client.get("/spark/not-an-id/status", "demo"),
        400,
        "INVALID_SUBMISSION_ID",
        "submissionId");
    assertError(client.get("/log", "demo"), 400, "INVALID_FIELD", "subId");
  }

  @Test
  void authenticationAndAuthorizationErrorsAreJson() {
    Reply none = client.get("/spark/mySubmissions", null);
    assertError(none, 401, "UNAUTHENTICATED", "authentication");
    assertThat(none.wwwAuthenticate()).startsWith("Basic");
    Reply wrong =
        client.send(
            client
                .request("/spark/mySubmissions", null)
                .header("Authorization", GatewayTestClient.basic("demo", "not-the-password"))
                .GET());
    assertError(wrong, 401, "UNAUTHENTICATED", "password");
    assertError(client.get("/spark/mySubmissions", "blocked"), 403, "FORBIDDEN", "blocked");

    String id = submit("demo", "\"spark.local.simulate.duration\": \"200ms\"");
    assertError(client.get("/spark/" + id + "/status", "other"), 403, "FORBIDDEN", id);
    assertError(client.delete("/spark/" + id, "other"), 403, "FORBIDDEN", id);
    assertError(client.get("/log?subId=" + id, "other"), 403, "FORBIDDEN", id);
  }

  @Test
  void unknownSubmissionsAndPathsAre404() {
    assertError(
        client.get("/spark/spark-cluster-a-" + "0".repeat(32) + "/status", "demo"),
        404,
        "SUBMISSION_NOT_FOUND",
        "does not exist");
    assertError(client.get("/no/such/path", "demo"), 404, "NOT_FOUND", "no such resource");
  }

  @Test
  void oversizedBodiesAre413() {
    String big = job("\"padding\": \"" + "x".repeat(70 * 1024) + "\"");
    assertError(
        client.post("/spark", "demo", "application/json", big), 413, "REQUEST_TOO_LARGE", "limit");
  }

  private static void assertError(Reply reply, int status, String code, String messagePart) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    JsonNode body = reply.json();
    assertThat(body.path("code").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).contains(messagePart);
    assertThat(body.path("requestId").asText()).isNotBlank();
    assertThat(reply.body()).doesNotContain("Exception", "dev.bpg.", "at java.");
  }

  private LocalCluster clusterOf(String id) {
    return id.startsWith("spark-cluster-a-")
        ? local.cluster("spark-cluster-a")
        : local.cluster("spark-cluster-b");
  }

  @Test
  void logOfAnotherExecutorAndDriverAfterTheRun() {
    String id = submit("demo", "\"spark.local.simulate.duration\": \"300ms\"");
    awaitState(id, "demo", "COMPLETED");
    Reply driver = client.get("/log?subId=" + id + "&execId=driver", "demo");
    assertThat(driver.status()).isEqualTo(200);
    assertThat(driver.body()).contains("Pi is roughly");
  }
}
