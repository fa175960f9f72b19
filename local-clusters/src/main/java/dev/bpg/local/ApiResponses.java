package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a local API server answers: JSON bodies, and failures as Kubernetes {@code Status} objects.
 */
final class ApiResponses {
  private final ObjectMapper mapper;

  ApiResponses(ObjectMapper mapper) {
    this.mapper = requireNonNull(mapper, "mapper is null");
  }

  /** A failure as a real API server reports it. */
  void status(HttpServerResponse out, int code, String reason, String message) {
    ObjectNode status = mapper.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message == null ? reason : message);
    status.put("reason", reason);
    status.put("code", code);
    json(out, code, status.toString());
  }

  static void json(HttpServerResponse out, int code, String json) {
    out.setStatusCode(code).putHeader("Content-Type", "application/json").end(json);
  }

  /** Ends the response with these bytes, without copying them into a string. */
  static void end(HttpServerResponse out, byte[] body) {
    out.end(Buffer.buffer(body));
  }

  /** The message a real API server gives for a missing object, e.g. {@code pods "x" not found}. */
  static String notFoundMessage(String path) {
    List<String> segments =
        new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/")));
    int resourceStart = segments.isEmpty() ? 0 : "apis".equals(segments.get(0)) ? 3 : 2;
    if (segments.size() <= resourceStart) {
      return "the server could not find the requested resource";
    }
    List<String> resource = segments.subList(resourceStart, segments.size());
    if (resource.size() >= 3 && "namespaces".equals(resource.get(0))) {
      resource = resource.subList(2, resource.size());
    }
    if (resource.size() < 2) {
      return "the server could not find the requested resource";
    }
    return resource.get(0) + " \"" + resource.get(1) + "\" not found";
  }
}
