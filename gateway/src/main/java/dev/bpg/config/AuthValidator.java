package dev.bpg.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of the {@code auth} section; see {@link ConfigValidator}. */
final class AuthValidator {
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]+");

  private AuthValidator() {}

  static void validate(AuthConfig auth, List<String> errors) {
    for (int i = 0; i < auth.trustedProxies().size(); i++) {
      try {
        Cidr.parse(auth.trustedProxies().get(i));
      } catch (IllegalArgumentException e) {
        errors.add("auth.trustedProxies[" + i + "]: " + e.getMessage());
      }
    }
    if (auth.trustedUserHeader() != null && auth.trustedProxies().isEmpty()) {
      errors.add(
          "auth.trustedProxies: with trustedUserHeader, list the addresses (CIDRs) of the proxies"
              + " that set it; from anyone else the header is ignored");
    }
    if (auth.failedLogins().perAddress() < 1 || auth.failedLogins().perUser() < 1) {
      errors.add("auth.failedLogins: perAddress and perUser must be at least 1");
    }
    if (auth.failedLogins().window().isNegative() || auth.failedLogins().window().isZero()) {
      errors.add("auth.failedLogins.window: must be positive");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < auth.users().size(); i++) {
      AuthConfig.UserConfig user = auth.users().get(i);
      String at = "auth.users[" + i + "]";
      if (user.name() == null || user.name().isBlank()) {
        errors.add(at + ".name: is required");
      } else if (!names.add(user.name())) {
        errors.add(at + ".name: user '" + user.name() + "' is listed twice");
      } else if (user.name().contains(":")) {
        errors.add(
            at + ".name: must not contain ':' (HTTP Basic separates user and password with it)");
      }
      if (user.passwordHash() == null) {
        errors.add(at + ".passwordHash: is required (make one with ./bpg hash-password)");
      } else {
        try {
          PasswordHash.parse(user.passwordHash());
        } catch (IllegalArgumentException e) {
          errors.add(at + ".passwordHash: " + e.getMessage());
        }
      }
    }
    if (auth.trustedUserHeader() != null && !HEADER.matcher(auth.trustedUserHeader()).matches()) {
      errors.add("auth.trustedUserHeader: '" + auth.trustedUserHeader() + "' is not a header name");
    }
    validateApiTokens(auth.apiTokens(), errors);
    auth.findOidc().ifPresent(oidc -> validateOidc(oidc, errors));
    if (auth.users().isEmpty()
        && auth.trustedUserHeader() == null
        && auth.apiTokens().isEmpty()
        && auth.oidc() == null) {
      errors.add(
          "auth.users: no user can sign in; add users, apiTokens or oidc, or set"
              + " auth.trustedUserHeader");
    }
  }

  private static void validateApiTokens(List<ApiTokenConfig> tokens, List<String> errors) {
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      ApiTokenConfig token = tokens.get(i);
      String at = "auth.apiTokens[" + i + "]";
      if (token.user() == null || token.user().isBlank()) {
        errors.add(at + ".user: is required");
      }
      if (token.tokenHash() == null) {
        errors.add(at + ".tokenHash: is required (make one with ./bpg api-token)");
      } else if (!ApiTokenConfig.isHash(token.tokenHash()) && !isPasswordHash(token.tokenHash())) {
        errors.add(
            at
                + ".tokenHash: must be sha256: and 64 hex digits (./bpg api-token) or a password"
                + " hash (./bpg hash-password)");
      } else if (!hashes.add(token.tokenHash())) {
        errors.add(at + ".tokenHash: the same token is listed twice");
      }
    }
  }

  private static boolean isPasswordHash(String hash) {
    try {
      PasswordHash.parse(hash);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void validateOidc(OidcConfig oidc, List<String> errors) {
    if (oidc.issuer() == null || oidc.issuer().isBlank()) {
      errors.add("auth.oidc.issuer: is required (the iss of the provider's tokens)");
    }
    if (oidc.audience() == null || oidc.audience().isBlank()) {
      errors.add("auth.oidc.audience: is required (the aud the provider gives this gateway)");
    }
    if (oidc.jwksUrl() == null) {
      errors.add("auth.oidc.jwksUrl: is required (the provider's jwks_uri)");
    } else {
      checkJwksUrl(oidc.jwksUrl(), errors);
    }
    if (oidc.clockSkew().isNegative()) {
      errors.add("auth.oidc.clockSkew: must not be negative");
    }
    if (oidc.jwksMinRefresh().isNegative()
        || oidc.jwksMinRefresh().compareTo(OidcConfig.KEY_CACHE_TIME) >= 0) {
      errors.add(
          "auth.oidc.jwksMinRefresh: must be at least 0s and less than 5m (how long keys are"
              + " cached)");
    }
    if (oidc.usernameClaim().isBlank() || oidc.groupsClaim().isBlank()) {
      errors.add("auth.oidc: usernameClaim and groupsClaim must not be blank");
    }
  }

  private static void checkJwksUrl(String url, List<String> errors) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost();
      boolean loopback =
          host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
      if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
        errors.add(
            "auth.oidc.jwksUrl: must be an https URL (plain http only to localhost), not '"
                + url
                + "'");
      }
    } catch (URISyntaxException e) {
      errors.add("auth.oidc.jwksUrl: " + e.getMessage());
    }
  }
}
