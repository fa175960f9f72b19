package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One try to create a submission's SparkApplication on a cluster, and how it went. */
public record CreateAttempt(
    int sequence, String clusterId, Instant attemptedAt, Outcome outcome, String message) {
  /**
   * CREATED: the cluster has it; UNAVAILABLE: the cluster could not be used, another may be tried;
   * REJECTED: the cluster refused the request itself.
   */
  public enum Outcome {
    CREATED,
    UNAVAILABLE,
    REJECTED
  }

  public CreateAttempt {
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(attemptedAt, "attemptedAt is null");
    requireNonNull(outcome, "outcome is null");
  }
}
