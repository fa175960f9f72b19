package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.SubmissionRecord;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code submission} table's columns: each is declared once, with how it is written from a
 * {@link SubmissionRecord} and read back into one, so that the column list, the insert and the read
 * cannot drift apart.
 */
final class SubmissionRows {
  static final int MAX_MESSAGE = 4000;
  private static final int MAX_REASON = 2000;
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  @FunctionalInterface
  private interface Writer {
    void write(SqlArguments arguments, SubmissionRecord record) throws SQLException;
  }

  @FunctionalInterface
  private interface Reader {
    void read(SqlRow row, SubmissionRecord.Builder builder) throws SQLException;
  }

  private record Column(String name, Writer writer, Reader reader) {}

  private final ObjectMapper json;
  private final List<Column> columns;
  private final String selectList;
  private final String insert;

  SubmissionRows(ObjectMapper json) {
    this.json = requireNonNull(json, "json is null");
    this.columns =
        List.of(
            new Column(
                "submission_id",
                (a, r) -> a.text(r.submissionId()),
                (row, b) -> b.submissionId(row.text())),
            new Column(
                "cluster_id", (a, r) -> a.text(r.clusterId()), (row, b) -> b.clusterId(row.text())),
            new Column(
                "k8s_namespace",
                (a, r) -> a.text(r.namespace()),
                (row, b) -> b.namespace(row.text())),
            new Column("owner_name", (a, r) -> a.text(r.owner()), (row, b) -> b.owner(row.text())),
            new Column(
                "submitted_by",
                (a, r) -> a.text(r.submittedBy()),
                (row, b) -> b.submittedBy(row.text())),
            new Column("queue_name", (a, r) -> a.text(r.queue()), (row, b) -> b.queue(row.text())),
            new Column(
                "spark_version",
                (a, r) -> a.text(r.sparkVersion()),
                (row, b) -> b.sparkVersion(row.text())),
            new Column(
                "application_name",
                (a, r) -> a.text(r.applicationName()),
                (row, b) -> b.applicationName(row.text())),
            new Column(
                "application_type",
                (a, r) -> a.text(r.applicationType()),
                (row, b) -> b.applicationType(row.text())),
            new Column(
                "main_class", (a, r) -> a.text(r.mainClass()), (row, b) -> b.mainClass(row.text())),
            new Column(
                "arguments_json",
                (a, r) -> a.text(writeList(r.arguments())),
                (row, b) -> b.arguments(readList(row.text()))),
            new Column(
                "dag_name", (a, r) -> a.text(r.dagName()), (row, b) -> b.dagName(row.text())),
            new Column(
                "task_name", (a, r) -> a.text(r.taskName()), (row, b) -> b.taskName(row.text())),
            new Column(
                "driver_cores",
                (a, r) -> a.integer(r.driverCores()),
                (row, b) -> b.driverCores(row.integer())),
            new Column(
                "driver_memory_mb",
                (a, r) -> a.bigint(r.driverMemoryMb()),
                (row, b) -> b.driverMemoryMb(row.bigint())),
            new Column(
                "executor_instances",
                (a, r) -> a.integer(r.executorInstances()),
                (row, b) -> b.executorInstances(row.integer())),
            new Column(
                "executor_cores",
                (a, r) -> a.integer(r.executorCores()),
                (row, b) -> b.executorCores(row.integer())),
            new Column(
                "executor_memory_mb",
                (a, r) -> a.bigint(r.executorMemoryMb()),
                (row, b) -> b.executorMemoryMb(row.bigint())),
            new Column(
                "max_running_millis",
                (a, r) -> a.bigint(r.maxRunningMillis()),
                (row, b) -> b.maxRunningMillis(row.bigintNotNull())),
            new Column(
                "routing_reason",
                (a, r) -> a.text(truncate(r.routingReason(), MAX_REASON)),
                (row, b) -> b.routingReason(row.text())),
            new Column(
                "request_json",
                (a, r) -> a.text(r.requestJson()),
                (row, b) -> b.requestJson(row.text())),
            new Column(
                "spec_json", (a, r) -> a.text(r.specJson()), (row, b) -> b.specJson(row.text())),
            new Column(
                "created_at",
                (a, r) -> a.millis(r.createdAt()),
                (row, b) -> b.createdAt(row.millis())),
            new Column(
                "state",
                (a, r) -> a.text(r.state().name()),
                (row, b) -> b.state(ApplicationState.parse(row.text()))),
            new Column(
                "state_changed_at",
                (a, r) -> a.millis(r.stateChangedAt()),
                (row, b) -> b.stateChangedAt(row.millis())),
            new Column(
                "error_message",
                (a, r) -> a.text(truncate(r.errorMessage(), MAX_MESSAGE)),
                (row, b) -> b.errorMessage(row.text())),
            new Column(
                "spark_application_id",
                (a, r) -> a.text(r.sparkApplicationId()),
                (row, b) -> b.sparkApplicationId(row.text())),
            new Column(
                "execution_attempts",
                (a, r) -> a.integer(r.executionAttempts()),
                (row, b) -> b.executionAttempts(row.integer())),
            new Column(
                "driver_pod", (a, r) -> a.text(r.driverPod()), (row, b) -> b.driverPod(row.text())),
            new Column(
                "started_at",
                (a, r) -> a.millis(r.startedAt()),
                (row, b) -> b.startedAt(row.millis())),
            new Column(
                "finished_at",
                (a, r) -> a.millis(r.finishedAt()),
                (row, b) -> b.finishedAt(row.millis())),
            new Column("cost", (a, r) -> a.decimal(r.cost()), (row, b) -> b.cost(row.decimal())),
            new Column(
                "idempotency_key",
                (a, r) -> a.text(r.idempotencyKey()),
                (row, b) -> b.idempotencyKey(row.text())),
            new Column(
                "queued_by", (a, r) -> a.text(r.queuedBy()), (row, b) -> b.queuedBy(row.text())));
    this.selectList = columns.stream().map(Column::name).collect(Collectors.joining(", "));
    // updated_at is not part of the record: when the row last changed, first the state's time.
    this.insert =
        "INSERT INTO submission ("
            + selectList
            + ", updated_at) VALUES ("
            + "?, ".repeat(columns.size())
            + "?)";
  }

  /** The columns a SELECT lists for {@link #read}. */
  String selectList() {
    return selectList;
  }

  String insertStatement() {
    return insert;
  }

  /** Binds every column of the insert. */
  void bind(SqlArguments arguments, SubmissionRecord record) throws SQLException {
    for (Column column : columns) {
      column.writer().write(arguments, record);
    }
    arguments.millis(record.stateChangedAt());
  }

  /** Reads a row selected with {@link #selectList()}. */
  SubmissionRecord read(SqlRow row) throws SQLException {
    SubmissionRecord.Builder builder = SubmissionRecord.builder();
    for (Column column : columns) {
      column.reader().read(row, builder);
    }
    return builder.build();
  }

  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private String writeList(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }

  private List<String> readList(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return json.readValue(text, STRING_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("arguments_json holds what writeList wrote", e);
    }
  }
}
