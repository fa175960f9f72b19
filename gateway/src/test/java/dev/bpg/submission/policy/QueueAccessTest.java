package dev.bpg.submission.policy;

import static dev.bpg.config.TestConfigs.cluster;
import static dev.bpg.config.TestConfigs.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.AuthConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.TestConfigs;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may submit where and for whom. */
class QueueAccessTest {
  private static final String SECRET = "a-queue-token-secret-of-32-chars-or-more";
  private static final AuthConfig AUTH =
      TestConfigs.read(
          "{adminUsers: [root], blockedUsers: [mallory], delegatingUsers: [airflow],"
              + " queueTokenSecrets: ["
              + SECRET
              + "]}",
          AuthConfig.class);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final QueueAccess access = new QueueAccess(AUTH, new QueueTokens(List.of(SECRET), clock));

  private static void forbidden(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessage(message);
  }

  @Test
  void onlyTheQueuesUsersMaySubmitToIt() {
    QueueConfig ml = queue("{name: ml, allowedUsers: [alice]}");
    QueueConfig open = queue("{name: dev}");

    assertThatCode(() -> access.checkQueue(ml, ml, "alice", Set.of(), Optional.empty()))
        .doesNotThrowAnyException();
    assertThatCode(() -> access.checkQueue(open, open, "bob", Set.of(), Optional.empty()))
        .doesNotThrowAnyException();
    forbidden(
        () -> access.checkQueue(ml, ml, "bob", Set.of(), Optional.empty()),
        "queue: user 'bob' may not submit to queue 'ml'");
    // A child queue is no way around its parent's users.
    QueueConfig child = queue("{name: ml.nightly}");
    forbidden(
        () -> access.checkQueue(child, ml, "bob", Set.of(), Optional.empty()),
        "queue: user 'bob' may not submit to queue 'ml'");
  }

  @Test
  void aQueueMayAdmitGroupsOfTheIdentityProvider() {
    QueueConfig ml = queue("{name: ml, allowedGroups: [data-science]}");

    assertThatCode(
            () -> access.checkQueue(ml, ml, "carol", Set.of("data-science"), Optional.empty()))
        .doesNotThrowAnyException();
    // With groups only, nobody else: not everyone, as a queue without allowedUsers would be.
    forbidden(
        () -> access.checkQueue(ml, ml, "dave", Set.of("finance"), Optional.empty()),
        "queue: user 'dave' may not submit to queue 'ml'");
    QueueConfig both = queue("{name: ml, allowedUsers: [erin], allowedGroups: [data-science]}");
    assertThatCode(() -> access.checkQueue(both, both, "erin", Set.of(), Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void aSecureQueueWantsItsToken() {
    QueueConfig vip = queue("{name: vip, secure: true}");

    assertThatThrownBy(() -> access.checkQueue(vip, vip, "alice", Set.of(), Optional.empty()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_TOKEN_REQUIRED));
    String token = QueueTokens.mint(SECRET, "vip", "alice", Optional.empty(), clock);
    assertThatCode(() -> access.checkQueue(vip, vip, "alice", Set.of(), Optional.of(token)))
        .doesNotThrowAnyException();
  }

  @Test
  void onlyADelegatingUserNamesTheOwnerAndOnlyAValidOne() {
    assertThat(access.ownerFor("alice", Optional.of("bob"))).isEqualTo("alice");
    assertThat(access.ownerFor("airflow", Optional.of("bob"))).isEqualTo("bob");
    assertThat(access.ownerFor("airflow", Optional.empty())).isEqualTo("airflow");
    assertThat(access.ownerFor("airflow", Optional.of(" "))).isEqualTo("airflow");

    forbidden(
        () -> access.ownerFor("airflow", Optional.of("root")),
        "dagUser: 'root' is an admin; a delegating user may not submit as an admin");
    forbidden(
        () -> access.ownerFor("airflow", Optional.of("mallory")),
        "dagUser: user 'mallory' may not use the gateway");
    assertThatThrownBy(() -> access.ownerFor("airflow", Optional.of("bob\r\nX-Admin: yes")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
        .hasMessageStartingWith("dagUser: ")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\r");
  }

  @Test
  void delegationToAdminsIsASetting() {
    AuthConfig trusting =
        TestConfigs.read(
            "{adminUsers: [root], delegatingUsers: [airflow], delegationToAdmins: true}",
            AuthConfig.class);
    QueueAccess lenient = new QueueAccess(trusting, new QueueTokens(List.of(), clock));

    assertThat(lenient.ownerFor("airflow", Optional.of("root"))).isEqualTo("root");
  }

  @Test
  void aPinnedClusterMustServeTheQueueAndOneOfWeightZeroTakesOnlyAdmins() {
    assertThatCode(
            () -> access.checkPin(cluster("{id: a, weight: 10, queues: [dev]}"), "dev", false))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> access.checkPin(cluster("{id: a, weight: 10, queues: [prod]}"), "dev", false))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
        .hasMessage("clusterId: cluster a does not serve queue dev");
    forbidden(
        () -> access.checkPin(cluster("{id: a, weight: 0, queues: [dev]}"), "dev", false),
        "clusterId: cluster a takes no submissions; only admins may pin it");
    assertThatCode(() -> access.checkPin(cluster("{id: a, weight: 0, queues: [dev]}"), "dev", true))
        .doesNotThrowAnyException();
  }
}
