package dev.bpg.store;

import dev.bpg.submission.CreateAttempt;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code submission_attempt} table: each try to create a submission on a cluster. */
final class AttemptRows {
  private static final String INSERT =
      "INSERT INTO submission_attempt (submission_id, seq, cluster_id, attempted_at, outcome,"
          + " message) VALUES (?, ?, ?, ?, ?, ?)";

  /** Numbers and inserts in one statement; a clash with another writer only renumbers. */
  private static final String INSERT_NEXT =
      "INSERT INTO submission_attempt (submission_id, seq, cluster_id, attempted_at, outcome,"
          + " message) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM submission_attempt"
          + " WHERE submission_id = ?";

  private static final String LIST =
      "SELECT seq, cluster_id, attempted_at, outcome, message FROM submission_attempt"
          + " WHERE submission_id = ? ORDER BY seq";
  private static final int MAX_RENUMBERING = 5;

  private final Jdbc jdbc;

  AttemptRows(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** See {@code SubmissionStore.recordAttempt}. */
  void record(
      String submissionId,
      int sequence,
      String clusterId,
      CreateAttempt.Outcome outcome,
      String message,
      Instant at) {
    String text = SubmissionRows.truncate(message, SubmissionRows.MAX_MESSAGE);
    jdbc.inConnection(
        "record the create attempt",
        session -> {
          if (sequence > 0
              && insertNumbered(session, submissionId, sequence, clusterId, outcome, text, at)) {
            return null;
          }
          for (int tries = 0; ; tries++) {
            try {
              session.update(
                  INSERT_NEXT,
                  a ->
                      a.text(submissionId)
                          .text(clusterId)
                          .millis(at)
                          .text(outcome.name())
                          .text(text)
                          .text(submissionId));
              return null;
            } catch (SQLException e) {
              if (!SqlFailures.isDuplicate(e) || tries >= MAX_RENUMBERING) {
                throw e;
              }
            }
          }
        });
  }

  /** Inserts the attempt with its number; false when another writer numbered one so first. */
  private static boolean insertNumbered(
      Jdbc.Session session,
      String submissionId,
      int sequence,
      String clusterId,
      CreateAttempt.Outcome outcome,
      String message,
      Instant at)
      throws SQLException {
    try {
      session.update(
          INSERT,
          a ->
              a.text(submissionId)
                  .integer(sequence)
                  .text(clusterId)
                  .millis(at)
                  .text(outcome.name())
                  .text(message));
      return true;
    } catch (SQLException e) {
      if (SqlFailures.isDuplicate(e)) {
        return false;
      }
      throw e;
    }
  }

  List<CreateAttempt> list(String submissionId) {
    return jdbc.list(
        "read the create attempts",
        LIST,
        Jdbc.ALL,
        a -> a.text(submissionId),
        row ->
            new CreateAttempt(
                row.integer(),
                row.text(),
                row.millis(),
                CreateAttempt.Outcome.valueOf(row.text()),
                row.text()));
  }
}
