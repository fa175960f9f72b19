package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's heartbeat in the store, and the closing of what dead replicas held. A replica
 * keeps the submissions it queues in memory (they carry environment variables that never go to the
 * store); when it stops without closing them, or dies, the others notice that its heartbeat is
 * stale and close its QUEUED submissions as FAILED with the reason, so that none is lost silently.
 */
public final class ReplicaLiveness {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLiveness.class);
  private static final int BATCH = 10_000;

  private final String replicaId;
  private final SubmissionStore store;
  private final StatusWriter writer;
  private final Clock clock;
  private final Duration staleAfter;
  private volatile Instant lastBeat = Instant.EPOCH;
  private volatile int liveReplicas = 1;

  /**
   * @param staleAfter how long without a heartbeat before a replica counts as stopped: several
   *     heartbeat intervals, so that one slow beat is not taken for a death
   */
  public ReplicaLiveness(
      String replicaId,
      SubmissionStore store,
      StatusWriter writer,
      Clock clock,
      Duration staleAfter) {
    this.replicaId = requireNonNull(replicaId, "replicaId is null");
    this.store = requireNonNull(store, "store is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.staleAfter = requireNonNull(staleAfter, "staleAfter is null");
  }

  public String replicaId() {
    return replicaId;
  }

  /**
   * Records that this replica is alive, then closes what stopped replicas held.
   *
   * @return how many held submissions of stopped replicas were closed
   */
  public int beat() {
    Instant now = clock.instant();
    store.heartbeat(replicaId, now);
    lastBeat = now;
    liveReplicas = Math.max(1, store.liveReplicas(now.minus(staleAfter)));
    return closeOrphanedQueued(now.minus(staleAfter));
  }

  /** How many replicas were alive at the last heartbeat, this one included (at least 1). */
  public int liveReplicas() {
    return liveReplicas;
  }

  /** When the store last took this replica's heartbeat. */
  public Instant lastBeat() {
    return lastBeat;
  }

  /**
   * Closes QUEUED submissions whose replica has sent no heartbeat since {@code staleBefore}: they
   * were held in its memory and can no longer be dispatched.
   */
  public int closeOrphanedQueued(Instant staleBefore) {
    int closed = 0;
    Instant now = clock.instant();
    for (SubmissionRecord record : store.findQueuedOfStoppedReplicas(staleBefore, BATCH)) {
      String reason =
          "it was held in the queue of gateway replica "
              + record.queuedBy()
              + ", which stopped before it could dispatch it; submit it again";
      ApplicationStatus status =
          new ApplicationStatus(ApplicationState.FAILED, reason, null, null, now, null, Map.of());
      if (writer.recordNow(record.submissionId(), status, "reconcile")) {
        closed++;
        LOG.info("Closed queued submission {}: {}", record.submissionId(), reason);
      }
    }
    return closed;
  }
}
