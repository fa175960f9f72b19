package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.ErrorResponse;
import dev.bpg.submission.Caller;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Dropwizard's admin servlet (thread dumps, health checks, tasks that change log levels or run the
 * garbage collector) answers admins only, on whichever connector it is served: the same credentials
 * as the API, and the caller must be one of {@code auth.adminUsers}.
 */
public final class AdminAccessFilter implements Filter {
  private final Authenticator authenticator;
  private final ObjectMapper json;

  public AdminAccessFilter(Authenticator authenticator, ObjectMapper json) {
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    try {
      Caller caller =
          authenticator.authenticate(
              Optional.ofNullable(http.getHeader("Authorization")),
              authenticator.trustedHeader().map(http::getHeader),
              http.getRemoteAddr(),
              http.getHeader("X-Forwarded-For"));
      if (!caller.admin()) {
        AuditLog.event(
            "admin-servlet", "refused", "user", caller.name(), "path", http.getRequestURI());
        throw new GatewayException(ErrorCode.FORBIDDEN, "the admin servlet is for admins only");
      }
      AuditLog.event(
          "admin-servlet",
          "allowed",
          "user",
          caller.name(),
          "method",
          http.getMethod(),
          "path",
          http.getRequestURI());
    } catch (GatewayException e) {
      int status = ErrorMappers.statusOf(e.code().category());
      out.setStatus(status);
      out.setContentType("application/json");
      if (status == 401) {
        out.setHeader("WWW-Authenticate", "Basic realm=\"bpg\"");
      }
      e.retryAfter()
          .ifPresent(wait -> out.setHeader("Retry-After", Long.toString(wait.toSeconds() + 1)));
      json.writeValue(
          out.getOutputStream(),
          new ErrorResponse(status, e.code().name(), e.getMessage(), RequestIds.current()));
      return;
    }
    chain.doFilter(request, response);
  }
}
