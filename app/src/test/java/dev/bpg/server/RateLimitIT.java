package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bpg.config.ApiConfig;
import dev.bpg.config.RateLimitsConfig;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rate limits over HTTP: a user past its submit rate gets 429 with Retry-After while others go on;
 * log streams are counted per user and in all, and a closed stream gives its place back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitIT {
  private LocalGateways local;
  private GatewayTestClient client;
  private int port;
  private String sparkPi;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(Users.of("demo", "other", "robot", "third"))
                .withApi(new ApiConfig(null, null, new RateLimitsConfig(1, 2, 1, 2))));
    client = LocalGateways.client(gateway);
    port = gateway.port();
    sparkPi = LocalGateways.sparkPi();
  }

  @AfterAll
  void stop() throws Exception {
    local.close();
  }

  private Reply submit(String user, String query) {
    return client.post("/spark" + query, user, "application/json", sparkPi);
  }

  private static void limited(Reply reply, String message) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(429);
    assertThat(reply.text("error")).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(reply.json().path("code").asInt()).isEqualTo(429);
    assertThat(reply.text("message")).contains(message);
    assertThat(Integer.parseInt(reply.header("Retry-After"))).isPositive();
  }

  @Test
  void aUserPastItsSubmitRateWaitsAndOthersGoOn() {
    int before = local.applications("spark-cluster-a");
    assertThat(submit("robot", "?dryRun=true").status()).isEqualTo(200);
    assertThat(submit("robot", "").status()).isEqualTo(200);
    Reply third = submit("robot", "");
    limited(third, "api.rateLimits.submitsPerMinute");
    assertThat(Integer.parseInt(third.header("Retry-After"))).isBetween(1, 60);
    limited(submit("robot", "?dryRun=true"), "too many submissions");
    assertThat(local.applications("spark-cluster-a")).isEqualTo(before + 1);

    assertThat(submit("other", "").status()).isEqualTo(200);
    assertThat(local.applications("spark-cluster-a")).isEqualTo(before + 2);
  }

  @Test
  void logStreamsAreCountedPerUserAndInAllUntilClosed() throws Exception {
    String log = "/log?subId=" + running("demo");
    Socket first =
        RawHttp.open(
            port,
            "GET /skatev2"
                + log
                + " HTTP/1.1\r\nAuthorization: "
                + GatewayTestClient.basic("demo", "demo-pw"));
    limited(client.get(log, "demo"), "already follows 1 logs");

    InputStream second = client.stream("/log?subId=" + running("third"), "third");
    // The limit in all is checked before whose submission it is.
    limited(client.get(log, "other"), "api.rateLimits.logStreams");

    // The server notices a closed connection at its next writes (progress lines every 5 s).
    first.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> streams(log, "demo"));
    second.close();
  }

  /** Whether a stream of this log opens for the user now (it is closed again at once). */
  private boolean streams(String log, String user) throws Exception {
    try (Socket stream = RawHttp.open(port, get(log, user))) {
      return true;
    } catch (IllegalStateException refused) {
      assertThat(refused.getMessage()).contains("429");
      return false;
    }
  }

  private static String get(String path, String user) {
    return "GET /skatev2"
        + path
        + " HTTP/1.1\r\nAuthorization: "
        + GatewayTestClient.basic(user, user + "-pw");
  }

  /** A submission of the user's that runs long enough to follow its driver's log. */
  private String running(String user) throws IOException {
    Reply reply = client.post("/spark", user, "application/json", LocalGateways.sparkPi("60s"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String id = reply.text("submissionId");
    client.awaitState(id, user, "RUNNING", Duration.ofSeconds(20));
    return id;
  }
}
