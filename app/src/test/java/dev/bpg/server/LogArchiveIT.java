package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bpg.bench.LocalObjectStore;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.LogArchiveConfig;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import io.dropwizard.util.DataSize;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Logs that outlive their pods, through the whole gateway: a local cluster whose simulated runs
 * write driver and executor logs, a real S3-protocol server (S3Proxy, in a process of its own) as
 * the archive's bucket. After a submission is deleted from its cluster, {@code /log} serves the
 * driver's and each executor's log from the bucket; an executor that never was is a 404 saying so;
 * a kill keeps what the pods had written; and with the store down the log waits and arrives once it
 * is back.
 */
class LogArchiveIT {
  private static final String DATABASE =
      "jdbc:h2:mem:log-archive-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private static LocalObjectStore store;
  private static LocalGateways local;
  private static GatewayTestClient client;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("bpg-log-archive-");
    store = LocalObjectStore.start(LocalObjectStore.defaultModuleTarget(), dir.resolve("store"));
    local = LocalGateways.start("spark-cluster-a");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(DATABASE, Users.of("demo", "admin").withAdmins("admin"))
                .withStorage(store.storageConfig(DataSize.mebibytes(20)))
                .withLogArchive(
                    LogArchiveConfig.defaults()
                        .withRetryInterval(Duration.ofSeconds(1))
                        .withSpoolDirectory(dir.resolve("spool").toString())
                        .withFluentBitIndex(true)));
    client = LocalGateways.client(gateway);
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static String submit(String duration) throws IOException {
    Reply reply =
        client.post("/spark", "demo", "application/json", LocalGateways.sparkPi(duration));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.text("submissionId");
  }

  private static Reply log(String id, String execId) {
    return client.get("/log?subId=" + id + (execId == null ? "" : "&execId=" + execId), "demo");
  }

  private static void deleteAndAwaitGone(String id) {
    Reply deleted = client.delete("/spark/" + id, "demo");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    KubernetesClient cluster = local.cluster("spark-cluster-a").client();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster
                    .pods()
                    .inNamespace(LocalSetup.NAMESPACE)
                    .withLabel("sparkoperator.k8s.io/app-name", id)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  /** The driver's log as the cluster has it now, without following it. */
  private static String liveDriverLog(String id) {
    return local
        .cluster("spark-cluster-a")
        .client()
        .pods()
        .inNamespace(LocalSetup.NAMESPACE)
        .withName(id + "-driver")
        .getLog();
  }

  private static String archived(String key) throws IOException {
    try (S3Client s3 = store.client()) {
      ResponseBytes<GetObjectResponse> object =
          s3.getObjectAsBytes(r -> r.bucket(LocalObjectStore.BUCKET).key(key));
      try (GZIPInputStream in =
          new GZIPInputStream(new ByteArrayInputStream(object.asByteArray()))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void theDriverAndExecutorLogsOfADeletedSubmissionComeFromTheArchive() throws Exception {
    String id = submit("1s");
    client.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(30));

    deleteAndAwaitGone(id);

    Reply driver = log(id, null);
    assertThat(driver.status()).as(driver.body()).isEqualTo(200);
    assertThat(driver.body())
        .contains("Pi is roughly 3.1")
        .contains("simulated run finished; the application completed successfully");
    // Executors kept by the gateway's default (deleteOnTermination=false) were archived too.
    Reply executor = log(id, "2");
    assertThat(executor.status()).as(executor.body()).isEqualTo(200);
    assertThat(executor.body())
        .contains("executor 2 started")
        .contains("driver commanded a shutdown");
    assertThat(archived("logs/" + id + "/" + id + "-driver.log.gz")).isEqualTo(driver.body());

    Reply none = log(id, "5");
    assertThat(none.status()).as(none.body()).isEqualTo(404);
    assertThat(none.text("error")).isEqualTo("LOG_NOT_FOUND");
    assertThat(none.text("message"))
        .isEqualTo("no log archived for executor 5 of submission " + id);
    // What the archive did shows in the metrics.
    String metrics = client.get("/../metrics", null).body();
    assertThat(metrics)
        .containsPattern("(?m)^bpg_log_archive_pods_total\\{outcome=\"archived\",?} [1-9]")
        .containsPattern("(?m)^bpg_log_archive_bytes_total\\{kind=\"stored\",?} [1-9]")
        .containsPattern("(?m)^bpg_log_archive_copy_seconds_count [1-9]");
  }

  @Test
  void aKillKeepsWhatThePodsHadWritten() throws Exception {
    String id = submit("20s");
    client.awaitState(id, "demo", "RUNNING", Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(30)).until(() -> liveDriverLog(id).contains("simulated job"));

    deleteAndAwaitGone(id);

    Reply driver = log(id, null);
    assertThat(driver.status()).as(driver.body()).isEqualTo(200);
    assertThat(driver.body()).contains("registered executor 1").contains("simulated job");
    assertThat(log(id, "1").body()).contains("executor 1 started");
  }

  @Test
  void withTheStoreDownTheLogWaitsAndArrivesOnceItIsBack() throws Exception {
    String id = submit("1s");
    client.awaitState(id, "demo", "RUNNING", Duration.ofSeconds(30));
    store.stop();
    try {
      client.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(30));
      deleteAndAwaitGone(id);

      Reply waiting = log(id, null);
      assertThat(waiting.status()).as(waiting.body()).isEqualTo(404);
      assertThat(waiting.text("message"))
          .isEqualTo("the log of pod " + id + "-driver is being archived; try again shortly");
    } finally {
      store.resume();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(log(id, null).body()).contains("Pi is roughly 3.1"));
    assertThat(log(id, "1").body()).contains("executor 1 started");
  }

  /**
   * After a move from Apple's gateway, the logs Fluent Bit shipped for it are read through its
   * {@code logindex} table: an admin reads those of a submission this gateway never ran; anyone
   * else learns nothing of it.
   */
  @Test
  void logsFluentBitShippedForTheReplacedGatewayAreReadThroughItsIndex() throws Exception {
    String old = "spark-cluster-a-00000000000000000000000000000abc";
    String driverKey = "fluent-bit/2026/11/30/10/" + old + "-driver.log";
    String executorKey = "fluent-bit/2026/11/30/10/" + old + "-exec-1.log";
    try (Connection connection = DriverManager.getConnection(DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE logindex (logs3key VARCHAR(500) NOT NULL PRIMARY KEY, \"date\" DATE,"
              + " \"hour\" SMALLINT, containerId VARCHAR(60))");
      statement.execute(
          "INSERT INTO logindex VALUES ('"
              + driverKey
              + "', DATE '2026-11-30', 10, '"
              + old
              + "-driver'), ('"
              + executorKey
              + "', DATE '2026-11-30', 10, '"
              + old
              + "-exec-1')");
    }
    try (S3Client s3 = store.client()) {
      s3.putObject(
          r -> r.bucket(LocalObjectStore.BUCKET).key(driverKey),
          RequestBody.fromString(
              "{\"log\":\"INFO SparkContext: Running Spark version 3.3.1\\n"
                  + "\",\"stream\":\"stderr\"}\n"
                  + "{\"log\":\"Pi is roughly 3.1416\\n"
                  + "\",\"stream\":\"stdout\"}\n"));
      s3.putObject(
          r -> r.bucket(LocalObjectStore.BUCKET).key(executorKey),
          RequestBody.fromString("{\"log\":\"INFO Executor: Finished task 0.0\\n\"}\n"));
    }

    Reply driver = client.get("/log?subId=" + old, "admin");
    assertThat(driver.status()).as(driver.body()).isEqualTo(200);
    assertThat(driver.body())
        .isEqualTo("INFO SparkContext: Running Spark version 3.3.1\nPi is roughly 3.1416\n");
    assertThat(client.get("/log?subId=" + old + "&execId=1", "admin").body())
        .isEqualTo("INFO Executor: Finished task 0.0\n");
    Reply user = client.get("/log?subId=" + old, "demo");
    assertThat(user.status()).isEqualTo(404);
    assertThat(user.text("error")).isEqualTo("SUBMISSION_NOT_FOUND");
  }
}
