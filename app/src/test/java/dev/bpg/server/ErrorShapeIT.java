package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.server.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error in one shape, {@code {code, error, message, requestId}} with the request ID also in a
 * header, including what Jetty refuses before the application sees the request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorShapeIT {
  private static final String AUTH = auth("demo");
  private static final String ADMIN = auth("admin");

  private static String auth(String user) {
    return "Authorization: Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
  }

  private LocalGateways local;
  private int port;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    port =
        local
            .startGateway(local.configuration(Users.of("demo", "admin").withAdmins("admin")))
            .port();
  }

  @AfterAll
  void stop() throws Exception {
    local.close();
  }

  /** A request as raw lines, and the status it must get. */
  record Case(String name, String head, String body, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("empty path segment", "GET /skatev2/spark//status HTTP/1.1\r\n" + AUTH, "", 400),
        new Case("bad escape", "GET /skatev2/spark/%zz/status HTTP/1.1\r\n" + AUTH, "", 400),
        new Case(
            "encoded dot segment",
            "GET /skatev2/spark/%2e%2e/admin/version HTTP/1.1\r\n" + AUTH,
            "",
            400),
        new Case(
            "control character", "GET /skatev2/spark/a\u0001b/status HTTP/1.1\r\n" + AUTH, "", 400),
        new Case("encoded control", "GET /skatev2/spark/a%01b/status HTTP/1.1\r\n" + AUTH, "", 400),
        new Case(
            "header too large",
            "GET /skatev2/spark/mySubmissions HTTP/1.1\r\nX-Big: " + "x".repeat(20_000),
            "",
            431),
        new Case("URI too long", "GET /skatev2/" + "a".repeat(20_000) + " HTTP/1.1", "", 414),
        new Case("bad version", "GET /skatev2/healthcheck/status HTTP/7.0", "", 505),
        new Case("outside the API", "GET /nothing/here HTTP/1.1", "", 404),
        new Case("unknown API path", "GET /skatev2/nothing HTTP/1.1\r\n" + AUTH, "", 404),
        new Case("wrong method", "PUT /skatev2/healthcheck/status HTTP/1.1\r\n" + AUTH, "x", 405),
        new Case(
            "admin servlet, unknown path", "GET /dropwizard/nothing HTTP/1.1\r\n" + ADMIN, "", 404),
        new Case(
            "admin servlet, not an admin", "GET /dropwizard/threads HTTP/1.1\r\n" + AUTH, "", 403),
        new Case(
            "body too large",
            "POST /skatev2/spark HTTP/1.1\r\nContent-Type: application/json\r\n" + AUTH,
            "{\"padding\": \"" + "x".repeat(1100 * 1024) + "\"}",
            413),
        new Case("no credentials", "GET /skatev2/spark/mySubmissions HTTP/1.1", "", 401),
        new Case(
            "not JSON",
            "POST /skatev2/spark HTTP/1.1\r\nContent-Type: application/json\r\n" + AUTH,
            "{",
            400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyErrorHasTheOneShape(Case c) {
    Answer answer = RawHttp.send(port, c.head(), c.body());
    assertThat(answer.status()).as(answer.body()).isEqualTo(c.status());
    assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/json");
    JsonNode body = answer.json();
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("code", "error", "message", "requestId");
    assertThat(body.path("code").isInt()).isTrue();
    assertThat(body.path("code").asInt()).isEqualTo(c.status());
    assertThat(body.path("error").asText()).matches("[A-Z_]+");
    assertThat(body.path("message").asText())
        .isNotBlank()
        .doesNotContain("Exception", "at org.", "at dev.");
    assertThat(answer.header("X-Request-Id")).isEqualTo(body.path("requestId").asText());
  }
}
