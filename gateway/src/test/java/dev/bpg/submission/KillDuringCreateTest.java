package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.QueueConfig;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A kill that arrives while the submission's create is in flight, directly or out of the admission
 * queue: the kill is recorded, and what the create made is deleted, so the job does not run.
 */
class KillDuringCreateTest {
  private static final Caller ALICE = new Caller("alice", false);

  private final DomainUnderTest domain =
      new DomainUnderTest(
          List.of(
              cluster(
                  "{id: east-1, sparkVersions: [3.5.0], queues: [dev], maxRunningApplications:"
                      + " 1}")),
          List.of(QueueConfig.named("dev")),
          1);
  private final ScriptedCluster east = domain.cluster("east-1");

  @AfterEach
  void close() {
    domain.close();
  }

  private String submit() {
    return domain.submit("alice");
  }

  /** The kill as the API makes it: of the application as the gateway sees it at that moment. */
  private void kill(String id, ApplicationState seenAs) {
    TrackedApplication seen =
        domain
            .cache
            .find(id)
            .orElseGet(() -> domain.observed("east-1", id, seenAs))
            .withStatus(
                ApplicationStatus.unknown().withState(seenAs, null, domain.clock.instant()));
    domain.kills.kill(seen, ALICE);
  }

  private void assertKilledAndNotRunning(String id) {
    assertThat(east.created).extracting(SparkApplicationManifest::name).contains(id);
    assertThat(east.exists("spark-operator", id)).isFalse();
    SubmissionRecord record = domain.store.find(id).orElseThrow();
    assertThat(record.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(record.errorMessage()).contains("killed by alice");
  }

  @Test
  void aKillWhileTheFirstCreateIsInFlightDeletesWhatItMade() {
    // The kill's delete reaches the cluster before the create lands.
    east.duringCreate = name -> kill(name, ApplicationState.UNKNOWN);

    String id = submit();

    assertKilledAndNotRunning(id);
    assertThat(domain.store.attempts(id))
        .extracting(CreateAttempt::message)
        .containsExactly(
            "created, then deleted: the submission was killed while its create was in flight");
  }

  @Test
  void aKillOfAHeldSubmissionBeingDispatchedDeletesWhatTheDispatchMade() {
    String first = submit();
    String held = submit();
    assertThat(domain.cache.find(held).orElseThrow().status().state())
        .isEqualTo(ApplicationState.QUEUED);
    domain.events.applied(domain.observed("east-1", first, ApplicationState.COMPLETED));
    // The dispatcher takes it from the queue; the kill still sees it QUEUED.
    east.duringCreate =
        name -> {
          if (name.equals(held)) {
            kill(name, ApplicationState.QUEUED);
          }
        };

    domain.admission.dispatchQueued();

    assertKilledAndNotRunning(held);
  }
}
