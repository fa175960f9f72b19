package dev.bpg.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an ID, first thing in every servlet context: the caller's {@code
 * X-Request-Id} when it is sane, else a fresh one. It is set in the response's header before
 * anything else runs, put in the log context, and quoted in every error body, including those of
 * Jetty's error handlers ({@link JettyErrors}), which read it from the request's attributes.
 */
public final class RequestIds implements Filter {
  public static final String HEADER = "X-Request-Id";
  static final String ATTRIBUTE = "bpg.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String given = ((HttpServletRequest) request).getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : fresh();
    request.setAttribute(ATTRIBUTE, id);
    ((HttpServletResponse) response).setHeader(HEADER, id);
    MDC.put("requestId", id);
    MDC.remove(AuditLog.USER);
    MDC.remove(AuditLog.ADDRESS);
    MDC.remove(AuditLog.SUBMISSION);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove("requestId");
      MDC.remove(AuditLog.USER);
      MDC.remove(AuditLog.ADDRESS);
      MDC.remove(AuditLog.SUBMISSION);
    }
  }

  /** The current request's ID, from the log context of the thread serving it. */
  static String current() {
    String id = MDC.get("requestId");
    return id == null ? fresh() : id;
  }

  static String fresh() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
