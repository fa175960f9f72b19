package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.GatewayConfiguration;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dropwizard's admin servlet is no stranger's: on the API's port it answers admins only; with a
 * server of two connectors its own connector listens on this host only unless configured; metrics
 * and readiness stay open for scrapers and probes.
 */
class AdminSurfaceIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalGateways local;

  @BeforeEach
  void start() {
    local = LocalGateways.start("spark-cluster-a");
  }

  @AfterEach
  void stop() throws Exception {
    local.close();
  }

  private int status(String url, String user, String method) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      request.header("Authorization", GatewayTestClient.basic(user, user + "-pw"));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void onTheApisPortTheAdminServletAnswersAdminsOnly() throws Exception {
    GatewayServer gateway =
        local.startGateway(local.configuration(Users.of("demo", "admin").withAdmins("admin")));
    String root = "http://127.0.0.1:" + gateway.port();

    assertThat(status(root + "/dropwizard/threads", null, "GET")).isEqualTo(401);
    assertThat(status(root + "/dropwizard/threads", "demo", "GET")).isEqualTo(403);
    assertThat(status(root + "/dropwizard/tasks/log-level", "demo", "POST")).isEqualTo(403);
    assertThat(status(root + "/dropwizard/threads", "admin", "GET")).isEqualTo(200);
    assertThat(status(root + "/metrics", null, "GET")).isEqualTo(200);
    assertThat(status(root + "/ready", null, "GET")).isIn(200, 503);
    Reply refused =
        new GatewayTestClient(gateway.port())
            .send(HttpRequest.newBuilder(URI.create(root + "/dropwizard/healthcheck")).GET());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("code", "error", "message", "requestId");
  }

  @Test
  void aSeparateAdminConnectorListensOnThisHostOnlyUnlessConfigured() throws Exception {
    GatewayConfiguration config =
        local.configuration(Users.of("demo", "admin").withAdmins("admin"));
    DefaultServerFactory server = new DefaultServerFactory();
    HttpConnectorFactory application = new HttpConnectorFactory();
    application.setBindHost("127.0.0.1");
    application.setPort(0);
    HttpConnectorFactory admin = new HttpConnectorFactory();
    admin.setPort(0);
    server.setApplicationConnectors(List.of(application));
    server.setAdminConnectors(List.of(admin));
    config.setServerFactory(server);

    GatewayServer gateway = local.startGateway(config);

    assertThat(gateway.listening())
        .hasSize(2)
        .allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
    String adminPort = gateway.listening().get(1).substring("127.0.0.1:".length());
    assertThat(status("http://127.0.0.1:" + adminPort + "/threads", null, "GET")).isEqualTo(401);
    assertThat(status("http://127.0.0.1:" + adminPort + "/threads", "admin", "GET")).isEqualTo(200);
  }
}
