package dev.bpg.store;

import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.StateTransition;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code submission_transition} table: every state change of a submission, numbered. */
final class TransitionRows {
  private static final String INSERT =
      "INSERT INTO submission_transition (submission_id, seq, state, occurred_at, source, message)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String NEXT_SEQUENCE =
      "SELECT COALESCE(MAX(seq), 0) + 1 FROM submission_transition WHERE submission_id = ?";
  private static final String LIST =
      "SELECT seq, state, occurred_at, source, message FROM submission_transition"
          + " WHERE submission_id = ? ORDER BY seq";

  private final Jdbc jdbc;

  TransitionRows(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts a transition; the pair (submission, number) is a key, so a clash is a duplicate. */
  static void insert(
      Jdbc.Session session,
      String submissionId,
      int sequence,
      ApplicationState state,
      Instant at,
      String source,
      String message)
      throws SQLException {
    session.update(
        INSERT,
        a ->
            a.text(submissionId)
                .integer(sequence)
                .text(state.name())
                .millis(at)
                .text(source)
                .text(SubmissionRows.truncate(message, SubmissionRows.MAX_MESSAGE)));
  }

  static int nextSequence(Jdbc.Session session, String submissionId) throws SQLException {
    return session.find(NEXT_SEQUENCE, a -> a.text(submissionId), row -> row.integer()).orElse(1);
  }

  List<StateTransition> list(String submissionId) {
    return jdbc.list(
        "read the history",
        LIST,
        Jdbc.ALL,
        a -> a.text(submissionId),
        row ->
            new StateTransition(
                row.integer(),
                ApplicationState.parse(row.text()),
                row.millis(),
                row.text(),
                row.text()));
  }
}
