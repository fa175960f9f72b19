package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code GET .../pods/NAME/log} of a local API server: the whole log, its tail, or the log followed
 * as it grows, streamed in chunks like a real API server does ({@code follow}, {@code tailLines},
 * {@code timestamps}).
 */
final class PodLogEndpoint {
  private final Vertx vertx;
  private final KubernetesCrudDispatcher dispatcher;
  private final PodLogs podLogs;
  private final ApiResponses responses;

  PodLogEndpoint(
      Vertx vertx, KubernetesCrudDispatcher dispatcher, PodLogs podLogs, ApiResponses responses) {
    this.vertx = requireNonNull(vertx, "vertx is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.podLogs = requireNonNull(podLogs, "podLogs is null");
    this.responses = requireNonNull(responses, "responses is null");
  }

  void serve(HttpServerRequest request, String namespace, String pod) {
    HttpServerResponse out = request.response();
    OptionalInt tail;
    try {
      tail = tailLines(request.getParam("tailLines"));
    } catch (IllegalArgumentException e) {
      responses.status(out, 400, "BadRequest", e.getMessage());
      return;
    }
    boolean follow = Boolean.parseBoolean(request.getParam("follow"));
    boolean timestamps = Boolean.parseBoolean(request.getParam("timestamps"));
    Optional<PodLog> found = podLogs.find(namespace, pod);
    if (found.isEmpty()) {
      // A pod the local operator did not start (one created by hand) has an empty log; a missing
      // pod is a 404.
      if (dispatcher.handleGet("/api/v1/namespaces/" + namespace + "/pods/" + pod).code() == 200) {
        out.putHeader("Content-Type", "text/plain").end();
      } else {
        responses.status(out, 404, "NotFound", "pods \"" + pod + "\" not found");
      }
      return;
    }
    PodLog log = found.get();
    out.putHeader("Content-Type", "text/plain");
    if (!follow) {
      out.end(render(log.lines(tail), timestamps));
      return;
    }
    out.setChunked(true);
    FollowingResponse listener = new FollowingResponse(vertx.getOrCreateContext(), out, timestamps);
    // We are on the connection's event loop, and the listener only queues work on it, so the
    // backlog written here goes out before any line or end that the listener receives.
    List<LogLine> backlog = log.follow(tail, listener);
    out.closeHandler(ignored -> log.unfollow(listener));
    if (backlog.isEmpty()) {
      // Send the headers now: a client waits for them before it reads the stream.
      out.writeHead();
    } else {
      out.write(render(backlog, timestamps));
    }
  }

  private static String render(List<LogLine> lines, boolean timestamps) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line.render(timestamps)));
    return text.toString();
  }

  private static OptionalInt tailLines(String value) {
    if (value == null || value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int lines = Integer.parseInt(value);
      // As on a real API server, a negative tail means the whole log.
      return lines < 0 ? OptionalInt.empty() : OptionalInt.of(lines);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tailLines must be an integer: '" + value + "'");
    }
  }

  /**
   * Streams the lines of a followed log into an open chunked response, on the response's own event
   * loop.
   */
  private static final class FollowingResponse implements PodLog.Listener {
    private final Context context;
    private final HttpServerResponse out;
    private final boolean timestamps;

    FollowingResponse(Context context, HttpServerResponse out, boolean timestamps) {
      this.context = context;
      this.out = out;
      this.timestamps = timestamps;
    }

    @Override
    public void onLine(LogLine line) {
      context.runOnContext(
          ignored -> {
            if (isOpen()) {
              out.write(line.render(timestamps));
            }
          });
    }

    @Override
    public void onEnd() {
      context.runOnContext(
          ignored -> {
            if (isOpen()) {
              out.end();
            }
          });
    }

    private boolean isOpen() {
      return !out.ended() && !out.closed();
    }
  }
}
