package dev.bpg.submission.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Secure queues' tokens, as the reference gateway's clients mint them. */
class QueueTokensTest {
  private static final String OLD = "the-secret-being-rotated-out-0123456789";
  private static final String NEW = "the-secret-now-signing-new-tokens-abcdef";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final QueueTokens tokens = new QueueTokens(List.of(NEW, OLD), clock);

  private static String token(String secret, String issuer, Object queues, Instant expiry)
      throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder().issuer(issuer).subject("alice").claim("allowedQueues", queues);
    if (expiry != null) {
      claims.expirationTime(Date.from(expiry));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(secret.getBytes(UTF_8)));
    return jwt.serialize();
  }

  private void refused(String token, ErrorCode code, String message) {
    assertThatThrownBy(() -> tokens.check("vip", Optional.ofNullable(token)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  @Test
  void aTokenOfEitherSecretForTheQueueIsAccepted() throws Exception {
    assertThatCode(
            () -> tokens.check("vip", Optional.of(token(NEW, "admin", List.of("vip"), null))))
        .doesNotThrowAnyException();
    // A token signed before the rotation still works while its secret is listed.
    assertThatCode(
            () ->
                tokens.check("vip", Optional.of(token(OLD, "airflow", List.of("a", "vip"), null))))
        .doesNotThrowAnyException();
    // The reference also accepted a single string.
    assertThatCode(() -> tokens.check("vip", Optional.of(token(NEW, "admin", "vip", null))))
        .doesNotThrowAnyException();
  }

  @Test
  void whatTheCommandMintsIsAccepted() {
    String minted = QueueTokens.mint(NEW, "vip", "alice", Optional.of(Duration.ofDays(30)), clock);
    assertThatCode(() -> tokens.check("vip", Optional.of(minted))).doesNotThrowAnyException();
    clock.advance(Duration.ofDays(31));
    refused(minted, ErrorCode.QUEUE_TOKEN_INVALID, "expired");
  }

  @Test
  void withoutATokenTheRequestIsABadRequest() {
    refused(null, ErrorCode.QUEUE_TOKEN_REQUIRED, "queueToken: queue 'vip' is secure");
    refused(" ", ErrorCode.QUEUE_TOKEN_REQUIRED, "queueToken: queue 'vip' is secure");
    refused("not.a.jwt", ErrorCode.INVALID_FIELD, "queueToken: is not a signed JWT");
  }

  @Test
  void aTokenOfAnotherSecretIsRefused() throws Exception {
    refused(
        token("a-secret-this-gateway-never-had-xxxxxxxx", "admin", List.of("vip"), null),
        ErrorCode.QUEUE_TOKEN_INVALID,
        "not signed with a secret of this gateway");
  }

  @Test
  void aTokenOfAnotherIssuerIsRefused() throws Exception {
    refused(token(NEW, "mallory", List.of("vip"), null), ErrorCode.QUEUE_TOKEN_INVALID, "mallory");
  }

  @Test
  void aTokenForOtherQueuesIsRefused() throws Exception {
    refused(token(NEW, "admin", List.of("dev"), null), ErrorCode.QUEUE_TOKEN_INVALID, "'vip'");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    refused(
        token(NEW, "admin", List.of("vip"), clock.instant().minusSeconds(1)),
        ErrorCode.QUEUE_TOKEN_INVALID,
        "expired");
  }

  @Test
  void anUnsignedTokenIsRefused() {
    String unsigned =
        new PlainJWT(
                new PlainHeader(),
                new JWTClaimsSet.Builder()
                    .issuer("admin")
                    .claim("allowedQueues", List.of("vip"))
                    .build())
            .serialize();
    refused(unsigned, ErrorCode.INVALID_FIELD, "is not a signed JWT");
  }
}
