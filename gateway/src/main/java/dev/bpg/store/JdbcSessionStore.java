package dev.bpg.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.console.ConsoleSession;
import dev.bpg.console.SessionStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code console_session} table (migrations V7, V8). Groups are kept as a JSON array of
 * strings, so that no group name can split into two.
 */
public final class JdbcSessionStore implements SessionStore {
  private static final int MAX_GROUPS_TEXT = 4000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Jdbc jdbc;

  public JdbcSessionStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void create(ConsoleSession session) {
    String groups = groupsText(session.groups());
    if (groups.length() > MAX_GROUPS_TEXT) {
      throw new IllegalArgumentException(
          "the groups of a session take more than " + MAX_GROUPS_TEXT + " characters");
    }
    jdbc.update(
        "record a console session",
        "INSERT INTO console_session (token_hash, user_name, groups_text, group_admin, created_at,"
            + " expires_at, credential) VALUES (?, ?, ?, ?, ?, ?, ?)",
        a ->
            a.text(session.tokenHash())
                .text(session.user())
                .text(session.groups().isEmpty() ? null : groups)
                .flag(session.groupAdmin())
                .millis(session.createdAt())
                .millis(session.expiresAt())
                .text(session.credential()));
  }

  @Override
  public Optional<ConsoleSession> find(String tokenHash) {
    return jdbc.find(
        "read a console session",
        "SELECT token_hash, user_name, groups_text, group_admin, created_at, expires_at,"
            + " credential FROM console_session WHERE token_hash = ?",
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
    Instant created = row.millis();
    Instant expires = row.millis();
    String credential = row.text();
    return new ConsoleSession(
        hash,
        user,
        groups == null ? Set.of() : groupsOf(groups),
        groupAdmin != null && groupAdmin != 0,
        created,
        expires,
        // A session from before V8 names no credential: one that no configuration has.
        credential == null ? "" : credential);
  }

  private static String groupsText(Set<String> groups) {
    try {
      return JSON.writeValueAsString(groups.stream().sorted().toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }

  private static Set<String> groupsOf(String text) throws SQLException {
    try {
      return Set.copyOf(JSON.readValue(text, STRINGS));
    } catch (JsonProcessingException e) {
      throw new SQLException("console_session.groups_text is not a JSON array of strings", e);
    }
  }
}
