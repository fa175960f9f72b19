package dev.bpg.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.error.ErrorCode;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** How each kind of database failure reaches a client. */
class SqlFailuresTest {
  private static ErrorCode codeOf(SQLException e) {
    return SqlFailures.translate("do it", e).code();
  }

  @Test
  void connectionFailuresAreTheDatabaseBeingUnavailable() {
    assertThat(codeOf(new SQLException("refused", "08001")))
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(codeOf(new SQLException("broken", "08006")))
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(codeOf(new SQLException("admin shutdown", "57P01")))
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(codeOf(new SQLException("too many connections", "53300")))
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(codeOf(new SQLTransientConnectionException("pool timed out")))
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(codeOf(new SQLException("socket", null, new SocketException("reset"))))
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
  }

  @Test
  void duplicateKeysAreConflictsOnEveryDatabase() {
    assertThat(codeOf(new SQLException("dup", "23505"))).isEqualTo(ErrorCode.SUBMISSION_EXISTS);
    // MySQL and MariaDB: 23000 with vendor code 1062 for a duplicate key.
    assertThat(codeOf(new SQLException("dup", "23000", 1062)))
        .isEqualTo(ErrorCode.SUBMISSION_EXISTS);
  }

  @Test
  void otherIntegrityViolationsAndBugsAreInternalErrorsNotOutages() {
    // MySQL's 23000 also says "column cannot be null" (1048): a bug, not a conflict.
    assertThat(codeOf(new SQLException("null", "23000", 1048))).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(codeOf(new SQLException("too long", "22001"))).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(codeOf(new SQLException("syntax", "42601"))).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(codeOf(new SQLException("no state"))).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(SqlFailures.translate("do it", new SQLException("syntax", "42601")).getMessage())
        .contains("SQLState 42601")
        .doesNotContain("syntax");
  }
}
