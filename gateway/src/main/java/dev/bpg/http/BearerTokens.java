package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.bpg.config.ApiTokenConfig;
import dev.bpg.config.OidcConfig;
import dev.bpg.config.PasswordHash;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks {@code Authorization: Bearer} tokens: the gateway's own API tokens (looked up by their
 * SHA-256, or checked against password hashes) and, when configured, JWTs from an OpenID Connect
 * provider, verified against its published keys. Only asymmetric signatures are accepted: never
 * {@code none}, never a shared secret.
 */
final class BearerTokens {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private static final int MAX_NAME_LENGTH = 128;
  private static final int MAX_REMEMBERED = 10_000;
  private static final int JWKS_TIMEOUT_MILLIS = 5_000;
  private static final int JWKS_SIZE_LIMIT = 512 * 1024;

  /**
   * Who a valid token speaks for, until when if the token says (a JWT's {@code exp}), and which
   * configured credential let it in ({@link #credential}), so that a console session started with
   * it ends once that credential is no longer configured.
   */
  record Identity(
      String name,
      Set<String> groups,
      boolean admin,
      Optional<Instant> expiresAt,
      String credential) {
    Identity(String name, String credential) {
      this(name, Set.of(), false, Optional.empty(), credential);
    }
  }

  /** An API token stored as a password hash, its user, and its credential fingerprint. */
  private record SlowToken(PasswordHash hash, String user, String credential) {}

  static final String IDENTITY_PROVIDER = "oidc";

  private final Map<String, String> userByTokenHash;

  /** Tokens stored as password hashes ({@code ./bpg hash-password}): slow, so tried last. */
  private final List<SlowToken> slowHashes;

  /** Tokens that matched a slow hash, by their SHA-256, so that each costs one slow hash. */
  private final Map<String, SlowToken> verifiedSlow = new ConcurrentHashMap<>();

  /** The fingerprints of every configured API token. */
  private final Set<String> credentials;

  private final AtomicLong slowChecks = new AtomicLong();

  private final Optional<OidcConfig> oidc;
  private final Optional<DefaultJWTProcessor<SecurityContext>> processor;

  BearerTokens(List<ApiTokenConfig> apiTokens, Optional<OidcConfig> oidc, Clock clock) {
    requireNonNull(clock, "clock is null");
    Map<String, String> byHash = new HashMap<>();
    List<SlowToken> slow = new ArrayList<>();
    Set<String> fingerprints = new HashSet<>();
    for (ApiTokenConfig token : apiTokens) {
      fingerprints.add(credential("token", token.tokenHash()));
      if (ApiTokenConfig.isHash(token.tokenHash())) {
        byHash.put(token.tokenHash(), token.user());
      } else {
        slow.add(
            new SlowToken(
                PasswordHash.parse(token.tokenHash()),
                token.user(),
                credential("token", token.tokenHash())));
      }
    }
    this.userByTokenHash = Map.copyOf(byHash);
    this.slowHashes = List.copyOf(slow);
    this.credentials = Set.copyOf(fingerprints);
    this.oidc = requireNonNull(oidc, "oidc is null");
    this.processor = oidc.map(config -> processor(config, clock));
  }

  /**
   * A configured secret's fingerprint: its kind and the start of the SHA-256 of what the
   * configuration holds (a hash already, never the secret itself).
   */
  static String credential(String kind, String configured) {
    return kind + ":" + ApiTokenConfig.hashOf(configured).substring(7, 39);
  }

  /** Whether the credential of a fingerprint is still configured. */
  boolean stillConfigured(String credential) {
    return credential.equals(IDENTITY_PROVIDER)
        ? processor.isPresent()
        : credentials.contains(credential);
  }

  /** Password hashes computed for tokens. */
  long slowChecks() {
    return slowChecks.get();
  }

  /** Whether this gateway accepts any bearer token. */
  boolean accepted() {
    return !userByTokenHash.isEmpty() || !slowHashes.isEmpty() || processor.isPresent();
  }

  /**
   * The identity behind a token; raises UNAUTHENTICATED when the token is not valid, and
   * IDENTITY_PROVIDER_UNAVAILABLE when the provider's keys cannot be fetched to tell.
   */
  Identity verify(String token) {
    String digest = ApiTokenConfig.hashOf(token);
    String user = userByTokenHash.get(digest);
    if (user != null) {
      return new Identity(user, credential("token", digest));
    }
    SlowToken known = verifiedSlow.get(digest);
    if (known != null) {
      return new Identity(known.user(), known.credential());
    }
    boolean jwt = token.chars().filter(c -> c == '.').count() == 2;
    if (!jwt || processor.isEmpty()) {
      for (SlowToken slow : slowHashes) {
        slowChecks.incrementAndGet();
        if (slow.hash().matches(token)) {
          if (verifiedSlow.size() >= MAX_REMEMBERED) {
            verifiedSlow.clear();
          }
          verifiedSlow.put(digest, slow);
          return new Identity(slow.user(), slow.credential());
        }
      }
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "invalid bearer token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.get().process(token, null);
    } catch (ParseException | BadJOSEException e) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED, "invalid bearer token: " + e.getMessage());
    } catch (RemoteKeySourceException | JWKSetUnavailableException e) {
      throw new GatewayException(
          ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
          "cannot fetch the identity provider's signing keys to check the token; try again later",
          e);
    } catch (JOSEException e) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED, "invalid bearer token: " + e.getMessage());
    }
    return identityOf(claims, oidc.orElseThrow());
  }

  private static Identity identityOf(JWTClaimsSet claims, OidcConfig config) {
    Object name = claims.getClaim(config.usernameClaim());
    if (!(name instanceof String s) || s.isBlank() || s.length() > MAX_NAME_LENGTH) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED,
          "invalid bearer token: claim "
              + config.usernameClaim()
              + " must be a user name of 1 to "
              + MAX_NAME_LENGTH
              + " characters");
    }
    Set<String> groups = new LinkedHashSet<>();
    Object claim = claims.getClaim(config.groupsClaim());
    if (claim instanceof String single) {
      groups.add(single);
    } else if (claim instanceof Collection<?> many) {
      many.stream().filter(String.class::isInstance).map(String.class::cast).forEach(groups::add);
    }
    boolean admin = config.adminGroups().stream().anyMatch(groups::contains);
    Optional<Instant> expires =
        Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant);
    return new Identity(s.trim(), groups, admin, expires, IDENTITY_PROVIDER);
  }

  private static DefaultJWTProcessor<SecurityContext> processor(OidcConfig config, Clock clock) {
    JWKSource<SecurityContext> keys;
    try {
      long minRefresh = config.jwksMinRefresh().toMillis();
      JWKSourceBuilder<SecurityContext> builder =
          JWKSourceBuilder.<SecurityContext>create(
                  URI.create(config.jwksUrl()).toURL(),
                  new DefaultResourceRetriever(
                      JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
              .cache(
                  OidcConfig.KEY_CACHE_TIME.toMillis(),
                  JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
              .retrying(true);
      keys =
          (minRefresh > 0 ? builder.rateLimited(minRefresh) : builder.rateLimited(false)).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("auth.oidc.jwksUrl: " + e.getMessage(), e);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            config.audience(),
            new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
            Set.of("exp", config.usernameClaim())) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, config.clockSkew().toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }
}
