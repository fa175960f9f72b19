package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Statements on the pool without the ceremony: each method takes a connection, prepares, binds,
 * runs, reads and closes, and turns a {@link SQLException} into the gateway's error through {@link
 * SqlFailures} (callers see a {@code GatewayException}). {@link #inTransaction} runs several
 * statements on one connection and commits them together, or none.
 */
final class Jdbc {
  /** Binds a statement's parameters, in order. */
  @FunctionalInterface
  interface Parameters {
    Parameters NONE = arguments -> {};

    void bind(SqlArguments arguments) throws SQLException;
  }

  /** Reads one row. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(SqlRow row) throws SQLException;
  }

  /** Statements run in one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Session session) throws SQLException;
  }

  /** As {@code maxRows}: every row (MySQL's driver refuses very large limits). */
  static final int ALL = Integer.MAX_VALUE;

  private static final int FETCH_SIZE = 200;

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /**
   * The rows the query finds, at most {@code maxRows}.
   *
   * @param action what the statement does, for the error: "read the history"
   */
  <T> List<T> list(
      String action, String sql, int maxRows, Parameters parameters, RowReader<T> reader) {
    return inConnection(action, session -> session.list(sql, maxRows, parameters, reader));
  }

  <T> Optional<T> find(String action, String sql, Parameters parameters, RowReader<T> reader) {
    return inConnection(action, session -> session.find(sql, parameters, reader));
  }

  /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
  int update(String action, String sql, Parameters parameters) {
    return inConnection(action, session -> session.update(sql, parameters));
  }

  /** Hands the rows to the consumer one by one, fetched in batches, so that a long list streams. */
  <T> void forEach(
      String action,
      String sql,
      int maxRows,
      Parameters parameters,
      RowReader<T> reader,
      Consumer<T> consumer) {
    inConnection(
        action,
        session -> {
          session.forEach(sql, maxRows, parameters, reader, consumer);
          return null;
        });
  }

  /** Runs the work on one connection, committed when it returns, rolled back when it throws. */
  <T> T inTransaction(String action, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(new Session(connection));
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackAfter(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw SqlFailures.translate(action, e);
    }
  }

  /**
   * Rolls back after a failure. The failure is what the caller must see: a connection the failure
   * broke cannot roll back either, and that second error only joins the first.
   */
  private static void rollbackAfter(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  /** Runs the work on one connection in auto-commit mode. */
  <T> T inConnection(String action, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(new Session(connection));
    } catch (SQLException e) {
      throw SqlFailures.translate(action, e);
    }
  }

  /** Statements on one connection; their {@link SQLException}s are the caller's to translate. */
  static final class Session {
    private final Connection connection;

    private Session(Connection connection) {
      this.connection = connection;
    }

    <T> List<T> list(String sql, int maxRows, Parameters parameters, RowReader<T> reader)
        throws SQLException {
      List<T> rows = new ArrayList<>();
      forEach(sql, maxRows, parameters, reader, rows::add);
      return rows;
    }

    <T> Optional<T> find(String sql, Parameters parameters, RowReader<T> reader)
        throws SQLException {
      List<T> rows = list(sql, 1, parameters, reader);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    int update(String sql, Parameters parameters) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        parameters.bind(new SqlArguments(statement));
        return statement.executeUpdate();
      }
    }

    <T> void forEach(
        String sql, int maxRows, Parameters parameters, RowReader<T> reader, Consumer<T> consumer)
        throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        parameters.bind(new SqlArguments(statement));
        if (maxRows != ALL) {
          statement.setMaxRows(maxRows);
        }
        statement.setFetchSize(Math.min(maxRows, FETCH_SIZE));
        try (ResultSet results = statement.executeQuery()) {
          while (results.next()) {
            consumer.accept(reader.read(new SqlRow(results)));
          }
        }
      }
    }

    /** Rolls back what this transaction did so far; the transaction goes on. */
    void rollback() throws SQLException {
      connection.rollback();
    }

    /** Makes what this transaction did so far durable; the transaction goes on. */
    void commit() throws SQLException {
      connection.commit();
    }
  }
}
