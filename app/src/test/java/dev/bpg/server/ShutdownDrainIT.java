package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.local.LoopbackServers;
import dev.bpg.server.GatewayTestClient.Reply;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway in a JVM of its own, with JSON logs, stopped with SIGTERM while a submit's create is in
 * flight: {@code /ready} turns 503 at once, submits are still served for the drain time, then new
 * ones are answered 503 {@code SHUTTING_DOWN} while the one in flight finishes with a 200, and the
 * process exits. Every submission answered 200 is on the cluster.
 */
class ShutdownDrainIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job",
       "sparkConf": {"spark.local.simulate.duration": "10m", "spark.local.simulate.createDelay": "%s"}}
      """;

  private LocalGateways local;
  private ChildGateway child;

  @AfterEach
  void stop() throws Exception {
    if (child != null) {
      child.close();
    }
    if (local != null) {
      local.close();
    }
  }

  private static Reply submit(GatewayTestClient client, String createDelay) {
    return client.send(
        client
            .request("/spark", null)
            .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JOB.formatted(createDelay))));
  }

  @Test
  void sigtermDrainsThenRefusesSubmitsAndFinishesTheOneInFlight() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    Path dir = Files.createTempDirectory("bpg-drain-");
    int port = LoopbackServers.freePort();
    String config =
        local
            .childConfiguration(
                port, "jdbc:h2:file:" + dir.resolve("bpg"), "drain-it", 100, Duration.ofSeconds(10))
            .replace("drain: 1s", "drain: 2s")
            .replace(
                "logging:\n  level: WARN\n",
                "logging:\n  level: INFO\n  appenders:\n    - type: console\n      layout:\n"
                    + "        type: json\n");
    child = ChildGateway.start(dir, "drain-it", port, config);
    GatewayTestClient client = child.client();

    // JSON logs carry the request's ID, user and submission.
    String killed = submit(client, "0s").text("submissionId");
    assertThat(client.delete("/spark/" + killed, "demo").status()).isEqualTo(200);

    CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> submit(client, "4s"));
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    long terminated = System.nanoTime();
    child.terminate();
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              Reply ready = client.send(child.ready());
              assertThat(ready.status()).isEqualTo(503);
              assertThat(ready.text("reason")).isEqualTo("shutting down");
            });
    // Served while it drains, then refused, while the create in flight goes on.
    List<String> accepted = new ArrayList<>();
    Reply refused = null;
    while (refused == null) {
      Reply reply = submit(client, "0s");
      if (reply.status() == 200) {
        accepted.add(reply.text("submissionId"));
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
      } else {
        refused = reply;
      }
    }
    double refusedAfter = (System.nanoTime() - terminated) / 1e9;
    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.text("error")).isEqualTo("SHUTTING_DOWN");
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refusedAfter).as("seconds to the first refusal").isGreaterThanOrEqualTo(2.0);
    assertThat(accepted).as("submits served during the drain").isNotEmpty();
    assertThat(inFlight).as("the create in flight is not done yet").isNotDone();
    Reply last = inFlight.get(20, TimeUnit.SECONDS);
    assertThat(last.status()).as(last.body()).isEqualTo(200);
    accepted.add(last.text("submissionId"));
    assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();

    assertThat(local.applications("spark-cluster-a"))
        .as("every submission answered 200 is on the cluster (the killed one deleted)")
        .isEqualTo(accepted.size());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : child.log().split("\n")) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines).as("JSON log lines").isNotEmpty();
    assertThat(lines)
        .anySatisfy(
            line -> {
              assertThat(line.path("message").asText()).contains("killed by demo");
              JsonNode mdc = line.path("mdc");
              assertThat(mdc.path("submissionId").asText()).isEqualTo(killed);
              assertThat(mdc.path("user").asText()).isEqualTo("demo");
              assertThat(mdc.path("requestId").asText()).isNotBlank();
            });
    System.out.printf(
        "ShutdownDrainIT: %d submits served while draining, the first refused %.1f s after"
            + " SIGTERM, the one in flight answered 200%n",
        accepted.size() - 1, refusedAfter);
  }
}
