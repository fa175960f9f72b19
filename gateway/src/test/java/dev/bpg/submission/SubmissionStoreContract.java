package dev.bpg.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.CostConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SubmissionStore} must do, run against each database (and the in-memory store of
 * the tests) by a subclass that supplies the store over a fresh schema.
 */
public abstract class SubmissionStoreContract {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** Rates for the cost test: per MiB-second and per core-second. */
  protected static final RunCost COST = new RunCost(new CostConfig(0.001, 0.01));

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  /** A store over an empty, migrated database, costing with {@link #COST}. */
  protected abstract SubmissionStore store();

  static SubmissionRecord record(String id, String owner, Instant created) {
    return SubmissionRecord.builder()
        .submissionId(id)
        .clusterId("spark-cluster-a")
        .namespace("spark-operator")
        .owner(owner)
        .submittedBy(owner)
        .queue("dev")
        .sparkVersion("3.5.0")
        .applicationName("SparkPi")
        .applicationType("Java")
        .mainClass("org.apache.spark.examples.SparkPi")
        .arguments(List.of("10", "x y"))
        .dagName("dag")
        .taskName("task")
        .driverCores(1)
        .driverMemoryMb(2048L)
        .executorInstances(2)
        .executorCores(1)
        .executorMemoryMb(2048L)
        .maxRunningMillis(43_200_000L)
        .routingReason("chose spark-cluster-a among [spark-cluster-a]")
        .requestJson("{\"queue\":\"dev\"}")
        .specJson("{\"type\":\"Java\"}")
        .createdAt(created)
        .state(ApplicationState.UNKNOWN)
        .stateChangedAt(created)
        .build();
  }

  private static String newId() {
    return "spark-cluster-a-" + UUID.randomUUID().toString().replace("-", "");
  }

  private static ApplicationStatus status(ApplicationState state, String appId) {
    return new ApplicationStatus(
        state,
        state == ApplicationState.FAILED ? "boom" : null,
        appId,
        1,
        state.isTerminal() ? T0.plusSeconds(60) : null,
        "driver-pod",
        Map.of());
  }

  @Test
  void insertedRecordReadsBackField_forField() {
    SubmissionStore store = store();
    String id = newId();
    SubmissionRecord record = record(id, "alice", T0);
    store.insert(record);
    assertThat(store.find(id)).contains(record);
    assertThat(store.find(newId())).isEmpty();
    assertThat(store.transitions(id))
        .extracting(StateTransition::state)
        .containsExactly(ApplicationState.UNKNOWN);
  }

  @Test
  void theLargestRequestTheApiTakesFits() {
    SubmissionStore store = store();
    String id = newId();
    String large = "{\"padding\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}";
    SubmissionRecord record =
        record(id, "alice", T0).toBuilder().requestJson(large).specJson(large).build();
    store.insert(record);
    assertThat(store.find(id).orElseThrow().requestJson()).hasSize(large.length());
  }

  @Test
  void duplicateInsertIsAConflict() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    assertThatThrownBy(() -> store.insert(record(id, "alice", T0)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_EXISTS));
  }

  @Test
  void statesMoveForwardWithOneTransitionEach() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.SUBMITTED, "app-1"), "informer:a", T0.plusSeconds(1)))
        .isTrue();
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.SUBMITTED, "app-1"), "informer:a", T0.plusSeconds(2)))
        .isFalse();
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.RUNNING, "app-1"), "informer:a", T0.plusSeconds(3)))
        .isTrue();
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.COMPLETED, "app-1"), "informer:a", T0.plusSeconds(60)))
        .isTrue();
    // A late event from before the end must not move the state back.
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.RUNNING, "app-1"), "informer:b", T0.plusSeconds(61)))
        .isFalse();
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.FAILED, "app-1"), "informer:b", T0.plusSeconds(62)))
        .isFalse();

    SubmissionRecord stored = store.find(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(ApplicationState.COMPLETED);
    assertThat(stored.sparkApplicationId()).isEqualTo("app-1");
    assertThat(stored.driverPod()).isEqualTo("driver-pod");
    assertThat(stored.startedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(stored.finishedAt()).isEqualTo(T0.plusSeconds(60));
    // (2048 MiB driver + 2 x 2048 MiB executors) x 0.001 + (1 + 2 x 1 cores) x 0.01, for 57 s of
    // running.
    assertThat(stored.cost()).isCloseTo((6144 * 0.001 + 3 * 0.01) * 57, offset(1e-6));
    assertThat(store.transitions(id))
        .extracting(StateTransition::sequence, StateTransition::state, StateTransition::occurredAt)
        .containsExactly(
            tuple(1, ApplicationState.UNKNOWN, T0),
            tuple(2, ApplicationState.SUBMITTED, T0.plusSeconds(1)),
            tuple(3, ApplicationState.RUNNING, T0.plusSeconds(3)),
            tuple(4, ApplicationState.COMPLETED, T0.plusSeconds(60)));
  }

  @Test
  void detailsAreKeptCurrentWithoutATransition() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    store.recordStatus(id, status(ApplicationState.RUNNING, null), "informer:a", T0.plusSeconds(1));
    assertThat(
            store.recordStatus(
                id, status(ApplicationState.RUNNING, "app-late"), "informer:a", T0.plusSeconds(2)))
        .isFalse();
    assertThat(store.find(id).orElseThrow().sparkApplicationId()).isEqualTo("app-late");
    assertThat(store.findIdBySparkApplicationId("app-late")).contains(id);
    assertThat(store.findIdBySparkApplicationId("app-none")).isEmpty();
  }

  @Test
  void unknownSubmissionsAreNotRecorded() {
    assertThat(
            store().recordStatus(newId(), status(ApplicationState.RUNNING, "x"), "informer:a", T0))
        .isFalse();
  }

  @Test
  void unfinishedAreTheSubmissionsOfTheClusterWhoseStateHasBeenQuietSinceTheGivenTime() {
    SubmissionStore store = store();
    String waiting = newId();
    String running = newId();
    String changedLate = newId();
    String ended = newId();
    for (String id : List.of(waiting, running, changedLate, ended)) {
      store.insert(record(id, "alice", T0));
    }
    store.recordStatus(
        running, status(ApplicationState.RUNNING, "app-r"), "informer:a", T0.plusSeconds(5));
    store.recordStatus(
        changedLate, status(ApplicationState.SUBMITTED, null), "informer:a", T0.plusSeconds(20));
    store.recordStatus(
        ended, status(ApplicationState.COMPLETED, "app-e"), "informer:a", T0.plusSeconds(5));

    // Other tests may share the database: only these four count.
    List<String> mine = List.of(waiting, running, changedLate, ended);
    BiFunction<String, Instant, List<String>> unfinished =
        (cluster, quietSince) ->
            store.findUnfinished(cluster, quietSince, 10_000).stream()
                .map(SubmissionRecord::submissionId)
                .filter(mine::contains)
                .toList();
    assertThat(unfinished.apply("spark-cluster-a", T0.plusSeconds(10)))
        .containsExactlyInAnyOrder(waiting, running);
    assertThat(unfinished.apply("spark-cluster-a", T0.plusSeconds(30)))
        .containsExactlyInAnyOrder(waiting, running, changedLate);
    assertThat(unfinished.apply("spark-cluster-a", T0)).isEmpty();
    assertThat(unfinished.apply("spark-cluster-b", T0.plusSeconds(30))).isEmpty();
  }

  @Test
  void failureMessageIsKept() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    store.recordStatus(id, status(ApplicationState.FAILED, "app"), "kill:bob", T0.plusSeconds(5));
    SubmissionRecord stored = store.find(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(ApplicationState.FAILED);
    assertThat(stored.errorMessage()).isEqualTo("boom");
    assertThat(store.transitions(id).get(1).source()).isEqualTo("kill:bob");
    assertThat(store.transitions(id).get(1).message()).isEqualTo("boom");
  }

  @Test
  void listsAreNewestFirstAndPerUser() {
    SubmissionStore store = store();
    String owner = "owner-" + UUID.randomUUID();
    String first = newId();
    String second = newId();
    String someoneElse = newId();
    store.insert(record(first, owner, T0));
    store.insert(record(second, owner, T0.plusSeconds(10)));
    store.insert(record(someoneElse, "someone-else", T0.plusSeconds(20)));
    SubmissionFilter mine =
        new SubmissionFilter(
            Optional.of(owner),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(store.search(mine, Optional.empty(), 10).submissions())
        .extracting(SubmissionRecord::submissionId)
        .containsExactly(second, first);
    SubmissionPage firstPage = store.search(mine, Optional.empty(), 1);
    assertThat(firstPage.submissions())
        .extracting(SubmissionRecord::submissionId)
        .containsExactly(second);
    SubmissionPage secondPage = store.search(mine, firstPage.next(), 1);
    assertThat(secondPage.submissions())
        .extracting(SubmissionRecord::submissionId)
        .containsExactly(first);
    assertThat(secondPage.next()).isEmpty();

    List<String> all = new ArrayList<>();
    store.forEach(Optional.empty(), 1000, r -> all.add(r.submissionId()));
    assertThat(all).containsSubsequence(someoneElse, second, first);
    List<String> named = new ArrayList<>();
    store.forEach(Optional.of("no-such-name"), 1000, r -> named.add(r.submissionId()));
    assertThat(named).isEmpty();
  }

  @Test
  void searchFiltersByEveryCriterionAndPagesWithoutGapsOrRepeats() {
    SubmissionStore store = store();
    String owner = "search-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String id = newId();
      ids.add(id);
      // Several share a creation time: paging must order them by ID without losing any.
      SubmissionRecord r = record(id, owner, T0.plusSeconds(i / 3));
      store.insert(r);
      if (i % 5 == 0) {
        store.recordStatus(id, status(ApplicationState.RUNNING, "app-" + i), "informer:a", T0);
      }
    }
    SubmissionFilter byOwner =
        new SubmissionFilter(
            Optional.empty(),
            Optional.of(owner),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    List<String> paged = new ArrayList<>();
    Optional<PageCursor> cursor = Optional.empty();
    do {
      SubmissionPage page = store.search(byOwner, cursor, 4);
      page.submissions().forEach(r -> paged.add(r.submissionId()));
      cursor = page.next().map(c -> PageCursor.decode(c.encode()));
    } while (cursor.isPresent());
    assertThat(paged).hasSize(25).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();

    SubmissionFilter running =
        new SubmissionFilter(
            Optional.empty(),
            Optional.of(owner),
            Optional.of("dev"),
            Optional.of("spark-cluster-a"),
            Optional.of(ApplicationState.RUNNING),
            Optional.empty(),
            Optional.empty(),
            Optional.of("SparkPi"));
    assertThat(store.search(running, Optional.empty(), 100).submissions()).hasSize(5);
    SubmissionFilter window =
        new SubmissionFilter(
            Optional.empty(),
            Optional.of(owner),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(T0.plusSeconds(2)),
            Optional.of(T0.plusSeconds(4)),
            Optional.empty());
    assertThat(store.search(window, Optional.empty(), 100).submissions())
        .hasSize(6)
        .allSatisfy(r -> assertThat(r.createdAt()).isBetween(T0.plusSeconds(2), T0.plusSeconds(3)));
    SubmissionFilter otherQueue =
        new SubmissionFilter(
            Optional.empty(),
            Optional.of(owner),
            Optional.of("prod"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(store.search(otherQueue, Optional.empty(), 100).submissions()).isEmpty();
    SubmissionFilter invisible =
        new SubmissionFilter(
            Optional.of("nobody"),
            Optional.of(owner),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(store.search(invisible, Optional.empty(), 100).submissions()).isEmpty();
  }

  @Test
  void concurrentWritersRecordEachTransitionOnce() throws Exception {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (ApplicationState state :
                      List.of(
                          ApplicationState.SUBMITTED,
                          ApplicationState.RUNNING,
                          ApplicationState.COMPLETED)) {
                    store.recordStatus(
                        id, status(state, "app"), "writer", T0.plusSeconds(state.ordinal()));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.transitions(id))
        .extracting(StateTransition::state)
        .containsExactly(
            ApplicationState.UNKNOWN,
            ApplicationState.SUBMITTED,
            ApplicationState.RUNNING,
            ApplicationState.COMPLETED);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.COMPLETED);
  }

  @Test
  void anIdempotencyKeyIsUniquePerOwner() {
    SubmissionStore store = store();
    String owner = "keys-" + UUID.randomUUID();
    String first = newId();
    store.insert(record(first, owner, T0).toBuilder().idempotencyKey("order-1").build());
    assertThat(store.findByIdempotencyKey(owner, "order-1"))
        .map(SubmissionRecord::submissionId)
        .contains(first);
    assertThat(store.findByIdempotencyKey(owner, "order-2")).isEmpty();
    assertThat(store.findByIdempotencyKey("someone-else", "order-1")).isEmpty();
    assertThatThrownBy(
            () ->
                store.insert(
                    record(newId(), owner, T0).toBuilder().idempotencyKey("order-1").build()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_EXISTS);
              assertThat(e.getMessage()).contains("order-1");
            });
    // Another owner may use the same key.
    store.insert(
        record(newId(), owner + "-other", T0).toBuilder().idempotencyKey("order-1").build());
  }

  @Test
  void attemptsAreNumberedAsGivenOrAfterTheLastOne() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    store.recordAttempt(id, 1, "spark-cluster-a", CreateAttempt.Outcome.UNAVAILABLE, "refused", T0);
    store.recordAttempt(
        id, 2, "spark-cluster-b", CreateAttempt.Outcome.CREATED, null, T0.plusSeconds(1));
    // Number 2 is taken: this one becomes 3.
    store.recordAttempt(
        id, 2, "spark-cluster-b", CreateAttempt.Outcome.CREATED, "again", T0.plusSeconds(2));
    store.recordAttempt(
        id, 0, "spark-cluster-c", CreateAttempt.Outcome.REJECTED, "no", T0.plusSeconds(3));
    assertThat(store.attempts(id))
        .extracting(
            CreateAttempt::sequence,
            CreateAttempt::clusterId,
            CreateAttempt::outcome,
            CreateAttempt::message,
            CreateAttempt::attemptedAt)
        .containsExactly(
            tuple(1, "spark-cluster-a", CreateAttempt.Outcome.UNAVAILABLE, "refused", T0),
            tuple(2, "spark-cluster-b", CreateAttempt.Outcome.CREATED, null, T0.plusSeconds(1)),
            tuple(3, "spark-cluster-b", CreateAttempt.Outcome.CREATED, "again", T0.plusSeconds(2)),
            tuple(4, "spark-cluster-c", CreateAttempt.Outcome.REJECTED, "no", T0.plusSeconds(3)));
    assertThat(store.attempts(newId())).isEmpty();
  }

  @Test
  void aMoveToAnotherClusterKeepsTheSubmissionAndReleasesItsReplica() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(
        record(id, "alice", T0).toBuilder()
            .state(ApplicationState.QUEUED)
            .queuedBy("replica-a")
            .build());
    store.moveToCluster(id, "spark-cluster-b", "other-namespace", "{\"moved\":true}", "tried b");
    SubmissionRecord moved = store.find(id).orElseThrow();
    assertThat(moved.clusterId()).isEqualTo("spark-cluster-b");
    assertThat(moved.namespace()).isEqualTo("other-namespace");
    assertThat(moved.specJson()).isEqualTo("{\"moved\":true}");
    assertThat(moved.routingReason()).isEqualTo("tried b");
    assertThat(moved.queuedBy()).isNull();
    assertThat(moved.state()).isEqualTo(ApplicationState.QUEUED);
  }

  @Test
  void queuedSubmissionsOfReplicasWithoutARecentHeartbeatAreFound() {
    SubmissionStore store = store();
    String alive = "alive-" + UUID.randomUUID().toString().substring(0, 8);
    String dead = "dead-" + UUID.randomUUID().toString().substring(0, 8);
    String heldByAlive = newId();
    String heldByDead = newId();
    String heldByNobody = newId();
    String runningOfDead = newId();
    store.insert(
        record(heldByAlive, "alice", T0).toBuilder()
            .state(ApplicationState.QUEUED)
            .queuedBy(alive)
            .build());
    store.insert(
        record(heldByDead, "alice", T0).toBuilder()
            .state(ApplicationState.QUEUED)
            .queuedBy(dead)
            .build());
    store.insert(
        record(heldByNobody, "alice", T0).toBuilder().state(ApplicationState.QUEUED).build());
    store.insert(record(runningOfDead, "alice", T0).toBuilder().queuedBy(dead).build());
    store.heartbeat(dead, T0);
    store.heartbeat(alive, T0);
    store.heartbeat(alive, T0.plusSeconds(60));

    List<String> mine = List.of(heldByAlive, heldByDead, heldByNobody, runningOfDead);
    assertThat(
            store.findQueuedOfStoppedReplicas(T0.plusSeconds(30), 10_000).stream()
                .map(SubmissionRecord::submissionId)
                .filter(mine::contains))
        .containsExactlyInAnyOrder(heldByDead, heldByNobody);
  }

  @Test
  void liveReplicasAreTheOnesWithARecentHeartbeat() {
    SubmissionStore store = store();
    // Later than any other test's heartbeat, so that only these count.
    Instant now = Instant.parse("2031-01-01T00:00:00Z");
    store.heartbeat(newId(), now.minusSeconds(60));
    store.heartbeat(newId(), now.minusSeconds(5));
    String twice = newId();
    store.heartbeat(twice, now.minusSeconds(50));
    store.heartbeat(twice, now);

    assertThat(store.liveReplicas(now.minusSeconds(30))).isEqualTo(2);
    assertThat(store.liveReplicas(now.plusSeconds(1))).isZero();
  }

  @Test
  void aDispatchLeaseIsTakenOnlyWhenNoneRunsAndOnlyOnce() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    Duration lease = Duration.ofSeconds(60);

    // The submit's own dispatch holds it for the lease from its creation.
    assertThat(store.takeDispatchLease(id, T0.plusSeconds(5), lease)).isFalse();
    assertThat(store.takeDispatchLease(id, T0.plusSeconds(61), lease)).isTrue();
    assertThat(store.takeDispatchLease(id, T0.plusSeconds(62), lease)).isFalse();
    assertThat(store.takeDispatchLease(id, T0.plusSeconds(122), lease)).isTrue();
    assertThat(store.takeDispatchLease(newId(), T0.plusSeconds(500), lease)).isFalse();

    String seen = newId();
    store.insert(record(seen, "alice", T0).toBuilder().state(ApplicationState.SUBMITTED).build());
    assertThat(store.takeDispatchLease(seen, T0.plusSeconds(500), lease)).isFalse();
  }
}
