package dev.bpg.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.bpg.config.ApiTokenConfig;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.PasswordHash;
import dev.bpg.config.TestConfigs;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.submission.Caller;
import dev.bpg.testing.MutableClock;
import dev.bpg.testing.TestIdentityProvider;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API tokens and OpenID Connect tokens: what is accepted, and every way a token is refused. */
class BearerTokenTest {
  private static final String ROBOT_TOKEN = ApiTokenConfig.newToken(new SecureRandom());
  private static final String BLOCKED_TOKEN = ApiTokenConfig.newToken(new SecureRandom());
  private static final String CHOSEN_TOKEN = "a token chosen by the ci team";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final GatewayMetrics metrics = new GatewayMetrics();
  private TestIdentityProvider idp;

  @BeforeEach
  void startProvider() throws Exception {
    idp = new TestIdentityProvider();
  }

  @AfterEach
  void stopProvider() {
    idp.close();
  }

  private Authenticator authenticator(String oidcExtra) {
    AuthConfig auth =
        TestConfigs.read(
            "{adminUsers: [ops-robot], blockedUsers: [mallory], failedLogins: {perAddress: 5,"
                + " perUser: 3, window: 1m}, apiTokens: [{user: airflow, tokenHash: "
                + ApiTokenConfig.hashOf(ROBOT_TOKEN)
                + "}, {user: mallory, tokenHash: "
                + ApiTokenConfig.hashOf(BLOCKED_TOKEN)
                + "}, {user: ci, tokenHash: '"
                + PasswordHash.hash(CHOSEN_TOKEN, new SecureRandom())
                + "'}], oidc: "
                + idp.oidcYaml(", adminGroups: [platform], jwksMinRefresh: 0s" + oidcExtra)
                + "}",
            AuthConfig.class);
    return new Authenticator(auth, clock, metrics);
  }

  private static Caller bearer(Authenticator auth, String token) {
    return auth.authenticate(Optional.of("Bearer " + token), Optional.empty(), "10.0.0.1", null);
  }

  private static void refused(Runnable call, ErrorCode code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void anApiTokenActsAsItsUser() {
    Authenticator auth = authenticator("");
    Caller caller = bearer(auth, ROBOT_TOKEN);
    assertThat(caller.name()).isEqualTo("airflow");
    assertThat(caller.admin()).isFalse();
    assertThat(caller.groups()).isEmpty();
    refused(() -> bearer(auth, BLOCKED_TOKEN), ErrorCode.FORBIDDEN, "mallory is blocked");
    refused(() -> bearer(auth, ROBOT_TOKEN + "x"), ErrorCode.UNAUTHENTICATED, "invalid bearer");
    assertThat(metrics.scrape()).contains("bpg_logins_failed_total{reason=\"bad-token\"} 1.0");
  }

  @Test
  void aTokenStoredAsAPasswordHashCostsOneHashOnce() {
    Authenticator auth = authenticator("");
    assertThat(bearer(auth, CHOSEN_TOKEN).name()).isEqualTo("ci");
    assertThat(auth.hashesComputed()).isEqualTo(1);
    assertThat(bearer(auth, CHOSEN_TOKEN).name()).isEqualTo("ci");
    assertThat(bearer(auth, ROBOT_TOKEN).name()).isEqualTo("airflow");
    assertThat(auth.hashesComputed()).isEqualTo(1);
  }

  @Test
  void withoutTokensConfiguredABearerTokenIsRefused() {
    Authenticator auth = new Authenticator(AuthConfig.empty(), clock, metrics);
    refused(() -> bearer(auth, ROBOT_TOKEN), ErrorCode.UNAUTHENTICATED, "accepts no bearer tokens");
  }

  @Test
  void anOidcTokenGivesTheUserAndGroupsAndAdminsByGroup() {
    Authenticator auth = authenticator("");
    Caller alice = bearer(auth, idp.token("alice", List.of("team-a", "team-b"), clock.instant()));
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.groups()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(alice.admin()).isFalse();

    Caller ops = bearer(auth, idp.token("ops", List.of("platform"), clock.instant()));
    assertThat(ops.admin()).isTrue();
  }

  @Test
  void otherClaimsCanNameTheUserAndGroups() {
    Authenticator auth = authenticator(", usernameClaim: email, groupsClaim: roles");
    ECKey key = idp.publishNewKey();
    String token =
        idp.token(
            key,
            c -> c.claim("email", "carol@example.com").claim("roles", "platform"),
            "carol",
            List.of(),
            clock.instant());
    Caller carol = bearer(auth, token);
    assertThat(carol.name()).isEqualTo("carol@example.com");
    assertThat(carol.groups()).containsExactly("platform");
    assertThat(carol.admin()).isTrue();
  }

  @Test
  void expiryAndNotBeforeAreCheckedWithTheConfiguredSkew() {
    Authenticator auth = authenticator(", clockSkew: 30s");
    Instant issued = clock.instant();
    String token = idp.token("alice", List.of(), issued);

    clock.set(issued.plusSeconds(3600 + 20));
    assertThat(bearer(auth, token).name()).isEqualTo("alice");
    clock.set(issued.plusSeconds(3600 + 40));
    refused(() -> bearer(auth, token), ErrorCode.UNAUTHENTICATED, "Expired JWT");

    clock.set(issued.minusSeconds(40));
    refused(() -> bearer(auth, token), ErrorCode.UNAUTHENTICATED, "JWT before use time");
  }

  @Test
  void theIssuerAudienceAndUserMustBeRight() {
    Authenticator auth = authenticator("");
    ECKey key = idp.publishNewKey();
    Instant now = clock.instant();
    refused(
        () -> bearer(auth, idp.token(key, c -> c.issuer("https://evil"), "alice", List.of(), now)),
        ErrorCode.UNAUTHENTICATED,
        "iss");
    refused(
        () -> bearer(auth, idp.token(key, c -> c.audience("other-app"), "alice", List.of(), now)),
        ErrorCode.UNAUTHENTICATED,
        "aud claim rejected");
    refused(
        () ->
            bearer(
                auth,
                idp.token(key, c -> c.claim("preferred_username", null), "alice", List.of(), now)),
        ErrorCode.UNAUTHENTICATED,
        "preferred_username");
    refused(
        () -> bearer(auth, idp.token(key, c -> c.expirationTime(null), "alice", List.of(), now)),
        ErrorCode.UNAUTHENTICATED,
        "exp");
  }

  @Test
  void onlyTheProvidersKeysAndAsymmetricAlgorithmsAreAccepted() throws Exception {
    Authenticator auth = authenticator("");
    Instant now = clock.instant();
    // An attacker's key that claims the id of the provider's key.
    ECKey forged = TestIdentityProvider.newKey("key-1");
    refused(
        () -> bearer(auth, idp.token(forged, c -> c, "alice", List.of("platform"), now)),
        ErrorCode.UNAUTHENTICATED,
        "invalid bearer token");

    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(TestIdentityProvider.ISSUER)
            .audience(TestIdentityProvider.AUDIENCE)
            .claim("preferred_username", "alice")
            .claim("groups", List.of("platform"))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .build();
    refused(
        () -> bearer(auth, new PlainJWT(claims).serialize()),
        ErrorCode.UNAUTHENTICATED,
        "invalid bearer token");
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    hmac.sign(new MACSigner(new byte[32]));
    refused(
        () -> bearer(auth, hmac.serialize()), ErrorCode.UNAUTHENTICATED, "invalid bearer token");
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesIt() {
    Authenticator auth = authenticator("");
    assertThat(bearer(auth, idp.token("alice", List.of(), clock.instant())).name())
        .isEqualTo("alice");
    int fetched = idp.fetches();
    idp.publishNewKey();
    assertThat(bearer(auth, idp.token("bob", List.of(), clock.instant())).name()).isEqualTo("bob");
    assertThat(idp.fetches()).isEqualTo(fetched + 1);
  }

  @Test
  void unknownKeysCannotMakeTheGatewayHammerTheProvider() {
    Authenticator auth = authenticator(", jwksMinRefresh: 4m");
    assertThat(bearer(auth, idp.token("alice", List.of(), clock.instant())).name())
        .isEqualTo("alice");
    for (int i = 0; i < 4; i++) {
      ECKey unknown = TestIdentityProvider.newKey("unknown-" + i);
      refused(
          () -> bearer(auth, idp.token(unknown, c -> c, "alice", List.of(), clock.instant())),
          ErrorCode.UNAUTHENTICATED,
          "invalid bearer token");
    }
    assertThat(idp.fetches()).isLessThanOrEqualTo(2);
  }

  @Test
  void aProviderThatCannotBeReachedIsAServerErrorNotAFailedLogin() {
    Authenticator auth = authenticator("");
    idp.down(true);
    for (int i = 0; i < 8; i++) {
      refused(
          () -> bearer(auth, idp.token("alice", List.of(), clock.instant())),
          ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
          "signing keys");
    }
    idp.down(false);
    assertThat(bearer(auth, idp.token("alice", List.of(), clock.instant())).name())
        .isEqualTo("alice");
    assertThat(metrics.scrape()).doesNotContain("reason=\"bad-token\"");
  }

  @Test
  void badTokensAreThrottledPerAddress() {
    Authenticator auth = authenticator("");
    for (int i = 0; i < 5; i++) {
      String guess = "guess-" + i;
      refused(() -> bearer(auth, guess), ErrorCode.UNAUTHENTICATED, "invalid bearer");
    }
    refused(() -> bearer(auth, ROBOT_TOKEN), ErrorCode.TOO_MANY_REQUESTS, "from this address");
    Caller elsewhere =
        auth.authenticate(Optional.of("Bearer " + ROBOT_TOKEN), Optional.empty(), "10.0.0.2", null);
    assertThat(elsewhere.name()).isEqualTo("airflow");
    clock.advance(Duration.ofMinutes(2));
    assertThat(bearer(auth, ROBOT_TOKEN).name()).isEqualTo("airflow");
  }
}
