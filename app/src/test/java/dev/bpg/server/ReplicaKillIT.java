package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.TestConfigs;
import dev.bpg.config.TrackingConfig;
import dev.bpg.local.LoopbackServers;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.testing.TestDatabases;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas on one PostgreSQL database: one a child JVM, killed with SIGKILL in the
 * middle of 300 submissions from 8 clients, the other in this JVM. Each client gives every
 * submission an {@code Idempotency-Key} and, when its replica does not answer, sends it again to
 * the live one, as a client behind a load balancer would. Every submission ends with a 200; every
 * ID answered reaches a terminal state; nothing is created that was not answered, and no key runs
 * twice; what the dead replica held in its queue is closed with the reason.
 */
class ReplicaKillIT {
  private static final int SUBMISSIONS = 300;
  private static final int CLIENTS = 8;
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "2s"}}
      """;
  // Few enough at once that each replica holds some submissions QUEUED.
  private static final int MAX_RUNNING = 20;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private LocalGateways local;
  private ChildGateway killed;

  @AfterEach
  void stop() throws Exception {
    if (killed != null) {
      killed.close();
    }
    if (local != null) {
      local.close();
    }
  }

  @Test
  void aReplicaKilledMidSubmitLosesAndDuplicatesNothing() throws Exception {
    String databaseUrl = TestDatabases.postgresUrl("replica_kill");
    local = LocalGateways.start("spark-cluster-a");
    Path dir = Files.createTempDirectory("bpg-replica-kill-");
    int childPort = LoopbackServers.freePort();
    killed =
        ChildGateway.start(
            dir,
            "replica-killed",
            childPort,
            local.childConfiguration(
                childPort, databaseUrl, "replica-killed", MAX_RUNNING, REQUEST_TIMEOUT));
    GatewayConfiguration liveConfig =
        local
            .configuration(databaseUrl, Users.of("demo"))
            .withReplicaId("replica-live")
            .withQueues(List.of(TestConfigs.queue("{name: dev, maxRunningApplications: 20}")))
            .withTracking(
                new TrackingConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), null, null))
            .withClusterRequestTimeout(REQUEST_TIMEOUT);
    GatewayServer live = local.startGateway(liveConfig);
    GatewayTestClient toLive = LocalGateways.client(live);
    GatewayTestClient toChild = killed.client();

    AtomicBoolean childDead = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Map<String, String> idByKey = new ConcurrentHashMap<>();
    Map<String, String> answeredBy = new ConcurrentHashMap<>();
    AtomicInteger resent = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(
          pool.submit(
              () -> {
                int n;
                while ((n = sent.incrementAndGet()) <= SUBMISSIONS) {
                  String key = "replica-kill-" + n;
                  // Every other submission goes to the replica that is killed, as long as it
                  // lives (as a load balancer spreads them), however slow its cold start.
                  boolean child = n % 2 == 0 && !childDead.get();
                  Reply reply = null;
                  try {
                    reply = submit(child ? toChild : toLive, key);
                  } catch (UncheckedIOException e) {
                    resent.incrementAndGet();
                  }
                  for (int tries = 0; reply == null || reply.status() == 503; tries++) {
                    assertThat(tries).as("tries of " + key).isLessThan(20);
                    if (reply != null) {
                      Thread.sleep(500);
                    }
                    reply = submit(toLive, key);
                    child = false;
                  }
                  assertThat(reply.status()).as(key + ": " + reply.body()).isEqualTo(200);
                  idByKey.put(key, reply.text("submissionId"));
                  answeredBy.put(key, child ? "replica-killed" : "replica-live");
                }
                return null;
              }));
    }
    // The kill comes after a third of the submissions, once the replica to kill holds some QUEUED.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                sent.get() >= SUBMISSIONS / 3
                    && holdsSome(toLive, idByKey, answeredBy, "replica-killed"));
    killed.kill();
    childDead.set(true);
    assertThat(killed.process().isAlive()).isFalse();
    for (Future<?> c : clients) {
      c.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(idByKey).hasSize(SUBMISSIONS);
    Set<String> accepted = Set.copyOf(idByKey.values());
    assertThat(accepted).as("one submission per key").hasSize(SUBMISSIONS);

    // Every ID answered reaches a terminal state; what ran completed, what did not has a reason.
    Map<String, JsonNode> ends = new ConcurrentHashMap<>();
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (String id : accepted) {
                if (!ends.containsKey(id)) {
                  JsonNode history = toLive.get("/spark/" + id + "/history", "demo").json();
                  JsonNode transitions = history.path("transitions");
                  JsonNode last = transitions.get(transitions.size() - 1);
                  if (Set.of("COMPLETED", "FAILED", "SUBMISSION_FAILED")
                      .contains(last.path("state").asText())) {
                    ends.put(id, last);
                  }
                }
              }
              assertThat(ends).hasSize(accepted.size());
            });

    // Nothing was created that no client was answered, and each key ran at most once (an
    // application's name is its submission ID, and each key has one ID).
    Set<String> created = applicationNames();
    assertThat(accepted).containsAll(created);
    Map<String, Integer> outcomes = new HashMap<>();
    List<String> closedHeld = new ArrayList<>();
    for (String id : accepted) {
      JsonNode end = ends.get(id);
      String state = end.path("state").asText();
      outcomes.merge(state, 1, Integer::sum);
      if (created.contains(id)) {
        assertThat(state).as(id).isEqualTo("COMPLETED");
      } else {
        assertThat(state).as(id).isIn("FAILED", "SUBMISSION_FAILED");
        assertThat(end.path("message").asText()).as(id).isNotBlank();
        if (end.path("message").asText().contains("gateway replica replica-killed")) {
          closedHeld.add(id);
        }
      }
    }
    assertThat(closedHeld)
        .as("held submissions of the killed replica, closed with the reason")
        .isNotEmpty();
    Map<String, Long> byReplica =
        answeredBy.values().stream()
            .collect(Collectors.groupingBy(replica -> replica, Collectors.counting()));
    System.out.printf(
        "ReplicaKillIT: %d submissions (%s answered by each replica, %d sent again after the kill),"
            + " %d created, outcomes %s, %d held by the killed replica closed with the reason%n",
        SUBMISSIONS, byReplica, resent.get(), created.size(), outcomes, closedHeld.size());
  }

  /** Whether some submission the replica answered is QUEUED, as the other replica reads it. */
  private static boolean holdsSome(
      GatewayTestClient reader,
      Map<String, String> idByKey,
      Map<String, String> answeredBy,
      String replica) {
    return answeredBy.entrySet().stream()
        .filter(answered -> answered.getValue().equals(replica))
        .map(answered -> idByKey.get(answered.getKey()))
        .filter(id -> id != null)
        .anyMatch(
            id ->
                "QUEUED"
                    .equals(
                        reader.get("/spark/" + id + "/status", "demo").text("applicationState")));
  }

  private static Reply submit(GatewayTestClient client, String key) {
    return client.send(
        client
            .request("/spark", null)
            .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(JOB)));
  }

  private Set<String> applicationNames() {
    return local
        .cluster("spark-cluster-a")
        .client()
        .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .map(app -> app.getMetadata().getName())
        .collect(Collectors.toSet());
  }
}
