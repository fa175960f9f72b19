package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The status of one SparkApplication as last seen on its cluster: what the operator wrote in {@code
 * status}, reduced to what the gateway serves and records. Nullable fields are absent on the
 * cluster.
 */
public record ApplicationStatus(
    ApplicationState state,
    String errorMessage,
    String sparkApplicationId,
    Integer executionAttempts,
    Instant terminationTime,
    String driverPodName,
    Map<String, String> executorStates) {

  public ApplicationStatus {
    requireNonNull(state, "state is null");
    executorStates = executorStates == null ? Map.of() : Map.copyOf(executorStates);
  }

  public static ApplicationStatus unknown() {
    return new ApplicationStatus(ApplicationState.UNKNOWN, null, null, null, null, null, Map.of());
  }

  public Optional<Instant> findTerminationTime() {
    return Optional.ofNullable(terminationTime);
  }

  public ApplicationStatus withState(ApplicationState newState, String message, Instant at) {
    return new ApplicationStatus(
        newState,
        message,
        sparkApplicationId,
        executionAttempts,
        newState.isTerminal() && terminationTime == null ? at : terminationTime,
        driverPodName,
        executorStates);
  }
}
