package dev.bpg.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bpg.config.HistoryServerApiConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The History Server's REST API over real HTTP on a loopback port, as Spark answers it: the
 * environment of a known run, 404 for an unknown one, errors and a server that is not there. The
 * Host header configured reaches it.
 */
class HistoryServerDirectoryTest {
  private static final String SUBMISSION = "spark-cluster-a-0123456789abcdef0123456789abcdef";

  private HttpServer server;
  private final Map<String, String> environments = new ConcurrentHashMap<>();
  private final List<String> hosts = new CopyOnWriteArrayList<>();
  private volatile int failWith;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/applications/",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          String path = exchange.getRequestURI().getPath();
          String appId =
              path.substring("/api/v1/applications/".length(), path.lastIndexOf("/environment"));
          String body = environments.get(appId);
          int status = failWith != 0 ? failWith : body == null ? 404 : 200;
          byte[] bytes =
              (body == null ? "no such app: " + appId : body).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String environment(String... properties) {
    StringBuilder json =
        new StringBuilder(
            "{\"runtime\": {\"javaVersion\": \"17\"}, \"hadoopProperties\": [],"
                + " \"sparkProperties\": [");
    for (int i = 0; i < properties.length; i += 2) {
      json.append(i == 0 ? "" : ", ")
          .append("[\"")
          .append(properties[i])
          .append("\", \"")
          .append(properties[i + 1])
          .append("\"]");
    }
    return json.append("]}").toString();
  }

  @Test
  void aKnownRunNamesItsSubmissionAndTheHostHeaderIsSent() throws Exception {
    environments.put(
        "spark-0aa1",
        environment(
            "spark.app.name",
            "SparkPi",
            "spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name",
            SUBMISSION,
            HistoryServerDirectory.SUBMISSION_PROPERTY,
            SUBMISSION));
    environments.put("spark-0aa2", environment("spark.app.name", "not from the operator"));
    try (HistoryServerDirectory directory =
        new HistoryServerDirectory(
            new HistoryServerApiConfig(url() + "/", "history.example.com", null))) {

      assertThat(directory.submissionIdOf("spark-0aa1")).contains(SUBMISSION);
      assertThat(directory.submissionIdOf("spark-0aa2")).isEmpty();
      assertThat(directory.submissionIdOf("spark-unknown")).isEmpty();
    }
    assertThat(hosts).containsOnly("history.example.com");
  }

  @Test
  void withoutAHostHeaderConfiguredTheUrlsHostIsSent() throws Exception {
    try (HistoryServerDirectory directory =
        new HistoryServerDirectory(new HistoryServerApiConfig(url(), null, null))) {
      assertThat(directory.submissionIdOf("spark-0aa1")).isEmpty();
    }
    assertThat(hosts).containsExactly("127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void anErrorOrNoServerIsHistoryServerUnavailableWithTheReason() throws Exception {
    failWith = 500;
    try (HistoryServerDirectory directory =
        new HistoryServerDirectory(new HistoryServerApiConfig(url(), null, null))) {
      assertThatThrownBy(() -> directory.submissionIdOf("spark-0aa1"))
          .isInstanceOf(GatewayException.class)
          .hasMessage(
              "the Spark History Server at "
                  + url()
                  + " could not be asked for the application: it answered HTTP 500")
          .extracting(e -> ((GatewayException) e).code())
          .isEqualTo(ErrorCode.HISTORY_SERVER_UNAVAILABLE);
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (HistoryServerDirectory nobody =
        new HistoryServerDirectory(
            new HistoryServerApiConfig(
                "http://127.0.0.1:" + closed, null, Duration.ofSeconds(2)))) {
      assertThatThrownBy(() -> nobody.submissionIdOf("spark-0aa1"))
          .isInstanceOf(GatewayException.class)
          .hasMessageStartingWith(
              "the Spark History Server at http://127.0.0.1:"
                  + closed
                  + " could not be asked for the application: ")
          .extracting(e -> ((GatewayException) e).code())
          .isEqualTo(ErrorCode.HISTORY_SERVER_UNAVAILABLE);
    }
  }

  @Test
  void badSettingsAreRefusedWithTheField() {
    assertThatThrownBy(() -> new HistoryServerApiConfig("ftp://history", null, null))
        .hasMessageContaining("historyServerApi.url must be http or https");
    assertThatThrownBy(() -> new HistoryServerApiConfig("http://h", "a host/with path", null))
        .hasMessageContaining("historyServerApi.host must be a host name");
    assertThatThrownBy(() -> new HistoryServerApiConfig("http://h", null, Duration.ZERO))
        .hasMessageContaining("historyServerApi.timeout must be positive");
  }
}
