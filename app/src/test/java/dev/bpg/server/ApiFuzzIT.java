package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.FailedLoginsConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.server.RawHttp.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A bounded property-based fuzz run over the API, its requests generated from the gateway's own
 * OpenAPI document (see {@link FuzzRequests}): no answer is a 5xx, every error is in the one shape
 * with its request ID, and no answer shows a class name or a stack trace. The counts by status are
 * written to {@code target/fuzz-report.txt}.
 */
class ApiFuzzIT {
  private static final int TRIES = 1500;
  private static final List<String> LEAKS =
      List.of(
          "Exception",
          "\tat ",
          "dev.bpg.",
          "java.lang",
          "java.util",
          "jakarta.",
          "org.eclipse",
          "org.glassfish",
          "com.fasterxml",
          "io.fabric8",
          "org.h2",
          "org.yaml");

  private static LocalGateways local;
  private static GatewayServer gateway;
  private static FuzzRequests requests;
  private static final Map<String, AtomicInteger> STATUSES = new TreeMap<>();
  private static final AtomicInteger SENT = new AtomicInteger();

  @BeforeContainer
  static void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    // The failed-login throttle has its own tests; here it would soon answer 429 to everything
    // from this one address, and the run would explore nothing else (LocalGateways lifts the
    // submit rate likewise).
    GatewayConfiguration config =
        local.configuration(Users.of("demo", "admin").withAdmins("admin"));
    AuthConfig auth = config.auth();
    gateway =
        local.startGateway(
            config.withAuth(
                new AuthConfig(
                    auth.users(),
                    auth.allowedUsers(),
                    auth.blockedUsers(),
                    auth.adminUsers(),
                    auth.delegatingUsers(),
                    auth.trustedUserHeader(),
                    auth.queueTokenSecrets(),
                    auth.delegationToAdmins(),
                    auth.trustedProxies(),
                    new FailedLoginsConfig(100_000, 100_000, null),
                    auth.apiTokens(),
                    auth.oidc())));
    GatewayTestClient client = LocalGateways.client(gateway);
    String sparkPi = LocalGateways.sparkPi("50ms");
    String id = client.post("/spark", "demo", "application/json", sparkPi).text("submissionId");
    client.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(20));
    JsonNode document = client.get("/openapi.json", null).json();
    requests = new FuzzRequests(document, sparkPi, List.of(id));
    assertThat(requests.operations()).hasSizeGreaterThanOrEqualTo(14);
  }

  @AfterContainer
  static void stop() throws Exception {
    StringBuilder report =
        new StringBuilder("requests sent: ").append(SENT.get()).append("\nby status:\n");
    synchronized (STATUSES) {
      STATUSES.forEach((status, n) -> report.append(status).append(' ').append(n).append('\n'));
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "fuzz-report.txt"), report.toString());
    System.out.println("ApiFuzzIT " + report.toString().replace('\n', ' '));
    if (local != null) {
      local.close();
    }
  }

  @Provide
  Arbitrary<FuzzRequests.Request> requests() {
    return requests.requests();
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
  void everyAnswerIsBelow500AndEveryErrorIsInTheOneShape(
      @ForAll("requests") FuzzRequests.Request request) throws IOException {
    Answer answer = RawHttp.send(gateway.port(), request.head(), request.body());
    SENT.incrementAndGet();
    synchronized (STATUSES) {
      STATUSES
          .computeIfAbsent(request.label() + " " + answer.status(), k -> new AtomicInteger())
          .incrementAndGet();
    }
    String what = request.head() + "\n\n" + abbreviated(request.body()) + "\n=> " + answer;
    assertThat(answer.status()).as(what).isBetween(200, 499);
    for (String leak : LEAKS) {
      if (!request.head().contains(leak) && !request.body().contains(leak)) {
        assertThat(answer.body()).as(what).doesNotContain(leak);
      }
    }
    if (answer.status() < 400 || request.method().equals("HEAD")) {
      return;
    }
    assertThat(answer.header("Content-Type")).as(what).startsWith("application/json");
    JsonNode error = answer.json();
    assertThat(error.path("code").isInt()).as(what).isTrue();
    assertThat(error.path("code").asInt()).as(what).isEqualTo(answer.status());
    assertThat(error.path("error").asText()).as(what).matches("[A-Z_]+");
    assertThat(error.path("message").asText()).as(what).isNotBlank();
    assertThat(error.path("requestId").asText()).as(what).isNotBlank();
    assertThat(answer.header("X-Request-Id")).as(what).isEqualTo(error.path("requestId").asText());
  }

  private static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
