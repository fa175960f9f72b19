package dev.bpg.store;

import dev.bpg.artifact.ArchivedLog;
import dev.bpg.artifact.LogArchiveIndex;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code log_archive} table (migration V6). */
public final class JdbcLogArchiveIndex implements LogArchiveIndex {
  private static final int MAX_DETAIL = 2000;
  private static final String COLUMNS =
      "SELECT submission_id, pod_name, state, claimed_by, object_key, size_bytes, truncated,"
          + " state_at, detail FROM log_archive ";
  private static final String RENEW =
      "UPDATE log_archive SET claimed_by = ?, claimed_until = ? WHERE submission_id = ? AND"
          + " pod_name = ? AND state = 'CLAIMED' AND (claimed_by = ? OR claimed_until <= ?)";
  private static final String INSERT =
      "INSERT INTO log_archive (submission_id, pod_name, state, claimed_by, claimed_until)"
          + " VALUES (?, ?, 'CLAIMED', ?, ?)";

  private final Jdbc jdbc;

  public JdbcLogArchiveIndex(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public boolean claim(
      String submissionId, String pod, String replicaId, Instant now, Duration lease) {
    Instant until = now.plus(lease);
    return jdbc.inConnection(
        "claim a pod's log",
        session -> {
          if (session.update(
                  RENEW,
                  a ->
                      a.text(replicaId)
                          .millis(until)
                          .text(submissionId)
                          .text(pod)
                          .text(replicaId)
                          .millis(now))
              == 1) {
            return true;
          }
          try {
            session.update(
                INSERT, a -> a.text(submissionId).text(pod).text(replicaId).millis(until));
            return true;
          } catch (SQLException e) {
            // Claimed by another replica a moment ago, or already done.
            if (SqlFailures.isDuplicate(e)) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public void archived(
      String submissionId, String pod, String key, long sizeBytes, boolean truncated, Instant at) {
    jdbc.update(
        "record an archived log",
        "UPDATE log_archive SET state = 'ARCHIVED', object_key = ?, size_bytes = ?, truncated = ?,"
            + " state_at = ? WHERE submission_id = ? AND pod_name = ? AND state <> 'DELETED'",
        a -> a.text(key).bigint(sizeBytes).flag(truncated).millis(at).text(submissionId).text(pod));
  }

  @Override
  public void lost(String submissionId, String pod, String reason, Instant at) {
    String detail = reason.length() > MAX_DETAIL ? reason.substring(0, MAX_DETAIL) : reason;
    jdbc.update(
        "record a lost log",
        "UPDATE log_archive SET state = 'LOST', detail = ?, state_at = ? WHERE submission_id = ?"
            + " AND pod_name = ? AND state = 'CLAIMED'",
        a -> a.text(detail).millis(at).text(submissionId).text(pod));
  }

  @Override
  public void deleted(String submissionId, String pod, Instant at) {
    jdbc.update(
        "record a deleted log",
        "UPDATE log_archive SET state = 'DELETED', state_at = ? WHERE submission_id = ? AND"
            + " pod_name = ? AND state = 'ARCHIVED'",
        a -> a.millis(at).text(submissionId).text(pod));
  }

  @Override
  public List<ArchivedLog> find(String submissionId) {
    return jdbc.list(
        "read the archived logs",
        COLUMNS + "WHERE submission_id = ? ORDER BY pod_name",
        Jdbc.ALL,
        a -> a.text(submissionId),
        JdbcLogArchiveIndex::read);
  }

  @Override
  public List<ArchivedLog> archivedBefore(Instant cutoff, int limit) {
    return jdbc.list(
        "list expired logs",
        COLUMNS + "WHERE state = 'ARCHIVED' AND state_at < ? ORDER BY state_at",
        limit,
        a -> a.millis(cutoff),
        JdbcLogArchiveIndex::read);
  }

  private static ArchivedLog read(SqlRow row) throws SQLException {
    String submissionId = row.text();
    String pod = row.text();
    ArchivedLog.State state = ArchivedLog.State.valueOf(row.text());
    String claimedBy = row.text();
    Optional<String> key = Optional.ofNullable(row.text());
    Long size = row.bigint();
    Integer truncated = row.integer();
    Optional<Instant> at = Optional.ofNullable(row.millis());
    Optional<String> detail = Optional.ofNullable(row.text());
    return new ArchivedLog(
        submissionId,
        pod,
        state,
        claimedBy,
        key,
        size == null ? 0 : size,
        truncated != null && truncated != 0,
        at,
        detail);
  }
}
