package dev.bpg.config;

import java.time.Duration;

/**
 * The web console at {@code <contextPath>/ui/}: whether it is served, how long a sign-in lasts
 * ({@code sessionLifetime}, 8 hours unless set; at most 7 days), and whether its cookie is always
 * {@code Secure} ({@code secureCookie}; otherwise only when the request came over HTTPS, to the
 * gateway or to a trusted proxy). A session signed in with an identity provider's token ends when
 * the token does, if that is sooner.
 */
public record ConsoleConfig(Boolean enabled, Duration sessionLifetime, Boolean secureCookie) {
  private static final Duration LONGEST = Duration.ofDays(7);

  public ConsoleConfig {
    enabled = enabled == null || enabled;
    secureCookie = secureCookie != null && secureCookie;
    sessionLifetime = sessionLifetime == null ? Duration.ofHours(8) : sessionLifetime;
    if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
      throw new IllegalArgumentException("console.sessionLifetime must be positive");
    }
    if (sessionLifetime.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("console.sessionLifetime must be at most 7 days");
    }
  }

  public static ConsoleConfig defaults() {
    return new ConsoleConfig(null, null, null);
  }

  public ConsoleConfig withSessionLifetime(Duration value) {
    return new ConsoleConfig(enabled, value, secureCookie);
  }
}
