package dev.bpg.http;

import dev.bpg.metrics.GatewayMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.time.Duration;

/** Times every request by route (resource and method, so that IDs do not multiply the series). */
@PreMatching
public final class RequestMetrics implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String STARTED = "bpg.requestStarted";

  private final GatewayMetrics metrics;
  @Context private ResourceInfo resource;

  RequestMetrics(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    if (!(started instanceof Long start)) {
      return;
    }
    String route =
        resource != null && resource.getResourceMethod() != null
            ? resource.getResourceClass().getSimpleName()
                + "."
                + resource.getResourceMethod().getName()
            : "unmatched";
    metrics.request(
        route,
        request.getMethod(),
        response.getStatus(),
        Duration.ofNanos(System.nanoTime() - start));
  }
}
