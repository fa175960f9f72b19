package dev.bpg.submission.tracking;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.ClusterConfig;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.FakeClusters;
import dev.bpg.submission.InMemorySubmissionStore;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionMetrics;
import dev.bpg.submission.TestSubmissions;
import dev.bpg.submission.TrackedApplication;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The running-time limit deletes what the cluster reports live and over its limit, whatever the
 * store says of it: a record that missed the create, one that says the submit failed, a database
 * that is down.
 */
class RunningTimeLimitTest {
  private static final String CLUSTER = "spark-cluster-a";
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final List<ClusterConfig> CLUSTERS =
      List.of(cluster("{id: spark-cluster-a, sparkVersions: [3.5.0], queues: [dev]}"));

  private final MutableClock clock = new MutableClock(T0);
  private final InMemorySubmissionStore store = new InMemorySubmissionStore();
  private final StatusCache cache = new StatusCache();
  private final FakeClusters clusters = new FakeClusters(CLUSTERS, cache);
  private final StatusWriter writer =
      new StatusWriter(store, SubmissionMetrics.NONE, clock, Duration.ofSeconds(1));
  private final RunningTimeLimit limit =
      new RunningTimeLimit(cache, writer, clusters, PodLogArchiver.NONE, clock);

  @AfterEach
  void close() {
    writer.close();
  }

  /** An application the cluster's watch reports RUNNING, limited to one minute. */
  private void running(String id) {
    cache.put(
        new TrackedApplication(
            id,
            CLUSTER,
            "spark-operator",
            "demo",
            "demo",
            "dev",
            T0,
            60_000,
            ApplicationStatus.unknown().withState(ApplicationState.RUNNING, null, T0),
            true));
  }

  private void assertDeletedAndEndedInTheCache(String id) {
    assertThat(clusters.cluster(CLUSTER).deleted).containsExactly(id);
    assertThat(cache.find(id).orElseThrow().status().state()).isEqualTo(ApplicationState.FAILED);
    assertThat(cache.find(id).orElseThrow().status().errorMessage())
        .contains("ran longer than its maximum running time of 60000 ms");
  }

  @Test
  void withinItsLimitNothingHappens() {
    running("a");
    clock.advance(Duration.ofSeconds(59));
    assertThat(limit.check()).isZero();
    assertThat(clusters.cluster(CLUSTER).deleted).isEmpty();
  }

  @Test
  void overItsLimitItIsDeletedAndRecordedOnce() {
    store.insert(TestSubmissions.recorded("a", CLUSTER, ApplicationState.RUNNING, T0));
    running("a");
    clock.advance(Duration.ofSeconds(61));

    assertThat(limit.check()).isEqualTo(1);
    assertThat(limit.check()).isZero();

    assertDeletedAndEndedInTheCache("a");
    assertThat(store.find("a").orElseThrow().state()).isEqualTo(ApplicationState.FAILED);
  }

  @Test
  void aRecordThatSaysTheSubmitFailedDoesNotSaveItFromTheLimit() {
    // Every create timed out, so the store says SUBMISSION_FAILED, yet one landed and runs.
    store.insert(TestSubmissions.recorded("b", CLUSTER, ApplicationState.SUBMISSION_FAILED, T0));
    running("b");
    clock.advance(Duration.ofSeconds(61));

    assertThat(limit.check()).isEqualTo(1);
    assertDeletedAndEndedInTheCache("b");
  }

  @Test
  void aRecordThatMissedTheCreateOrADatabaseThatIsDownDoNotEither() {
    running("c");
    running("d");
    store.setDown(true);
    clock.advance(Duration.ofSeconds(61));

    assertThat(limit.check()).isEqualTo(2);
    assertThat(clusters.cluster(CLUSTER).deleted).containsExactlyInAnyOrder("c", "d");
  }
}
