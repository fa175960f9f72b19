package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.AuthConfig;
import dev.bpg.config.PasswordHash;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Checks who calls: HTTP Basic against the configured password hashes, or the trusted user header
 * when one is configured. Password hashes are slow on purpose, so a verified user and password pair
 * is remembered as a salted digest (never the password itself) for the life of the process.
 */
public final class Authenticator {
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, PasswordHash> users;
  private final Set<String> allowed;
  private final Set<String> blocked;
  private final Set<String> admins;
  private final Optional<String> trustedHeader;
  private final byte[] salt = new byte[16];
  private final ConcurrentMap<String, Boolean> verified = new ConcurrentHashMap<>();

  public Authenticator(AuthConfig config) {
    requireNonNull(config, "config is null");
    Map<String, PasswordHash> byName = new LinkedHashMap<>();
    config.users().forEach(u -> byName.put(u.name(), PasswordHash.parse(u.passwordHash())));
    this.users = Map.copyOf(byName);
    this.allowed = Set.copyOf(config.allowedUsers());
    this.blocked = Set.copyOf(config.blockedUsers());
    this.admins = Set.copyOf(config.adminUsers());
    this.trustedHeader = Optional.ofNullable(config.trustedUserHeader());
    new SecureRandom().nextBytes(salt);
  }

  /** The caller of a request with these headers; raises UNAUTHENTICATED or FORBIDDEN. */
  public Caller authenticate(Optional<String> authorization, Optional<String> trustedUser) {
    if (trustedHeader.isPresent() && trustedUser.isPresent() && !trustedUser.get().isBlank()) {
      return admit(trustedUser.get().trim());
    }
    String header =
        authorization.orElseThrow(
            () ->
                new GatewayException(
                    ErrorCode.UNAUTHENTICATED,
                    "authentication required: send HTTP Basic credentials"));
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED, "only HTTP Basic authentication is accepted");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED, "the Basic credentials are not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED, "the Basic credentials lack a password");
    }
    String name = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    if (!passwordMatches(name, password)) {
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "invalid user name or password");
    }
    return admit(name);
  }

  public Optional<String> trustedHeader() {
    return trustedHeader;
  }

  private Caller admit(String name) {
    if (blocked.contains(name)) {
      throw new GatewayException(
          ErrorCode.FORBIDDEN, "user " + name + " is blocked from this gateway");
    }
    if (!allowed.contains("*") && !allowed.contains(name)) {
      throw new GatewayException(
          ErrorCode.FORBIDDEN, "user " + name + " is not allowed to use this gateway");
    }
    return new Caller(name, admins.contains(name));
  }

  private boolean passwordMatches(String name, String password) {
    PasswordHash hash = users.get(name);
    if (hash == null) {
      return false;
    }
    String key = name + '\u0000' + digest(password);
    if (verified.containsKey(key)) {
      return true;
    }
    if (!hash.matches(password)) {
      return false;
    }
    if (verified.size() >= MAX_REMEMBERED) {
      verified.clear();
    }
    verified.put(key, Boolean.TRUE);
    return true;
  }

  private String digest(String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return Base64.getEncoder()
          .encodeToString(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
