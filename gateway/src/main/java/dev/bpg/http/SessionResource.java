package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.bpg.console.ConsoleSession;
import dev.bpg.console.SessionTokens;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.ConsoleSessionResponse;
import dev.bpg.submission.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's sign-in, {@code <contextPath>/session}: {@code POST} with {@code {username,
 * password}} or {@code {token}} starts a session and sets its cookie ({@code HttpOnly}, {@code
 * SameSite=Strict}, {@code Secure} over HTTPS, expiring with the session); {@code GET} tells the
 * console who is signed in and its CSRF token; {@code DELETE} (with the CSRF token) signs out. JSON
 * only, so that no form on another site can sign a browser in. Not part of the API's document: the
 * API itself takes credentials on every request.
 */
@Hidden
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {
  private static final int MAX_NAME = 128;
  private static final int MAX_SECRET = 16_384;

  /** The answers hold the CSRF token: no cache keeps them. */
  private static final String NO_STORE = "no-store";

  private final ConsoleSessions sessions;
  private final Authenticator authenticator;
  private final String cookiePath;
  private final Clock clock;

  public SessionResource(
      ConsoleSessions sessions, Authenticator authenticator, String contextPath, Clock clock) {
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.cookiePath = contextPath.isEmpty() ? "/" : contextPath;
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A sign-in: a name and password, or a bearer token. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record SignIn(String username, String password, String token) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response signIn(
      @Context HttpServletRequest request,
      @CookieParam(ConsoleSessions.COOKIE) String previous,
      SignIn body) {
    if (body == null) {
      throw new GatewayException(ErrorCode.INVALID_REQUEST, "send {username, password} or {token}");
    }
    String client = client(request);
    ConsoleSessions.Started started;
    if (body.token() != null && !body.token().isBlank()) {
      check("token", body.token(), MAX_SECRET);
      started = sessions.signInWithToken(body.token().trim(), client);
    } else {
      check("username", body.username(), MAX_NAME);
      check("password", body.password(), MAX_SECRET);
      started = sessions.signIn(body.username(), body.password(), client);
    }
    if (previous != null && !previous.isEmpty()) {
      // A new sign-in replaces the browser's session: the old token is no use to anyone.
      sessions.signOut(previous);
    }
    ConsoleSession session = started.session();
    long millis = Duration.between(clock.instant(), session.expiresAt()).toMillis();
    long seconds = (millis + 999) / 1000;
    return Response.ok(describe(started.token(), session, started.caller()))
        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .cookie(
            cookie(
                request, started.token(), (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds))))
        .build();
  }

  @GET
  public Response current(
      @Context HttpServletRequest request, @CookieParam(ConsoleSessions.COOKIE) String token) {
    Optional<Caller> proxied =
        authenticator.proxied(
            authenticator.trustedHeader().map(request::getHeader),
            request.getRemoteAddr(),
            request.getHeader("X-Forwarded-For"));
    if (proxied.isPresent()) {
      return Response.ok(
              new ConsoleSessionResponse(proxied.get().name(), proxied.get().admin(), "", 0, true))
          .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
          .build();
    }
    if (token == null) {
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "not signed in");
    }
    ConsoleSession session;
    Caller caller;
    try {
      session = sessions.active(token);
      caller = sessions.caller(session, client(request));
    } catch (GatewayException e) {
      if (e.code() != ErrorCode.UNAUTHENTICATED && e.code() != ErrorCode.FORBIDDEN) {
        throw e;
      }
      // Over, or its user blocked or no longer allowed: the browser forgets it and may sign in.
      sessions.signOut(token);
      return Response.fromResponse(
              ErrorMappers.response(
                  ErrorMappers.statusOf(e.code().category()), e.code().name(), e.getMessage()))
          .cookie(cookie(request, "", 0))
          .build();
    }
    return Response.ok(describe(token, session, caller))
        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .build();
  }

  @DELETE
  public Response signOut(
      @Context HttpServletRequest request,
      @CookieParam(ConsoleSessions.COOKIE) String token,
      @HeaderParam(ConsoleSessions.CSRF_HEADER) String csrf) {
    if (token != null) {
      sessions.requireCsrf(token, csrf);
      sessions.signOut(token);
      AuditLog.event("console", "signed-out", "address", client(request));
    }
    return Response.noContent().cookie(cookie(request, "", 0)).build();
  }

  private static ConsoleSessionResponse describe(
      String token, ConsoleSession session, Caller caller) {
    return new ConsoleSessionResponse(
        caller.name(),
        caller.admin(),
        SessionTokens.csrf(token),
        session.expiresAt().toEpochMilli(),
        false);
  }

  private NewCookie cookie(HttpServletRequest request, String value, int maxAgeSeconds) {
    return new NewCookie.Builder(ConsoleSessions.COOKIE)
        .value(value)
        .path(cookiePath)
        .maxAge(maxAgeSeconds)
        .httpOnly(true)
        .secure(secure(request))
        .sameSite(NewCookie.SameSite.STRICT)
        .build();
  }

  /** HTTPS to the gateway, or to the trusted proxy in front of it. */
  private boolean secure(HttpServletRequest request) {
    return sessions.config().secureCookie()
        || request.isSecure()
        || ("https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))
            && authenticator.isTrustedProxy(request.getRemoteAddr()));
  }

  private String client(HttpServletRequest request) {
    return authenticator.clientAddress(
        request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
  }

  private static void check(String field, String value, int max) {
    if (value == null || value.isEmpty()) {
      throw new GatewayException(ErrorCode.INVALID_FIELD, field + ": required");
    }
    if (value.length() > max) {
      throw new GatewayException(
          ErrorCode.INVALID_FIELD, field + ": longer than " + max + " characters");
    }
  }
}
