package dev.bpg.store;

import dev.bpg.artifact.FluentBitIndex;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apple's gateway's {@code logindex} table ({@code logs3key}, {@code date}, {@code hour}, {@code
 * containerId}), read where an existing installation's indexer fills it; this gateway never writes
 * it and its migrations do not create it.
 */
public final class JdbcFluentBitIndex implements FluentBitIndex {
  /** A container's objects: at most this many (a day of hourly objects is 24). */
  private static final int MAX_OBJECTS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcFluentBitIndex.class);

  private final Jdbc jdbc;
  private volatile boolean missingReported;

  public JdbcFluentBitIndex(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * {@inheritDoc} Without the table (configured so, but its indexer never ran here) there are none,
   * said once in the log.
   */
  @Override
  public List<String> keysOf(String containerId) {
    return jdbc.inConnection(
        "read the Fluent Bit log index",
        session -> {
          try {
            return session.list(
                "SELECT logs3key FROM logindex WHERE containerId = ? ORDER BY logs3key",
                MAX_OBJECTS,
                a -> a.text(containerId),
                row -> row.text());
          } catch (SQLException e) {
            if (!isMissingTable(e)) {
              throw e;
            }
            if (!missingReported) {
              missingReported = true;
              LOG.warn(
                  "logArchive.fluentBitIndex is set but the database has no logindex table: {}",
                  e.getMessage());
            }
            return List.of();
          }
        });
  }

  /** Table not found: SQL's 42S02 (H2, MySQL, MariaDB), PostgreSQL's 42P01. */
  private static boolean isMissingTable(SQLException e) {
    return "42S02".equals(e.getSQLState()) || "42P01".equals(e.getSQLState());
  }
}
