package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.server.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input over HTTP: each is a 4xx that names what is wrong, none is a 5xx, and none leaves a
 * submission behind; content types that a web page could send unasked are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputHygieneIT {
  private static final String AUTH =
      "Authorization: Basic "
          + Base64.getEncoder().encodeToString("demo:demo-pw".getBytes(StandardCharsets.UTF_8));

  private LocalGateways local;
  private GatewayServer gateway;
  private GatewayTestClient client;
  private String sparkPi;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    gateway = local.startGateway(local.configuration(Users.of("demo")));
    client = LocalGateways.client(gateway);
    sparkPi = LocalGateways.sparkPi();
  }

  @AfterAll
  void stop() throws Exception {
    local.close();
  }

  private Reply submit(String contentType, String body) {
    return client.post("/spark", "demo", contentType, body);
  }

  private static void refused(Reply reply, int status, String error, String message) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.text("error")).isEqualTo(error);
    assertThat(reply.text("message")).startsWith(message);
  }

  @Test
  void onlyJsonAndYamlAreSubmitted() {
    refused(
        submit("text/plain", sparkPi),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type: text/plain is not accepted");
    refused(
        submit("application/x-www-form-urlencoded", sparkPi),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type: application/x-www-form-urlencoded");
    assertThat(submit("application/json; charset=utf-8", sparkPi).status()).isEqualTo(200);
    assertThat(client.get("/spark/mySubmissions", "demo").status()).isEqualTo(200);
  }

  @Test
  void theSameContentTypeSentTwiceCountsOnce() {
    Answer twice =
        RawHttp.send(
            gateway.port(),
            "POST /skatev2/spark HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Content-Type: application/json\r\n"
                + AUTH,
            sparkPi);
    assertThat(twice.status()).as(twice.body()).isEqualTo(200);
    assertThat(twice.json().path("submissionId").asText()).startsWith("spark-cluster-a-");

    Answer different =
        RawHttp.send(
            gateway.port(),
            "POST /skatev2/spark HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Content-Type: text/plain\r\n"
                + AUTH,
            sparkPi);
    assertThat(different.status()).as(different.body()).isEqualTo(400);
    assertThat(different.json().path("message").asText()).startsWith("Content-Type:");
  }

  @Test
  void longAndHostileFieldsAre400sThatNameTheFieldAndLeaveNothing() {
    int before = local.applications("spark-cluster-a");
    refused(
        submit("application/json", sparkPi.replace("SparkPiDemo", "n".repeat(300))),
        400,
        "INVALID_FIELD",
        "applicationName: is 300 characters long");
    refused(
        submit(
            "application/json",
            sparkPi.replace(
                "\"memory\": \"2g\"", "\"coreLimit\": \"" + "9".repeat(500_000) + "\"")),
        400,
        "INVALID_FIELD",
        "driver.coreLimit: is 500000 characters long; at most 32");
    refused(
        submit("application/json", "/a".repeat(100_000)),
        400,
        "INVALID_REQUEST",
        "the request body is only a path");
    refused(
        submit("application/json", sparkPi.replace("{", "{\"queue\": \"prod\", ")),
        400,
        "INVALID_REQUEST",
        "Invalid JSON request: Duplicate field 'queue'");
    assertThat(local.applications("spark-cluster-a")).isEqualTo(before);
  }

  @Test
  void queryParametersAreCheckedBeforeTheyAreUsed() {
    refused(
        client.get("/log?subId=spark-cluster-a-0123456789abcdef&execId=a%20b", "demo"),
        400,
        "INVALID_FIELD",
        "execId: must be an executor number");
    refused(
        client.get("/submissions?from=99999999999999999999999", "demo"),
        400,
        "INVALID_FIELD",
        "from: is too large");
    refused(client.get("/submissions?limit=abc", "demo"), 400, "INVALID_FIELD", "limit: must be");
    refused(
        client.get("/submissions?limit=99999999999", "demo"),
        400,
        "INVALID_FIELD",
        "limit: must be");
    refused(
        client.get("/submissions?name=" + "n".repeat(300), "demo"),
        400,
        "INVALID_FIELD",
        "name: must be at most 255 characters");
  }
}
