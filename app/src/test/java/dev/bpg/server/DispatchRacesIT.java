package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.config.TestConfigs;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The races of a create in flight, over HTTP against local clusters whose API server answers a
 * create only seconds later ({@code spark.local.simulate.createDelay}, as behind a slow admission
 * webhook): an idempotent replay while the first request's create is in flight, and a kill while a
 * create is in flight, for a new submission and for a held one being dispatched.
 */
class DispatchRacesIT {
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job",
       "sparkConf": {"spark.local.simulate.duration": "%s", "spark.local.simulate.createDelay": "%s"}}
      """;

  private LocalGateways local;

  @AfterEach
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  private static CompletableFuture<Reply> submitAsync(
      GatewayTestClient client, String key, String duration, String createDelay) {
    return CompletableFuture.supplyAsync(() -> submit(client, key, duration, createDelay));
  }

  private static Reply submit(
      GatewayTestClient client, String key, String duration, String createDelay) {
    HttpRequest.Builder request =
        client
            .request("/spark", null)
            .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JOB.formatted(duration, createDelay)));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return client.send(request);
  }

  private int applications() {
    return local.applications("spark-cluster-a") + local.applications("spark-cluster-b");
  }

  private static String lastMessage(GatewayTestClient client, String id) {
    JsonNode transitions =
        client.get("/spark/" + id + "/history", "demo").json().path("transitions");
    return transitions.get(transitions.size() - 1).path("message").asText();
  }

  private static List<String> attemptNotes(GatewayTestClient client, String id) {
    List<String> notes = new ArrayList<>();
    for (JsonNode attempt :
        client.get("/spark/" + id + "/history", "demo").json().path("attempts")) {
      notes.add(attempt.path("outcome").asText() + ": " + attempt.path("message").asText());
    }
    return notes;
  }

  /**
   * A client sends its submission again while the first request's create is still in flight: the
   * replay answers the same ID at once and creates nothing, the first request answers that ID when
   * its create lands, and one application runs, on one cluster, to its end.
   */
  @Test
  void aReplayWhileTheCreateIsInFlightAnswersTheIdAndCreatesNothing() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    GatewayServer gateway = local.startGateway(local.configuration(Users.of("demo")));
    GatewayTestClient client = LocalGateways.client(gateway);

    CompletableFuture<Reply> first = submitAsync(client, "race-1", "500ms", "3s");
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    Reply replay = submit(client, "race-1", "500ms", "3s");
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    assertThat(first).as("the first request is still waiting for its create").isNotDone();
    Reply answered = first.get(30, TimeUnit.SECONDS);
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    String id = answered.text("submissionId");
    assertThat(replay.text("submissionId")).isEqualTo(id);

    client.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(30));
    assertThat(applications()).isEqualTo(1);
    assertThat(attemptNotes(client, id)).hasSize(1).allMatch(note -> note.startsWith("CREATED"));
  }

  /**
   * A kill while the submission's first create is in flight (the client learned the ID from a
   * replay): the kill answers at once, the application the create makes is deleted as soon as it
   * lands, and the submission ends FAILED as killed.
   */
  @Test
  void aKillWhileTheFirstCreateIsInFlightDeletesWhatItCreates() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    GatewayServer gateway = local.startGateway(local.configuration(Users.of("demo")));
    GatewayTestClient client = LocalGateways.client(gateway);

    CompletableFuture<Reply> first = submitAsync(client, "race-2", "10m", "3s");
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    String id = submit(client, "race-2", "10m", "3s").text("submissionId");
    Reply kill = client.delete("/spark/" + id, "demo");
    assertThat(kill.status()).as(kill.body()).isEqualTo(200);
    assertThat(first).as("the create is still in flight").isNotDone();

    Reply answered = first.get(30, TimeUnit.SECONDS);
    System.out.println("DispatchRacesIT: the submit killed meanwhile answered " + answered);
    await().atMost(Duration.ofSeconds(20)).until(() -> applications() == 0);
    // A kill ends a submission FAILED, saying who killed it.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(client.states(id, "demo")).endsWith("FAILED"));
    assertThat(lastMessage(client, id)).isEqualTo("killed by demo through the gateway");
    assertThat(attemptNotes(client, id))
        .anyMatch(note -> note.contains("killed while its create was in flight"));
    // And it stays deleted.
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(applications()).isZero();
  }

  /**
   * A kill while a held submission is being dispatched: its create lands after the kill and the
   * application is deleted at once; it never runs.
   */
  @Test
  void aKillWhileAHeldSubmissionIsDispatchedDeletesWhatItCreates() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(Users.of("demo"))
                .withQueues(List.of(TestConfigs.queue("{name: dev, maxRunningApplications: 1}"))));
    GatewayTestClient client = LocalGateways.client(gateway);

    String running = submit(client, null, "10m", "0s").text("submissionId");
    client.awaitState(running, "demo", "RUNNING", Duration.ofSeconds(20));
    Reply held = submit(client, null, "10m", "6s");
    assertThat(held.status()).as(held.body()).isEqualTo(200);
    String id = held.text("submissionId");
    assertThat(client.get("/spark/" + id + "/status", "demo").text("applicationState"))
        .isEqualTo("QUEUED");

    // Room in the queue: the held submission is dispatched, and its create takes 6 s to land.
    assertThat(client.delete("/spark/" + running, "demo").status()).isEqualTo(200);
    client.awaitState(running, "demo", "FAILED", Duration.ofSeconds(20));
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    Reply kill = client.delete("/spark/" + id, "demo");
    assertThat(kill.status()).as(kill.body()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(attemptNotes(client, id))
                    .as("the kill came while the create was in flight")
                    .anyMatch(note -> note.contains("killed while its create was in flight")));
    await().atMost(Duration.ofSeconds(20)).until(() -> local.applications("spark-cluster-a") == 0);
    assertThat(client.states(id, "demo")).endsWith("FAILED").doesNotContain("SUBMITTED", "RUNNING");
    assertThat(lastMessage(client, id)).isEqualTo("killed by demo through the gateway");
  }
}
