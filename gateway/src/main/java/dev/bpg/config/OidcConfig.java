package dev.bpg.config;

import java.time.Duration;
import java.util.List;

/**
 * Bearer tokens from an OpenID Connect provider: JWTs signed (RSA or EC) by a key of {@code
 * jwksUrl} (fetched, cached, fetched again when a token names an unknown key, but not more often
 * than {@code jwksMinRefresh}; kept for {@link #KEY_CACHE_TIME}), from {@code issuer}, for {@code
 * audience}, within their {@code exp} and {@code nbf} give or take {@code clockSkew}. The caller is
 * the {@code usernameClaim} (default {@code preferred_username}), its groups the {@code
 * groupsClaim} (default {@code groups}); members of {@code adminGroups} are admins.
 */
public record OidcConfig(
    String issuer,
    String audience,
    String jwksUrl,
    String usernameClaim,
    String groupsClaim,
    List<String> adminGroups,
    Duration clockSkew,
    Duration jwksMinRefresh) {
  /** How long fetched keys are used before they are fetched again. */
  public static final Duration KEY_CACHE_TIME = Duration.ofMinutes(5);

  public OidcConfig {
    usernameClaim = usernameClaim == null ? "preferred_username" : usernameClaim;
    groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
    adminGroups = adminGroups == null ? List.of() : List.copyOf(adminGroups);
    clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
    jwksMinRefresh = jwksMinRefresh == null ? Duration.ofSeconds(30) : jwksMinRefresh;
  }
}
