package dev.bpg.submission.tracking;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bpg.config.ClusterConfig;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.DispatchTrigger;
import dev.bpg.submission.FakeClusters;
import dev.bpg.submission.InMemorySubmissionStore;
import dev.bpg.submission.KillIntents;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.StateTransition;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionMetrics;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.TestSubmissions;
import dev.bpg.submission.TrackedApplication;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What watch reports mean, with a clock that moves only when told: the cache at once, the store in
 * order, deletions closed with the right reason, vanished applications found by a list, the room a
 * finished application frees, and the lag metric.
 */
class StatusEventsTest {
  private static final String A = "spark-cluster-a";
  private static final String ID = A + "-0123456789abcdef0123456789abcdef";
  private static final List<ClusterConfig> CLUSTERS =
      List.of(cluster("{id: spark-cluster-a, sparkVersions: [3.5.0], queues: [dev]}"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final InMemorySubmissionStore store = new InMemorySubmissionStore();
  private final StatusCache cache = new StatusCache();
  private final FakeClusters clusters = new FakeClusters(CLUSTERS, cache);
  private final StatusWriter writer =
      new StatusWriter(store, SubmissionMetrics.NONE, clock, Duration.ofMillis(100));
  private final KillIntents kills = new KillIntents();
  private final DispatchTrigger roomFreed = new DispatchTrigger();
  private final List<Duration> lags = new ArrayList<>();
  private final List<String> archived = new ArrayList<>();
  private final PodLogArchiver archiver =
      new PodLogArchiver() {
        @Override
        public void ended(TrackedApplication application) {
          archived.add(application.submissionId() + " " + application.status().state());
        }

        @Override
        public void beforeDelete(TrackedApplication application) {
          throw new AssertionError("the tracking deletes nothing");
        }
      };
  private final StatusEvents events =
      new StatusEvents(cache, writer, clusters, kills, lagsOnly(), roomFreed, archiver, clock);

  @AfterEach
  void close() {
    writer.close();
  }

  private SubmissionMetrics lagsOnly() {
    return new SubmissionMetrics() {
      @Override
      public void submission(String queue, String cluster, String outcome) {}

      @Override
      public void routingDecision(String cluster, boolean queued) {}

      @Override
      public void failover(String from, String to) {}

      @Override
      public void transition(String state) {}

      @Override
      public void informerLag(String cluster, Duration lag) {
        lags.add(lag);
      }
    };
  }

  private void recorded() {
    store.insert(TestSubmissions.recorded(ID, A, ApplicationState.UNKNOWN, clock.instant()));
  }

  private TrackedApplication observed(ApplicationState state, Instant created) {
    return new TrackedApplication(
        ID,
        A,
        "spark-operator",
        "alice",
        "alice",
        "dev",
        created,
        0,
        ApplicationStatus.unknown().withState(state, null, clock.instant()),
        true);
  }

  private List<ApplicationState> history() {
    return store.transitions(ID).stream().map(StateTransition::state).toList();
  }

  @Test
  void reportsReachTheCacheAtOnceAndTheStoreInOrder() throws Exception {
    recorded();
    Instant created = clock.instant();
    clock.advance(Duration.ofMillis(40));
    events.applied(observed(ApplicationState.SUBMITTED, created));
    assertThat(cache.find(ID).orElseThrow().status().state()).isEqualTo(ApplicationState.SUBMITTED);
    events.applied(observed(ApplicationState.RUNNING, created));
    events.applied(observed(ApplicationState.RUNNING, created));
    events.applied(observed(ApplicationState.COMPLETED, created));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(history())
                    .containsExactly(
                        ApplicationState.UNKNOWN,
                        ApplicationState.SUBMITTED,
                        ApplicationState.RUNNING,
                        ApplicationState.COMPLETED));
    // The first report came 40 ms after the creation; the later ones are not the watch's lag.
    assertThat(lags).containsExactly(Duration.ofMillis(40));
    assertThat(roomFreed.await(Duration.ZERO)).isTrue();
    // The end is handed to the log archive once, however often it is reported.
    events.applied(observed(ApplicationState.COMPLETED, created));
    assertThat(archived).containsExactly(ID + " COMPLETED");
  }

  @Test
  void aDeletionOfARunningApplicationClosesItAsFailedAndDropsItFromTheCacheOnceWritten() {
    recorded();
    events.applied(observed(ApplicationState.RUNNING, clock.instant()));
    events.deleted(A, ID, Optional.empty());

    await().atMost(Duration.ofSeconds(5)).until(() -> cache.find(ID).isEmpty());
    SubmissionRecord closed = store.find(ID).orElseThrow();
    assertThat(closed.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(closed.errorMessage())
        .isEqualTo("the SparkApplication was deleted from cluster spark-cluster-a while RUNNING");
  }

  @Test
  void aDeletionThisReplicaAskedForIsRecordedAsThatKill() {
    recorded();
    events.applied(observed(ApplicationState.RUNNING, clock.instant()));
    kills.expect(ID, "bob");
    events.deleted(A, ID, Optional.empty());

    await().atMost(Duration.ofSeconds(5)).until(() -> cache.find(ID).isEmpty());
    assertThat(store.find(ID).orElseThrow().errorMessage())
        .isEqualTo("killed by bob through the gateway");
    assertThat(kills.take(ID)).isEmpty();
  }

  @Test
  void aDeletionAfterTheEndChangesNothing() {
    recorded();
    events.applied(observed(ApplicationState.COMPLETED, clock.instant()));
    events.deleted(A, ID, Optional.empty());

    await().atMost(Duration.ofSeconds(5)).until(() -> cache.find(ID).isEmpty());
    assertThat(store.find(ID).orElseThrow().state()).isEqualTo(ApplicationState.COMPLETED);
  }

  @Test
  void aListWithoutATrackedApplicationClosesItUnlessItIsYoungerThanTheList() {
    recorded();
    Instant created = clock.instant();
    events.applied(observed(ApplicationState.RUNNING, created));

    // A list taken before the application existed: its create may have raced the list.
    events.listed(A, Set.of(), created.minusMillis(1));
    assertThat(cache.find(ID)).isPresent();

    clock.advance(Duration.ofSeconds(1));
    events.listed(A, Set.of(), clock.instant());
    await().atMost(Duration.ofSeconds(5)).until(() -> cache.find(ID).isEmpty());
    assertThat(store.find(ID).orElseThrow().state()).isEqualTo(ApplicationState.FAILED);
  }

  @Test
  void statusesTheDatabaseMissedAreWrittenOnceItIsBack() {
    recorded();
    store.setDown(true);
    events.applied(observed(ApplicationState.RUNNING, clock.instant()));
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.unrecorded() == 1);

    store.setDown(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.unrecorded() == 0);
    assertThat(store.find(ID).orElseThrow().state()).isEqualTo(ApplicationState.RUNNING);
  }
}
