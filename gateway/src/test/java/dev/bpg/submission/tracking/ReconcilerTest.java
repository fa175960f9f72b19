package dev.bpg.submission.tracking;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.ClusterConfig;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.FakeClusters;
import dev.bpg.submission.InMemorySubmissionStore;
import dev.bpg.submission.ScriptedCluster;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.StatusWriter;
import dev.bpg.submission.SubmissionMetrics;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.TestSubmissions;
import dev.bpg.submission.TrackedApplication;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation's rule, exactly, with a clock that moves only when told: a submission is
 * closed only when its state has stood still for the grace period, the cluster's watch is open and
 * has not reported it, and the cluster's API server answers that it does not have it.
 */
class ReconcilerTest {
  private static final String CLUSTER = "spark-cluster-a";
  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final List<ClusterConfig> CLUSTERS =
      List.of(cluster("{id: spark-cluster-a, sparkVersions: [3.5.0], queues: [dev]}"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final InMemorySubmissionStore store = new InMemorySubmissionStore();
  private final StatusCache cache = new StatusCache();
  private final FakeClusters clusters = new FakeClusters(CLUSTERS, cache);
  private final Set<String> watching = ConcurrentHashMap.newKeySet();
  private final StatusWriter writer =
      new StatusWriter(store, SubmissionMetrics.NONE, clock, Duration.ofSeconds(1));
  private final Reconciler reconciler =
      new Reconciler(clusters, watching::contains, cache, store, writer, clock, GRACE);

  @AfterEach
  void close() {
    writer.close();
  }

  private ScriptedCluster apiServer() {
    return clusters.cluster(CLUSTER);
  }

  @Test
  void aSubmissionTheClusterDoesNotHoldIsClosedWithTheReason() {
    watching.add(CLUSTER);
    String id = record(ApplicationState.UNKNOWN);
    clock.advance(GRACE.plusSeconds(1));

    assertThat(reconciler.reconcileAll()).isEqualTo(1);

    SubmissionRecord record = store.find(id).orElseThrow();
    assertThat(record.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(record.errorMessage()).contains("never created", CLUSTER);
    assertThat(apiServer().existsCalls).hasValue(1);
  }

  @Test
  void aSubmissionTheApiServerHoldsIsLeftAloneThoughTheWatchHasNotReportedIt() {
    watching.add(CLUSTER);
    String id = record(ApplicationState.SUBMITTED);
    // Created by another replica a moment ago; this replica's watch has not reported it yet.
    apiServer().createdElsewhere.add(id);
    clock.advance(GRACE.plusSeconds(1));

    assertThat(reconciler.reconcileAll()).isZero();

    // The API server was asked, and its answer kept the submission open.
    assertThat(apiServer().existsCalls).hasValue(1);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.SUBMITTED);
  }

  @Test
  void aSubmissionTheWatchReportedIsLeftAloneWithoutAskingTheApiServer() {
    watching.add(CLUSTER);
    String id = record(ApplicationState.RUNNING);
    cache.put(tracked(id, ApplicationState.RUNNING));
    clock.advance(GRACE.plusSeconds(1));

    assertThat(reconciler.reconcileAll()).isZero();

    assertThat(apiServer().existsCalls).hasValue(0);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.RUNNING);
  }

  @Test
  void nothingIsClosedWhileTheWatchIsDownAndTheRoundAfterItReturnsCatchesUp() {
    String id = record(ApplicationState.RUNNING);
    clock.advance(GRACE.plusSeconds(1));

    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(apiServer().existsCalls).hasValue(0);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.RUNNING);

    watching.add(CLUSTER);
    assertThat(reconciler.reconcile(CLUSTER)).isEqualTo(1);
    SubmissionRecord closed = store.find(id).orElseThrow();
    assertThat(closed.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(closed.errorMessage())
        .isEqualTo(
            "the SparkApplication was deleted from cluster spark-cluster-a while RUNNING,"
                + " when no gateway was watching");
  }

  @Test
  void aSubmissionWhoseStateChangedWithinTheGraceIsLeftAloneUntilTheGraceHasPassed() {
    watching.add(CLUSTER);
    String id = record(ApplicationState.QUEUED);
    // Waited long in the queue, dispatched just now: its create may not have reached the cluster
    // yet.
    clock.advance(Duration.ofMinutes(30));
    writer.recordNow(id, ApplicationStatus.unknown(), "dispatch");
    clock.advance(GRACE.minusSeconds(1));

    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(apiServer().existsCalls).hasValue(0);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.UNKNOWN);

    clock.advance(Duration.ofSeconds(2));
    assertThat(reconciler.reconcileAll()).isEqualTo(1);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.FAILED);
  }

  @Test
  void heldSubmissionsAreNotTheReconciliationsToClose() {
    watching.add(CLUSTER);
    String id = record(ApplicationState.QUEUED);
    clock.advance(GRACE.multipliedBy(10));

    assertThat(reconciler.reconcileAll()).isZero();
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.QUEUED);
  }

  /** A submission recorded now on the cluster, in the given state. */
  private String record(ApplicationState state) {
    String id = CLUSTER + "-" + UUID.randomUUID().toString().replace("-", "");
    store.insert(TestSubmissions.recorded(id, CLUSTER, state, clock.instant()));
    return id;
  }

  private TrackedApplication tracked(String id, ApplicationState state) {
    return new TrackedApplication(
        id,
        CLUSTER,
        "spark-operator",
        "demo",
        "demo",
        "dev",
        clock.instant(),
        0,
        ApplicationStatus.unknown().withState(state, null, clock.instant()),
        true);
  }
}
