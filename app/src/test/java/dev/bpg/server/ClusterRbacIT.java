package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.TrackingConfig;
import dev.bpg.server.LocalGateways.Users;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Role of {@code deploy/cluster-rbac/role.yaml} against the calls a gateway really makes: a
 * gateway works a local cluster through every endpoint that reaches it (submit, status, driver,
 * spec, describe, logs whole and followed, kill, history), its watch and its reconciliation; the
 * local API server records each call that carries credentials; each one must be granted by the
 * Role, and each grant of the Role must have been used.
 */
class ClusterRbacIT {
  private static final Pattern RESOURCE =
      Pattern.compile(
          "(GET|POST|PUT|PATCH|DELETE) /(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)"
              + "(/[^/?]+)?(/[^/?]+)?(\\?watch)?");

  private LocalGateways local;

  @AfterEach
  void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void theRoleGrantsEveryCallTheGatewayMakesAndNothingElse() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(Users.of("demo"))
                .withTracking(
                    new TrackingConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), null, null))
                .withClusterRequestTimeout(Duration.ofSeconds(2)));
    GatewayTestClient client = LocalGateways.client(gateway);

    String finished =
        client
            .post("/spark", "demo", "application/json", LocalGateways.sparkPi("1s"))
            .text("submissionId");
    client.awaitState(finished, "demo", "COMPLETED", Duration.ofSeconds(30));
    for (String path : new String[] {"/status", "/driver", "/spec", "/describe", "/history"}) {
      assertThat(client.get("/spark/" + finished + path, "demo").status()).as(path).isEqualTo(200);
    }
    assertThat(client.get("/log?subId=" + finished, "demo").status()).isEqualTo(200);
    String running =
        client
            .post("/spark", "demo", "application/json", LocalGateways.sparkPi("10m"))
            .text("submissionId");
    client.awaitState(running, "demo", "RUNNING", Duration.ofSeconds(30));
    try (InputStream followed = client.stream("/log?subId=" + running, "demo")) {
      assertThat(followed.read()).isNotNegative();
    }
    assertThat(client.delete("/spark/" + running, "demo").status()).isEqualTo(200);
    // A create answered too late: the dispatcher asks the cluster whether it landed after all.
    String slow =
        LocalGateways.sparkPi("1s")
            .replace(
                "\"spark.local.simulate.duration\"",
                "\"spark.local.simulate.createDelay\": \"3s\", \"spark.local.simulate.duration\"");
    assertThat(client.post("/spark", "demo", "application/json", slow).status()).isEqualTo(503);

    Set<String> used = new TreeSet<>();
    Set<String> other = new TreeSet<>();
    for (String call : local.cluster("spark-cluster-a").clientCalls()) {
      Matcher m = RESOURCE.matcher(call);
      if (m.matches()) {
        used.add(grant(m));
      } else {
        other.add(call);
      }
    }
    Set<String> granted = new TreeSet<>();
    Role role;
    try (InputStream in = Files.newInputStream(rbac().resolve("role.yaml"))) {
      role = Serialization.unmarshal(in, Role.class);
    }
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + " " + verb);
          }
        }
      }
    }
    System.out.println("ClusterRbacIT: calls " + used + "; outside namespaces " + other);
    // fabric8 reads a pod's log only once the pod is ready or ended: it lists the pod by name and,
    // when it is not ready yet, watches it; here the pods are ready at once, so no watch is seen.
    Set<String> expected = new TreeSet<>(used);
    expected.add("/pods watch");
    assertThat(granted).as("the Role's grants").containsExactlyInAnyOrderElementsOf(expected);
    // Outside any namespace only what every client may read: the version and API discovery.
    assertThat(other)
        .allSatisfy(call -> assertThat(call).matches("GET /(version|api|apis)(/[^/]+){0,2}"));
  }

  /** A call as the grant it needs: {@code group/resource[/subresource] verb}. */
  private static String grant(Matcher call) {
    String method = call.group(1);
    String group = call.group(2) == null ? "" : call.group(2);
    String resource = call.group(3);
    boolean named = call.group(4) != null;
    String subresource = call.group(5);
    boolean watch = call.group(6) != null;
    String verb =
        switch (method) {
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> watch ? "watch" : named ? "get" : "list";
        };
    return group + "/" + resource + (subresource == null ? "" : subresource) + " " + verb;
  }

  private static Path rbac() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("deploy")) ? here : here.getParent();
    return root.resolve("deploy").resolve("cluster-rbac");
  }
}
