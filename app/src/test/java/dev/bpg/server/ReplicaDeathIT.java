package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.QueueConfig;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.Caller;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.model.SubmitApplicationRequest;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas in one JVM on one database, each with its own configured ID. Replica B holds QUEUED
 * submissions and dies without closing them; once its heartbeat is stale, replica A closes them as
 * FAILED with the reason, and leaves its own held submission alone.
 */
class ReplicaDeathIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller DEMO = new Caller("demo", false);

  private final MutableClock clock = new MutableClock(Instant.now());
  private LocalGateways local;
  private Gateway replicaA;
  private Gateway replicaB;

  @AfterEach
  void stop() throws Exception {
    for (Gateway replica : new Gateway[] {replicaA, replicaB}) {
      if (replica != null) {
        replica.stop();
      }
    }
    if (local != null) {
      local.close();
    }
  }

  private Gateway replica(String databaseUrl, String id) {
    QueueConfig named = QueueConfig.named("dev");
    // One application at a time in the queue: every further one is held by the replica it reached.
    QueueConfig oneAtATime =
        new QueueConfig(
            named.name(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            1,
            null,
            null,
            null,
            null,
            null,
            null);
    GatewayConfiguration config =
        local
            .configuration(databaseUrl, Users.of("demo"))
            .withQueues(List.of(oneAtATime))
            .withReplicaId(id);
    Gateway gateway = Gateway.build(config, JSON, clock);
    gateway.start();
    return gateway;
  }

  private static SubmitApplicationRequest job(String duration) throws Exception {
    return JSON.readValue(
        """
        {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
         "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "%s"}}
        """
            .formatted(duration),
        SubmitApplicationRequest.class);
  }

  @Test
  void theQueuedSubmissionsOfAReplicaThatDiedAreClosedByAnother() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    String databaseUrl = "jdbc:h2:mem:replicas-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    replicaA = replica(databaseUrl, "replica-a");
    replicaB = replica(databaseUrl, "replica-b");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> replicaA.watches().allListed() && replicaB.watches().allListed());

    String running =
        replicaB.submissions().submit(job("10m"), DEMO, Optional.empty(), Optional.empty()).value();
    // Both replicas must count it before they hold the others.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                replicaA.cache().activeInQueue("dev") == 1
                    && replicaB.cache().activeInQueue("dev") == 1);
    String heldByB1 =
        replicaB.submissions().submit(job("1s"), DEMO, Optional.empty(), Optional.empty()).value();
    String heldByB2 =
        replicaB.submissions().submit(job("1s"), DEMO, Optional.empty(), Optional.empty()).value();
    String heldByA =
        replicaA.submissions().submit(job("1s"), DEMO, Optional.empty(), Optional.empty()).value();
    assertThat(List.of(heldByB1, heldByB2, heldByA))
        .allSatisfy(
            id ->
                assertThat(replicaA.store().find(id).orElseThrow().state())
                    .isEqualTo(ApplicationState.QUEUED));
    assertThat(replicaA.store().find(heldByB1).orElseThrow().queuedBy()).isEqualTo("replica-b");

    // While B beats, nothing of it is closed.
    clock.advance(Duration.ofSeconds(10));
    assertThat(replicaA.liveness().beat()).isZero();

    replicaB.abandon();
    replicaB = null;
    clock.advance(Duration.ofSeconds(31));
    assertThat(replicaA.liveness().beat()).isEqualTo(2);

    for (String id : List.of(heldByB1, heldByB2)) {
      SubmissionRecord closed = replicaA.store().find(id).orElseThrow();
      assertThat(closed.state()).isEqualTo(ApplicationState.FAILED);
      assertThat(closed.errorMessage())
          .isEqualTo(
              "it was held in the queue of gateway replica replica-b, which stopped before it"
                  + " could dispatch it; submit it again");
    }
    assertThat(replicaA.store().find(heldByA).orElseThrow().state())
        .isEqualTo(ApplicationState.QUEUED);
    assertThat(replicaA.store().find(running).orElseThrow().state())
        .isNotIn(ApplicationState.FAILED, ApplicationState.SUBMISSION_FAILED);
  }
}
