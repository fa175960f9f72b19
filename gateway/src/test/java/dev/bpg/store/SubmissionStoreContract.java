package dev.bpg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.CostConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
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
import org.junit.jupiter.api.Test;

/**
 * What every {@link SubmissionStore} must do, run against each database by a subclass that supplies
 * the store over a fresh schema.
 */
abstract class SubmissionStoreContract {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Rates for the cost test: per MiB-second and per core-second. */
  static final CostConfig COST = new CostConfig(0.001, 0.01);
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  /** A store over an empty, migrated database. */
  abstract SubmissionStore store();

  static SubmissionRecord record(String id, String owner, Instant created) {
    return new SubmissionRecord(id, "spark-cluster-a", "spark-operator", owner, owner, "dev", "3.5.0",
        "SparkPi", "Java", "org.apache.spark.examples.SparkPi", List.of("10", "x y"), "dag", "task",
        1, 2048L, 2, 1, 2048L, 43_200_000L, "chose spark-cluster-a among [spark-cluster-a]",
        "{\"queue\":\"dev\"}", "{\"type\":\"Java\"}", created, ApplicationState.UNKNOWN, created,
        null, null, null, null, null, null, null, null, null);
  }

  private static String newId() {
    return "spark-cluster-a-" + UUID.randomUUID().toString().replace("-", "");
  }

  private static ApplicationStatus status(ApplicationState state, String appId) {
    return new ApplicationStatus(state, state == ApplicationState.FAILED ? "boom" : null, appId, 1,
        state.isTerminal() ? T0.plusSeconds(60) : null, "driver-pod", Map.of());
  }

  @Test
  void insertedRecordReadsBackField_forField() {
    SubmissionStore store = store();
    String id = newId();
    SubmissionRecord record = record(id, "alice", T0);
    store.insert(record);
    assertThat(store.find(id)).contains(record);
    assertThat(store.find(newId())).isEmpty();
    assertThat(store.transitions(id)).extracting(StateTransition::state).containsExactly(ApplicationState.UNKNOWN);
  }

  @Test
  void duplicateInsertIsAConflict() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    assertThatThrownBy(() -> store.insert(record(id, "alice", T0)))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_EXISTS));
  }

  @Test
  void statesMoveForwardWithOneTransitionEach() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    assertThat(store.recordStatus(id, status(ApplicationState.SUBMITTED, "app-1"), "informer:a", T0.plusSeconds(1))).isTrue();
    assertThat(store.recordStatus(id, status(ApplicationState.SUBMITTED, "app-1"), "informer:a", T0.plusSeconds(2))).isFalse();
    assertThat(store.recordStatus(id, status(ApplicationState.RUNNING, "app-1"), "informer:a", T0.plusSeconds(3))).isTrue();
    assertThat(store.recordStatus(id, status(ApplicationState.COMPLETED, "app-1"), "informer:a", T0.plusSeconds(60))).isTrue();
    // A late event from before the end must not move the state back.
    assertThat(store.recordStatus(id, status(ApplicationState.RUNNING, "app-1"), "informer:b", T0.plusSeconds(61))).isFalse();
    assertThat(store.recordStatus(id, status(ApplicationState.FAILED, "app-1"), "informer:b", T0.plusSeconds(62))).isFalse();

    SubmissionRecord stored = store.find(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(ApplicationState.COMPLETED);
    assertThat(stored.sparkApplicationId()).isEqualTo("app-1");
    assertThat(stored.driverPod()).isEqualTo("driver-pod");
    assertThat(stored.startedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(stored.finishedAt()).isEqualTo(T0.plusSeconds(60));
    // (2048 MiB driver + 2 x 2048 MiB executors) x 0.001 + (1 + 2 x 1 cores) x 0.01, for 57 s of running.
    assertThat(stored.cost()).isCloseTo((6144 * 0.001 + 3 * 0.01) * 57, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(store.transitions(id))
        .extracting(StateTransition::sequence, StateTransition::state, StateTransition::occurredAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, ApplicationState.UNKNOWN, T0),
            org.assertj.core.groups.Tuple.tuple(2, ApplicationState.SUBMITTED, T0.plusSeconds(1)),
            org.assertj.core.groups.Tuple.tuple(3, ApplicationState.RUNNING, T0.plusSeconds(3)),
            org.assertj.core.groups.Tuple.tuple(4, ApplicationState.COMPLETED, T0.plusSeconds(60)));
  }

  @Test
  void detailsAreKeptCurrentWithoutATransition() {
    SubmissionStore store = store();
    String id = newId();
    store.insert(record(id, "alice", T0));
    store.recordStatus(id, status(ApplicationState.RUNNING, null), "informer:a", T0.plusSeconds(1));
    assertThat(store.recordStatus(id, status(ApplicationState.RUNNING, "app-late"), "informer:a", T0.plusSeconds(2))).isFalse();
    assertThat(store.find(id).orElseThrow().sparkApplicationId()).isEqualTo("app-late");
    assertThat(store.findIdBySparkApplicationId("app-late")).contains(id);
    assertThat(store.findIdBySparkApplicationId("app-none")).isEmpty();
  }

  @Test
  void unknownSubmissionsAreNotRecorded() {
    assertThat(store().recordStatus(newId(), status(ApplicationState.RUNNING, "x"), "informer:a", T0)).isFalse();
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
    store.recordStatus(running, status(ApplicationState.RUNNING, "app-r"), "informer:a", T0.plusSeconds(5));
    store.recordStatus(changedLate, status(ApplicationState.SUBMITTED, null), "informer:a", T0.plusSeconds(20));
    store.recordStatus(ended, status(ApplicationState.COMPLETED, "app-e"), "informer:a", T0.plusSeconds(5));

    // Other tests may share the database: only these four count.
    List<String> mine = List.of(waiting, running, changedLate, ended);
    java.util.function.BiFunction<String, Instant, List<String>> unfinished = (cluster, quietSince) ->
        store.findUnfinished(cluster, quietSince, 10_000).stream().map(SubmissionRecord::submissionId)
            .filter(mine::contains).toList();
    assertThat(unfinished.apply("spark-cluster-a", T0.plusSeconds(10))).containsExactlyInAnyOrder(waiting, running);
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
    SubmissionFilter mine = new SubmissionFilter(Optional.of(owner), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(store.search(mine, Optional.empty(), 10).submissions())
        .extracting(SubmissionRecord::submissionId).containsExactly(second, first);
    SubmissionPage firstPage = store.search(mine, Optional.empty(), 1);
    assertThat(firstPage.submissions()).extracting(SubmissionRecord::submissionId).containsExactly(second);
    SubmissionPage secondPage = store.search(mine, firstPage.next(), 1);
    assertThat(secondPage.submissions()).extracting(SubmissionRecord::submissionId).containsExactly(first);
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
    SubmissionFilter byOwner = new SubmissionFilter(Optional.empty(), Optional.of(owner), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    List<String> paged = new ArrayList<>();
    Optional<PageCursor> cursor = Optional.empty();
    do {
      SubmissionPage page = store.search(byOwner, cursor, 4);
      page.submissions().forEach(r -> paged.add(r.submissionId()));
      cursor = page.next().map(c -> PageCursor.decode(c.encode()));
    } while (cursor.isPresent());
    assertThat(paged).hasSize(25).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();

    SubmissionFilter running = new SubmissionFilter(Optional.empty(), Optional.of(owner), Optional.of("dev"),
        Optional.of("spark-cluster-a"), Optional.of(ApplicationState.RUNNING), Optional.empty(),
        Optional.empty(), Optional.of("SparkPi"));
    assertThat(store.search(running, Optional.empty(), 100).submissions()).hasSize(5);
    SubmissionFilter window = new SubmissionFilter(Optional.empty(), Optional.of(owner), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(2)), Optional.of(T0.plusSeconds(4)),
        Optional.empty());
    assertThat(store.search(window, Optional.empty(), 100).submissions()).hasSize(6)
        .allSatisfy(r -> assertThat(r.createdAt()).isBetween(T0.plusSeconds(2), T0.plusSeconds(3)));
    SubmissionFilter otherQueue = new SubmissionFilter(Optional.empty(), Optional.of(owner), Optional.of("prod"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(store.search(otherQueue, Optional.empty(), 100).submissions()).isEmpty();
    SubmissionFilter invisible = new SubmissionFilter(Optional.of("nobody"), Optional.of(owner), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
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
        futures.add(pool.submit(() -> {
          start.await();
          for (ApplicationState state : List.of(ApplicationState.SUBMITTED, ApplicationState.RUNNING,
              ApplicationState.COMPLETED)) {
            store.recordStatus(id, status(state, "app"), "writer", T0.plusSeconds(state.ordinal()));
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
    assertThat(store.transitions(id)).extracting(StateTransition::state)
        .containsExactly(ApplicationState.UNKNOWN, ApplicationState.SUBMITTED, ApplicationState.RUNNING,
            ApplicationState.COMPLETED);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApplicationState.COMPLETED);
  }
}
