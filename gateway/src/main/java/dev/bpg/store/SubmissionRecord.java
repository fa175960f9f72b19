package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.ApplicationState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One submission as the database keeps it: who submitted what where, the resources asked for, the
 * routing decision, the request and spec without secrets, the last known state, and the cost once it
 * has finished (when rates are configured), the caller's idempotency key, and the gateway replica that
 * holds it while it is QUEUED. Nullable fields are unknown or not applicable.
 */
public record SubmissionRecord(
    String submissionId,
    String clusterId,
    String namespace,
    String owner,
    String submittedBy,
    String queue,
    String sparkVersion,
    String applicationName,
    String applicationType,
    String mainClass,
    List<String> arguments,
    String dagName,
    String taskName,
    Integer driverCores,
    Long driverMemoryMb,
    Integer executorInstances,
    Integer executorCores,
    Long executorMemoryMb,
    long maxRunningMillis,
    String routingReason,
    String requestJson,
    String specJson,
    Instant createdAt,
    ApplicationState state,
    Instant stateChangedAt,
    String errorMessage,
    String sparkApplicationId,
    Integer executionAttempts,
    String driverPod,
    Instant startedAt,
    Instant finishedAt,
    Double cost,
    String idempotencyKey,
    String queuedBy) {

  public SubmissionRecord {
    requireNonNull(submissionId, "submissionId is null");
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(submittedBy, "submittedBy is null");
    requireNonNull(queue, "queue is null");
    requireNonNull(sparkVersion, "sparkVersion is null");
    requireNonNull(applicationType, "applicationType is null");
    requireNonNull(requestJson, "requestJson is null");
    requireNonNull(specJson, "specJson is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(state, "state is null");
    requireNonNull(stateChangedAt, "stateChangedAt is null");
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
  }

  /** This record with a newer status, as its cluster reports it. */
  public SubmissionRecord withStatus(ApplicationState newState, String newErrorMessage, String newAppId,
      Integer newAttempts, String newDriverPod, Instant newFinishedAt) {
    return new SubmissionRecord(submissionId, clusterId, namespace, owner, submittedBy, queue, sparkVersion,
        applicationName, applicationType, mainClass, arguments, dagName, taskName, driverCores,
        driverMemoryMb, executorInstances, executorCores, executorMemoryMb, maxRunningMillis, routingReason,
        requestJson, specJson, createdAt, newState, stateChangedAt, newErrorMessage, newAppId, newAttempts,
        newDriverPod, startedAt, newFinishedAt, cost, idempotencyKey, queuedBy);
  }

  public Optional<Instant> findFinishedAt() {
    return Optional.ofNullable(finishedAt);
  }
}
