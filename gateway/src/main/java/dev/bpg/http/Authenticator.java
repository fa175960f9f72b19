package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.AuthConfig;
import dev.bpg.config.PasswordHash;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.submission.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks who calls: HTTP Basic against the configured password hashes, a bearer token (an API token
 * or an OpenID Connect JWT, see {@link BearerTokens}), or the trusted user header when one is
 * configured and the request comes from a trusted proxy. Password hashes are slow on purpose, so a
 * verified user and password pair is remembered as a salted digest (never the password itself) for
 * the life of the process. A failed login costs one full hash whether the user exists or not, is
 * throttled per client address and per user name, logged to the audit log and counted.
 */
public final class Authenticator {
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, PasswordHash> users;

  /** Each user's password credential fingerprint: a changed or removed password ends sessions. */
  private final Map<String, String> passwordCredentials;

  private final Set<String> allowed;
  private final Set<String> blocked;
  private final Set<String> admins;
  private final Optional<String> trustedHeader;
  private final TrustedProxies proxies;
  private final LoginThrottle throttle;
  private final BearerTokens bearer;
  private final GatewayMetrics metrics;

  /** What an unknown user's password is checked against, so that it costs what a known one does. */
  private final PasswordHash decoy;

  /** Password hashes computed, for the test that a failed login costs one whatever the name. */
  private final AtomicLong hashesComputed = new AtomicLong();

  private final byte[] salt = new byte[16];
  private final ConcurrentMap<String, Boolean> verified = new ConcurrentHashMap<>();

  public Authenticator(AuthConfig config, Clock clock, GatewayMetrics metrics) {
    requireNonNull(config, "config is null");
    Map<String, PasswordHash> byName = new LinkedHashMap<>();
    config.users().forEach(u -> byName.put(u.name(), PasswordHash.parse(u.passwordHash())));
    this.users = Map.copyOf(byName);
    Map<String, String> credentials = new LinkedHashMap<>();
    config
        .users()
        .forEach(
            u -> credentials.put(u.name(), BearerTokens.credential("password", u.passwordHash())));
    this.passwordCredentials = Map.copyOf(credentials);
    this.allowed = Set.copyOf(config.allowedUsers());
    this.blocked = Set.copyOf(config.blockedUsers());
    this.admins = Set.copyOf(config.adminUsers());
    this.trustedHeader = Optional.ofNullable(config.trustedUserHeader());
    this.proxies = new TrustedProxies(config.trustedProxies());
    this.throttle = new LoginThrottle(config.failedLogins(), clock);
    this.bearer = new BearerTokens(config.apiTokens(), config.findOidc(), clock);
    this.metrics = requireNonNull(metrics, "metrics is null");
    SecureRandom random = new SecureRandom();
    random.nextBytes(salt);
    byte[] decoyPassword = new byte[24];
    random.nextBytes(decoyPassword);
    this.decoy =
        PasswordHash.parse(
            PasswordHash.hash(Base64.getEncoder().encodeToString(decoyPassword), random));
  }

  /**
   * The caller of a request; raises UNAUTHENTICATED, FORBIDDEN or TOO_MANY_REQUESTS.
   *
   * @param peer the address the request came from
   * @param forwardedFor its {@code X-Forwarded-For}, believed only from a trusted proxy
   */
  public Caller authenticate(
      Optional<String> authorization,
      Optional<String> trustedUser,
      String peer,
      String forwardedFor) {
    Optional<Caller> proxied = proxied(trustedUser, peer, forwardedFor);
    if (proxied.isPresent()) {
      return proxied.get();
    }
    String client = proxies.clientAddress(peer, forwardedFor);
    String header =
        authorization.orElseThrow(
            () ->
                new GatewayException(
                    ErrorCode.UNAUTHENTICATED,
                    "authentication required: send HTTP Basic credentials"
                        + (bearer.accepted() ? " or a bearer token" : "")));
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bearer(header.substring(7).trim(), client);
    }
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED,
          bearer.accepted()
              ? "only HTTP Basic and bearer tokens are accepted"
              : "only HTTP Basic authentication is accepted");
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
    return password(decoded.substring(0, colon), decoded.substring(colon + 1), client);
  }

  /**
   * The caller with this name and password, with the checks, throttling and audit of HTTP Basic:
   * the console's sign-in.
   */
  public Caller password(String name, String password, String client) {
    try {
      throttle.check(client, name);
    } catch (GatewayException throttled) {
      metrics.failedLogin("throttled");
      AuditLog.event("login", "throttled", "user", name, "address", client);
      throw throttled;
    }
    if (!passwordMatches(name, password)) {
      throttle.failed(client, name);
      String reason = users.containsKey(name) ? "wrong-password" : "unknown-user";
      metrics.failedLogin(reason);
      AuditLog.event("login", "refused", "user", name, "address", client, "reason", reason);
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "invalid user name or password");
    }
    return admit(name, client, Set.of(), false);
  }

  /**
   * The caller a bearer token speaks for, whether the token's groups made them an admin, when the
   * token expires if it says, and the fingerprint of the configured credential it matched.
   */
  public record TokenCaller(
      Caller caller, boolean groupAdmin, Optional<Instant> expiresAt, String credential) {}

  /** The fingerprint of a user's configured password, for a console session signed in with it. */
  public String passwordCredential(String name) {
    return passwordCredentials.get(name);
  }

  /**
   * The caller of a bearer token (an API token or an OpenID Connect JWT): the console's sign-in.
   */
  public TokenCaller token(String token, String client) {
    BearerTokens.Identity identity = verifiedToken(token, client);
    return new TokenCaller(
        admit(identity.name(), client, identity.groups(), identity.admin()),
        identity.admin(),
        identity.expiresAt(),
        identity.credential());
  }

  /**
   * The caller of a console session: the credential it signed in with must still be configured (a
   * password unchanged, an API token not removed, the identity provider still trusted), and the
   * allow and block lists and the admins are read as configured now, not as at sign-in.
   */
  public Caller resume(
      String name, Set<String> groups, boolean groupAdmin, String credential, String client) {
    boolean configured =
        credential != null
            && (credential.startsWith("password:")
                ? credential.equals(passwordCredentials.get(name))
                : bearer.stillConfigured(credential));
    if (!configured) {
      AuditLog.event("console", "credential-gone", "user", name, "address", client);
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED,
          "the credentials this console session signed in with have changed: sign in again");
    }
    return admit(name, client, groups, groupAdmin);
  }

  private Caller bearer(String token, String client) {
    BearerTokens.Identity identity = verifiedToken(token, client);
    return admit(identity.name(), client, identity.groups(), identity.admin());
  }

  private BearerTokens.Identity verifiedToken(String token, String client) {
    if (!bearer.accepted()) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED,
          "this gateway accepts no bearer tokens; send HTTP Basic credentials");
    }
    try {
      throttle.checkAddress(client);
    } catch (GatewayException throttled) {
      metrics.failedLogin("throttled");
      AuditLog.event("login", "throttled", "address", client, "scheme", "bearer");
      throw throttled;
    }
    BearerTokens.Identity identity;
    try {
      identity = bearer.verify(token);
    } catch (GatewayException e) {
      if (e.code() == ErrorCode.UNAUTHENTICATED) {
        throttle.failedAddress(client);
        metrics.failedLogin("bad-token");
        AuditLog.event(
            "login", "refused", "address", client, "scheme", "bearer", "reason", e.getMessage());
      }
      throw e;
    }
    return identity;
  }

  /** The client's address: the peer's, or the one a trusted proxy forwarded for. */
  public String clientAddress(String peer, String forwardedFor) {
    return proxies.clientAddress(peer, forwardedFor);
  }

  long hashesComputed() {
    return hashesComputed.get() + bearer.slowChecks();
  }

  /**
   * The caller the trusted user header names, when one is configured, the request carries it and
   * comes from a trusted proxy; empty otherwise.
   */
  public Optional<Caller> proxied(Optional<String> trustedUser, String peer, String forwardedFor) {
    if (trustedHeader.isEmpty()
        || trustedUser.isEmpty()
        || trustedUser.get().isBlank()
        || !proxies.contains(peer)) {
      return Optional.empty();
    }
    return Optional.of(
        admit(
            trustedUser.get().trim(), proxies.clientAddress(peer, forwardedFor), Set.of(), false));
  }

  /** Whether a request from this peer may speak for the client (its forwarded address, scheme). */
  public boolean isTrustedProxy(String peer) {
    return proxies.contains(peer);
  }

  public Optional<String> trustedHeader() {
    return trustedHeader;
  }

  private Caller admit(String name, String client, Set<String> groups, boolean groupAdmin) {
    if (blocked.contains(name)) {
      AuditLog.event("login", "blocked", "user", name, "address", client);
      throw new GatewayException(
          ErrorCode.FORBIDDEN, "user " + name + " is blocked from this gateway");
    }
    if (!allowed.contains("*") && !allowed.contains(name)) {
      AuditLog.event("login", "not-allowed", "user", name, "address", client);
      throw new GatewayException(
          ErrorCode.FORBIDDEN, "user " + name + " is not allowed to use this gateway");
    }
    return new Caller(name, groupAdmin || admins.contains(name), groups);
  }

  private boolean passwordMatches(String name, String password) {
    PasswordHash hash = users.get(name);
    if (hash == null) {
      // The same work as for a known user: how long a refusal takes tells nothing about names.
      hashesComputed.incrementAndGet();
      decoy.matches(password);
      return false;
    }
    String key = name + '\u0000' + digest(password);
    if (verified.containsKey(key)) {
      return true;
    }
    hashesComputed.incrementAndGet();
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
