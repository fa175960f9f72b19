package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ConsoleConfig;
import dev.bpg.console.ConsoleSession;
import dev.bpg.console.SessionStore;
import dev.bpg.console.SessionTokens;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The web console's sign-ins. Signing in checks a name and password (or a bearer token) exactly as
 * the API does, then records a session in the database the replicas share and hands the browser its
 * token in an HttpOnly cookie. Each request with the cookie is checked against the database, so
 * signing out, or an expiry, ends the session on every replica at once. A request that changes
 * anything must also carry the session's CSRF token in {@value #CSRF_HEADER}.
 */
public final class ConsoleSessions {
  public static final String COOKIE = "bpg_session";
  public static final String CSRF_HEADER = "X-BPG-CSRF";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final SessionStore store;
  private final Authenticator authenticator;
  private final ConsoleConfig config;
  private final Clock clock;

  public ConsoleSessions(
      SessionStore store, Authenticator authenticator, ConsoleConfig config, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A session just started: the token goes into the cookie, never anywhere else. */
  public record Started(String token, ConsoleSession session, Caller caller) {}

  /** Signs in with a name and password. */
  public Started signIn(String user, String password, String client) {
    Caller caller = authenticator.password(user, password, client);
    return start(
        caller, false, Optional.empty(), authenticator.passwordCredential(caller.name()), client);
  }

  /** Signs in with a bearer token; the session ends when the token does, if that is sooner. */
  public Started signInWithToken(String token, String client) {
    Authenticator.TokenCaller verified = authenticator.token(token, client);
    return start(
        verified.caller(),
        verified.groupAdmin(),
        verified.expiresAt(),
        verified.credential(),
        client);
  }

  private Started start(
      Caller caller,
      boolean groupAdmin,
      Optional<Instant> tokenExpiry,
      String credential,
      String client) {
    Instant now = clock.instant();
    Instant expires = now.plus(config.sessionLifetime());
    if (tokenExpiry.isPresent() && tokenExpiry.get().isBefore(expires)) {
      expires = tokenExpiry.get();
    }
    if (!expires.isAfter(now)) {
      // Accepted within the allowed clock skew, but already over: a session would be dead.
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "the token has expired");
    }
    store.deleteExpired(now);
    String token = SessionTokens.newToken();
    ConsoleSession session =
        new ConsoleSession(
            SessionTokens.hash(token),
            caller.name(),
            caller.groups(),
            groupAdmin,
            now,
            expires,
            credential);
    try {
      store.create(session);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          "the token names too many groups for a console session; use it with the API instead");
    }
    AuditLog.event("console", "signed-in", "user", caller.name(), "address", client);
    return new Started(token, session, caller);
  }

  /**
   * The caller of a request that carries a session cookie; raises UNAUTHENTICATED when the session
   * is unknown or over, CSRF_TOKEN_INVALID when a state-changing request lacks its CSRF token.
   */
  public Caller resume(String token, String method, String csrfHeader, String client) {
    ConsoleSession session = active(token);
    if (!SAFE_METHODS.contains(method)) {
      try {
        requireCsrf(token, csrfHeader);
      } catch (GatewayException refused) {
        AuditLog.event("console", "csrf-refused", "user", session.user(), "address", client);
        throw refused;
      }
    }
    return caller(session, client);
  }

  /** Raises CSRF_TOKEN_INVALID unless {@code sent} is the CSRF token of the session's token. */
  public void requireCsrf(String token, String sent) {
    if (!SessionTokens.csrfMatches(token, sent)) {
      throw new GatewayException(
          ErrorCode.CSRF_TOKEN_INVALID,
          "header " + CSRF_HEADER + ": this session's CSRF token is required to change anything");
    }
  }

  /** The caller of an active session, as the configuration stands now. */
  public Caller caller(ConsoleSession session, String client) {
    return authenticator.resume(
        session.user(), session.groups(), session.groupAdmin(), session.credential(), client);
  }

  /** The session of a cookie's token, when it has not ended; raises UNAUTHENTICATED otherwise. */
  public ConsoleSession active(String token) {
    Optional<ConsoleSession> session = store.find(SessionTokens.hash(token));
    if (session.isEmpty() || session.get().expired(clock.instant())) {
      throw new GatewayException(
          ErrorCode.UNAUTHENTICATED, "the console session has ended: sign in again");
    }
    return session.get();
  }

  /** Ends the session of a cookie's token, on every replica. */
  public void signOut(String token) {
    store.delete(SessionTokens.hash(token));
  }

  public ConsoleConfig config() {
    return config;
  }
}
