package dev.bpg.http;

import dev.bpg.error.ErrorCode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Counts the submits in flight and, once this replica stops taking them, answers new ones 503
 * {@code SHUTTING_DOWN} with {@code Retry-After}, so that a client (or its load balancer) sends
 * them to another replica; kills, dry runs and reads are still served.
 */
public final class SubmitGate implements Filter {
  private final String submitPath;
  private final Object lock = new Object();
  private int inFlight;
  private boolean refusing;

  /**
   * @param contextPath the API's context path, such as {@code /skatev2}
   */
  public SubmitGate(String contextPath) {
    this.submitPath = (contextPath.endsWith("/") ? contextPath : contextPath + "/") + "spark";
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String path = http.getRequestURI().substring(http.getContextPath().length());
    if (!"POST".equals(http.getMethod()) || !submitPath.equals(path)) {
      chain.doFilter(request, response);
      return;
    }
    synchronized (lock) {
      if (refusing) {
        refuse((HttpServletResponse) response);
        return;
      }
      inFlight++;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
    }
  }

  /**
   * From now on new submits are refused; waits until those in flight are answered, at most {@code
   * timeout}.
   *
   * @return how many were still in flight when the wait ended
   */
  public int closeAndAwait(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      refusing = true;
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return inFlight;
    }
  }

  private static void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(503);
    response.setHeader("Retry-After", "1");
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ErrorBodies.json(
                503,
                ErrorCode.SHUTTING_DOWN.name(),
                "this gateway replica is shutting down; send the submission again",
                RequestIds.current()));
  }
}
