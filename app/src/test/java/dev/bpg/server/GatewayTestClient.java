package dev.bpg.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A small HTTP client for the end-to-end tests: real requests to a real port. */
final class GatewayTestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  GatewayTestClient(int port) {
    this.base = "http://127.0.0.1:" + port + "/skatev2";
  }

  String base() {
    return base;
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Reply get(String path, String user) {
    return send(request(path, user).GET());
  }

  Reply delete(String path, String user) {
    return send(request(path, user).DELETE());
  }

  Reply post(String path, String user, String contentType, String body) {
    return send(
        request(path, user)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The states of the submission's recorded transitions, oldest first. */
  List<String> states(String id, String user) {
    List<String> states = new ArrayList<>();
    get("/spark/" + id + "/history", user)
        .json()
        .path("transitions")
        .forEach(t -> states.add(t.path("state").asText()));
    return states;
  }

  /** Waits until the submission is in this state, as the user reads it. */
  void awaitState(String id, String user, String state, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> state.equals(get("/spark/" + id + "/status", user).text("applicationState")));
  }

  InputStream stream(String path, String user) {
    try {
      HttpResponse<InputStream> response =
          http.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("status " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      builder.header("Authorization", basic(user, user + "-pw"));
    }
    return builder;
  }

  record Reply(int status, String body, HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String wwwAuthenticate() {
      return header("WWW-Authenticate");
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String text(String field) {
      return json().path(field).asText(null);
    }
  }
}
