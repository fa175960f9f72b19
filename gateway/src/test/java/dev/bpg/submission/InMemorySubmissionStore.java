package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link SubmissionStore} in memory, for unit tests of the domain that need no database. It
 * passes the same {@link SubmissionStoreContract} as the JDBC store; every method is atomic. It can
 * be told to fail as a database that is down would.
 */
public final class InMemorySubmissionStore implements SubmissionStore {
  private static final Comparator<SubmissionRecord> NEWEST_FIRST =
      Comparator.comparing(SubmissionRecord::createdAt)
          .thenComparing(SubmissionRecord::submissionId)
          .reversed();

  private final RunCost cost;
  private final Map<String, SubmissionRecord> records = new LinkedHashMap<>();
  private final Map<String, List<StateTransition>> transitions = new HashMap<>();
  private final Map<String, List<CreateAttempt>> attempts = new HashMap<>();
  private final Map<String, Instant> heartbeats = new HashMap<>();
  private final Map<String, Instant> leases = new HashMap<>();
  private volatile boolean down;
  private volatile Duration callDelay = Duration.ZERO;

  public InMemorySubmissionStore(RunCost cost) {
    this.cost = requireNonNull(cost, "cost is null");
  }

  public InMemorySubmissionStore() {
    this(RunCost.NONE);
  }

  /**
   * From now on every call fails with {@code DATABASE_UNAVAILABLE}, until {@code setDown(false)}.
   */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** How many submissions are recorded. */
  public synchronized int size() {
    return records.size();
  }

  /** From now on every call takes this long first, as a slow database's would. */
  public void setCallDelay(Duration delay) {
    this.callDelay = delay;
  }

  private void checkUp() {
    if (!callDelay.isZero()) {
      try {
        Thread.sleep(callDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (down) {
      throw new GatewayException(
          ErrorCode.DATABASE_UNAVAILABLE, "the database is unavailable (test)");
    }
  }

  @Override
  public synchronized void insert(SubmissionRecord record) {
    checkUp();
    if (records.containsKey(record.submissionId())) {
      throw new GatewayException(
          ErrorCode.SUBMISSION_EXISTS, "submission " + record.submissionId() + " already exists");
    }
    if (record.idempotencyKey() != null
        && findByIdempotencyKey(record.owner(), record.idempotencyKey()).isPresent()) {
      throw new GatewayException(
          ErrorCode.SUBMISSION_EXISTS,
          "a submission with idempotency key " + record.idempotencyKey() + " already exists");
    }
    records.put(record.submissionId(), record);
    transitions
        .computeIfAbsent(record.submissionId(), id -> new ArrayList<>())
        .add(
            new StateTransition(
                1, record.state(), record.stateChangedAt(), "gateway", record.errorMessage()));
  }

  @Override
  public synchronized Optional<SubmissionRecord> find(String submissionId) {
    checkUp();
    return Optional.ofNullable(records.get(submissionId));
  }

  @Override
  public synchronized Optional<SubmissionRecord> findByIdempotencyKey(String owner, String key) {
    checkUp();
    return records.values().stream()
        .filter(r -> r.owner().equals(owner) && key.equals(r.idempotencyKey()))
        .findFirst();
  }

  @Override
  public synchronized void recordAttempt(
      String submissionId,
      int sequence,
      String clusterId,
      CreateAttempt.Outcome outcome,
      String message,
      Instant at) {
    checkUp();
    List<CreateAttempt> list = attempts.computeIfAbsent(submissionId, id -> new ArrayList<>());
    boolean taken = list.stream().anyMatch(a -> a.sequence() == sequence);
    int number =
        sequence > 0 && !taken
            ? sequence
            : list.stream().mapToInt(CreateAttempt::sequence).max().orElse(0) + 1;
    list.add(new CreateAttempt(number, clusterId, at, outcome, message));
    list.sort(Comparator.comparingInt(CreateAttempt::sequence));
  }

  @Override
  public synchronized List<CreateAttempt> attempts(String submissionId) {
    checkUp();
    return List.copyOf(attempts.getOrDefault(submissionId, List.of()));
  }

  @Override
  public synchronized void moveToCluster(
      String submissionId,
      String clusterId,
      String namespace,
      String specJson,
      String routingReason) {
    checkUp();
    records.computeIfPresent(
        submissionId,
        (id, r) ->
            r.toBuilder()
                .clusterId(clusterId)
                .namespace(namespace)
                .specJson(specJson)
                .routingReason(routingReason)
                .queuedBy(null)
                .build());
  }

  @Override
  public synchronized void heartbeat(String replicaId, Instant at) {
    checkUp();
    heartbeats.put(replicaId, at);
  }

  @Override
  public synchronized boolean takeDispatchLease(String submissionId, Instant now, Duration lease) {
    checkUp();
    SubmissionRecord record = records.get(submissionId);
    if (record == null || record.state() != ApplicationState.UNKNOWN) {
      return false;
    }
    Instant until = leases.getOrDefault(submissionId, record.createdAt().plus(lease));
    if (until.isAfter(now)) {
      return false;
    }
    leases.put(submissionId, now.plus(lease));
    return true;
  }

  @Override
  public synchronized int liveReplicas(Instant since) {
    checkUp();
    return (int) heartbeats.values().stream().filter(at -> !at.isBefore(since)).count();
  }

  @Override
  public synchronized List<SubmissionRecord> findQueuedOfStoppedReplicas(
      Instant staleBefore, int limit) {
    checkUp();
    return records.values().stream()
        .filter(r -> r.state() == ApplicationState.QUEUED)
        .filter(
            r ->
                r.queuedBy() == null
                    || !heartbeats.containsKey(r.queuedBy())
                    || heartbeats.get(r.queuedBy()).isBefore(staleBefore))
        .sorted(Comparator.comparing(SubmissionRecord::createdAt))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<String> findIdBySparkApplicationId(String sparkApplicationId) {
    checkUp();
    return records.values().stream()
        .filter(r -> sparkApplicationId.equals(r.sparkApplicationId()))
        .map(SubmissionRecord::submissionId)
        .findFirst();
  }

  @Override
  public synchronized boolean recordStatus(
      String submissionId, ApplicationStatus status, String source, Instant at) {
    checkUp();
    SubmissionRecord now = records.get(submissionId);
    if (now == null) {
      return false;
    }
    SubmissionRecord.Builder next =
        now.toBuilder()
            .sparkApplicationId(orKeep(status.sparkApplicationId(), now.sparkApplicationId()))
            .executionAttempts(orKeep(status.executionAttempts(), now.executionAttempts()))
            .driverPod(orKeep(status.driverPodName(), now.driverPod()));
    if (!now.state().mayMoveTo(status.state())) {
      records.put(submissionId, next.build());
      return false;
    }
    boolean terminal = status.state().isTerminal();
    Instant finished = status.findTerminationTime().orElse(at);
    Instant started =
        now.startedAt() == null && status.state() == ApplicationState.RUNNING
            ? at
            : now.startedAt();
    next.state(status.state())
        .stateChangedAt(at)
        .errorMessage(status.errorMessage())
        .startedAt(started);
    if (terminal) {
      next.finishedAt(finished);
      cost.of(now.resources(), now.startedAt(), finished).ifPresent(next::cost);
    }
    records.put(submissionId, next.build());
    List<StateTransition> list = transitions.computeIfAbsent(submissionId, id -> new ArrayList<>());
    list.add(
        new StateTransition(list.size() + 1, status.state(), at, source, status.errorMessage()));
    return true;
  }

  @Override
  public synchronized List<SubmissionRecord> findUnfinished(
      String clusterId, Instant quietSince, int limit) {
    checkUp();
    return records.values().stream()
        .filter(r -> r.clusterId().equals(clusterId))
        .filter(r -> r.createdAt().isBefore(quietSince) && r.stateChangedAt().isBefore(quietSince))
        .filter(r -> !r.state().isTerminal() && r.state() != ApplicationState.QUEUED)
        .sorted(Comparator.comparing(SubmissionRecord::createdAt))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<StateTransition> transitions(String submissionId) {
    checkUp();
    return List.copyOf(transitions.getOrDefault(submissionId, List.of()));
  }

  @Override
  public synchronized SubmissionPage search(
      SubmissionFilter filter, Optional<PageCursor> cursor, int limit) {
    checkUp();
    List<SubmissionRecord> found =
        records.values().stream()
            .filter(r -> matches(filter, r))
            .filter(r -> cursor.map(c -> isAfter(r, c)).orElse(true))
            .sorted(NEWEST_FIRST)
            .limit(limit + 1L)
            .toList();
    if (found.size() <= limit) {
      return new SubmissionPage(found, Optional.empty());
    }
    List<SubmissionRecord> page = found.subList(0, limit);
    SubmissionRecord last = page.get(limit - 1);
    return new SubmissionPage(
        page, Optional.of(new PageCursor(last.createdAt(), last.submissionId())));
  }

  @Override
  public void forEach(
      Optional<String> applicationName, int limit, Consumer<SubmissionRecord> consumer) {
    List<SubmissionRecord> found;
    synchronized (this) {
      checkUp();
      found =
          records.values().stream()
              .filter(r -> applicationName.map(n -> n.equals(r.applicationName())).orElse(true))
              .sorted(NEWEST_FIRST)
              .limit(limit)
              .toList();
    }
    found.forEach(consumer);
  }

  private static boolean matches(SubmissionFilter f, SubmissionRecord r) {
    return f.visibleTo().map(u -> u.equals(r.owner()) || u.equals(r.submittedBy())).orElse(true)
        && f.owner().map(r.owner()::equals).orElse(true)
        && f.queue().map(r.queue()::equals).orElse(true)
        && f.cluster().map(r.clusterId()::equals).orElse(true)
        && f.state().map(s -> s == r.state()).orElse(true)
        && f.from().map(from -> !r.createdAt().isBefore(from)).orElse(true)
        && f.to().map(to -> r.createdAt().isBefore(to)).orElse(true)
        && f.applicationName().map(n -> n.equals(r.applicationName())).orElse(true);
  }

  private static boolean isAfter(SubmissionRecord r, PageCursor c) {
    int byTime = r.createdAt().compareTo(c.createdAt());
    return byTime < 0 || (byTime == 0 && r.submissionId().compareTo(c.submissionId()) < 0);
  }

  private static <T> T orKeep(T reported, T stored) {
    return reported != null ? reported : stored;
  }
}
