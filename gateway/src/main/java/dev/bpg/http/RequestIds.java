package dev.bpg.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an ID: the caller's {@code X-Request-Id} when it is sane, else a fresh one.
 * It is echoed in the response, put in the log context, and quoted in every error body.
 */
@PreMatching
@Priority(1)
public final class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String HEADER = "X-Request-Id";
  static final String PROPERTY = "bpg.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void filter(ContainerRequestContext request) {
    String given = request.getHeaderString(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : fresh();
    request.setProperty(PROPERTY, id);
    MDC.put("requestId", id);
    MDC.remove(AuditLog.USER);
    MDC.remove(AuditLog.ADDRESS);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(PROPERTY);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id);
    }
    MDC.remove("requestId");
    MDC.remove(AuditLog.USER);
    MDC.remove(AuditLog.ADDRESS);
  }

  /** The current request's ID, from the log context of the thread serving it. */
  static String current() {
    String id = MDC.get("requestId");
    return id == null ? fresh() : id;
  }

  private static String fresh() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
