package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.CreateAttempt;
import dev.bpg.submission.PageCursor;
import dev.bpg.submission.RunCost;
import dev.bpg.submission.StateTransition;
import dev.bpg.submission.SubmissionFilter;
import dev.bpg.submission.SubmissionPage;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.SubmissionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link SubmissionStore} over JDBC, in SQL that runs on H2, MySQL/MariaDB and PostgreSQL alike.
 * The {@code submission} table's columns are {@link SubmissionRows}'; status writes are {@link
 * StatusUpdates}' compare-and-set; attempts, transitions and heartbeats have their own classes.
 */
public final class JdbcSubmissionStore implements SubmissionStore {
  private static final String UNFINISHED_STATES =
      "('QUEUED', 'COMPLETED', 'FAILED', 'SUBMISSION_FAILED')";

  private final Jdbc jdbc;
  private final SubmissionRows rows;
  private final StatusUpdates statuses;
  private final TransitionRows transitions;
  private final AttemptRows attempts;
  private final ReplicaHeartbeats heartbeats;

  public JdbcSubmissionStore(DataSource dataSource, ObjectMapper json, RunCost cost) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    this.rows = new SubmissionRows(json);
    this.statuses = new StatusUpdates(jdbc, cost);
    this.transitions = new TransitionRows(jdbc);
    this.attempts = new AttemptRows(jdbc);
    this.heartbeats = new ReplicaHeartbeats(jdbc);
  }

  @Override
  public void insert(SubmissionRecord record) {
    try {
      jdbc.inTransaction(
          "record the submission",
          session -> {
            session.update(rows.insertStatement(), a -> rows.bind(a, record));
            TransitionRows.insert(
                session,
                record.submissionId(),
                1,
                record.state(),
                record.stateChangedAt(),
                "gateway",
                record.errorMessage());
            return null;
          });
    } catch (GatewayException e) {
      if (e.code() != ErrorCode.SUBMISSION_EXISTS) {
        throw e;
      }
      throw new GatewayException(
          ErrorCode.SUBMISSION_EXISTS,
          record.idempotencyKey() == null
              ? "submission " + record.submissionId() + " already exists"
              : "a submission with idempotency key " + record.idempotencyKey() + " already exists",
          e);
    }
  }

  @Override
  public Optional<SubmissionRecord> find(String submissionId) {
    return jdbc.find(
        "read the submission",
        select("WHERE submission_id = ?"),
        a -> a.text(submissionId),
        rows::read);
  }

  @Override
  public Optional<SubmissionRecord> findByIdempotencyKey(String owner, String key) {
    return jdbc.find(
        "look up the idempotency key",
        select("WHERE owner_name = ? AND idempotency_key = ?"),
        a -> a.text(owner).text(key),
        rows::read);
  }

  @Override
  public void recordAttempt(
      String submissionId,
      int sequence,
      String clusterId,
      CreateAttempt.Outcome outcome,
      String message,
      Instant at) {
    attempts.record(submissionId, sequence, clusterId, outcome, message, at);
  }

  @Override
  public List<CreateAttempt> attempts(String submissionId) {
    return attempts.list(submissionId);
  }

  @Override
  public void moveToCluster(
      String submissionId,
      String clusterId,
      String namespace,
      String specJson,
      String routingReason) {
    jdbc.update(
        "move the submission to cluster " + clusterId,
        "UPDATE submission SET cluster_id = ?, k8s_namespace = ?, spec_json = ?,"
            + " routing_reason = ?, queued_by = NULL WHERE submission_id = ?",
        a ->
            a.text(clusterId)
                .text(namespace)
                .text(specJson)
                .text(SubmissionRows.truncate(routingReason, 2000))
                .text(submissionId));
  }

  @Override
  public void heartbeat(String replicaId, Instant at) {
    heartbeats.beat(replicaId, at);
  }

  @Override
  public boolean takeDispatchLease(String submissionId, Instant now, Duration lease) {
    return jdbc.update(
            "take the dispatch lease",
            "UPDATE submission SET dispatch_lease_until = ? WHERE submission_id = ? AND state ="
                + " 'UNKNOWN' AND COALESCE(dispatch_lease_until, created_at + ?) <= ?",
            a -> a.millis(now.plus(lease)).text(submissionId).bigint(lease.toMillis()).millis(now))
        == 1;
  }

  @Override
  public int liveReplicas(Instant since) {
    return heartbeats.liveSince(since);
  }

  @Override
  public List<SubmissionRecord> findQueuedOfStoppedReplicas(Instant staleBefore, int limit) {
    return jdbc.list(
        "list queued submissions",
        select(
            "WHERE state = 'QUEUED' AND (queued_by IS NULL OR NOT EXISTS (SELECT 1 FROM"
                + " gateway_replica r WHERE r.replica_id = submission.queued_by"
                + " AND r.heartbeat_at >= ?)) ORDER BY created_at"),
        limit,
        a -> a.millis(staleBefore),
        rows::read);
  }

  @Override
  public Optional<String> findIdBySparkApplicationId(String sparkApplicationId) {
    return jdbc.find(
        "look up the application ID",
        "SELECT submission_id FROM submission WHERE spark_application_id = ?",
        a -> a.text(sparkApplicationId),
        SqlRow::text);
  }

  @Override
  public boolean recordStatus(
      String submissionId, ApplicationStatus status, String source, Instant at) {
    return statuses.record(submissionId, status, source, at);
  }

  @Override
  public List<SubmissionRecord> findUnfinished(String clusterId, Instant quietSince, int limit) {
    // created_at for the (cluster_id, created_at) index; a state never changes before its creation.
    return jdbc.list(
        "list unfinished submissions",
        select(
            "WHERE cluster_id = ? AND created_at < ? AND state_changed_at < ?"
                + " AND state NOT IN "
                + UNFINISHED_STATES
                + " ORDER BY created_at"),
        limit,
        a -> a.text(clusterId).millis(quietSince).millis(quietSince),
        rows::read);
  }

  @Override
  public List<StateTransition> transitions(String submissionId) {
    return transitions.list(submissionId);
  }

  @Override
  public SubmissionPage search(SubmissionFilter filter, Optional<PageCursor> cursor, int limit) {
    StringBuilder where = new StringBuilder("WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    filter
        .visibleTo()
        .ifPresent(
            user -> {
              where.append(" AND (owner_name = ? OR submitted_by = ?)");
              values.add(user);
              values.add(user);
            });
    condition(where, values, " AND owner_name = ?", filter.owner());
    condition(where, values, " AND queue_name = ?", filter.queue());
    condition(where, values, " AND cluster_id = ?", filter.cluster());
    condition(where, values, " AND state = ?", filter.state().map(Enum::name));
    condition(where, values, " AND created_at >= ?", filter.from().map(Instant::toEpochMilli));
    condition(where, values, " AND created_at < ?", filter.to().map(Instant::toEpochMilli));
    condition(where, values, " AND application_name = ?", filter.applicationName());
    cursor.ifPresent(
        c -> {
          where.append(" AND (created_at < ? OR (created_at = ? AND submission_id < ?))");
          values.add(c.createdAt().toEpochMilli());
          values.add(c.createdAt().toEpochMilli());
          values.add(c.submissionId());
        });
    where.append(" ORDER BY created_at DESC, submission_id DESC");
    // One more than asked tells whether another page exists.
    List<SubmissionRecord> found =
        jdbc.list(
            "search the submissions",
            select(where.toString()),
            limit + 1,
            a -> {
              for (Object value : values) {
                a.object(value);
              }
            },
            rows::read);
    if (found.size() <= limit) {
      return new SubmissionPage(found, Optional.empty());
    }
    List<SubmissionRecord> page = found.subList(0, limit);
    SubmissionRecord last = page.get(limit - 1);
    return new SubmissionPage(
        page, Optional.of(new PageCursor(last.createdAt(), last.submissionId())));
  }

  private static void condition(
      StringBuilder where, List<Object> values, String clause, Optional<?> value) {
    value.ifPresent(
        v -> {
          where.append(clause);
          values.add(v);
        });
  }

  @Override
  public void forEach(
      Optional<String> applicationName, int limit, Consumer<SubmissionRecord> consumer) {
    jdbc.forEach(
        "list the submissions",
        select(
            (applicationName.isPresent() ? "WHERE application_name = ? " : "")
                + "ORDER BY created_at DESC, submission_id DESC"),
        limit,
        a -> {
          if (applicationName.isPresent()) {
            a.text(applicationName.get());
          }
        },
        rows::read,
        consumer);
  }

  private String select(String rest) {
    return "SELECT " + rows.selectList() + " FROM submission " + rest;
  }
}
