package dev.bpg.store;

import dev.bpg.console.ConsoleSession;
import dev.bpg.console.SessionStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The {@code console_session} table (migration V7). */
public final class JdbcSessionStore implements SessionStore {
  /** The longest {@code groups_text} the table holds. */
  public static final int MAX_GROUPS_TEXT = 4000;

  private final Jdbc jdbc;

  public JdbcSessionStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void create(ConsoleSession session) {
    String groups = String.join("\n", session.groups());
    if (groups.length() > MAX_GROUPS_TEXT) {
      throw new IllegalArgumentException(
          "the groups of a session take more than " + MAX_GROUPS_TEXT + " characters");
    }
    jdbc.update(
        "record a console session",
        "INSERT INTO console_session (token_hash, user_name, groups_text, group_admin, created_at,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        a ->
            a.text(session.tokenHash())
                .text(session.user())
                .text(groups.isEmpty() ? null : groups)
                .flag(session.groupAdmin())
                .millis(session.createdAt())
                .millis(session.expiresAt()));
  }

  @Override
  public Optional<ConsoleSession> find(String tokenHash) {
    return jdbc.find(
        "read a console session",
        "SELECT token_hash, user_name, groups_text, group_admin, created_at, expires_at FROM"
            + " console_session WHERE token_hash = ?",
        a -> a.text(tokenHash),
        JdbcSessionStore::read);
  }

  @Override
  public void delete(String tokenHash) {
    jdbc.update(
        "end a console session",
        "DELETE FROM console_session WHERE token_hash = ?",
        a -> a.text(tokenHash));
  }

  @Override
  public int deleteExpired(Instant now) {
    return jdbc.update(
        "remove expired console sessions",
        "DELETE FROM console_session WHERE expires_at <= ?",
        a -> a.millis(now));
  }

  private static ConsoleSession read(SqlRow row) throws SQLException {
    String hash = row.text();
    String user = row.text();
    String groups = row.text();
    Integer groupAdmin = row.integer();
    return new ConsoleSession(
        hash,
        user,
        groups == null ? Set.of() : Set.copyOf(Arrays.asList(groups.split("\n"))),
        groupAdmin != null && groupAdmin != 0,
        row.millis(),
        row.millis());
  }
}
