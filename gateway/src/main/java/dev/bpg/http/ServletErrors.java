package dev.bpg.http;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A servlet context's error handler (the API's and the admin servlet's): what a servlet answers
 * with {@code sendError}, and paths the context does not serve, in the one error shape.
 */
public final class ServletErrors extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    JettyErrors.write(request, response, callback);
    return true;
  }
}
