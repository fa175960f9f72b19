package dev.bpg.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the rest of a request's body that the answer did not need (a request refused before its
 * body mattered: a wrong password, a missing CSRF token, a queue the user may not use), up to the
 * largest body the API accepts, before the answer goes out. Otherwise Jetty, finding unread bytes
 * after the answer was sent without {@code Connection: close}, closes the connection; a pooling
 * client that had already put it back in its pool sends its next request into the closed connection
 * and gets no answer. A larger body is left unread: Jetty then closes the connection, as it must.
 */
@Priority(Integer.MAX_VALUE)
final class UnreadBodies implements ContainerResponseFilter {
  private final long limit;

  UnreadBodies(long limit) {
    this.limit = limit;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String length = request.getHeaderString("Content-Length");
    if (response.getStatus() < 400
        || length == null
        || !length.matches("\\d{1,12}")
        || Long.parseLong(length) > limit) {
      return;
    }
    byte[] buffer = new byte[8192];
    long left = Long.parseLong(length);
    try {
      InputStream body = request.getEntityStream();
      int read;
      while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= read;
      }
    } catch (IOException | RuntimeException e) {
      // The client is gone or sent less than it said: the connection ends anyway.
    }
  }
}
