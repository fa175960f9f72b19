package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bpg.config.ApiTokenConfig;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.ConsoleConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.OidcConfig;
import dev.bpg.config.PasswordHash;
import dev.bpg.config.TestConfigs;
import dev.bpg.console.SessionTokens;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import dev.bpg.testing.TestIdentityProvider;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's sessions over real HTTP: the cookie's attributes, what the database keeps (a hash,
 * never the token), CSRF on every state-changing call, sign-out and expiry ending a session on
 * every replica, tokens from the identity provider, the console's 401 without a Basic challenge,
 * and the console's files with their security headers.
 */
class ConsoleSessionIT {
  private static final String API_TOKEN = "console-it-robot-token-0123456789";

  private static LocalGateways local;
  private static TestIdentityProvider idp;
  private static String database;
  private static GatewayTestClient replicaA;
  private static GatewayTestClient replicaB;
  private static GatewayTestClient shortLived;
  private static GatewayTestClient withoutConsole;

  /** A gateway behind a proxy that names the user in a header (from 127.0.0.1 only). */
  private static GatewayTestClient behindProxy;

  /** A replica on the same database whose configuration has changed since the others started. */
  private static GatewayTestClient reconfigured;

  @BeforeAll
  static void start() throws Exception {
    idp = new TestIdentityProvider();
    local = LocalGateways.start("spark-cluster-a");
    database = "jdbc:h2:mem:console-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Users users = Users.of("demo", "admin", "other").withAdmins("admin");
    AuthConfig auth =
        users
            .auth()
            .withBearer(
                List.of(new ApiTokenConfig("robot", ApiTokenConfig.hashOf(API_TOKEN))),
                TestConfigs.read(idp.oidcYaml(", adminGroups: [platform]"), OidcConfig.class));
    replicaA = start(local.configuration(database, users).withAuth(auth).withReplicaId("a"));
    replicaB = start(local.configuration(database, users).withAuth(auth).withReplicaId("b"));
    shortLived =
        start(
            local
                .configuration(users)
                .withConsole(ConsoleConfig.defaults().withSessionLifetime(Duration.ofSeconds(2))));
    // demo's password changed, the API token removed, other blocked, admin as before.
    AuthConfig changed =
        TestConfigs.read(
            "{users: ["
                + userYaml("demo", PasswordHash.hash("new-pw", new SecureRandom()))
                + ", "
                + userYaml("admin", hashOf(auth, "admin"))
                + ", "
                + userYaml("other", hashOf(auth, "other"))
                + "], blockedUsers: [other], adminUsers: [admin]}",
            AuthConfig.class);
    reconfigured = start(local.configuration(database, users).withAuth(changed).withReplicaId("c"));
    behindProxy =
        start(
            local
                .configuration(users)
                .withAuth(
                    TestConfigs.read(
                        "{trustedUserHeader: X-Auth-User, trustedProxies: ['127.0.0.1/32'],"
                            + " adminUsers: [carol]}",
                        AuthConfig.class)));
    withoutConsole =
        start(local.configuration(users).withConsole(new ConsoleConfig(false, null, null)));
  }

  private static String userYaml(String name, String hash) {
    return "{name: " + name + ", passwordHash: '" + hash + "'}";
  }

  private static String hashOf(AuthConfig auth, String name) {
    return auth.users().stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow()
        .passwordHash();
  }

  private static GatewayTestClient start(GatewayConfiguration config) throws Exception {
    return LocalGateways.client(local.startGateway(config));
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  /** A signed-in browser: its cookie and the CSRF token the console's script is handed. */
  record Browser(String cookie, String token, String csrf, Reply signIn) {}

  private static Browser signIn(GatewayTestClient client, String body) {
    Reply reply =
        client.send(
            client
                .request("/session", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String setCookie = reply.header("Set-Cookie");
    String token = setCookie.substring("bpg_session=".length(), setCookie.indexOf(';'));
    return new Browser("bpg_session=" + token, token, reply.text("csrfToken"), reply);
  }

  private static Browser signIn(GatewayTestClient client, String user, String password) {
    return signIn(client, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
  }

  private static Reply call(
      GatewayTestClient client, Browser browser, String method, String path, String csrf) {
    HttpRequest.Builder request =
        client.request(path, null).header("Cookie", browser.cookie()).header("X-BPG-Console", "1");
    if (csrf != null) {
      request.header("X-BPG-CSRF", csrf);
    }
    if (method.equals("POST")) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(sparkPi()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(request);
  }

  private static String sparkPi() {
    try {
      return LocalGateways.sparkPi("300ms");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void signInSetsAStrictHttpOnlyCookieThatExpiresAndTheDatabaseKeepsOnlyItsHash() throws Exception {
    Instant before = Instant.now();
    Browser browser = signIn(replicaA, "demo", "demo-pw");
    String setCookie = browser.signIn().header("Set-Cookie");
    assertThat(setCookie)
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/skatev2")
        .doesNotContain("Secure");
    int maxAge =
        Integer.parseInt(setCookie.replaceAll(".*Max-Age=(\\d+).*", "$1").replaceAll(";.*", ""));
    assertThat(maxAge).isBetween(8 * 3600 - 60, 8 * 3600);
    assertThat(browser.signIn().json().path("user").asText()).isEqualTo("demo");
    assertThat(browser.signIn().json().path("admin").asBoolean()).isFalse();
    assertThat(browser.signIn().json().path("expiresAt").asLong())
        .isBetween(
            before.plus(Duration.ofHours(8)).toEpochMilli() - 1000,
            Instant.now().plus(Duration.ofHours(8)).toEpochMilli());
    assertThat(browser.signIn().body()).doesNotContain(browser.token());
    assertThat(browser.csrf()).isEqualTo(SessionTokens.csrf(browser.token()));

    List<String> stored = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database, "", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT token_hash, user_name, groups_text FROM console_session")) {
      while (rows.next()) {
        stored.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
      }
    }
    assertThat(stored).anyMatch(row -> row.startsWith(SessionTokens.hash(browser.token())));
    assertThat(stored).noneMatch(row -> row.contains(browser.token()));

    // A trusted proxy's X-Forwarded-Proto is not believed from anyone else: still no Secure.
    Reply forwarded =
        replicaA.send(
            replicaA
                .request("/session", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"demo\",\"password\":\"demo-pw\"}")));
    assertThat(forwarded.header("Set-Cookie")).doesNotContain("Secure");
  }

  @Test
  void theCookieAuthenticatesReadsAndEveryChangeNeedsTheSessionsCsrfToken() {
    Browser browser = signIn(replicaA, "demo", "demo-pw");
    assertThat(call(replicaA, browser, "GET", "/submissions", null).status()).isEqualTo(200);

    Reply noToken = call(replicaA, browser, "POST", "/spark", null);
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.text("error")).isEqualTo("CSRF_TOKEN_INVALID");
    assertThat(noToken.text("message")).contains("X-BPG-CSRF");
    Browser another = signIn(replicaA, "demo", "demo-pw");
    Reply othersToken = call(replicaA, browser, "POST", "/spark", another.csrf());
    assertThat(othersToken.status()).isEqualTo(403);

    Reply submitted = call(replicaA, browser, "POST", "/spark", browser.csrf());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    String id = submitted.text("submissionId");
    Reply kill = call(replicaA, browser, "DELETE", "/spark/" + id, null);
    assertThat(kill.status()).isEqualTo(403);
    assertThat(kill.text("error")).isEqualTo("CSRF_TOKEN_INVALID");
    // Not killed: it runs to its end.
    replicaA.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(60));

    // Another user's session reads nothing of demo's.
    Browser other = signIn(replicaA, "other", "other-pw");
    assertThat(call(replicaA, other, "GET", "/spark/" + id + "/status", null).status())
        .isEqualTo(403);
  }

  @Test
  void aSessionWorksOnEveryReplicaAndSigningOutEndsItOnAll() {
    Browser browser = signIn(replicaA, "admin", "admin-pw");
    assertThat(browser.signIn().json().path("admin").asBoolean()).isTrue();
    assertThat(call(replicaB, browser, "GET", "/admin/clusters", null).status()).isEqualTo(200);

    Reply refused = call(replicaB, browser, "DELETE", "/session", null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(call(replicaA, browser, "GET", "/session", null).status()).isEqualTo(200);

    Reply signOut = call(replicaB, browser, "DELETE", "/session", browser.csrf());
    assertThat(signOut.status()).isEqualTo(204);
    assertThat(signOut.header("Set-Cookie")).contains("bpg_session=;").contains("Max-Age=0");
    Reply after = call(replicaA, browser, "GET", "/submissions", null);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.text("message")).contains("session has ended");
    assertThat(call(replicaA, browser, "GET", "/session", null).status()).isEqualTo(401);
  }

  @Test
  void signingInAgainEndsTheBrowsersPreviousSessionAndNoAnswerIsCached() {
    Browser first = signIn(replicaA, "demo", "demo-pw");
    assertThat(first.signIn().header("Cache-Control")).isEqualTo("no-store");
    assertThat(call(replicaA, first, "GET", "/session", null).header("Cache-Control"))
        .isEqualTo("no-store");
    Reply again =
        replicaA.send(
            replicaA
                .request("/session", null)
                .header("Content-Type", "application/json")
                .header("Cookie", first.cookie())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"demo\",\"password\":\"demo-pw\"}")));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("Set-Cookie")).doesNotContain(first.token());
    assertThat(call(replicaA, first, "GET", "/submissions", null).status()).isEqualTo(401);
  }

  @Test
  void aSessionEndsOnceItsCredentialIsChangedOrRemovedOrItsUserBlocked() {
    Browser demo = signIn(replicaA, "demo", "demo-pw");
    Browser robot = signIn(replicaA, "{\"token\":\"" + API_TOKEN + "\"}");
    Browser other = signIn(replicaA, "other", "other-pw");
    Browser admin = signIn(replicaA, "admin", "admin-pw");

    Reply changedPassword = call(reconfigured, demo, "GET", "/submissions", null);
    assertThat(changedPassword.status()).isEqualTo(401);
    assertThat(changedPassword.text("message")).contains("credentials");
    assertThat(call(reconfigured, robot, "GET", "/submissions", null).status()).isEqualTo(401);
    // Blocked: refused, and the session check clears the browser's cookie and ends the session.
    assertThat(call(reconfigured, other, "GET", "/submissions", null).status()).isEqualTo(403);
    Reply blocked = call(reconfigured, other, "GET", "/session", null);
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.header("Set-Cookie")).contains("bpg_session=;").contains("Max-Age=0");
    assertThat(call(replicaA, other, "GET", "/session", null).status()).isEqualTo(401);
    // Unchanged: still signed in there.
    assertThat(call(reconfigured, admin, "GET", "/admin/clusters", null).status()).isEqualTo(200);
  }

  @Test
  void behindAnAuthenticatingProxyTheConsoleKnowsTheUserFromItsHeader() {
    Reply named =
        behindProxy.send(
            behindProxy
                .request("/session", null)
                .header("X-Auth-User", "carol")
                .header("X-BPG-Console", "1"));
    assertThat(named.status()).as(named.body()).isEqualTo(200);
    assertThat(named.json().path("user").asText()).isEqualTo("carol");
    assertThat(named.json().path("admin").asBoolean()).isTrue();
    assertThat(named.json().path("proxy").asBoolean()).isTrue();
    assertThat(named.json().path("csrfToken").asText()).isEmpty();
    assertThat(named.header("Set-Cookie")).isNull();
    Reply nobody = behindProxy.get("/session", null);
    assertThat(nobody.status()).isEqualTo(401);
    // A gateway that trusts no proxy ignores the header.
    Reply ignored =
        replicaA.send(replicaA.request("/session", null).header("X-Auth-User", "carol"));
    assertThat(ignored.status()).isEqualTo(401);
  }

  @Test
  void aSessionEndsWhenItExpires() {
    Browser browser = signIn(shortLived, "demo", "demo-pw");
    assertThat(browser.signIn().header("Set-Cookie")).contains("Max-Age=2");
    assertThat(call(shortLived, browser, "GET", "/submissions", null).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> call(shortLived, browser, "GET", "/submissions", null).status() == 401);
  }

  @Test
  void wrongCredentialsAndBadBodiesAreRefusedWithoutACookie() {
    for (String body :
        List.of(
            "{\"username\":\"demo\",\"password\":\"wrong\"}",
            "{\"username\":\"nobody\",\"password\":\"demo-pw\"}",
            "{\"token\":\"not-a-token\"}")) {
      Reply reply =
          replicaA.send(
              replicaA
                  .request("/session", null)
                  .header("Content-Type", "application/json")
                  .header("X-BPG-Console", "1")
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      assertThat(reply.status()).as(body).isEqualTo(401);
      assertThat(reply.header("Set-Cookie")).isNull();
      // No Basic challenge for the console: the browser would pop up a password dialog.
      assertThat(reply.wwwAuthenticate()).isNull();
    }
    Reply missing = replicaA.post("/session", null, "application/json", "{\"username\":\"demo\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.text("message")).startsWith("password");
    // A form from another site cannot sign a browser in: JSON only.
    Reply form =
        replicaA.post(
            "/session",
            null,
            "application/x-www-form-urlencoded",
            "username=demo&password=demo-pw");
    assertThat(form.status()).isEqualTo(415);
    // The API's own 401 keeps its challenge.
    assertThat(replicaA.get("/submissions", null).wwwAuthenticate()).startsWith("Basic");
  }

  @Test
  void tokensSignInTooAndAnIdentityProvidersSessionEndsWithItsToken() {
    Browser robot = signIn(replicaA, "{\"token\":\"" + API_TOKEN + "\"}");
    assertThat(robot.signIn().json().path("user").asText()).isEqualTo("robot");
    assertThat(call(replicaA, robot, "GET", "/submissions", null).status()).isEqualTo(200);

    Instant now = Instant.now();
    String jwt = idp.token("carol", List.of("platform"), now);
    Browser carol = signIn(replicaA, "{\"token\":\"" + jwt + "\"}");
    assertThat(carol.signIn().json().path("user").asText()).isEqualTo("carol");
    assertThat(carol.signIn().json().path("admin").asBoolean()).isTrue();
    // The provider's token lasts an hour, less than the 8-hour session: the session ends with it.
    assertThat(carol.signIn().json().path("expiresAt").asLong())
        .isLessThanOrEqualTo(now.plus(Duration.ofHours(1)).toEpochMilli());
    assertThat(call(replicaB, carol, "GET", "/admin/clusters", null).status()).isEqualTo(200);
  }

  @Test
  void theConsolesFilesAreServedWithTheirSecurityHeadersAndNothingElseIs() {
    Reply redirect = replicaA.get("/ui", null);
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).endsWith("/skatev2/ui/");
    Reply index = replicaA.get("/ui/", null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).startsWith("text/html");
    assertThat(index.header("Content-Security-Policy"))
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(index.body()).contains("console.js");
    for (String file : List.of("console.js", "api.js", "console.css", "icon.svg")) {
      assertThat(replicaA.get("/ui/" + file, null).status()).as(file).isEqualTo(200);
    }
    for (String path : List.of("/ui/nothing.js", "/ui/%2e%2e/%2e%2e/etc/passwd", "/ui/a/b.js")) {
      Reply missing = replicaA.get(path, null);
      assertThat(missing.status()).as(path).isIn(400, 404);
      assertThat(missing.json().has("requestId")).as(path).isTrue();
    }
    Reply revalidated =
        replicaA.send(
            replicaA.request("/ui/console.js", null).header("If-None-Match", index.header("ETag")));
    assertThat(revalidated.status()).isEqualTo(200);
    String etag = replicaA.get("/ui/console.js", null).header("ETag");
    assertThat(
            replicaA
                .send(replicaA.request("/ui/console.js", null).header("If-None-Match", etag))
                .status())
        .isEqualTo(304);

    assertThat(withoutConsole.get("/ui/", null).status()).isEqualTo(404);
    assertThat(withoutConsole.post("/session", null, "application/json", "{}").status())
        .isEqualTo(404);
  }
}
