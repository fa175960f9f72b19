package dev.bpg.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.PasswordHash;
import dev.bpg.config.TestConfigs;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.submission.Caller;
import dev.bpg.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Basic authentication under attack, and the trusted header from proxies only. */
class AuthenticatorTest {
  private static final String ALICE_HASH = PasswordHash.hash("alice-pw", new SecureRandom());
  private static final String LONG = "x".repeat(72);
  private static final String BCRYPT_HASH =
      new String(
          BCrypt.withDefaults().hash(4, LONG.getBytes(StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final GatewayMetrics metrics = new GatewayMetrics();

  private Authenticator authenticator(String extra) {
    AuthConfig auth =
        TestConfigs.read(
            "{users: [{name: alice, passwordHash: '"
                + ALICE_HASH
                + "'}, {name: bob, passwordHash: '"
                + BCRYPT_HASH
                + "'}], adminUsers: [alice], failedLogins: {perAddress: 5, perUser: 3, window:"
                + " 1m}"
                + extra
                + "}",
            AuthConfig.class);
    return new Authenticator(auth, clock, metrics);
  }

  private static Optional<String> basic(String user, String password) {
    return Optional.of(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  private static Caller login(Authenticator auth, String user, String password, String address) {
    return auth.authenticate(basic(user, password), Optional.empty(), address, null);
  }

  private static void refused(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void aFailedLoginCostsOneHashWhetherTheUserExistsOrNot() {
    Authenticator auth = authenticator("");
    long before = auth.hashesComputed();
    refused(() -> login(auth, "alice", "wrong", "10.0.0.1"), ErrorCode.UNAUTHENTICATED);
    long known = auth.hashesComputed() - before;
    refused(() -> login(auth, "nobody", "wrong", "10.0.0.2"), ErrorCode.UNAUTHENTICATED);
    long unknown = auth.hashesComputed() - before - known;

    assertThat(known).isEqualTo(1);
    assertThat(unknown).isEqualTo(1);
    assertThat(metrics.scrape())
        .contains("bpg_logins_failed_total{reason=\"wrong-password\"} 1.0")
        .contains("bpg_logins_failed_total{reason=\"unknown-user\"} 1.0");
  }

  @Test
  void failuresAreThrottledPerAddressBeforeTheyCostAHash() {
    Authenticator auth = authenticator("");
    for (int i = 0; i < 5; i++) {
      String user = "user" + i;
      refused(() -> login(auth, user, "wrong", "10.0.0.9"), ErrorCode.UNAUTHENTICATED);
    }
    long hashes = auth.hashesComputed();

    assertThatThrownBy(() -> login(auth, "alice", "alice-pw", "10.0.0.9"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
              assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
            });
    assertThat(auth.hashesComputed()).isEqualTo(hashes);
    // Another address is not held back, and the window ends.
    assertThat(login(auth, "alice", "alice-pw", "10.0.0.10").name()).isEqualTo("alice");
    clock.advance(Duration.ofSeconds(61));
    assertThat(login(auth, "alice", "alice-pw", "10.0.0.9").name()).isEqualTo("alice");
  }

  @Test
  void failuresAreThrottledPerUserNameFromAnyAddress() {
    Authenticator auth = authenticator("");
    for (int i = 0; i < 3; i++) {
      String address = "10.0.1." + i;
      refused(() -> login(auth, "alice", "guess" + address, address), ErrorCode.UNAUTHENTICATED);
    }
    refused(() -> login(auth, "alice", "alice-pw", "10.0.2.1"), ErrorCode.TOO_MANY_REQUESTS);
    assertThat(metrics.scrape()).contains("bpg_logins_failed_total{reason=\"throttled\"} 1.0");
  }

  @Test
  void aBcryptUsersPasswordLongerThan72BytesIsA401NeverA500() {
    Authenticator auth = authenticator("");
    refused(() -> login(auth, "bob", "y".repeat(100), "10.0.0.3"), ErrorCode.UNAUTHENTICATED);
    // As bcrypt everywhere: only the first 72 bytes count.
    assertThat(login(auth, "bob", LONG + "more", "10.0.0.3").name()).isEqualTo("bob");
    assertThat(login(auth, "bob", LONG, "10.0.0.3").name()).isEqualTo("bob");
  }

  @Test
  void theTrustedHeaderCountsOnlyFromATrustedProxy() {
    Authenticator auth =
        authenticator(", trustedUserHeader: User-Account, trustedProxies: [10.1.0.0/16]");

    Caller viaProxy = auth.authenticate(Optional.empty(), Optional.of("alice"), "10.1.2.3", null);
    assertThat(viaProxy).isEqualTo(new Caller("alice", true));
    // From anyone else the header is no credential.
    refused(
        () -> auth.authenticate(Optional.empty(), Optional.of("alice"), "192.168.0.7", null),
        ErrorCode.UNAUTHENTICATED);
    assertThat(
            auth.authenticate(basic("alice", "alice-pw"), Optional.of("bob"), "192.168.0.7", null)
                .name())
        .isEqualTo("alice");
  }

  @Test
  void behindATrustedProxyTheForwardedClientIsTheOneThrottled() {
    Authenticator auth = authenticator(", trustedProxies: [10.1.0.0/16]");
    for (int i = 0; i < 5; i++) {
      String user = "u" + i;
      refused(
          () -> auth.authenticate(basic(user, "x"), Optional.empty(), "10.1.0.1", "203.0.113.7"),
          ErrorCode.UNAUTHENTICATED);
    }
    refused(
        () ->
            auth.authenticate(
                basic("alice", "alice-pw"), Optional.empty(), "10.1.0.1", "203.0.113.7, 10.1.0.2"),
        ErrorCode.TOO_MANY_REQUESTS);
    // Other clients behind the same proxy are not held back, and a stranger's X-Forwarded-For is
    // not believed.
    assertThat(
            auth.authenticate(
                    basic("alice", "alice-pw"), Optional.empty(), "10.1.0.1", "198.51.100.1")
                .name())
        .isEqualTo("alice");
  }
}
