package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.TestConfigs;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.submission.policy.QueueTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The tenant policy over HTTP, against a local cluster: the AWS blog's request is accepted as it
 * is; hostile requests are refused with the field named, in the one error shape, and leave nothing
 * on the cluster or in the history; queue users, secure queues' tokens, delegation and pins hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantPolicyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "a-queue-token-secret-of-at-least-32-chars";

  private static final String USER_SECRET = "user-s3cr3t-value";
  private static final String PLATFORM_SECRET = "platform-s3cr3t-value";
  private static final String PLATFORM_KEY = "AKIAPLATFORMKEY";

  private LocalGateways local;
  private GatewayTestClient client;
  private final String databaseUrl =
      "jdbc:h2:mem:tenant-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

  @BeforeAll
  void start() throws Exception {
    audit.start();
    ((Logger) LoggerFactory.getLogger("bpg.audit")).addAppender(audit);
    local = LocalGateways.start("spark-cluster-a");
    GatewayConfiguration config =
        local
            .configuration(
                databaseUrl,
                Users.of("demo", "other", "admin", "airflow")
                    .withAdmins("admin")
                    .withDelegating("airflow")
                    .withQueueTokenSecrets(SECRET))
            .withQueues(
                List.of(
                    QueueConfig.named("dev"),
                    TestConfigs.read("{name: ml, allowedUsers: [other]}", QueueConfig.class),
                    TestConfigs.read("{name: vip, secure: true}", QueueConfig.class)))
            .withClusters(
                List.of(
                    TestConfigs.cluster(
                        "{id: spark-cluster-a, masterUrl: '"
                            + local.cluster("spark-cluster-a").masterUrl()
                            + "', token: local-token, namespace: "
                            + LocalSetup.NAMESPACE
                            + ", serviceAccount: spark, sparkVersions: [3.5.0], queues: [dev, ml,"
                            + " vip], policy: {serviceAccounts: [emr-containers-sa-spark]}}")))
            .withSpark(
                TestConfigs.spark(
                    "{images: [{name: 'apache/spark:3.5.0', types: [Java, Scala], version: 3.5.0}],"
                        + " defaultSparkConf: {spark.hadoop.fs.s3a.secret.key: "
                        + PLATFORM_SECRET
                        + "}, fixedSparkConf: {spark.hadoop.fs.s3a.access.key: "
                        + PLATFORM_KEY
                        + "}}"));
    client = LocalGateways.client(local.startGateway(config));
  }

  @AfterAll
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger("bpg.audit")).detachAppender(audit);
    if (local != null) {
      local.close();
    }
  }

  private Reply submit(String user, String body) {
    return client.post("/spark", user, "application/json", body);
  }

  private static String sparkPi() throws Exception {
    return Files.readString(repositoryRoot().resolve("examples").resolve("sparkpi.json"));
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
  }

  /** The blog's request with one change, written as a JSON merge: {@code {"driver": {...}}}. */
  private static String sparkPiWith(String change) throws Exception {
    ObjectNode request = (ObjectNode) JSON.readTree(sparkPi());
    JSON.readerForUpdating(request).readValue(change);
    return JSON.writeValueAsString(request);
  }

  @Test
  void theAwsBlogsRequestIsAcceptedAsItIs() throws Exception {
    Reply reply = submit("demo", sparkPi());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  @Test
  void hostileRequestsAreRefusedNamingTheFieldAndLeaveNothingBehind() throws Exception {
    int before = local.applications("spark-cluster-a");
    int recordedBefore =
        client.get("/spark/mySubmissions", "demo").json().path("submissions").size();
    List<List<String>> cases =
        List.of(
            List.of(
                "{\"driver\": {\"serviceAccount\": \"spark-operator\"}}", "driver.serviceAccount"),
            List.of(
                "{\"volumes\": [{\"name\": \"root\", \"hostPath\": {\"path\": \"/\"}}]}",
                "volumes[0].hostPath"),
            List.of(
                "{\"driver\": {\"securityContext\": {\"privileged\": true, \"runAsUser\": 0}}}",
                "driver.securityContext.privileged"),
            List.of(
                "{\"sparkConf\": {\"spark.kubernetes.namespace\": \"kube-system\"}}",
                "sparkConf.spark.kubernetes.namespace"),
            List.of(
                "{\"executor\": {\"labels\": {\"queue\": \"root.prod\"}}}",
                "executor.labels.queue"),
            List.of("{\"driver\": {\"labels\": {\"has space\": \"x\"}}}", "driver.labels"),
            List.of("{\"driver\": {\"podName\": \"x\"}}", "driver.podName"),
            List.of("{\"clusterId\": \"spark-cluster-a\", \"queue\": \"ml\"}", "queue"));
    for (List<String> hostile : cases) {
      Reply reply = submit("demo", sparkPiWith(hostile.get(0)));
      assertThat(reply.status()).as(reply.body()).isIn(400, 403);
      assertThat(reply.json().fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder("code", "error", "message", "requestId");
      assertThat(reply.text("message")).as(hostile.get(0)).startsWith(hostile.get(1));
    }
    assertThat(local.applications("spark-cluster-a")).isEqualTo(before);
    assertThat(client.get("/spark/mySubmissions", "demo").json().path("submissions").size())
        .isEqualTo(recordedBefore);
  }

  @Test
  void aQueueTakesOnlyItsUsers() throws Exception {
    assertThat(submit("demo", sparkPiWith("{\"queue\": \"ml\"}")).status()).isEqualTo(403);
    assertThat(submit("other", sparkPiWith("{\"queue\": \"ml\"}")).status()).isEqualTo(200);
  }

  @Test
  void aSecureQueueTakesOnlyRequestsWithItsToken() throws Exception {
    Reply missing = submit("demo", sparkPiWith("{\"queue\": \"vip\"}"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.text("error")).isEqualTo("QUEUE_TOKEN_REQUIRED");

    String forDev = QueueTokens.mint(SECRET, "dev", "demo", Optional.empty(), Clock.systemUTC());
    Reply wrongQueue =
        submit("demo", sparkPiWith("{\"queue\": \"vip\", \"queueToken\": \"" + forDev + "\"}"));
    assertThat(wrongQueue.status()).isEqualTo(403);
    assertThat(wrongQueue.text("error")).isEqualTo("QUEUE_TOKEN_INVALID");

    String token =
        QueueTokens.mint(
            SECRET, "vip", "demo", Optional.of(Duration.ofHours(1)), Clock.systemUTC());
    Reply ok =
        submit("demo", sparkPiWith("{\"queue\": \"vip\", \"queueToken\": \"" + token + "\"}"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    // The token is a credential: the spec and the history never show it.
    String id = ok.text("submissionId");
    assertThat(client.get("/spark/" + id + "/spec", "demo").body()).doesNotContain(token);
    assertThat(client.get("/submissions", "demo").body()).doesNotContain(token);
  }

  @Test
  void aDelegatingUserMayNotSubmitAsAnAdmin() throws Exception {
    Reply asAdmin = client.post("/spark?dagUser=admin", "airflow", "application/json", sparkPi());
    assertThat(asAdmin.status()).isEqualTo(403);
    assertThat(asAdmin.text("message")).startsWith("dagUser:");
    Reply asDemo = client.post("/spark?dagUser=demo", "airflow", "application/json", sparkPi());
    assertThat(asDemo.status()).as(asDemo.body()).isEqualTo(200);
  }

  @Test
  void secretSettingsReachTheClusterButNeverAnAnswerNorTheDatabase() throws Exception {
    Reply reply =
        submit(
            "demo",
            sparkPiWith(
                "{\"sparkConf\": {\"spark.datasource.password\": \"" + USER_SECRET + "\"}}"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String id = reply.text("submissionId");

    String onCluster =
        local
            .cluster("spark-cluster-a")
            .client()
            .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
            .inNamespace(LocalSetup.NAMESPACE)
            .withName(id)
            .get()
            .getAdditionalProperties()
            .get("spec")
            .toString();
    assertThat(onCluster).contains(USER_SECRET, PLATFORM_SECRET, PLATFORM_KEY);

    List<String> answers =
        List.of(
            client.get("/spark/" + id + "/spec", "demo").body(),
            client.get("/spark/" + id + "/describe", "demo").body(),
            client.get("/spark/" + id + "/status", "demo").body(),
            client.get("/spark/" + id + "/history", "demo").body(),
            client.get("/spark/mySubmissions", "demo").body(),
            client.get("/submissions", "demo").body(),
            client.get("/admin/submissions", "admin").body());
    assertThat(client.get("/spark/" + id + "/spec", "demo").body()).contains("***");
    for (String answer : answers) {
      assertThat(answer).doesNotContain(USER_SECRET, PLATFORM_SECRET, PLATFORM_KEY);
    }
    assertThat(databaseText())
        .contains(id)
        .doesNotContain(USER_SECRET, PLATFORM_SECRET, PLATFORM_KEY);
  }

  @Test
  void aDryRunAnswersWhatWouldBeCreatedAndWhereAndCreatesNothing() throws Exception {
    int before = local.applications("spark-cluster-a");
    long recordedBefore = submissionRows();

    Reply dry =
        client.post(
            "/spark?dryRun=true",
            "demo",
            "application/json",
            sparkPiWith(
                "{\"sparkConf\": {\"spark.datasource.password\": \"" + USER_SECRET + "\"}}"));

    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
    assertThat(dry.text("queue")).isEqualTo("dev");
    assertThat(dry.text("clusterId")).isEqualTo("spark-cluster-a");
    assertThat(dry.text("routing")).contains("chose spark-cluster-a");
    assertThat(dry.json().path("wouldBeQueued").asBoolean()).isFalse();
    assertThat(dry.json().at("/sparkApplication/kind").asText()).isEqualTo("SparkApplication");
    assertThat(dry.json().at("/sparkApplication/metadata/namespace").asText())
        .isEqualTo(LocalSetup.NAMESPACE);
    assertThat(dry.json().at("/sparkApplication/spec/driver/serviceAccount").asText())
        .isEqualTo("emr-containers-sa-spark");
    assertThat(dry.json().at("/sparkApplication/spec/sparkConf/spark.datasource.password").asText())
        .isEqualTo("***");
    assertThat(dry.body()).doesNotContain(USER_SECRET, PLATFORM_SECRET, PLATFORM_KEY);
    assertThat(local.applications("spark-cluster-a")).isEqualTo(before);
    assertThat(submissionRows()).isEqualTo(recordedBefore);

    // A dry run makes every check a submit makes.
    Reply refused =
        client.post(
            "/spark?dryRun=true",
            "demo",
            "application/json",
            sparkPiWith("{\"driver\": {\"serviceAccount\": \"spark-operator\"}}"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("message")).startsWith("driver.serviceAccount");
  }

  @Test
  void theAuditLogHasALineForEachSubmitRefusalAndFailedLoginAndNoSecret() throws Exception {
    String id =
        submit(
                "demo",
                sparkPiWith(
                    "{\"sparkConf\": {\"spark.datasource.password\": \"" + USER_SECRET + "\"}}"))
            .text("submissionId");
    submit("demo", sparkPiWith("{\"driver\": {\"podName\": \"x\"}}"));
    client.send(
        client
            .request("/spark/" + id + "/status", null)
            .header("Authorization", GatewayTestClient.basic("demo", "not-the-password"))
            .GET());

    List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("event=submit outcome=accepted submissionId=" + id)
                    .contains("user=demo", "address=127.0.0.1", "requestId="));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("event=request outcome=refused status=403 error=POLICY_VIOLATION")
                    .contains("user=demo"));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("event=login outcome=refused user=demo address=127.0.0.1")
                    .contains("reason=wrong-password"));
    assertThat(String.join("\n", lines)).doesNotContain(USER_SECRET, "not-the-password");
  }

  private long submissionRows() throws Exception {
    try (Connection connection = DriverManager.getConnection(databaseUrl, "", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM submission")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Every value of every row the gateway keeps, as one text. */
  private String databaseText() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Connection connection = DriverManager.getConnection(databaseUrl, "", "")) {
      for (String table :
          List.of("submission", "submission_transition", "submission_attempt", "gateway_replica")) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int c = 1; c <= columns; c++) {
              if (!table.equals("gateway_replica")) {
                text.append(rows.getString(c)).append('\n');
              }
            }
          }
        }
      }
    }
    return text.toString();
  }
}
