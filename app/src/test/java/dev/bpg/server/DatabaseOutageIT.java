package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bpg.config.DatabaseConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.testing.TestDatabases;
import dev.bpg.testing.TestDatabases.RestartablePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
 * The database goes down and comes back: submits answer 503 and create nothing meanwhile, reads of
 * live applications still answer, readiness fails, and afterwards the gateway works again without a
 * restart, with the states it saw meanwhile recorded.
 */
class DatabaseOutageIT {
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "%s"}}
      """;

  private LocalGateways local;
  private RestartablePostgres postgres;

  @AfterEach
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void submitsFailCleanlyWhileTheDatabaseIsDownAndWorkAgainAfter() throws Exception {
    postgres = TestDatabases.restartablePostgres();
    local = LocalGateways.start("spark-cluster-a");
    GatewayConfiguration config =
        local
            .configuration(postgres.jdbcUrl(), Users.of("demo"))
            .withDatabase(
                new DatabaseConfig(postgres.jdbcUrl(), "postgres", "", 4, Duration.ofSeconds(1)));
    GatewayServer gateway = local.startGateway(config);
    GatewayTestClient client = LocalGateways.client(gateway);
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + gateway.port() + "/ready");

    Reply before = submit(client, "4s");
    assertThat(before.status()).isEqualTo(200);
    String running = before.text("submissionId");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(ready).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200));

    postgres.stop();
    int applications = local.applications("spark-cluster-a");
    List<Reply> refused = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refused.add(submit(client, "300ms"));
    }
    assertThat(refused)
        .allSatisfy(
            reply -> {
              assertThat(reply.status()).isEqualTo(503);
              assertThat(reply.text("error")).isEqualTo("DATABASE_UNAVAILABLE");
              assertThat(reply.text("message")).contains("database is unavailable");
              assertThat(reply.body()).doesNotContain("Exception", "org.postgresql");
            });
    assertThat(local.applications("spark-cluster-a")).isEqualTo(applications);
    // The live state still answers from the informers.
    assertThat(client.get("/spark/" + running + "/status", "demo").status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> answer =
                  http.send(
                      HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
              assertThat(answer.statusCode()).isEqualTo(503);
              assertThat(answer.body()).contains("database");
            });
    // The running application ends while the database is down.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .get("/spark/" + running + "/status", "demo")
                            .text("applicationState"))
                    .isEqualTo("COMPLETED"));

    postgres.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(submit(client, "300ms").status()).isEqualTo(200));
    // What the informer saw during the outage reaches the database.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<String> states = new ArrayList<>();
              client
                  .get("/spark/" + running + "/history", "demo")
                  .json()
                  .path("transitions")
                  .forEach(t -> states.add(t.path("state").asText()));
              assertThat(states).endsWith("COMPLETED");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(ready).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200));
  }

  private Reply submit(GatewayTestClient client, String duration) {
    return client.send(
        client
            .request("/spark", null)
            .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JOB.formatted(duration))));
  }

  /**
   * The database drops for a few seconds in the middle of 300 submissions from 8 clients: every
   * submission answered 200 runs exactly once and is in the history afterwards; every one answered
   * 503 created nothing; no other answer.
   */
  @Test
  void aDatabaseThatDropsUnderLoadLosesAndDuplicatesNothing() throws Exception {
    postgres = TestDatabases.restartablePostgres();
    local = LocalGateways.start("spark-cluster-a");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(postgres.jdbcUrl(), Users.of("demo"))
                .withDatabase(
                    new DatabaseConfig(
                        postgres.jdbcUrl(), "postgres", "", 8, Duration.ofSeconds(1))));
    GatewayTestClient client = LocalGateways.client(gateway);
    int before = local.applications("spark-cluster-a");
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Map<Integer, Integer> answers = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      clients.add(
          pool.submit(
              () -> {
                while (sent.incrementAndGet() <= 300) {
                  Reply reply = submit(client, "100ms");
                  answers.merge(reply.status(), 1, Integer::sum);
                  if (reply.status() == 200) {
                    accepted.add(reply.text("submissionId"));
                  }
                }
                return null;
              }));
    }
    // The drop: after about a third of the submissions, for three seconds.
    await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= 100);
    postgres.stop();
    Thread.sleep(3000);
    postgres.start();
    for (Future<?> c : clients) {
      c.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    System.out.printf(
        "DatabaseOutageIT under load: answers %s, accepted %d%n", answers, accepted.size());
    assertThat(answers.keySet()).isSubsetOf(200, 503);
    assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    assertThat(answers.getOrDefault(503, 0)).as("some submissions met the drop").isPositive();
    // Exactly the accepted ones were created, once each (an application's name is its ID).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(local.applications("spark-cluster-a") - before)
                    .isEqualTo(accepted.size()));
    // And each is in the history, to its end.
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(accepted)
                    .allSatisfy(
                        id ->
                            assertThat(
                                    client
                                        .get("/spark/" + id + "/history", "demo")
                                        .json()
                                        .path("transitions")
                                        .findValuesAsText("state"))
                                .as(id)
                                .contains("COMPLETED")));
  }
}
