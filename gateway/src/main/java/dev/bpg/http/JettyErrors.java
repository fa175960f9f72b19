package dev.bpg.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's error handler: requests Jetty refuses before any context (a bad request line, bad
 * headers, a URI too long) and paths no context serves, answered in the one error shape.
 */
public final class JettyErrors extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    write(request, response, callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String id = RequestIds.fresh();
    ErrorBodies.headers(fields, id);
    return ByteBuffer.wrap(
        ErrorBodies.json(
            status, ErrorBodies.symbolOf(status), ErrorBodies.messageOf(status, reason), id));
  }

  /** Writes the JSON error answer for the status the request failed with. */
  static void write(Request request, Response response, Callback callback) {
    int status = ErrorBodies.statusOf(request, response);
    String id = ErrorBodies.requestIdOf(request);
    response.setStatus(status);
    ErrorBodies.headers(response.getHeaders(), id);
    byte[] body =
        ErrorBodies.json(
            status,
            ErrorBodies.symbolOf(status),
            ErrorBodies.messageOf(status, ErrorBodies.reasonOf(request)),
            id);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
