package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.CostConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link SubmissionStore} over JDBC, in SQL that runs on H2, MySQL/MariaDB and PostgreSQL alike. State
 * changes are compare-and-set updates ({@code WHERE state = <the state read>}) followed by the
 * transition insert in the same transaction, so concurrent writers record each transition once.
 */
public final class JdbcSubmissionStore implements SubmissionStore {
  private static final String COLUMNS = "submission_id, cluster_id, k8s_namespace, owner_name,"
      + " submitted_by, queue_name, spark_version, application_name, application_type, main_class,"
      + " arguments_json, dag_name, task_name, driver_cores, driver_memory_mb, executor_instances,"
      + " executor_cores, executor_memory_mb, max_running_millis, routing_reason, request_json,"
      + " spec_json, created_at, state, state_changed_at, error_message, spark_application_id,"
      + " execution_attempts, driver_pod, started_at, finished_at, cost, idempotency_key, queued_by";
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final int MAX_MESSAGE = 4000;

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final CostConfig cost;

  public JdbcSubmissionStore(DataSource dataSource, ObjectMapper json, CostConfig cost) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.json = requireNonNull(json, "json is null");
    this.cost = requireNonNull(cost, "cost is null");
  }

  @Override
  public void insert(SubmissionRecord r) {
    String sql = "INSERT INTO submission (" + COLUMNS + ", updated_at) VALUES ("
        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        s.setString(i++, r.submissionId());
        s.setString(i++, r.clusterId());
        s.setString(i++, r.namespace());
        s.setString(i++, r.owner());
        s.setString(i++, r.submittedBy());
        s.setString(i++, r.queue());
        s.setString(i++, r.sparkVersion());
        s.setString(i++, r.applicationName());
        s.setString(i++, r.applicationType());
        s.setString(i++, r.mainClass());
        s.setString(i++, writeJson(r.arguments()));
        s.setString(i++, r.dagName());
        s.setString(i++, r.taskName());
        setInt(s, i++, r.driverCores());
        setLong(s, i++, r.driverMemoryMb());
        setInt(s, i++, r.executorInstances());
        setInt(s, i++, r.executorCores());
        setLong(s, i++, r.executorMemoryMb());
        s.setLong(i++, r.maxRunningMillis());
        s.setString(i++, truncate(r.routingReason(), 2000));
        s.setString(i++, r.requestJson());
        s.setString(i++, r.specJson());
        s.setLong(i++, r.createdAt().toEpochMilli());
        s.setString(i++, r.state().name());
        s.setLong(i++, r.stateChangedAt().toEpochMilli());
        s.setString(i++, truncate(r.errorMessage(), MAX_MESSAGE));
        s.setString(i++, r.sparkApplicationId());
        setInt(s, i++, r.executionAttempts());
        s.setString(i++, r.driverPod());
        setInstant(s, i++, r.startedAt());
        setInstant(s, i++, r.finishedAt());
        if (r.cost() == null) {
          s.setNull(i++, Types.DOUBLE);
        } else {
          s.setDouble(i++, r.cost());
        }
        s.setString(i++, r.idempotencyKey());
        s.setString(i++, r.queuedBy());
        s.setLong(i, r.stateChangedAt().toEpochMilli());
        s.executeUpdate();
      }
      insertTransition(c, r.submissionId(), 1, r.state(), r.stateChangedAt(), "gateway", r.errorMessage());
      c.commit();
    } catch (SQLException e) {
      if (isDuplicate(e)) {
        throw new GatewayException(ErrorCode.SUBMISSION_EXISTS, r.idempotencyKey() == null
            ? "submission " + r.submissionId() + " already exists"
            : "a submission with idempotency key " + r.idempotencyKey() + " already exists");
      }
      throw unavailable("record the submission", e);
    }
  }

  @Override
  public Optional<SubmissionRecord> find(String submissionId) {
    String sql = "SELECT " + COLUMNS + " FROM submission WHERE submission_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, submissionId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("read the submission", e);
    }
  }

  @Override
  public Optional<SubmissionRecord> findByIdempotencyKey(String owner, String key) {
    String sql = "SELECT " + COLUMNS + " FROM submission WHERE owner_name = ? AND idempotency_key = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, owner);
      s.setString(2, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("look up the idempotency key", e);
    }
  }

  @Override
  public void recordAttempt(String submissionId, int sequence, String clusterId, CreateAttempt.Outcome outcome,
      String message, Instant at) {
    if (sequence > 0) {
      String insert = "INSERT INTO submission_attempt (submission_id, seq, cluster_id, attempted_at, outcome, message)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(insert)) {
        s.setString(1, submissionId);
        s.setInt(2, sequence);
        s.setString(3, clusterId);
        s.setLong(4, at.toEpochMilli());
        s.setString(5, outcome.name());
        s.setString(6, truncate(message, MAX_MESSAGE));
        s.executeUpdate();
        return;
      } catch (SQLException e) {
        if (!isDuplicate(e)) {
          throw unavailable("record the create attempt", e);
        }
        // Numbered already by another writer: number this one after the last.
      }
    }
    // One statement numbers and inserts the attempt; a clash (two writers at once) only renumbers.
    String sql = "INSERT INTO submission_attempt (submission_id, seq, cluster_id, attempted_at, outcome, message)"
        + " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM submission_attempt WHERE submission_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int tries = 0; ; tries++) {
        s.setString(1, submissionId);
        s.setString(2, clusterId);
        s.setLong(3, at.toEpochMilli());
        s.setString(4, outcome.name());
        s.setString(5, truncate(message, MAX_MESSAGE));
        s.setString(6, submissionId);
        try {
          s.executeUpdate();
          return;
        } catch (SQLException e) {
          if (!isDuplicate(e) || tries >= 5) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw unavailable("record the create attempt", e);
    }
  }

  @Override
  public List<CreateAttempt> attempts(String submissionId) {
    String sql = "SELECT seq, cluster_id, attempted_at, outcome, message FROM submission_attempt"
        + " WHERE submission_id = ? ORDER BY seq";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, submissionId);
      List<CreateAttempt> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new CreateAttempt(rs.getInt(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
              CreateAttempt.Outcome.valueOf(rs.getString(4)), rs.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("read the create attempts", e);
    }
  }

  @Override
  public void moveToCluster(String submissionId, String clusterId, String namespace, String specJson,
      String routingReason) {
    String sql = "UPDATE submission SET cluster_id = ?, k8s_namespace = ?, spec_json = ?, routing_reason = ?,"
        + " queued_by = NULL WHERE submission_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, clusterId);
      s.setString(2, namespace);
      s.setString(3, specJson);
      s.setString(4, truncate(routingReason, 2000));
      s.setString(5, submissionId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("move the submission to cluster " + clusterId, e);
    }
  }

  @Override
  public void heartbeat(String replicaId, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement("UPDATE gateway_replica SET heartbeat_at = ? WHERE replica_id = ?")) {
        s.setLong(1, at.toEpochMilli());
        s.setString(2, replicaId);
        if (s.executeUpdate() == 1) {
          return;
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO gateway_replica (replica_id, heartbeat_at) VALUES (?, ?)")) {
        s.setString(1, replicaId);
        s.setLong(2, at.toEpochMilli());
        s.executeUpdate();
      } catch (SQLException e) {
        if (!isDuplicate(e)) {
          throw e;
        }
      }
    } catch (SQLException e) {
      throw unavailable("record the replica's heartbeat", e);
    }
  }

  @Override
  public List<SubmissionRecord> findQueuedOfStoppedReplicas(Instant staleBefore, int limit) {
    String sql = "SELECT " + COLUMNS + " FROM submission WHERE state = 'QUEUED' AND (queued_by IS NULL"
        + " OR NOT EXISTS (SELECT 1 FROM gateway_replica r WHERE r.replica_id = submission.queued_by"
        + " AND r.heartbeat_at >= ?)) ORDER BY created_at";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, staleBefore.toEpochMilli());
      s.setMaxRows(limit);
      List<SubmissionRecord> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("list queued submissions", e);
    }
  }

  @Override
  public Optional<String> findIdBySparkApplicationId(String sparkApplicationId) {
    String sql = "SELECT submission_id FROM submission WHERE spark_application_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, sparkApplicationId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("look up the application ID", e);
    }
  }

  @Override
  public boolean recordStatus(String submissionId, ApplicationStatus status, String source, Instant at) {
    requireNonNull(status, "status is null");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // A lost compare-and-set means another writer moved the state: read again and decide again.
        for (int attempt = 0; attempt < 5; attempt++) {
          Optional<Current> current = readCurrent(c, submissionId);
          if (current.isEmpty()) {
            c.rollback();
            return false;
          }
          Current now = current.get();
          boolean forward = now.state().mayMoveTo(status.state());
          if (!forward) {
            updateDetails(c, submissionId, status, now, at);
            c.commit();
            return false;
          }
          if (updateState(c, submissionId, now, status, at)) {
            insertTransition(c, submissionId, nextSequence(c, submissionId), status.state(), at, source,
                status.errorMessage());
            c.commit();
            return true;
          }
          c.rollback();
        }
        return false;
      } catch (SQLException e) {
        c.rollback();
        if (isDuplicate(e)) {
          // Another writer recorded the same transition number first: its record stands.
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable("record the status", e);
    }
  }

  private record Current(ApplicationState state, String appId, Integer attempts, String driverPod,
      long memoryMb, long cores, Long startedAt) {}

  /** The cost of a run that ends now: resources asked for times the seconds since it started. */
  private Optional<Double> costOf(Current now, long finishedMillis) {
    if (!cost.isSet() || now.startedAt() == null) {
      return Optional.empty();
    }
    double seconds = Math.max(0, finishedMillis - now.startedAt()) / 1000.0;
    return Optional.of((now.memoryMb() * cost.memoryMbSecond() + now.cores() * cost.vCoreSecond()) * seconds);
  }

  private static Optional<Current> readCurrent(Connection c, String submissionId) throws SQLException {
    String sql = "SELECT state, spark_application_id, execution_attempts, driver_pod,"
        + " driver_memory_mb, executor_memory_mb, executor_instances, driver_cores, executor_cores,"
        + " started_at FROM submission WHERE submission_id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, submissionId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long instances = rs.getLong(7);
        long memoryMb = rs.getLong(5) + rs.getLong(6) * instances;
        long cores = rs.getLong(8) + rs.getLong(9) * instances;
        return Optional.of(new Current(ApplicationState.parse(rs.getString(1)), rs.getString(2),
            getInt(rs, 3), rs.getString(4), memoryMb, cores, getLong(rs, 10)));
      }
    }
  }

  private boolean updateState(Connection c, String submissionId, Current now,
      ApplicationStatus status, Instant at) throws SQLException {
    String sql = "UPDATE submission SET state = ?, state_changed_at = ?, error_message = ?,"
        + " spark_application_id = COALESCE(?, spark_application_id),"
        + " execution_attempts = COALESCE(?, execution_attempts),"
        + " driver_pod = COALESCE(?, driver_pod),"
        + " started_at = CASE WHEN started_at IS NULL AND ? = 1 THEN ? ELSE started_at END,"
        + " finished_at = CASE WHEN ? = 1 THEN ? ELSE finished_at END,"
        + " cost = CASE WHEN ? = 1 THEN ? ELSE cost END,"
        + " updated_at = ?"
        + " WHERE submission_id = ? AND state = ?";
    long atMillis = at.toEpochMilli();
    boolean running = status.state() == ApplicationState.RUNNING;
    boolean terminal = status.state().isTerminal();
    long finished = status.findTerminationTime().orElse(at).toEpochMilli();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setString(i++, status.state().name());
      s.setLong(i++, atMillis);
      s.setString(i++, truncate(status.errorMessage(), MAX_MESSAGE));
      s.setString(i++, status.sparkApplicationId());
      setInt(s, i++, status.executionAttempts());
      s.setString(i++, status.driverPodName());
      s.setInt(i++, running ? 1 : 0);
      s.setLong(i++, atMillis);
      s.setInt(i++, terminal ? 1 : 0);
      s.setLong(i++, finished);
      Optional<Double> finalCost = terminal ? costOf(now, finished) : Optional.empty();
      s.setInt(i++, finalCost.isPresent() ? 1 : 0);
      s.setDouble(i++, finalCost.orElse(0.0));
      s.setLong(i++, atMillis);
      s.setString(i++, submissionId);
      s.setString(i, now.state().name());
      return s.executeUpdate() == 1;
    }
  }

  private static void updateDetails(Connection c, String submissionId, ApplicationStatus status,
      Current now, Instant at) throws SQLException {
    boolean changed = status.sparkApplicationId() != null && !status.sparkApplicationId().equals(now.appId())
        || status.executionAttempts() != null && !status.executionAttempts().equals(now.attempts())
        || status.driverPodName() != null && !status.driverPodName().equals(now.driverPod());
    if (!changed) {
      return;
    }
    String sql = "UPDATE submission SET spark_application_id = COALESCE(?, spark_application_id),"
        + " execution_attempts = COALESCE(?, execution_attempts), driver_pod = COALESCE(?, driver_pod),"
        + " updated_at = ? WHERE submission_id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, status.sparkApplicationId());
      setInt(s, 2, status.executionAttempts());
      s.setString(3, status.driverPodName());
      s.setLong(4, at.toEpochMilli());
      s.setString(5, submissionId);
      s.executeUpdate();
    }
  }

  private static int nextSequence(Connection c, String submissionId) throws SQLException {
    String sql = "SELECT COALESCE(MAX(seq), 0) + 1 FROM submission_transition WHERE submission_id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, submissionId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void insertTransition(Connection c, String submissionId, int seq, ApplicationState state,
      Instant at, String source, String message) throws SQLException {
    String sql = "INSERT INTO submission_transition (submission_id, seq, state, occurred_at, source, message)"
        + " VALUES (?, ?, ?, ?, ?, ?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, submissionId);
      s.setInt(2, seq);
      s.setString(3, state.name());
      s.setLong(4, at.toEpochMilli());
      s.setString(5, source);
      s.setString(6, truncate(message, MAX_MESSAGE));
      s.executeUpdate();
    }
  }

  @Override
  public List<SubmissionRecord> findUnfinished(String clusterId, Instant quietSince, int limit) {
    // created_at for the (cluster_id, created_at) index; a state never changes before its creation.
    String sql = "SELECT " + COLUMNS + " FROM submission WHERE cluster_id = ? AND created_at < ?"
        + " AND state_changed_at < ?"
        + " AND state NOT IN ('QUEUED', 'COMPLETED', 'FAILED', 'SUBMISSION_FAILED') ORDER BY created_at";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, clusterId);
      s.setLong(2, quietSince.toEpochMilli());
      s.setLong(3, quietSince.toEpochMilli());
      s.setMaxRows(limit);
      List<SubmissionRecord> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("list unfinished submissions", e);
    }
  }

  @Override
  public List<StateTransition> transitions(String submissionId) {
    String sql = "SELECT seq, state, occurred_at, source, message FROM submission_transition"
        + " WHERE submission_id = ? ORDER BY seq";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, submissionId);
      List<StateTransition> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new StateTransition(rs.getInt(1), ApplicationState.parse(rs.getString(2)),
              Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("read the history", e);
    }
  }

  @Override
  public SubmissionPage search(SubmissionFilter filter, Optional<PageCursor> cursor, int limit) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM submission WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter.visibleTo().ifPresent(user -> {
      sql.append(" AND (owner_name = ? OR submitted_by = ?)");
      args.add(user);
      args.add(user);
    });
    condition(sql, args, " AND owner_name = ?", filter.owner());
    condition(sql, args, " AND queue_name = ?", filter.queue());
    condition(sql, args, " AND cluster_id = ?", filter.cluster());
    condition(sql, args, " AND state = ?", filter.state().map(Enum::name));
    condition(sql, args, " AND created_at >= ?", filter.from().map(Instant::toEpochMilli));
    condition(sql, args, " AND created_at < ?", filter.to().map(Instant::toEpochMilli));
    condition(sql, args, " AND application_name = ?", filter.applicationName());
    cursor.ifPresent(c -> {
      sql.append(" AND (created_at < ? OR (created_at = ? AND submission_id < ?))");
      args.add(c.createdAt().toEpochMilli());
      args.add(c.createdAt().toEpochMilli());
      args.add(c.submissionId());
    });
    sql.append(" ORDER BY created_at DESC, submission_id DESC");
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      // One more than asked tells whether another page exists.
      s.setMaxRows(limit + 1);
      List<SubmissionRecord> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
      if (rows.size() <= limit) {
        return new SubmissionPage(rows, Optional.empty());
      }
      List<SubmissionRecord> page = rows.subList(0, limit);
      SubmissionRecord last = page.get(limit - 1);
      return new SubmissionPage(page, Optional.of(new PageCursor(last.createdAt(), last.submissionId())));
    } catch (SQLException e) {
      throw unavailable("search the submissions", e);
    }
  }

  private static void condition(StringBuilder sql, List<Object> args, String clause, Optional<?> value) {
    value.ifPresent(v -> {
      sql.append(clause);
      args.add(v);
    });
  }

  @Override
  public void forEach(Optional<String> applicationName, int limit, Consumer<SubmissionRecord> consumer) {
    String sql = "SELECT " + COLUMNS + " FROM submission"
        + (applicationName.isPresent() ? " WHERE application_name = ?" : "")
        + " ORDER BY created_at DESC, submission_id DESC";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (applicationName.isPresent()) {
        s.setString(1, applicationName.get());
      }
      s.setMaxRows(limit);
      s.setFetchSize(200);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          consumer.accept(read(rs));
        }
      }
    } catch (SQLException e) {
      throw unavailable("list the submissions", e);
    }
  }

  private SubmissionRecord read(ResultSet rs) throws SQLException {
    int i = 1;
    return new SubmissionRecord(
        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
        readJson(rs.getString(i++)), rs.getString(i++), rs.getString(i++), getInt(rs, i++),
        getLong(rs, i++), getInt(rs, i++), getInt(rs, i++), getLong(rs, i++), rs.getLong(i++),
        rs.getString(i++), rs.getString(i++), rs.getString(i++), Instant.ofEpochMilli(rs.getLong(i++)),
        ApplicationState.parse(rs.getString(i++)), Instant.ofEpochMilli(rs.getLong(i++)),
        rs.getString(i++), rs.getString(i++), getInt(rs, i++), rs.getString(i++),
        getInstant(rs, i++), getInstant(rs, i++), getDouble(rs, i++), rs.getString(i++), rs.getString(i));
  }

  private String writeJson(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }

  private List<String> readJson(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return json.readValue(text, STRING_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("arguments_json holds what writeJson wrote", e);
    }
  }

  private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
    setLong(s, index, value == null ? null : value.toEpochMilli());
  }

  private static Integer getInt(ResultSet rs, int index) throws SQLException {
    int value = rs.getInt(index);
    return rs.wasNull() ? null : value;
  }

  private static Long getLong(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return rs.wasNull() ? null : value;
  }

  private static Double getDouble(ResultSet rs, int index) throws SQLException {
    double value = rs.getDouble(index);
    return rs.wasNull() ? null : value;
  }

  private static Instant getInstant(ResultSet rs, int index) throws SQLException {
    Long millis = getLong(rs, index);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /** MySQL reports duplicates as 23000, H2 and PostgreSQL as 23505. */
  private static boolean isDuplicate(SQLException e) {
    return Objects.equals(e.getSQLState(), "23505") || Objects.equals(e.getSQLState(), "23000");
  }

  private static GatewayException unavailable(String action, SQLException e) {
    return new GatewayException(ErrorCode.DATABASE_UNAVAILABLE,
        "the database is unavailable: could not " + action + "; try again shortly", e);
  }
}
