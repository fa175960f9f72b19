package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.RequestedResources;
import dev.bpg.submission.RunCost;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a reported status to a submission's row: a compare-and-set of the state ({@code WHERE
 * state = <the state read>}) followed by the transition insert in the same transaction, so that
 * concurrent writers, on any replica, record each transition once and never move a state back.
 */
final class StatusUpdates {
  private static final int MAX_CONTENTION = 5;
  private static final String READ_CURRENT =
      "SELECT state, spark_application_id, execution_attempts, driver_pod, driver_cores,"
          + " driver_memory_mb, executor_instances, executor_cores, executor_memory_mb, started_at"
          + " FROM submission WHERE submission_id = ?";
  private static final String UPDATE_STATE =
      "UPDATE submission SET state = ?, state_changed_at = ?, error_message = ?,"
          + " spark_application_id = COALESCE(?, spark_application_id),"
          + " execution_attempts = COALESCE(?, execution_attempts),"
          + " driver_pod = COALESCE(?, driver_pod),"
          + " started_at = CASE WHEN started_at IS NULL AND ? = 1 THEN ? ELSE started_at END,"
          + " finished_at = CASE WHEN ? = 1 THEN ? ELSE finished_at END,"
          + " cost = CASE WHEN ? = 1 THEN ? ELSE cost END,"
          + " updated_at = ?"
          + " WHERE submission_id = ? AND state = ?";
  private static final String UPDATE_DETAILS =
      "UPDATE submission SET spark_application_id = COALESCE(?, spark_application_id),"
          + " execution_attempts = COALESCE(?, execution_attempts),"
          + " driver_pod = COALESCE(?, driver_pod), updated_at = ? WHERE submission_id = ?";

  private record Current(
      ApplicationState state,
      String appId,
      Integer attempts,
      String driverPod,
      RequestedResources resources,
      Instant startedAt) {}

  private final Jdbc jdbc;
  private final RunCost cost;

  StatusUpdates(Jdbc jdbc, RunCost cost) {
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
    this.cost = requireNonNull(cost, "cost is null");
  }

  /** See {@code SubmissionStore.recordStatus}. */
  boolean record(String submissionId, ApplicationStatus status, String source, Instant at) {
    requireNonNull(status, "status is null");
    return jdbc.inTransaction(
        "record the status",
        session -> {
          try {
            return record(session, submissionId, status, source, at);
          } catch (SQLException e) {
            if (SqlFailures.isDuplicate(e)) {
              // Another writer recorded the same transition number first: its record stands.
              session.rollback();
              return false;
            }
            throw e;
          }
        });
  }

  private boolean record(
      Jdbc.Session session,
      String submissionId,
      ApplicationStatus status,
      String source,
      Instant at)
      throws SQLException {
    // A lost compare-and-set means another writer moved the state: read again and decide again.
    for (int attempt = 0; attempt < MAX_CONTENTION; attempt++) {
      Optional<Current> current =
          session.find(READ_CURRENT, a -> a.text(submissionId), StatusUpdates::readCurrent);
      if (current.isEmpty()) {
        return false;
      }
      Current now = current.get();
      if (!now.state().mayMoveTo(status.state())) {
        updateDetails(session, submissionId, status, now, at);
        return false;
      }
      if (updateState(session, submissionId, now, status, at)) {
        TransitionRows.insert(
            session,
            submissionId,
            TransitionRows.nextSequence(session, submissionId),
            status.state(),
            at,
            source,
            status.errorMessage());
        return true;
      }
      session.rollback();
    }
    return false;
  }

  private static Current readCurrent(SqlRow row) throws SQLException {
    ApplicationState state = ApplicationState.parse(row.text());
    String appId = row.text();
    Integer attempts = row.integer();
    String driverPod = row.text();
    RequestedResources resources =
        new RequestedResources(
            row.integer(), row.bigint(), row.integer(), row.integer(), row.bigint());
    return new Current(state, appId, attempts, driverPod, resources, row.millis());
  }

  private boolean updateState(
      Jdbc.Session session, String submissionId, Current now, ApplicationStatus status, Instant at)
      throws SQLException {
    boolean running = status.state() == ApplicationState.RUNNING;
    boolean terminal = status.state().isTerminal();
    Instant finished = status.findTerminationTime().orElse(at);
    Optional<Double> finalCost =
        terminal ? cost.of(now.resources(), now.startedAt(), finished) : Optional.empty();
    int changed =
        session.update(
            UPDATE_STATE,
            a ->
                a.text(status.state().name())
                    .millis(at)
                    .text(
                        SubmissionRows.truncate(status.errorMessage(), SubmissionRows.MAX_MESSAGE))
                    .text(status.sparkApplicationId())
                    .integer(status.executionAttempts())
                    .text(status.driverPodName())
                    .flag(running)
                    .millis(at)
                    .flag(terminal)
                    .millis(finished)
                    .flag(finalCost.isPresent())
                    .decimal(finalCost.orElse(0.0))
                    .millis(at)
                    .text(submissionId)
                    .text(now.state().name()));
    return changed == 1;
  }

  private static void updateDetails(
      Jdbc.Session session, String submissionId, ApplicationStatus status, Current now, Instant at)
      throws SQLException {
    boolean changed =
        changes(status.sparkApplicationId(), now.appId())
            || changes(status.executionAttempts(), now.attempts())
            || changes(status.driverPodName(), now.driverPod());
    if (changed) {
      session.update(
          UPDATE_DETAILS,
          a ->
              a.text(status.sparkApplicationId())
                  .integer(status.executionAttempts())
                  .text(status.driverPodName())
                  .millis(at)
                  .text(submissionId));
    }
  }

  private static boolean changes(Object reported, Object stored) {
    return reported != null && !reported.equals(stored);
  }
}
