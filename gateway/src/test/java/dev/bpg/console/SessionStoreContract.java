package dev.bpg.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} does, on each database. */
public abstract class SessionStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  protected abstract SessionStore store();

  private static ConsoleSession session(
      String user, Set<String> groups, boolean groupAdmin, Instant expires) {
    return new ConsoleSession(
        SessionTokens.hash(SessionTokens.newToken()),
        user,
        groups,
        groupAdmin,
        NOW,
        expires,
        groupAdmin ? "oidc" : "password:0123456789abcdef0123456789abcdef");
  }

  @Test
  void aSessionIsFoundByItsTokensHashWithItsGroupsUntilDeleted() {
    SessionStore store = store();
    // A group name with a line break or quotes stays one group.
    ConsoleSession carol =
        session(
            "carol",
            Set.of("platform", "data eng", "x\nadmins", "\"quoted\""),
            true,
            NOW.plus(Duration.ofHours(1)));
    ConsoleSession dave = session("dave", Set.of(), false, NOW.plus(Duration.ofHours(8)));
    store.create(carol);
    store.create(dave);

    assertThat(store.find(carol.tokenHash())).contains(carol);
    assertThat(store.find(dave.tokenHash())).contains(dave);
    assertThat(store.find(SessionTokens.hash(SessionTokens.newToken()))).isEmpty();

    store.delete(carol.tokenHash());
    assertThat(store.find(carol.tokenHash())).isEmpty();
    assertThat(store.find(dave.tokenHash())).contains(dave);
    store.delete(carol.tokenHash());
  }

  @Test
  void groupsBeyondWhatTheStoreHoldsAreRefusedWithoutARecord() {
    SessionStore store = store();
    Set<String> many = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      many.add("group-number-" + i);
    }
    ConsoleSession crowded = session("frank", many, false, NOW.plus(Duration.ofHours(1)));
    assertThatThrownBy(() -> store.create(crowded)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.find(crowded.tokenHash())).isEmpty();
  }

  @Test
  void expiredSessionsAreRemovedAndOthersKept() {
    SessionStore store = store();
    // Far from the other test's times: the contract's tests may share one database.
    Instant later = NOW.plus(Duration.ofDays(400));
    ConsoleSession over = session("erin", Set.of(), false, later.minusSeconds(1));
    ConsoleSession endsNow = session("erin", Set.of(), false, later);
    ConsoleSession live = session("erin", Set.of(), false, later.plusSeconds(1));
    store.create(over);
    store.create(endsNow);
    store.create(live);

    assertThat(store.deleteExpired(later)).isGreaterThanOrEqualTo(2);
    assertThat(store.find(over.tokenHash())).isEmpty();
    assertThat(store.find(endsNow.tokenHash())).isEmpty();
    assertThat(store.find(live.tokenHash())).contains(live);
    assertThat(live.expired(later)).isFalse();
    assertThat(endsNow.expired(later)).isTrue();
  }

  @Test
  void theCsrfTokenBelongsToOneSessionAndTheHashRevealsNeither() {
    String token = SessionTokens.newToken();
    String other = SessionTokens.newToken();
    assertThat(token).hasSize(43).isNotEqualTo(other);
    assertThat(SessionTokens.csrfMatches(token, SessionTokens.csrf(token))).isTrue();
    assertThat(SessionTokens.csrfMatches(token, SessionTokens.csrf(other))).isFalse();
    assertThat(SessionTokens.csrfMatches(token, null)).isFalse();
    assertThat(SessionTokens.csrfMatches(token, "")).isFalse();
    assertThat(SessionTokens.hash(token)).hasSize(64).doesNotContain(token);
    assertThat(SessionTokens.csrf(token))
        .isNotEqualTo(SessionTokens.hash(token))
        .isNotEqualTo(token);
  }
}
