package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.server.RawHttp.Answer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  /**
   * A request refused before its body was read (a wrong password), whose body comes a moment after
   * its headers as some clients send them: its answer keeps the connection, which then serves the
   * next request, as a pooling client expects of an answer without {@code Connection: close}.
   */
  @Test
  void aRefusedRequestsLateBodyIsReadAndItsConnectionServesTheNext() throws Exception {
    byte[] body = LocalGateways.sparkPi("1s").getBytes(StandardCharsets.UTF_8);
    String wrong =
        "Authorization: Basic "
            + Base64.getEncoder().encodeToString("demo:wrong".getBytes(StandardCharsets.UTF_8));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      out.write(
          ("POST /skatev2/spark HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + wrong
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // A slow client: the body follows the headers after a pause.
      Thread.sleep(300);
      out.write(body);
      out.flush();
      Map<String, String> refused = readAnswer(in);
      assertThat(refused.get(":status")).isEqualTo("401");
      assertThat(refused.get("connection")).isNotEqualToIgnoringCase("close");

      out.write(
          ("GET /skatev2/spark/mySubmissions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(readAnswer(in).get(":status")).isEqualTo("200");
    }
  }

  /** One answer off a kept-alive connection: its head (the status as ":status"), body skipped. */
  private static Map<String, String> readAnswer(InputStream in) throws IOException {
    Map<String, String> head = new HashMap<>();
    String status = line(in);
    if (status == null) {
      throw new IOException("the connection ended before an answer");
    }
    head.put(":status", status.split(" ")[1]);
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      head.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    if ("chunked".equalsIgnoreCase(head.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        in.readNBytes(size);
        line(in);
      }
      line(in);
    } else {
      in.readNBytes(Integer.parseInt(head.getOrDefault("content-length", "0")));
    }
    return head;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        return line.toString().replace("\r", "");
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
