package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.RoutingConfig;
import dev.bpg.config.TrackingConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One cluster's API server goes down while 500 submissions arrive from 16 concurrent clients: every
 * submission succeeds on the other cluster (or on the first before it fell), none is duplicated,
 * all are tracked; when the API server is back, its informer resumes and the states catch up.
 */
class ClusterOutageIT {
  private static final int SUBMISSIONS = 500;
  private static final int CLIENTS = 16;
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "300ms"},
       "executor": {"instances": 1}}
      """;

  private LocalGateways local;

  @AfterEach
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void submissionsFailOverWhileAClusterIsDownAndItsStatesCatchUpAfter() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    GatewayConfiguration config =
        local
            .configuration(Users.of("demo", "admin").withAdmins("admin"))
            .withRouting(new RoutingConfig(3, Duration.ofMillis(200), Duration.ofMillis(100)))
            .withClusterRequestTimeout(Duration.ofSeconds(10))
            .withTracking(
                new TrackingConfig(
                    Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5), null));
    GatewayTestClient client = LocalGateways.client(local.startGateway(config));
    LocalCluster clusterA = local.cluster("spark-cluster-a");
    LocalCluster clusterB = local.cluster("spark-cluster-b");

    Map<Integer, String> ids = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long started = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i++) {
      int index = i;
      futures.add(
          pool.submit(
              () -> {
                if (sent.incrementAndGet() == SUBMISSIONS / 5) {
                  clusterA.stopApiServer();
                }
                Reply reply =
                    client.send(
                        client
                            .request("/spark", null)
                            .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JOB)));
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                ids.put(index, reply.text("submissionId"));
              }));
    }
    for (Future<?> future : futures) {
      future.get(3, TimeUnit.MINUTES);
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(ids).hasSize(SUBMISSIONS);
    assertThat(Set.copyOf(ids.values())).hasSize(SUBMISSIONS);

    Reply down = client.get("/admin/clusters", null);
    JsonNode clusterList =
        client
            .send(
                client
                    .request("/admin/clusters", null)
                    .header("Authorization", GatewayTestClient.basic("admin", "admin-pw"))
                    .GET())
            .json()
            .path("clusters");
    assertThat(down.status()).isEqualTo(401);
    assertThat(healthOf(clusterList, "spark-cluster-a")).isEqualTo("DOWN");
    assertThat(healthOf(clusterList, "spark-cluster-b")).isNotEqualTo("DOWN");

    clusterA.resumeApiServer();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        healthOf(
                            client
                                .send(
                                    client
                                        .request("/admin/clusters", null)
                                        .header(
                                            "Authorization",
                                            GatewayTestClient.basic("admin", "admin-pw"))
                                        .GET())
                                .json()
                                .path("clusters"),
                            "spark-cluster-a"))
                    .isEqualTo("HEALTHY"));

    // No submission twice: each name exists on exactly one cluster, the one the gateway recorded.
    Map<String, String> placement = new HashMap<>();
    for (LocalCluster cluster : List.of(clusterA, clusterB)) {
      for (GenericKubernetesResource resource :
          cluster
              .client()
              .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
              .inNamespace(LocalSetup.NAMESPACE)
              .list()
              .getItems()) {
        assertThat(placement.put(resource.getMetadata().getName(), cluster.id()))
            .as("%s on two clusters", resource.getMetadata().getName())
            .isNull();
      }
    }
    assertThat(placement.keySet()).containsExactlyInAnyOrderElementsOf(ids.values());
    long onA = placement.values().stream().filter("spark-cluster-a"::equals).count();

    // Every submission tracked to its end, including those on the cluster that was down.
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode completed =
                  client
                      .send(
                          client
                              .request("/submissions?state=COMPLETED&limit=1000", null)
                              .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                              .GET())
                      .json()
                      .path("submissions");
              assertThat(completed.size()).isEqualTo(SUBMISSIONS);
            });
    int failovers = 0;
    for (String id : ids.values()) {
      JsonNode history =
          client
              .send(
                  client
                      .request("/spark/" + id + "/history", null)
                      .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                      .GET())
              .json();
      JsonNode attempts = history.path("attempts");
      assertThat(attempts.get(attempts.size() - 1).path("outcome").asText()).isEqualTo("CREATED");
      assertThat(attempts.get(attempts.size() - 1).path("cluster").asText())
          .isEqualTo(placement.get(id));
      failovers += attempts.size() - 1;
    }
    Reply metrics = client.get("/../metrics", null);
    System.out.printf(
        "cluster outage: %d submissions from %d clients in %.1f s (%.0f/s); %d on the cluster"
            + " that went down, %d failovers recorded; metrics %d%n",
        SUBMISSIONS, CLIENTS, seconds, SUBMISSIONS / seconds, onA, failovers, metrics.status());

    // Routing uses the recovered cluster again.
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 40 && used.size() < 2; i++) {
      Reply reply =
          client.send(
              client
                  .request("/spark", null)
                  .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JOB)));
      used.add(reply.text("submissionId").substring(0, "spark-cluster-a".length()));
    }
    assertThat(used).contains("spark-cluster-a");
  }

  private static String healthOf(JsonNode clusters, String id) {
    for (JsonNode cluster : clusters) {
      if (cluster.path("id").asText().equals(id)) {
        return cluster.path("health").asText();
      }
    }
    return "absent";
  }
}
