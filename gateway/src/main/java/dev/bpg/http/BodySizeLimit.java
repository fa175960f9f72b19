package dev.bpg.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Refuses a body whose declared length passes the limit before reading a byte of it, and before
 * authentication so that an oversized upload costs nothing. Bodies without a length are counted as
 * they are read ({@link RequestBodies#read}).
 */
@PreMatching
@Priority(2)
public final class BodySizeLimit implements ContainerRequestFilter {
  private final long maxBytes;
  private final long maxUploadBytes;

  /**
   * @param maxUploadBytes the limit of uploads ({@code POST /s3/{name}}), which their resource also
   *     checks against a length given as a query parameter
   */
  public BodySizeLimit(long maxBytes, long maxUploadBytes) {
    this.maxBytes = maxBytes;
    this.maxUploadBytes = maxUploadBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return;
    }
    long limit = request.getUriInfo().getPath().startsWith("s3/") ? maxUploadBytes : maxBytes;
    try {
      if (Long.parseLong(length.trim()) > limit) {
        throw RequestBodies.tooLarge(limit);
      }
    } catch (NumberFormatException e) {
      // Jetty refuses a malformed Content-Length before it gets here.
    }
  }
}
