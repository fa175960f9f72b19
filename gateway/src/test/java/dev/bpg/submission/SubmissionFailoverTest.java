package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover, with hand-written clusters that fail as told and an in-memory store: a create that
 * fails for the cluster's reason moves on to the next cluster, a refusal of the request does not,
 * and every attempt is recorded.
 */
class SubmissionFailoverTest {
  private static final List<ClusterConfig> CLUSTERS =
      List.of(
          cluster("{id: east-1, weight: 60, sparkVersions: [3.5.0], queues: [dev]}"),
          cluster("{id: west-1, weight: 30, sparkVersions: [3.5.0], queues: [dev]}"),
          cluster("{id: north-1, weight: 10, sparkVersions: [3.5.0], queues: [dev]}"));
  private static final SubmitApplicationRequest REQUEST =
      new SubmitApplicationRequest(
          null,
          "job",
          null,
          null,
          null,
          null,
          "3.5.0",
          "com.example.Main",
          "local:///app.jar",
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
          "dev",
          null);
  private static final Caller ALICE = new Caller("alice", false);

  // Draw 0 always picks east-1 first; the others follow, heaviest first.
  private final DomainUnderTest domain =
      new DomainUnderTest(CLUSTERS, List.of(QueueConfig.named("dev")), 3);
  private final InMemorySubmissionStore store = domain.store;
  private final StatusCache cache = domain.cache;

  @AfterEach
  void close() {
    domain.close();
  }

  private SubmissionId submit(SubmissionService service) {
    return service.submit(REQUEST, ALICE, Optional.empty(), Optional.empty());
  }

  @Test
  void anUnavailableClusterIsFollowedByTheNextAndEveryAttemptIsRecorded() {
    domain.cluster("east-1").failure =
        new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "connection refused");

    SubmissionId id = submit(domain.service);

    assertThat(id.clusterId()).isEqualTo("east-1");
    assertThat(domain.cluster("east-1").created).isEmpty();
    assertThat(domain.cluster("west-1").created)
        .extracting(SparkApplicationManifest::name)
        .containsExactly(id.value());
    assertThat(store.attempts(id.value()))
        .extracting(CreateAttempt::clusterId, CreateAttempt::outcome)
        .containsExactly(
            tuple("east-1", CreateAttempt.Outcome.UNAVAILABLE),
            tuple("west-1", CreateAttempt.Outcome.CREATED));
    assertThat(store.find(id.value()).orElseThrow().clusterId()).isEqualTo("west-1");
    assertThat(store.find(id.value()).orElseThrow().routingReason())
        .contains("east-1: connection refused");
  }

  @Test
  void aRefusalOfTheRequestItselfIsNotTriedElsewhere() {
    domain.cluster("east-1").failure =
        new GatewayException(ErrorCode.CLUSTER_REJECTED, "spec.driver.cores: invalid");

    assertThatThrownBy(() -> submit(domain.service))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_REJECTED));
    assertThat(domain.cluster("west-1").created).isEmpty();
    assertThat(domain.cluster("north-1").created).isEmpty();
  }

  @Test
  void noClusterTakingItIsA503AfterTheBoundedAttemptsAndTheSubmissionEndsFailed() {
    CLUSTERS.forEach(
        c ->
            domain.cluster(c.id()).failure =
                new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "HTTP 503"));

    assertThatThrownBy(() -> submit(domain.service))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("east-1: HTTP 503", "west-1: HTTP 503", "north-1: HTTP 503");
            });
  }

  @Test
  void theCreateAttemptsAreBounded() {
    CLUSTERS.forEach(
        c ->
            domain.cluster(c.id()).failure =
                new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "timeout"));
    DomainUnderTest twoTries = new DomainUnderTest(CLUSTERS, List.of(QueueConfig.named("dev")), 2);
    CLUSTERS.forEach(
        c ->
            twoTries.cluster(c.id()).failure =
                new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "timeout"));

    assertThatThrownBy(() -> submit(twoTries.service))
        .hasMessageContaining("east-1")
        .hasMessageContaining("west-1")
        .hasMessageNotContaining("north-1");
    assertThat(twoTries.cluster("north-1").created).isEmpty();
    twoTries.close();
  }

  @Test
  void aClusterThatFailedIsDownForTheNextRouting() {
    domain.cluster("east-1").failure =
        new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "connection refused");
    submit(domain.service);
    domain.cluster("east-1").failure = null;

    SubmissionId next = submit(domain.service);

    // Until a probe finds east-1 reachable again, routing leaves it out without trying it.
    assertThat(next.clusterId()).isEqualTo("west-1");
    assertThat(store.attempts(next.value())).hasSize(1);
  }

  @Test
  void aClusterThatFailedOneCreateIsTriedByTheNextSubmissionAgain() {
    domain.cluster("east-1").failure =
        new GatewayException(ErrorCode.CLUSTER_FAILED, "cluster east-1 failed (HTTP 500)");
    SubmissionId first = submit(domain.service);
    assertThat(store.attempts(first.value()))
        .extracting(CreateAttempt::clusterId, CreateAttempt::outcome)
        .containsExactly(
            tuple("east-1", CreateAttempt.Outcome.UNAVAILABLE),
            tuple("west-1", CreateAttempt.Outcome.CREATED));
    domain.cluster("east-1").failure = null;

    SubmissionId next = submit(domain.service);

    // A 5xx goes to the breaker, which one failure does not open: east-1 is still routed to.
    assertThat(next.clusterId()).isEqualTo("east-1");
    assertThat(domain.cluster("east-1").created)
        .extracting(SparkApplicationManifest::name)
        .containsExactly(next.value());
    assertThat(domain.clusters.createFailures())
        .containsExactly("east-1: cluster east-1 failed (HTTP 500)");
  }

  @Test
  void aRefusedCreateLeavesEveryClusterUpForOthers() {
    domain.cluster("east-1").failure =
        new GatewayException(
            ErrorCode.CLUSTER_REJECTED, "cluster east-1 refused (HTTP 403): denied by webhook");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> submit(domain.service)).hasMessageContaining("denied by webhook");
    }
    domain.cluster("east-1").failure = null;

    SubmissionId next = submit(domain.service);

    assertThat(next.clusterId()).isEqualTo("east-1");
    assertThat(domain.clusters.unavailability("east-1")).isEmpty();
    assertThat(domain.clusters.createFailures()).isEmpty();
  }

  @Test
  void aCreateThatLandedIsAnsweredAndRecordedEvenWhenTheDatabaseBlinksRightAfter() {
    // The database goes down while the cluster creates the application.
    domain.cluster("east-1").duringCreate = name -> store.setDown(true);

    SubmissionId id = submit(domain.service);

    assertThat(domain.cluster("east-1").created)
        .extracting(SparkApplicationManifest::name)
        .containsExactly(id.value());
    assertThat(cache.find(id.value())).isPresent();
    assertThat(domain.writer.unrecorded()).isEqualTo(1);

    store.setDown(false);
    assertThat(domain.writer.retryUnrecorded()).isZero();
    assertThat(store.attempts(id.value()))
        .extracting(CreateAttempt::clusterId, CreateAttempt::outcome)
        .containsExactly(tuple("east-1", CreateAttempt.Outcome.CREATED));
    assertThat(store.find(id.value()).orElseThrow().state())
        .isNotEqualTo(ApplicationState.SUBMISSION_FAILED);
    // Nothing else was tried: the application runs once.
    assertThat(domain.cluster("west-1").created).isEmpty();
  }

  @Test
  void aTimedOutCreateThatLandedIsFoundThereAndNotCreatedElsewhere() {
    ScriptedCluster east = domain.cluster("east-1");
    east.failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "no answer within 4000 ms");
    east.landsBeforeFailing = true;

    SubmissionId id = submit(domain.service);

    assertThat(east.existsCalls.get()).isEqualTo(1);
    assertThat(domain.cluster("west-1").created).isEmpty();
    assertThat(cache.find(id.value()).orElseThrow().clusterId()).isEqualTo("east-1");
    assertThat(store.attempts(id.value()))
        .extracting(CreateAttempt::clusterId, CreateAttempt::outcome, CreateAttempt::message)
        .containsExactly(
            tuple(
                "east-1",
                CreateAttempt.Outcome.CREATED,
                "its answer was lost, but the cluster has it"));
    assertThat(domain.clusters.unavailability("east-1")).isEmpty();
  }

  @Test
  void aReplayWhileTheFirstCreateIsInFlightCreatesNothingMore() {
    SubmissionId[] replayed = new SubmissionId[1];
    // The client gives up waiting and retries with its key while the create is still on its way.
    domain.cluster("east-1").duringCreate =
        name -> {
          if (replayed[0] == null) {
            replayed[0] =
                domain.service.submit(REQUEST, ALICE, Optional.empty(), Optional.of("key-1"));
          }
        };

    SubmissionId id = domain.service.submit(REQUEST, ALICE, Optional.empty(), Optional.of("key-1"));

    assertThat(replayed[0]).isEqualTo(id);
    assertThat(domain.cluster("east-1").created)
        .extracting(SparkApplicationManifest::name)
        .containsExactly(id.value());
    assertThat(store.attempts(id.value())).hasSize(1);
  }

  @Test
  void aCopyLeftByATimedOutCreateIsDeletedAsAStrayAndItsDeletionDoesNotEndTheSubmission() {
    ScriptedCluster east = domain.cluster("east-1");
    east.failure = new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "timed out");
    east.landsBeforeFailing = true;
    // Nor can east-1 be asked whether it has it.
    east.existsFailure = east.failure;
    // east-1's watch reports the copy there while the create on west-1 is still in flight.
    domain.cluster("west-1").duringCreate =
        name -> domain.events.applied(domain.observed("east-1", name, ApplicationState.SUBMITTED));

    SubmissionId id = submit(domain.service);

    assertThat(east.created).extracting(SparkApplicationManifest::name).containsExactly(id.value());
    assertThat(cache.find(id.value()).orElseThrow().clusterId()).isEqualTo("west-1");
    domain.events.applied(domain.observed("east-1", id.value(), ApplicationState.RUNNING));
    assertThat(east.deleted).containsExactly(id.value());
    assertThat(domain.cluster("west-1").deleted).isEmpty();
    domain.events.deleted("east-1", id.value(), Optional.empty());
    domain.events.applied(domain.observed("west-1", id.value(), ApplicationState.RUNNING));
    domain.events.applied(domain.observed("west-1", id.value(), ApplicationState.COMPLETED));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(store.find(id.value()).orElseThrow().state())
                    .isEqualTo(ApplicationState.COMPLETED));
    assertThat(store.transitions(id.value()))
        .extracting(StateTransition::state)
        .doesNotContain(ApplicationState.FAILED);
    assertThat(cache.find(id.value()).orElseThrow().status().state())
        .isEqualTo(ApplicationState.COMPLETED);
  }

  @Test
  void aWatchReportThatArrivesBeforeTheCreateAnswersIsKept() {
    // A short application: the watch reports it ended before the create's answer reaches the
    // gateway.
    domain.cluster("east-1").duringCreate =
        name -> domain.events.applied(domain.observed("east-1", name, ApplicationState.COMPLETED));

    SubmissionId id = submit(domain.service);

    assertThat(cache.find(id.value()).orElseThrow().status().state())
        .isEqualTo(ApplicationState.COMPLETED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(store.find(id.value()).orElseThrow().state())
                    .isEqualTo(ApplicationState.COMPLETED));
  }

  @Test
  void withoutAnEarlierReportTheCreatedApplicationIsTrackedAtOnce() {
    SubmissionId id = submit(domain.service);

    assertThat(cache.find(id.value()).orElseThrow().clusterId()).isEqualTo("east-1");
    assertThat(cache.find(id.value()).orElseThrow().status().state())
        .isEqualTo(ApplicationState.UNKNOWN);
  }
}
