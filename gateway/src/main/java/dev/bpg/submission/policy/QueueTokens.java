package dev.bpg.submission.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The queue tokens of secure queues, as the reference gateway defines them: a JWT signed with
 * HMAC-SHA256 by one of the configured secrets (several, so that one can be rotated out), issued by
 * {@code admin} or {@code airflow}, whose claim {@code allowedQueues} lists the queue. A token that
 * has an expiry must not have passed it.
 */
public final class QueueTokens {
  public static final Set<String> ISSUERS = Set.of("admin", "airflow");
  public static final String ALLOWED_QUEUES = "allowedQueues";

  private final List<String> secrets;
  private final Clock clock;

  public QueueTokens(List<String> secrets, Clock clock) {
    this.secrets = List.copyOf(secrets);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Checks that {@code token} lets its bearer submit to {@code queue}.
   *
   * @throws GatewayException {@code QUEUE_TOKEN_REQUIRED} (400) without a token, {@code
   *     INVALID_FIELD} (400) for one that is not a JWT, {@code QUEUE_TOKEN_INVALID} (403) for one
   *     whose signature, issuer, queues or expiry do not hold
   */
  public void check(String queue, Optional<String> token) {
    if (token.isEmpty() || token.get().isBlank()) {
      throw new GatewayException(
          ErrorCode.QUEUE_TOKEN_REQUIRED,
          "queueToken: queue '" + queue + "' is secure; the request needs a queue token for it");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token.get().trim());
    } catch (ParseException e) {
      throw GatewayException.invalidField("queueToken", "is not a signed JWT");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw invalid("is not signed with HS256");
    }
    if (!signedWithOurSecret(jwt)) {
      throw invalid("is not signed with a secret of this gateway");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw GatewayException.invalidField("queueToken", "has no readable claims");
    }
    if (claims.getIssuer() == null || !ISSUERS.contains(claims.getIssuer())) {
      throw invalid("was issued by '" + claims.getIssuer() + "', not by admin or airflow");
    }
    Date expiry = claims.getExpirationTime();
    if (expiry != null && !expiry.toInstant().isAfter(clock.instant())) {
      throw invalid("expired at " + expiry.toInstant());
    }
    if (!allowedQueues(claims).contains(queue)) {
      throw invalid("does not allow queue '" + queue + "' (claim " + ALLOWED_QUEUES + ")");
    }
  }

  private boolean signedWithOurSecret(SignedJWT jwt) {
    for (String secret : secrets) {
      try {
        if (jwt.verify(new MACVerifier(secret.getBytes(UTF_8)))) {
          return true;
        }
      } catch (JOSEException e) {
        // A secret too short for HS256 cannot have signed it; configuration refuses such secrets.
      }
    }
    return false;
  }

  private static List<String> allowedQueues(JWTClaimsSet claims) {
    Object value = claims.getClaim(ALLOWED_QUEUES);
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return value instanceof String one ? List.of(one) : List.of();
  }

  private static GatewayException invalid(String problem) {
    return new GatewayException(ErrorCode.QUEUE_TOKEN_INVALID, "queueToken: " + problem);
  }

  /**
   * A token for {@code queue} issued by {@code admin} to {@code subject}, signed with {@code
   * secret}; it expires after {@code validFor} when given.
   */
  public static String mint(
      String secret, String queue, String subject, Optional<Duration> validFor, Clock clock) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("admin")
            .subject(subject)
            .issueTime(Date.from(now))
            .claim(ALLOWED_QUEUES, List.of(queue));
    validFor.ifPresent(d -> claims.expirationTime(Date.from(now.plus(d))));
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(new MACSigner(secret.getBytes(UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with this secret: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
