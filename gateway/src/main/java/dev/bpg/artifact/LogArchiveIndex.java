package dev.bpg.artifact;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which pod logs are archived, shared by the replicas so that each log is copied once. Every method
 * raises {@code DATABASE_UNAVAILABLE} when the database cannot be reached.
 */
public interface LogArchiveIndex {
  /**
   * Claims the copy of a pod's log for {@code replicaId} until {@code now + lease}.
   * Compare-and-set: it succeeds when nobody has claimed the log, when this replica holds the claim
   * (which renews it), or when another replica's claim has run out; never once the log is archived,
   * lost or deleted.
   */
  boolean claim(String submissionId, String pod, String replicaId, Instant now, Duration lease);

  /** The log is in the store under {@code key}. */
  void archived(
      String submissionId, String pod, String key, long sizeBytes, boolean truncated, Instant at);

  /** The log could not be copied, for {@code reason}; it is not tried again. */
  void lost(String submissionId, String pod, String reason, Instant at);

  /** The archived log was deleted from the store after the retention. */
  void deleted(String submissionId, String pod, Instant at);

  /** What the archive knows of the submission's pods, by pod name. */
  List<ArchivedLog> find(String submissionId);

  /** Archived logs stored before {@code cutoff} and not deleted yet, oldest first. */
  List<ArchivedLog> archivedBefore(Instant cutoff, int limit);
}
