package dev.bpg.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's REST API over HTTP for the client commands. A refusal becomes one line with the
 * gateway's message, its error code, the HTTP status and the request ID; a gateway that cannot be
 * reached, one line saying where.
 */
final class GatewayClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final Connection connection;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  GatewayClient(Connection connection) {
    this.connection = connection;
  }

  static String query(Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return query.toString();
  }

  static Map<String, String> parameters(String... namesAndValues) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return parameters;
  }

  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonNode get(String path) {
    return json(request(path).GET());
  }

  JsonNode delete(String path) {
    return json(request(path).DELETE());
  }

  JsonNode post(
      String path, HttpRequest.BodyPublisher body, String contentType, String... headers) {
    HttpRequest.Builder request = request(path).header("Content-Type", contentType).POST(body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return json(request);
  }

  /** A response body to read as it arrives (a log that follows its pod). */
  InputStream stream(String path) {
    HttpResponse<InputStream> response =
        send(
            request(path).timeout(Duration.ofDays(7)).GET(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 != 2) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      throw refusal(response.statusCode(), body);
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(connection.url() + path)).timeout(CALL_TIMEOUT);
    connection.authorization().ifPresent(value -> request.header("Authorization", value));
    return request;
  }

  private JsonNode json(HttpRequest.Builder request) {
    HttpResponse<String> response =
        send(request.header("Accept", "application/json"), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw refusal(response.statusCode(), response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw ClientException.usage(
          "the gateway at " + connection.url() + " answered something other than JSON");
    }
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (ConnectException e) {
      throw ClientException.usage(
          "cannot reach the gateway at " + connection.url() + ": connection refused");
    } catch (HttpTimeoutException e) {
      throw ClientException.usage(
          "the gateway at " + connection.url() + " did not answer in time: " + e.getMessage());
    } catch (IOException e) {
      throw ClientException.usage(
          "cannot reach the gateway at "
              + connection.url()
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClientException.usage("interrupted");
    }
  }

  /** The gateway's error in one line: its message, code, status and request ID. */
  private ClientException refusal(int status, String body) {
    JsonNode error;
    try {
      error = JSON.readTree(body);
    } catch (IOException e) {
      error = null;
    }
    if (error == null || !error.hasNonNull("message")) {
      String hint = status == 401 ? " (wrong user, password or token?)" : "";
      return ClientException.usage("the gateway answered HTTP " + status + hint);
    }
    StringBuilder line = new StringBuilder(error.get("message").asText());
    line.append(" (").append(error.path("error").asText("HTTP")).append(", HTTP ").append(status);
    if (error.hasNonNull("requestId")) {
      line.append(", request ").append(error.get("requestId").asText());
    }
    return ClientException.usage(line.append(')').toString());
  }
}
