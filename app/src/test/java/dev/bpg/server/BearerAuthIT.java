package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.cli.LocalSetup;
import dev.bpg.config.ApiTokenConfig;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.TestConfigs;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.testing.TestIdentityProvider;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bearer tokens over HTTP: a scheduler's API token, and OpenID Connect users whose groups open
 * queues and make admins; a delegated submission does not borrow the delegate's groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerAuthIT {
  private static final String AIRFLOW_TOKEN = ApiTokenConfig.newToken(new SecureRandom());

  private TestIdentityProvider idp;
  private LocalGateways local;
  private GatewayTestClient client;

  @BeforeAll
  void start() throws Exception {
    idp = new TestIdentityProvider();
    local = LocalGateways.start("spark-cluster-a");
    AuthConfig auth =
        TestConfigs.read(
            "{delegatingUsers: [airflow], apiTokens: [{user: airflow, tokenHash: "
                + ApiTokenConfig.hashOf(AIRFLOW_TOKEN)
                + "}], oidc: "
                + idp.oidcYaml(", adminGroups: [platform]")
                + "}",
            AuthConfig.class);
    GatewayConfiguration config =
        local
            .configuration(Users.of("demo"))
            .withAuth(auth)
            .withQueues(
                List.of(
                    QueueConfig.named("dev"),
                    TestConfigs.read("{name: team-a, allowedGroups: [team-a]}", QueueConfig.class)))
            .withClusters(
                List.of(
                    TestConfigs.cluster(
                        "{id: spark-cluster-a, masterUrl: '"
                            + local.cluster("spark-cluster-a").masterUrl()
                            + "', token: local-token, namespace: "
                            + LocalSetup.NAMESPACE
                            + ", serviceAccount: spark, sparkVersions: [3.5.0], queues: [dev,"
                            + " team-a], policy: {serviceAccounts: [emr-containers-sa-spark]}}")));
    client = LocalGateways.client(local.startGateway(config));
  }

  @AfterAll
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  private Reply send(String method, String path, String token, String body) {
    HttpRequest.Builder request = client.request(path, null);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return client.send(request);
  }

  private String oidc(String user, String... groups) {
    return idp.token(user, List.of(groups), Instant.now());
  }

  private static String sparkPi(String queue) throws Exception {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    String request = Files.readString(root.resolve("examples").resolve("sparkpi.json"));
    return request.replace("\"queue\": \"dev\"", "\"queue\": \"" + queue + "\"");
  }

  @Test
  void aGroupOpensItsQueueAndOnlyItsMembersGetIn() throws Exception {
    Reply alice = send("POST", "/spark", oidc("alice", "team-a"), sparkPi("team-a"));
    assertThat(alice.status()).as(alice.body()).isEqualTo(200);
    String id = alice.text("submissionId");

    Reply bob = send("POST", "/spark", oidc("bob", "team-b"), sparkPi("team-a"));
    assertThat(bob.status()).as(bob.body()).isEqualTo(403);
    assertThat(bob.text("error")).isEqualTo("FORBIDDEN");

    // alice owns it: she and an admin by group read it, bob does not.
    assertThat(send("GET", "/spark/" + id + "/status", oidc("alice", "team-a"), null).status())
        .isEqualTo(200);
    assertThat(send("GET", "/spark/" + id + "/status", oidc("ops", "platform"), null).status())
        .isEqualTo(200);
    assertThat(send("GET", "/spark/" + id + "/status", oidc("bob", "team-b"), null).status())
        .isNotEqualTo(200);
  }

  @Test
  void aSchedulersApiTokenSubmitsForItsUsersWithoutTheirGroups() throws Exception {
    Reply forDemo = send("POST", "/spark?dagUser=demo", AIRFLOW_TOKEN, sparkPi("dev"));
    assertThat(forDemo.status()).as(forDemo.body()).isEqualTo(200);

    // The token has no groups, and a delegated owner's groups are not known: team-a stays shut.
    Reply forAlice = send("POST", "/spark?dagUser=alice", AIRFLOW_TOKEN, sparkPi("team-a"));
    assertThat(forAlice.status()).as(forAlice.body()).isEqualTo(403);
  }

  @Test
  void aBadTokenIsA401InTheErrorShape() {
    Reply forged = send("GET", "/spark/mySubmissions", AIRFLOW_TOKEN + "x", null);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.text("error")).isEqualTo("UNAUTHENTICATED");
    assertThat(forged.wwwAuthenticate()).isNotNull();

    String wrongKeyToken =
        idp.token(
            TestIdentityProvider.newKey("key-1"),
            c -> c,
            "alice",
            List.of("team-a"),
            Instant.now());
    Reply wrongKey = send("GET", "/spark/mySubmissions", wrongKeyToken, null);
    assertThat(wrongKey.status()).isEqualTo(401);
    assertThat(wrongKey.text("message")).startsWith("invalid bearer token");
  }
}
