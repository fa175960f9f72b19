package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Creates that the clusters refuse or fail, through the local API servers' {@code
 * spark.local.simulate.createStatus} hook, among ordinary ones from eight clients: a refusal is the
 * request's 4xx with the cluster's reason and no cluster's health changes; a failing create is
 * tried on the other cluster; every ordinary submission succeeds and nothing is created twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreateRefusalsIT {
  private static final int CLIENTS = 8;
  private static final int PER_CLIENT = 25;
  private static final List<String> CLUSTERS = List.of("spark-cluster-a", "spark-cluster-b");

  private LocalGateways local;
  private GatewayTestClient client;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start(CLUSTERS.toArray(String[]::new));
    List<String> users = new ArrayList<>(List.of("admin"));
    for (int i = 0; i < CLIENTS; i++) {
      users.add("user" + i);
    }
    client =
        LocalGateways.client(
            local.startGateway(
                local.configuration(Users.of(users.toArray(String[]::new)).withAdmins("admin"))));
  }

  @AfterAll
  void stop() throws Exception {
    local.close();
  }

  private record Sent(String kind, Reply reply) {}

  private static String job(String kind) throws IOException {
    String job = LocalGateways.sparkPi("50ms");
    return switch (kind) {
      case "refused" ->
          job.replace("\"50ms\"", "\"50ms\", \"spark.local.simulate.createStatus\": \"403\"");
      case "failing" ->
          job.replace("\"50ms\"", "\"50ms\", \"spark.local.simulate.createStatus\": \"500\"");
      default -> job;
    };
  }

  @Test
  void refusalsAreTheRequestsOwnAndTakeNoClusterOut() throws Exception {
    int before = CLUSTERS.stream().mapToInt(local::applications).sum();
    Map<String, Long> notHealthySince = new ConcurrentHashMap<>();
    Map<String, Long> longestNotHealthy = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    Future<?> watcher =
        pool.submit(
            () -> {
              while (running.get()) {
                watchHealth(notHealthySince, longestNotHealthy);
                Thread.sleep(50);
              }
              return null;
            });
    List<Future<List<Sent>>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      String user = "user" + c;
      int offset = c;
      clients.add(
          pool.submit(
              () -> {
                List<Sent> sent = new ArrayList<>();
                for (int i = 0; i < PER_CLIENT; i++) {
                  int n = offset * PER_CLIENT + i;
                  String kind = n % 10 == 0 ? "refused" : n % 20 == 5 ? "failing" : "ordinary";
                  sent.add(
                      new Sent(kind, client.post("/spark", user, "application/json", job(kind))));
                }
                return sent;
              }));
    }
    List<Sent> all = new ArrayList<>();
    long started = System.nanoTime();
    for (Future<List<Sent>> c : clients) {
      all.addAll(c.get(5, TimeUnit.MINUTES));
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    running.set(false);
    watcher.get(10, TimeUnit.SECONDS);
    pool.shutdown();

    Map<String, Integer> outcomes = new HashMap<>();
    for (Sent sent : all) {
      Reply reply = sent.reply();
      outcomes.merge(sent.kind() + " " + reply.status(), 1, Integer::sum);
      switch (sent.kind()) {
        case "refused" -> {
          assertThat(reply.status()).as(reply.body()).isEqualTo(400);
          assertThat(reply.text("error")).isEqualTo("CLUSTER_REJECTED");
          assertThat(reply.text("message"))
              .contains("(HTTP 403)", "admission webhook \"local.bpg.dev\" denied the request");
        }
        case "failing" -> {
          // Every cluster fails this one create: each is tried, and the answer says so.
          assertThat(reply.status()).as(reply.body()).isEqualTo(503);
          assertThat(reply.text("message"))
              .contains("spark-cluster-a failed", "spark-cluster-b failed", "(HTTP 500)");
        }
        default -> assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      }
    }
    long ordinary = all.stream().filter(s -> s.kind().equals("ordinary")).count();
    int created = CLUSTERS.stream().mapToInt(local::applications).sum() - before;
    System.out.printf(
        "CreateRefusalsIT: %d submissions in %d s, outcomes %s, created %d, longest time not"
            + " HEALTHY by cluster (ms) %s%n",
        all.size(), seconds, outcomes, created, longestNotHealthy);
    assertThat(all).hasSize(CLIENTS * PER_CLIENT);
    assertThat(created).isEqualTo(ordinary);
    for (String cluster : CLUSTERS) {
      assertThat(longestNotHealthy.getOrDefault(cluster, 0L))
          .as(cluster + " not HEALTHY (ms)")
          .isLessThan(Duration.ofSeconds(30).toMillis());
    }
    for (JsonNode cluster : client.get("/admin/clusters", "admin").json().path("clusters")) {
      assertThat(cluster.path("health").asText()).as(cluster.toString()).isEqualTo("HEALTHY");
    }
  }

  private void watchHealth(Map<String, Long> since, Map<String, Long> longest) {
    long now = System.currentTimeMillis();
    for (JsonNode cluster : client.get("/admin/clusters", "admin").json().path("clusters")) {
      String id = cluster.path("id").asText();
      if ("HEALTHY".equals(cluster.path("health").asText())) {
        since.remove(id);
      } else {
        long from = since.computeIfAbsent(id, k -> now);
        longest.merge(id, now - from, Math::max);
      }
    }
  }
}
