package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.Caller;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Authenticates every request except those for the OpenAPI document, which is public, and the
 * console's sign-in, which checks credentials itself. A request with neither an {@code
 * Authorization} header nor the trusted user header may be authenticated by a console session's
 * cookie ({@link ConsoleSessions}). The console's own requests say so ({@value #CONSOLE_HEADER}),
 * and their 401 answers carry no {@code WWW-Authenticate}, which would make the browser ask for a
 * password in a dialog of its own.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String ADMIN_ROLE = "admin";
  public static final String CONSOLE_HEADER = "X-BPG-Console";

  private final Authenticator authenticator;
  private final Optional<ConsoleSessions> console;

  /** The servlet request underneath, for the peer's address (Jersey injects a proxy). */
  @Context private HttpServletRequest servletRequest;

  public AuthFilter(Authenticator authenticator, Optional<ConsoleSessions> console) {
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.console = requireNonNull(console, "console is null");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.equals("openapi.json") || path.equals("openapi.yaml") || path.equals("session")) {
      return;
    }
    Optional<String> trusted = authenticator.trustedHeader().map(request::getHeaderString);
    String client =
        authenticator.clientAddress(
            servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
    MDC.put(AuditLog.ADDRESS, client);
    Optional<String> authorization =
        Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    Cookie cookie = request.getCookies().get(ConsoleSessions.COOKIE);
    Caller caller;
    if (authorization.isEmpty() && trusted.isEmpty() && cookie != null && console.isPresent()) {
      caller =
          console
              .get()
              .resume(
                  cookie.getValue(),
                  request.getMethod(),
                  request.getHeaderString(ConsoleSessions.CSRF_HEADER),
                  client);
    } else {
      caller =
          authenticator.authenticate(
              authorization,
              trusted,
              servletRequest.getRemoteAddr(),
              request.getHeaderString("X-Forwarded-For"));
    }
    MDC.put(AuditLog.USER, caller.name());
    String submission = request.getUriInfo().getPathParameters().getFirst("submissionId");
    if (submission == null) {
      submission = request.getUriInfo().getQueryParameters().getFirst("subId");
    }
    if (submission != null && submission.length() <= InputLimits.MAX_KEY) {
      MDC.put(AuditLog.SUBMISSION, submission);
    }
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return caller;
          }

          @Override
          public boolean isUserInRole(String role) {
            return ADMIN_ROLE.equals(role) && caller.admin();
          }

          @Override
          public boolean isSecure() {
            return secure;
          }

          @Override
          public String getAuthenticationScheme() {
            return SecurityContext.BASIC_AUTH;
          }
        });
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getHeaderString(CONSOLE_HEADER) != null) {
      response.getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
    }
  }

  /** The caller of a request this filter let through. */
  public static Caller callerOf(SecurityContext context) {
    return (Caller) context.getUserPrincipal();
  }
}
