package dev.bpg.artifact;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What the archive knows of one pod's log: claimed by a replica that is copying it, archived under
 * {@code key}, lost (the pod was gone first, with the reason in {@code detail}), or deleted after
 * the retention.
 */
public record ArchivedLog(
    String submissionId,
    String pod,
    State state,
    String claimedBy,
    Optional<String> key,
    long sizeBytes,
    boolean truncated,
    Optional<Instant> at,
    Optional<String> detail) {

  public enum State {
    CLAIMED,
    ARCHIVED,
    LOST,
    DELETED
  }

  public ArchivedLog {
    requireNonNull(submissionId, "submissionId is null");
    requireNonNull(pod, "pod is null");
    requireNonNull(state, "state is null");
    requireNonNull(key, "key is null");
    requireNonNull(at, "at is null");
    requireNonNull(detail, "detail is null");
  }
}
