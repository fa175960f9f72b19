package dev.bpg.http;

import dev.bpg.metrics.GatewayMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator-facing endpoints outside the API's context path and without authentication, as
 * Prometheus and Kubernetes probes expect: {@code /metrics}, {@code /ready} and {@code /live}.
 */
public final class OperationsServlets {
  private OperationsServlets() {}

  /** Prometheus' text format. */
  public static HttpServlet metrics(GatewayMetrics metrics) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  /** 200 {@code {"status":"READY"}} or 503 with the reason. */
  public static HttpServlet readiness(Supplier<Optional<String>> notReadyBecause) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        Optional<String> problem = notReadyBecause.get();
        response.setStatus(problem.isEmpty() ? 200 : 503);
        response.setContentType("application/json");
        String body =
            problem
                .map(p -> "{\"status\":\"NOT_READY\",\"reason\":\"" + p.replace("\"", "'") + "\"}")
                .orElse("{\"status\":\"READY\"}");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  /**
   * 200 {@code {"status":"LIVE"}} whenever the server answers: the liveness probe's answer, which
   * nothing but a hung or stopped process fails (a cluster or the database being down is
   * readiness).
   */
  public static HttpServlet liveness() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType("application/json");
        response.getOutputStream().write("{\"status\":\"LIVE\"}".getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
