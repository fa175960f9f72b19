package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.Caller;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.MDC;

/** Authenticates every request except those for the OpenAPI document, which is public. */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  public static final String ADMIN_ROLE = "admin";

  private final Authenticator authenticator;

  /** The servlet request underneath, for the peer's address (Jersey injects a proxy). */
  @Context private HttpServletRequest servletRequest;

  public AuthFilter(Authenticator authenticator) {
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.equals("openapi.json") || path.equals("openapi.yaml")) {
      return;
    }
    Optional<String> trusted = authenticator.trustedHeader().map(request::getHeaderString);
    MDC.put(
        AuditLog.ADDRESS,
        authenticator.clientAddress(
            servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For")));
    Caller caller =
        authenticator.authenticate(
            Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)),
            trusted,
            servletRequest.getRemoteAddr(),
            request.getHeaderString("X-Forwarded-For"));
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

  /** The caller of a request this filter let through. */
  public static Caller callerOf(SecurityContext context) {
    return (Caller) context.getUserPrincipal();
  }
}
