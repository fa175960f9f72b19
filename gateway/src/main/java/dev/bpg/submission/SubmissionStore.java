package dev.bpg.submission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The submissions and their history.
 *
 * <p>Errors: every method raises {@code DATABASE_UNAVAILABLE} when the database cannot be reached;
 * none returns null. Writes are idempotent: recording the same status twice records one transition,
 * and a state never moves back from a terminal one, whichever writer comes first.
 */
public interface SubmissionStore {
  /**
   * Records a new submission in its initial state; a duplicate ID raises {@code SUBMISSION_EXISTS}.
   */
  void insert(SubmissionRecord record);

  Optional<SubmissionRecord> find(String submissionId);

  /** The owner's submission made with this idempotency key. */
  Optional<SubmissionRecord> findByIdempotencyKey(String owner, String key);

  /**
   * Records one try to create the submission on a cluster, numbered {@code sequence} when the
   * caller knows it (0: the store numbers it after the last one).
   */
  void recordAttempt(
      String submissionId,
      int sequence,
      String clusterId,
      CreateAttempt.Outcome outcome,
      String message,
      Instant at);

  /** The create attempts of a submission, oldest first. */
  List<CreateAttempt> attempts(String submissionId);

  /**
   * Moves a submission that has no application yet to another cluster (failover, or dispatch from
   * the gateway's queue), with the spec built for it and the reason.
   */
  void moveToCluster(
      String submissionId,
      String clusterId,
      String namespace,
      String specJson,
      String routingReason);

  /** Notes that a gateway replica is alive. */
  void heartbeat(String replicaId, Instant at);

  /**
   * Takes the lease to dispatch a submission still UNKNOWN (never seen on a cluster): it succeeds
   * only when no dispatch holds it, that is when the submit's own dispatch ({@code lease} from its
   * creation) and any lease taken since have run out. Compare-and-set: of replicas racing, one
   * wins.
   */
  boolean takeDispatchLease(String submissionId, Instant now, Duration lease);

  /** How many replicas have sent a heartbeat since {@code since}. */
  int liveReplicas(Instant since);

  /**
   * QUEUED submissions held by replicas that have not sent a heartbeat since {@code staleBefore}.
   */
  List<SubmissionRecord> findQueuedOfStoppedReplicas(Instant staleBefore, int limit);

  /** The submission ID whose Spark application ID this is, for log look-ups by application ID. */
  Optional<String> findIdBySparkApplicationId(String sparkApplicationId);

  /**
   * Records what a cluster says of a submission. A new state is written with a transition when it
   * moves forward; details (application ID, attempts, driver pod) are kept current either way.
   * Returns whether a transition was recorded; false also for a submission this store does not
   * know.
   */
  boolean recordStatus(String submissionId, ApplicationStatus status, String source, Instant at);

  /**
   * Submissions on a cluster that have not ended and whose state has not changed since {@code
   * quietSince} (so neither was created since): those the reconciliation checks against what the
   * cluster holds. A submission dispatched from the queue a moment ago changed state then, and is
   * left alone while its create may still be in flight.
   */
  List<SubmissionRecord> findUnfinished(String clusterId, Instant quietSince, int limit);

  /** The transitions of a submission, oldest first. */
  List<StateTransition> transitions(String submissionId);

  /** A page of the submissions that match, newest first, after {@code cursor} when given. */
  SubmissionPage search(SubmissionFilter filter, Optional<PageCursor> cursor, int limit);

  /**
   * Every submission, newest first, optionally only those of one application name, handed to the
   * consumer one by one so that a long list streams.
   */
  void forEach(Optional<String> applicationName, int limit, Consumer<SubmissionRecord> consumer);
}
