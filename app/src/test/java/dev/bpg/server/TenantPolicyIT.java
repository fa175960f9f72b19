package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tenant policy over HTTP, against a local cluster: the AWS blog's request is accepted as it
 * is; hostile requests are refused with the field named, in the one error shape, and leave nothing
 * on the cluster or in the history; queue users, secure queues' tokens, delegation and pins hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantPolicyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "a-queue-token-secret-of-at-least-32-chars";

  private LocalGateways local;
  private GatewayTestClient client;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    GatewayConfiguration config =
        local
            .configuration(
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
                            + " vip], policy: {serviceAccounts: [emr-containers-sa-spark]}}")));
    client = LocalGateways.client(local.startGateway(config));
  }

  @AfterAll
  void stop() throws Exception {
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

  private int applicationsOnCluster() {
    return local
        .cluster("spark-cluster-a")
        .client()
        .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE)
        .list()
        .getItems()
        .size();
  }

  @Test
  void theAwsBlogsRequestIsAcceptedAsItIs() throws Exception {
    Reply reply = submit("demo", sparkPi());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  @Test
  void hostileRequestsAreRefusedNamingTheFieldAndLeaveNothingBehind() throws Exception {
    int before = applicationsOnCluster();
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
          .containsExactlyInAnyOrder("code", "message", "requestId");
      assertThat(reply.text("message")).as(hostile.get(0)).startsWith(hostile.get(1));
    }
    assertThat(applicationsOnCluster()).isEqualTo(before);
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
    assertThat(missing.text("code")).isEqualTo("QUEUE_TOKEN_REQUIRED");

    String forDev = QueueTokens.mint(SECRET, "dev", "demo", Optional.empty(), Clock.systemUTC());
    Reply wrongQueue =
        submit("demo", sparkPiWith("{\"queue\": \"vip\", \"queueToken\": \"" + forDev + "\"}"));
    assertThat(wrongQueue.status()).isEqualTo(403);
    assertThat(wrongQueue.text("code")).isEqualTo("QUEUE_TOKEN_INVALID");

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
}
