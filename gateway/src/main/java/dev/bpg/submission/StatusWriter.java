package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path by which the gateway writes statuses to the {@link SubmissionStore}. There are two
 * ways in:
 *
 * <ul>
 *   <li>{@link #recordLater}: what the clusters' watches report. One writer thread writes these in
 *       the order they were seen, so that watching never waits for the database. A write the
 *       database does not take (it is down) is kept, the newest per submission, and tried again
 *       every retry interval until it lands.
 *   <li>{@link #recordNow}: a decision that needs the store's answer before it goes on (a kill, a
 *       failed create, a dispatch out of the admission queue, closing held submissions, the
 *       reconciliation, the running-time limit). It is written on the caller's thread and says
 *       whether it moved the state; a database that is down raises {@code DATABASE_UNAVAILABLE} to
 *       the caller.
 * </ul>
 *
 * <p>The two meet safely because the store's write is a compare-and-set that never moves a state
 * backwards and records each transition once: whichever write of a submission comes first, the
 * history ends the same.
 */
public final class StatusWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final SubmissionStore store;
  private final SubmissionMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService writer;
  private final AtomicInteger backlog = new AtomicInteger();

  /** Statuses the database did not take, newest per submission: written by the retries. */
  private final Map<String, Pending> unrecorded = new ConcurrentHashMap<>();

  private record Pending(ApplicationStatus status, String source) {}

  /** Create attempts the database did not take, written by the retries. */
  private final Map<String, AttemptRecord> unrecordedAttempts = new ConcurrentHashMap<>();

  /** A create attempt to record. */
  public record AttemptRecord(
      String submissionId,
      int sequence,
      String clusterId,
      CreateAttempt.Outcome outcome,
      String message,
      Instant at) {}

  public StatusWriter(
      SubmissionStore store, SubmissionMetrics metrics, Clock clock, Duration retryInterval) {
    this.store = requireNonNull(store, "store is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "bpg-status-writer");
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.writer = executor;
    long retry = retryInterval.toMillis();
    writer.scheduleWithFixedDelay(this::retryUnrecorded, retry, retry, TimeUnit.MILLISECONDS);
  }

  /** Writes a status reported by a watch, after the ones reported before it. */
  public void recordLater(String submissionId, ApplicationStatus status, String source) {
    Instant at = clock.instant();
    submit(() -> write(submissionId, status, source, at));
  }

  /** Runs a task on the writer once what was handed to it before is written. */
  public void afterWrites(Runnable task) {
    submit(task);
  }

  /**
   * Writes a status now, on the caller's thread.
   *
   * @return whether it moved the submission's state (false when the state had already moved past
   *     it, or the store does not know the submission)
   * @throws GatewayException {@code DATABASE_UNAVAILABLE} when the database cannot be reached
   */
  public boolean recordNow(String submissionId, ApplicationStatus status, String source) {
    boolean moved = store.recordStatus(submissionId, status, source, clock.instant());
    if (moved) {
      metrics.transition(status.state().name());
    }
    return moved;
  }

  /**
   * Records a create attempt now, or, when the database does not take it, keeps it and writes it
   * once the database is back: a create that landed is never lost from the record, nor answered as
   * a failure, because of a database that blinked.
   */
  public void recordAttempt(AttemptRecord attempt) {
    try {
      write(attempt);
    } catch (GatewayException e) {
      unrecordedAttempts.put(attempt.submissionId() + "\u0000" + attempt.sequence(), attempt);
      LOG.warn(
          "Could not record attempt {} of {} ({}): {}; it is written when the database is back",
          attempt.sequence(),
          attempt.submissionId(),
          attempt.outcome(),
          e.getMessage());
    }
  }

  private void write(AttemptRecord attempt) {
    try {
      store.recordAttempt(
          attempt.submissionId(),
          attempt.sequence(),
          attempt.clusterId(),
          attempt.outcome(),
          attempt.message(),
          attempt.at());
    } catch (GatewayException e) {
      if (e.code() != ErrorCode.SUBMISSION_EXISTS) {
        throw e;
      }
      // Written by an earlier try whose answer was lost.
    }
  }

  /** How many writes wait for the writer thread. */
  public int backlog() {
    return backlog.get();
  }

  /** How many statuses and create attempts wait for the database to come back. */
  public int unrecorded() {
    return unrecorded.size() + unrecordedAttempts.size();
  }

  /** Writes the statuses the database missed while it was down; returns how many still miss. */
  public int retryUnrecorded() {
    for (Map.Entry<String, AttemptRecord> entry : Map.copyOf(unrecordedAttempts).entrySet()) {
      try {
        write(entry.getValue());
        unrecordedAttempts.remove(entry.getKey(), entry.getValue());
      } catch (GatewayException e) {
        return unrecorded();
      }
    }
    for (Map.Entry<String, Pending> entry : Map.copyOf(unrecorded).entrySet()) {
      Pending pending = entry.getValue();
      try {
        if (store.recordStatus(
            entry.getKey(), pending.status(), pending.source(), clock.instant())) {
          metrics.transition(pending.status().state().name());
        }
        unrecorded.remove(entry.getKey(), pending);
      } catch (GatewayException e) {
        return unrecorded();
      }
    }
    return unrecorded();
  }

  private void submit(Runnable task) {
    backlog.incrementAndGet();
    try {
      writer.execute(
          () -> {
            try {
              task.run();
            } finally {
              backlog.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      backlog.decrementAndGet();
      LOG.debug("The status writer has stopped; a status is not recorded by this replica");
    }
  }

  private void write(String submissionId, ApplicationStatus status, String source, Instant at) {
    try {
      if (store.recordStatus(submissionId, status, source, at)) {
        metrics.transition(status.state().name());
      }
      unrecorded.remove(submissionId);
    } catch (GatewayException e) {
      // The watch goes on; the status is written again once the database is back.
      unrecorded.put(submissionId, new Pending(status, source));
      LOG.warn("Could not record state {} of {}: {}", status.state(), submissionId, e.getMessage());
    }
  }

  /** Stops the writer once what it holds is written, or after a few seconds. */
  @Override
  public void close() {
    close(CLOSE_TIMEOUT);
  }

  /** Stops the writer at once, writing nothing more: as a killed process would. For tests. */
  public void abandon() {
    writer.shutdownNow();
  }

  /**
   * Stops the writer once what it holds is written, retrying once what the database missed, or
   * after {@code timeout}; what is still not written then is logged, with how many.
   */
  public void close(Duration timeout) {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
    int missed = backlog.get() + retryUnrecorded();
    if (missed > 0) {
      LOG.warn(
          "Stopping with {} status writes not recorded; the watches of the other replicas, or of"
              + " this one when it starts again, record the states they see",
          missed);
    }
  }
}
