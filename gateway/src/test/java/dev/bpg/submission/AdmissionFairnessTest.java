package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static dev.bpg.config.TestConfigs.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Held submissions of a queue go in order, but one owner at their own cap holds back only their
 * own: the others of the queue go past them. And a queue holds at most {@code maxQueued}.
 */
class AdmissionFairnessTest {
  // One cluster with room for two applications; at most one running per user in dev; two held.
  private final DomainUnderTest domain =
      new DomainUnderTest(
          List.of(
              cluster(
                  "{id: east-1, weight: 1, sparkVersions: [3.5.0], queues: [dev],"
                      + " maxRunningApplications: 2}")),
          List.of(queue("{name: dev, maxRunningApplicationsPerUser: 1, maxQueued: 2}")),
          1);

  @AfterEach
  void close() {
    domain.close();
  }

  private String submit(String owner) {
    return domain.submit(owner);
  }

  private void ends(String id, String owner) {
    domain.events.applied(
        new TrackedApplication(
            id,
            "east-1",
            "spark-operator",
            owner,
            owner,
            "dev",
            domain.clock.instant(),
            0,
            ApplicationStatus.unknown()
                .withState(ApplicationState.COMPLETED, null, domain.clock.instant()),
            true));
  }

  private List<String> created() {
    return domain.cluster("east-1").created.stream().map(SparkApplicationManifest::name).toList();
  }

  @Test
  void anOwnerAtTheirCapHoldsBackOnlyTheirOwn() {
    String alice1 = submit("alice");
    String alice2 = submit("alice"); // held: alice is at her cap
    String carol1 = submit("carol"); // runs: the cluster is full now
    String bob1 = submit("bob"); // held: the cluster is full
    assertThat(created()).containsExactly(alice1, carol1);

    ends(carol1, "carol");
    domain.admission.dispatchQueued();

    // alice2 is first in line but alice is still at her cap: bob goes past her.
    assertThat(created()).containsExactly(alice1, carol1, bob1);
    assertThat(domain.cache.find(alice2).orElseThrow().status().state())
        .isEqualTo(ApplicationState.QUEUED);

    ends(alice1, "alice");
    domain.admission.dispatchQueued();
    assertThat(created()).containsExactly(alice1, carol1, bob1, alice2);
  }

  @Test
  void aQueueHoldsAtMostMaxQueuedAndTheNextIsRefusedWith429() {
    submit("alice");
    submit("alice");
    submit("alice");
    assertThatThrownBy(() -> submit("alice"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "queue dev has 2 submissions waiting for room, its limit"
                          + " (queues[].maxQueued); try again later");
              assertThat(e.retryAfter()).isPresent();
            });
    // Refused before anything was recorded or held.
    assertThat(domain.store.size()).isEqualTo(3);
    assertThat(domain.admission.queuedByCluster()).containsEntry("east-1", 2);
  }
}
