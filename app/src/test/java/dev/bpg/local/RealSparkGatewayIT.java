package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.bench.LocalObjectStore;
import dev.bpg.cli.LocalSetup;
import dev.bpg.cluster.HistoryServerDirectory;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.HistoryServerApiConfig;
import dev.bpg.server.GatewayServer;
import dev.bpg.server.LocalGateways;
import dev.bpg.server.LocalGateways.Users;
import io.dropwizard.util.DataSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Spark jobs submitted through the gateway to one local cluster that runs one job at a time:
 * SparkPi's result read from the log endpoint, a failing job's reason, a killed job's driver JVM,
 * and the queue of a full cluster. The Spark runtime and the examples jar come from the build of
 * the {@code spark-runtime} and {@code spark-examples} modules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealSparkGatewayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  // A SparkPi takes about 6 s on two idle cores; a busy CI machine may take several times that.
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern PI = Pattern.compile("Pi is roughly (\\d+\\.\\d+)");
  private static final String LONG_SPARK_PI_SLICES = "1000000";

  private final HttpClient http = HttpClient.newHttpClient();
  private LocalGateways local;
  private LocalObjectStore store;
  private LocalHistoryServer history;
  private S3RemoteFiles fetched;
  private LocalCluster cluster;
  private String base;

  @BeforeAll
  void start() throws Exception {
    SparkRuntime runtime = SparkRuntime.loadDefault();
    Path dir = Files.createTempDirectory("bpg-real-spark-");
    store = LocalObjectStore.start(LocalObjectStore.defaultModuleTarget(), dir.resolve("store"));
    fetched =
        new S3RemoteFiles(
            store.endpoint(),
            LocalObjectStore.ACCESS_KEY,
            LocalObjectStore.SECRET_KEY,
            dir.resolve("fetched"));
    history = LocalHistoryServer.start(runtime, dir.resolve("events"), dir.resolve("history"));
    local =
        LocalGateways.start(
            LocalRunMode.realSpark(
                LocalSparkSettings.defaults(runtime)
                    .withMaxRunningJobs(1)
                    .withRemoteFiles(fetched)
                    .withEventLogDir(dir.resolve("events"))),
            "spark-cluster-a");
    cluster = local.cluster("spark-cluster-a");
    GatewayConfiguration config =
        local
            .configuration(Users.of("demo"))
            .withStorage(store.storageConfig(DataSize.mebibytes(100)));
    GatewayServer gateway =
        local.startGateway(
            config.withClusters(
                config.clusters().stream()
                    .map(c -> c.withHistoryServerUrl(history.url()))
                    .toList()));
    base = "http://127.0.0.1:" + gateway.port() + "/skatev2";
  }

  @AfterAll
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (fetched != null) {
      fetched.close();
    }
    if (store != null) {
      store.close();
    }
    if (history != null) {
      history.close();
    }
  }

  /**
   * A finished job's status links to its Spark UI in a real Spark History Server, which reads the
   * event log the local run wrote, and the link opens that application's jobs.
   */
  @Test
  void aFinishedJobsHistoryServerLinkOpensItsSparkUi() throws Exception {
    String id = submit("org.apache.spark.examples.SparkPi", "2");
    JsonNode completed = awaitState(id, "COMPLETED");
    String appId = completed.path("sparkApplicationId").asText();
    String link = completed.path("historyServerUrl").asText();
    assertThat(link).isEqualTo(history.url() + "/history/" + appId + "/");
    HttpClient browser =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> page =
                  browser.send(
                      HttpRequest.newBuilder(URI.create(link)).build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(page.statusCode()).isEqualTo(200);
              assertThat(page.body()).contains("Spark Jobs").contains("Spark Pi");
            });
    // The History Server's REST API names the run's submission, as /log?appId= asks it for an
    // application ID the database does not hold.
    try (HistoryServerDirectory directory =
        new HistoryServerDirectory(new HistoryServerApiConfig(history.url(), null, null))) {
      assertThat(directory.submissionIdOf(appId)).contains(id);
      assertThat(directory.submissionIdOf("spark-0123456789abcdef")).isEmpty();
    }
  }

  /**
   * A jar uploaded through the gateway runs from the {@code s3a://} URL the upload answers: the
   * local cluster fetches it from the object store, as a real cluster's Spark reads it.
   */
  @Test
  void anUploadedJarRunsFromItsS3aUrl() throws IOException {
    HttpResponse<String> uploaded =
        send(
            request("/s3/uploaded-examples.jar?folder=it")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(SparkRuntime.defaultExamplesJar())));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    String url = json(uploaded.body()).path("url").asText();
    assertThat(url).isEqualTo("s3a://bpg/uploads/it/uploaded-examples.jar");

    String id = submitFile(url, "org.apache.spark.examples.SparkPi", "2");
    JsonNode completed = awaitState(id, "COMPLETED");
    assertThat(completed.has("applicationErrorMessage")).isFalse();
    assertThat(PI.matcher(get("/log?subId=" + id).body()).find()).as("Pi in the log").isTrue();

    // Deleted, its pods with it: the driver's log now comes from the archive in the bucket.
    HttpResponse<String> deleted = send(request("/spark/" + id).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                        .client()
                        .pods()
                        .inNamespace(LocalSetup.NAMESPACE)
                        .withName(id + "-driver")
                        .get()
                    == null);
    HttpResponse<String> archived = get("/log?subId=" + id);
    assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
    assertThat(PI.matcher(archived.body()).find()).as("Pi in the archived log").isTrue();
  }

  @Test
  void sparkPiThroughTheGatewayWritesPiToTheDriverLog() {
    long submitted = System.nanoTime();
    String id = submit("org.apache.spark.examples.SparkPi", "4");
    JsonNode running = awaitState(id, "RUNNING");
    long runningAt = System.nanoTime();
    assertThat(running.path("applicationState").asText()).isEqualTo("RUNNING");

    JsonNode completed = awaitState(id, "COMPLETED");
    long completedAt = System.nanoTime();
    assertThat(completed.path("sparkApplicationId").asText()).matches("local-\\d+");
    assertThat(completed.has("applicationErrorMessage")).isFalse();

    String log = get("/log?subId=" + id).body();
    Matcher pi = PI.matcher(log);
    assertThat(pi.find()).as(log).isTrue();
    assertThat(Double.parseDouble(pi.group(1))).isBetween(3.0, 3.3);
    assertThat(log)
        .contains(
            "this application asks for Spark 3.5.0; the local clusters run every application with"
                + " Spark 4.0")
        .contains("SparkContext: Running Spark version 4.0")
        .contains("driver JVM exited with code 0");
    assertThat(get("/log?appId=" + completed.path("sparkApplicationId").asText()).body())
        .contains("Pi is roughly");
    System.out.printf(
        "SparkPi through the gateway: RUNNING after %d ms, COMPLETED after %d ms%n",
        (runningAt - submitted) / 1_000_000, (completedAt - submitted) / 1_000_000);
  }

  @Test
  void jobWithAMissingClassEndsFailedWithSparksReason() {
    String id = submit("com.example.DoesNotExist");
    JsonNode failed = awaitState(id, "FAILED");
    assertThat(failed.path("applicationErrorMessage").asText())
        .startsWith("driver exited with code 101")
        .contains("Failed to load class com.example.DoesNotExist");
    assertThat(get("/log?subId=" + id).body())
        .contains("Error: Failed to load class com.example.DoesNotExist.");
  }

  @Test
  void jobDeletedWhileRunningStopsItsDriverAndTheNextJobGetsTheSlot() {
    String running = submit("org.apache.spark.examples.SparkPi", LONG_SPARK_PI_SLICES);
    try {
      deletedWhileRunning(running);
    } finally {
      // Should the test fail half-way, the endless job must not keep the slot from the other tests.
      send(request("/spark/" + running).DELETE());
    }
  }

  private void deletedWhileRunning(String running) {
    awaitSparkApplicationId(running);
    ProcessHandle driver = driverProcess(running).orElseThrow();
    assertThat(driver.isAlive()).isTrue();

    // The cluster runs one job at a time: the next one waits, SUBMITTED, with its driver pod
    // pending.
    String waiting = submit("org.apache.spark.examples.SparkPi", "2");
    await()
        .atMost(JOB_TIMEOUT)
        .untilAsserted(() -> assertThat(state(waiting)).isEqualTo("SUBMITTED"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(state(waiting)).isEqualTo("SUBMITTED"));
    assertThat(
            cluster
                .client()
                .pods()
                .inNamespace(LocalSetup.NAMESPACE)
                .withName(waiting + "-driver")
                .get()
                .getStatus()
                .getPhase())
        .isEqualTo("Pending");
    assertThat(get("/spark/" + waiting + "/describe").body())
        .contains(
            "SparkApplicationWaiting SparkApplication "
                + waiting
                + " is waiting for a free job slot: this local cluster runs 1 Spark job(s) at"
                + " once");

    HttpResponse<String> kill = send(request("/spark/" + running).DELETE());
    assertThat(kill.statusCode()).as(kill.body()).isEqualTo(200);
    JsonNode killed = awaitState(running, "FAILED");
    assertThat(killed.path("applicationErrorMessage").asText()).contains("killed by demo");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(driver.isAlive()).isFalse();
              assertThat(driverProcess(running)).isEmpty();
            });

    awaitState(waiting, "COMPLETED");
  }

  @Test
  void deletingTheDriverPodStopsTheJob() {
    String id = submit("org.apache.spark.examples.SparkPi", LONG_SPARK_PI_SLICES);
    try {
      awaitSparkApplicationId(id);
      ProcessHandle driver = driverProcess(id).orElseThrow();

      cluster.client().pods().inNamespace(LocalSetup.NAMESPACE).withName(id + "-driver").delete();

      JsonNode failed = awaitState(id, "FAILED");
      assertThat(failed.path("applicationErrorMessage").asText())
          .isEqualTo("the driver pod " + id + "-driver was deleted");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(driver.isAlive()).isFalse());
    } finally {
      send(request("/spark/" + id).DELETE());
    }
  }

  // ---- helpers ----

  private String submit(String mainClass, String... arguments) {
    return submitFile(
        "local:///usr/lib/spark/examples/jars/spark-examples.jar", mainClass, arguments);
  }

  private String submitFile(String applicationFile, String mainClass, String... arguments) {
    String body =
        """
        {
          "applicationName": "real-spark-test",
          "queue": "dev",
          "sparkVersion": "3.5.0",
          "mainApplicationFile": "%s",
          "mainClass": "%s",
          "arguments": %s,
          "driver": {"cores": 1, "memory": "512m"},
          "executor": {"instances": 1, "cores": 1, "memory": "512m"}
        }
        """
            .formatted(applicationFile, mainClass, toJson(List.of(arguments)));
    HttpResponse<String> response =
        send(
            request("/spark")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body()).path("submissionId").asText();
  }

  private JsonNode awaitState(String id, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = status(id);
              assertThat(last[0].path("applicationState").asText())
                  .as(last[0].toString())
                  .isEqualTo(state);
            });
    return last[0];
  }

  /**
   * Spark has started the application (its context is up) once the gateway shows Spark's id for it.
   */
  private void awaitSparkApplicationId(String id) {
    await()
        .atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              JsonNode status = status(id);
              assertThat(status.path("applicationState").asText()).isEqualTo("RUNNING");
              assertThat(status.path("sparkApplicationId").asText("")).startsWith("local-");
            });
  }

  private String state(String id) {
    return status(id).path("applicationState").asText();
  }

  private JsonNode status(String id) {
    HttpResponse<String> response = get("/spark/" + id + "/status");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  /** The driver JVM of a submission, found among this JVM's descendants by its command line. */
  private static Optional<ProcessHandle> driverProcess(String submissionId) {
    String marker =
        "-D" + SparkJob.APPLICATION_PROPERTY + "=" + LocalSetup.NAMESPACE + "/" + submissionId;
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            process -> process.info().arguments().map(List::of).orElse(List.of()).contains(marker))
        .findFirst();
  }

  private HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    String credentials =
        Base64.getEncoder().encodeToString("demo:demo-pw".getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + credentials);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
