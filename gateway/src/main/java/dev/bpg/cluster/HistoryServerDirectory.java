package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.HistoryServerApiConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationDirectory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;

/**
 * Asks a Spark History Server's REST API which submission a Spark application ran for: its
 * environment lists the Spark properties, and the Spark operator sets {@value #SUBMISSION_PROPERTY}
 * on every run to the SparkApplication's name, which is the submission ID. With a configured Host
 * header for a History Server behind a proxy that routes by name (the JDK's HTTP client refuses to
 * set Host, Apache's does).
 */
public final class HistoryServerDirectory implements ApplicationDirectory, AutoCloseable {
  static final String SUBMISSION_PROPERTY =
      "spark.kubernetes.executor.label.sparkoperator.k8s.io/app-name";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A History Server's environment document of a run with many properties stays well below. */
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final String url;
  private final Optional<String> host;
  private final CloseableHttpClient http;

  public HistoryServerDirectory(HistoryServerApiConfig config) {
    requireNonNull(config, "config is null");
    this.url = config.findUrl().orElseThrow(() -> new IllegalArgumentException("no url"));
    this.host = config.findHost();
    Timeout timeout = Timeout.of(config.timeout());
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout)
                            .setSocketTimeout(timeout)
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .build())
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAutomaticRetries()
            .build();
  }

  @Override
  public Optional<String> submissionIdOf(String sparkApplicationId) {
    HttpGet get =
        new HttpGet(
            url
                + "/api/v1/applications/"
                + URLEncoder.encode(sparkApplicationId, StandardCharsets.UTF_8)
                + "/environment");
    get.setHeader(HttpHeaders.ACCEPT, "application/json");
    host.ifPresent(name -> get.setHeader(HttpHeaders.HOST, name));
    try {
      return http.execute(
          get,
          response -> {
            int status = response.getCode();
            if (status == 404) {
              return Optional.empty();
            }
            if (status != 200 || response.getEntity() == null) {
              throw unavailable("it answered HTTP " + status);
            }
            byte[] body = response.getEntity().getContent().readNBytes(MAX_BODY_BYTES);
            return submissionOf(JSON.readTree(body));
          });
    } catch (GatewayException e) {
      throw e;
    } catch (IOException e) {
      throw unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** The submission ID among an environment document's Spark properties ({@code [[k, v], …]}). */
  static Optional<String> submissionOf(JsonNode environment) {
    for (JsonNode property : environment.path("sparkProperties")) {
      if (property.size() == 2 && SUBMISSION_PROPERTY.equals(property.get(0).asText())) {
        String id = property.get(1).asText("").strip();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
      }
    }
    return Optional.empty();
  }

  private GatewayException unavailable(String why) {
    return new GatewayException(
        ErrorCode.HISTORY_SERVER_UNAVAILABLE,
        "the Spark History Server at " + url + " could not be asked for the application: " + why);
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
