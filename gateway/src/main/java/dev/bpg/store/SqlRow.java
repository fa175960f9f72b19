package dev.bpg.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One row of a result, read column by column in the order of the SELECT list; nulls stay null. */
final class SqlRow {
  private final ResultSet results;
  private int index = 1;

  SqlRow(ResultSet results) {
    this.results = results;
  }

  String text() throws SQLException {
    return results.getString(index++);
  }

  Integer integer() throws SQLException {
    int value = results.getInt(index++);
    return results.wasNull() ? null : value;
  }

  Long bigint() throws SQLException {
    long value = results.getLong(index++);
    return results.wasNull() ? null : value;
  }

  long bigintNotNull() throws SQLException {
    return results.getLong(index++);
  }

  Double decimal() throws SQLException {
    double value = results.getDouble(index++);
    return results.wasNull() ? null : value;
  }

  Instant millis() throws SQLException {
    Long value = bigint();
    return value == null ? null : Instant.ofEpochMilli(value);
  }
}
