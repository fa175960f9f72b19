package dev.bpg.store;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The one place where a {@link SQLException} becomes the gateway's error, by SQLState (the same on
 * H2, MySQL/MariaDB and PostgreSQL where the standard defines it):
 *
 * <ul>
 *   <li>the database cannot be reached or cannot serve now (connection class {@code 08}, a pool or
 *       statement timeout, an administrator's shutdown, too many connections, a deadlock to retry,
 *       a broken socket) → {@code DATABASE_UNAVAILABLE} (503);
 *   <li>a duplicate key ({@code 23505}; MySQL and MariaDB say {@code 23000} for every integrity
 *       violation, so their vendor code 1062 tells a duplicate) → {@code SUBMISSION_EXISTS} (409);
 *   <li>anything else is a fault of the gateway or its schema → {@code INTERNAL_ERROR} (500), whose
 *       message carries the SQLState and vendor code (never the driver's text, which may quote
 *       data); whoever catches it logs it once: the error mapper for a request, the periodic task
 *       or the status writer otherwise.
 * </ul>
 */
final class SqlFailures {
  private static final int MYSQL_DUPLICATE_KEY = 1062;

  /**
   * States that mean "not now" besides class 08: PostgreSQL's shutdown and start-up states, too
   * many connections (class 53), serialization failures and deadlocks, timeouts, and H2's
   * connection-broken and database-closed codes.
   */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of(
          "57P01", "57P02", "57P03", "53000", "53300", "40001", "40P01", "HYT00", "HYT01", "57014",
          "90067", "90098", "90121");

  private SqlFailures() {}

  static GatewayException translate(String action, SQLException e) {
    if (isDuplicate(e)) {
      return new GatewayException(
          ErrorCode.SUBMISSION_EXISTS, "could not " + action + ": it exists already", e);
    }
    if (isUnavailable(e)) {
      return new GatewayException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "the database is unavailable: could not " + action + "; try again shortly",
          e);
    }
    return new GatewayException(
        ErrorCode.INTERNAL_ERROR,
        "the database refused to "
            + action
            + " (SQLState "
            + e.getSQLState()
            + ", vendor code "
            + e.getErrorCode()
            + ")",
        e);
  }

  /** A unique key or primary key that exists already. */
  static boolean isDuplicate(SQLException e) {
    String state = e.getSQLState();
    return "23505".equals(state)
        || ("23000".equals(state) && e.getErrorCode() == MYSQL_DUPLICATE_KEY);
  }

  static boolean isUnavailable(SQLException e) {
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || e instanceof SQLTimeoutException) {
      return true;
    }
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
      return true;
    }
    // A driver that reports a broken socket without a state still says so through its cause.
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
