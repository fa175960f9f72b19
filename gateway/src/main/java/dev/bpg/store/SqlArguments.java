package dev.bpg.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** A statement's parameters, set in order; nulls become SQL NULL of the right type. */
final class SqlArguments {
  private final PreparedStatement statement;
  private int index = 1;

  SqlArguments(PreparedStatement statement) {
    this.statement = statement;
  }

  SqlArguments text(String value) throws SQLException {
    statement.setString(index++, value);
    return this;
  }

  SqlArguments integer(Integer value) throws SQLException {
    if (value == null) {
      statement.setNull(index++, Types.INTEGER);
    } else {
      statement.setInt(index++, value);
    }
    return this;
  }

  SqlArguments bigint(Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index++, Types.BIGINT);
    } else {
      statement.setLong(index++, value);
    }
    return this;
  }

  SqlArguments decimal(Double value) throws SQLException {
    if (value == null) {
      statement.setNull(index++, Types.DOUBLE);
    } else {
      statement.setDouble(index++, value);
    }
    return this;
  }

  /** A time as epoch milliseconds, the way every table keeps times. */
  SqlArguments millis(Instant value) throws SQLException {
    return bigint(value == null ? null : value.toEpochMilli());
  }

  /** A condition as 1 or 0, for CASE expressions that run on every database. */
  SqlArguments flag(boolean value) throws SQLException {
    return integer(value ? 1 : 0);
  }

  /** A value of a type the driver maps itself (a search's mixed criteria). */
  SqlArguments object(Object value) throws SQLException {
    statement.setObject(index++, value);
    return this;
  }
}
