package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One submission as the store keeps it: who submitted what where, the resources asked for, the
 * routing decision, the request and spec without secrets, the last known state, and the cost once
 * it has finished (when rates are configured), the caller's idempotency key, and the gateway
 * replica that holds it while it is QUEUED. Nullable fields are unknown or not applicable. Build
 * one with {@link #builder()}.
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

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this record. */
  public Builder toBuilder() {
    return new Builder()
        .submissionId(submissionId)
        .clusterId(clusterId)
        .namespace(namespace)
        .owner(owner)
        .submittedBy(submittedBy)
        .queue(queue)
        .sparkVersion(sparkVersion)
        .applicationName(applicationName)
        .applicationType(applicationType)
        .mainClass(mainClass)
        .arguments(arguments)
        .dagName(dagName)
        .taskName(taskName)
        .driverCores(driverCores)
        .driverMemoryMb(driverMemoryMb)
        .executorInstances(executorInstances)
        .executorCores(executorCores)
        .executorMemoryMb(executorMemoryMb)
        .maxRunningMillis(maxRunningMillis)
        .routingReason(routingReason)
        .requestJson(requestJson)
        .specJson(specJson)
        .createdAt(createdAt)
        .state(state)
        .stateChangedAt(stateChangedAt)
        .errorMessage(errorMessage)
        .sparkApplicationId(sparkApplicationId)
        .executionAttempts(executionAttempts)
        .driverPod(driverPod)
        .startedAt(startedAt)
        .finishedAt(finishedAt)
        .cost(cost)
        .idempotencyKey(idempotencyKey)
        .queuedBy(queuedBy);
  }

  /** This record with a newer status, as its cluster reports it. */
  public SubmissionRecord withStatus(
      ApplicationState newState,
      String newErrorMessage,
      String newAppId,
      Integer newAttempts,
      String newDriverPod,
      Instant newFinishedAt) {
    return toBuilder()
        .state(newState)
        .errorMessage(newErrorMessage)
        .sparkApplicationId(newAppId)
        .executionAttempts(newAttempts)
        .driverPod(newDriverPod)
        .finishedAt(newFinishedAt)
        .build();
  }

  /** The cores and memory it asked for. */
  public RequestedResources resources() {
    return new RequestedResources(
        driverCores, driverMemoryMb, executorInstances, executorCores, executorMemoryMb);
  }

  public Optional<Instant> findFinishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /** Sets the fields by name; {@link #build()} checks the required ones. */
  public static final class Builder {
    private String submissionId;
    private String clusterId;
    private String namespace;
    private String owner;
    private String submittedBy;
    private String queue;
    private String sparkVersion;
    private String applicationName;
    private String applicationType;
    private String mainClass;
    private List<String> arguments;
    private String dagName;
    private String taskName;
    private Integer driverCores;
    private Long driverMemoryMb;
    private Integer executorInstances;
    private Integer executorCores;
    private Long executorMemoryMb;
    private long maxRunningMillis;
    private String routingReason;
    private String requestJson;
    private String specJson;
    private Instant createdAt;
    private ApplicationState state;
    private Instant stateChangedAt;
    private String errorMessage;
    private String sparkApplicationId;
    private Integer executionAttempts;
    private String driverPod;
    private Instant startedAt;
    private Instant finishedAt;
    private Double cost;
    private String idempotencyKey;
    private String queuedBy;

    private Builder() {}

    public Builder submissionId(String submissionId) {
      this.submissionId = submissionId;
      return this;
    }

    public Builder clusterId(String clusterId) {
      this.clusterId = clusterId;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder submittedBy(String submittedBy) {
      this.submittedBy = submittedBy;
      return this;
    }

    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public Builder sparkVersion(String sparkVersion) {
      this.sparkVersion = sparkVersion;
      return this;
    }

    public Builder applicationName(String applicationName) {
      this.applicationName = applicationName;
      return this;
    }

    public Builder applicationType(String applicationType) {
      this.applicationType = applicationType;
      return this;
    }

    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    public Builder arguments(List<String> arguments) {
      this.arguments = arguments;
      return this;
    }

    public Builder dagName(String dagName) {
      this.dagName = dagName;
      return this;
    }

    public Builder taskName(String taskName) {
      this.taskName = taskName;
      return this;
    }

    public Builder driverCores(Integer driverCores) {
      this.driverCores = driverCores;
      return this;
    }

    public Builder driverMemoryMb(Long driverMemoryMb) {
      this.driverMemoryMb = driverMemoryMb;
      return this;
    }

    public Builder executorInstances(Integer executorInstances) {
      this.executorInstances = executorInstances;
      return this;
    }

    public Builder executorCores(Integer executorCores) {
      this.executorCores = executorCores;
      return this;
    }

    public Builder executorMemoryMb(Long executorMemoryMb) {
      this.executorMemoryMb = executorMemoryMb;
      return this;
    }

    public Builder maxRunningMillis(long maxRunningMillis) {
      this.maxRunningMillis = maxRunningMillis;
      return this;
    }

    public Builder routingReason(String routingReason) {
      this.routingReason = routingReason;
      return this;
    }

    public Builder requestJson(String requestJson) {
      this.requestJson = requestJson;
      return this;
    }

    public Builder specJson(String specJson) {
      this.specJson = specJson;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder state(ApplicationState state) {
      this.state = state;
      return this;
    }

    public Builder stateChangedAt(Instant stateChangedAt) {
      this.stateChangedAt = stateChangedAt;
      return this;
    }

    public Builder errorMessage(String errorMessage) {
      this.errorMessage = errorMessage;
      return this;
    }

    public Builder sparkApplicationId(String sparkApplicationId) {
      this.sparkApplicationId = sparkApplicationId;
      return this;
    }

    public Builder executionAttempts(Integer executionAttempts) {
      this.executionAttempts = executionAttempts;
      return this;
    }

    public Builder driverPod(String driverPod) {
      this.driverPod = driverPod;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder finishedAt(Instant finishedAt) {
      this.finishedAt = finishedAt;
      return this;
    }

    public Builder cost(Double cost) {
      this.cost = cost;
      return this;
    }

    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public Builder queuedBy(String queuedBy) {
      this.queuedBy = queuedBy;
      return this;
    }

    public SubmissionRecord build() {
      return new SubmissionRecord(
          submissionId,
          clusterId,
          namespace,
          owner,
          submittedBy,
          queue,
          sparkVersion,
          applicationName,
          applicationType,
          mainClass,
          arguments,
          dagName,
          taskName,
          driverCores,
          driverMemoryMb,
          executorInstances,
          executorCores,
          executorMemoryMb,
          maxRunningMillis,
          routingReason,
          requestJson,
          specJson,
          createdAt,
          state,
          stateChangedAt,
          errorMessage,
          sparkApplicationId,
          executionAttempts,
          driverPod,
          startedAt,
          finishedAt,
          cost,
          idempotencyKey,
          queuedBy);
    }
  }
}
