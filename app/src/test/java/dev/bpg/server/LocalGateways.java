package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import dev.bpg.cli.LocalSetup;
import dev.bpg.config.ApiConfig;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.PasswordHash;
import dev.bpg.config.RateLimitsConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.local.LocalClusterSpec;
import dev.bpg.local.LocalClusters;
import dev.bpg.local.LocalRunMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the end-to-end tests share: local clusters, gateways started on them over real HTTP on free
 * ports, and clients. Users are {@code <name>} with password {@code <name>-pw}. Closing stops the
 * gateways still running, newest first, then the clusters.
 */
public final class LocalGateways implements AutoCloseable {
  /** Full-strength PBKDF2 takes a while: each user's hash is computed once per test JVM. */
  private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalClusters clusters;
  private final Deque<GatewayServer> gateways = new ArrayDeque<>();

  private LocalGateways(LocalClusters clusters) {
    this.clusters = clusters;
  }

  /** Local clusters with these IDs whose operators simulate runs. */
  public static LocalGateways start(String... clusterIds) {
    return start(LocalRunMode.simulated(), clusterIds);
  }

  public static LocalGateways start(LocalRunMode mode, String... clusterIds) {
    return new LocalGateways(
        LocalClusters.start(
            Arrays.stream(clusterIds)
                .map(id -> new LocalClusterSpec(id, LocalSetup.NAMESPACE, 0))
                .toList(),
            Clock.systemUTC(),
            mode));
  }

  public LocalClusters clusters() {
    return clusters;
  }

  public LocalCluster cluster(String id) {
    return clusters.cluster(id);
  }

  /** How many SparkApplications the local cluster holds in the demo's namespace. */
  public int applications(String clusterId) {
    return clusters
        .cluster(clusterId)
        .client()
        .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
        .inNamespace(LocalSetup.NAMESPACE)
        .list()
        .getItems()
        .size();
  }

  /** The repository's {@code examples/sparkpi.json}, as a newcomer submits it. */
  public static String sparkPi() throws IOException {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    return Files.readString(root.resolve("examples").resolve("sparkpi.json"));
  }

  /** The same job, simulated on the local clusters for this long (such as "200ms"). */
  public static String sparkPi(String simulatedDuration) throws IOException {
    return sparkPi()
        .replace(
            "\"queue\": \"dev\",",
            "\"queue\": \"dev\", \"sparkConf\": {\"spark.local.simulate.duration\": \""
                + simulatedDuration
                + "\"},");
  }

  /** The demo's configuration for these clusters on a database of its own (H2 in memory). */
  public GatewayConfiguration configuration(Users users) {
    return configuration("jdbc:h2:mem:gateway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", users);
  }

  /** The demo's configuration for these clusters on the given database, with these users. */
  public GatewayConfiguration configuration(String databaseUrl, Users users) {
    // Load and fault tests submit hundreds of jobs as one user: no per-user submit rate here
    // (RateLimitIT sets its own limits, other tests that set api get the defaults).
    return LocalSetup.configuration(clusters.clusters(), "127.0.0.1", 0, databaseUrl)
        .withAuth(users.auth())
        .withApi(new ApiConfig(null, null, new RateLimitsConfig(1_000_000, 1_000_000, null, null)));
  }

  /**
   * The configuration file of a gateway in a process of its own ({@code ./bpg server FILE}) on
   * these clusters: user {@code demo} (password {@code demo-pw}), queue {@code dev} with at most
   * {@code maxRunning} applications, reconciliation every 2 s.
   */
  public String childConfiguration(
      int port, String databaseUrl, String replicaId, int maxRunning, Duration requestTimeout) {
    StringBuilder yaml =
        new StringBuilder(
            """
            server:
              type: simple
              applicationContextPath: /
              adminContextPath: /dropwizard
              requestLog:
                appenders: []
              connector:
                type: http
                bindHost: 127.0.0.1
                port: %d
            logging:
              level: WARN
            replicaId: %s
            api:
              rateLimits:
                submitsPerMinute: 1000000
                submitBurst: 1000000
            auth:
              users:
                - name: demo
                  passwordHash: "%s"
            database:
              url: "%s"
            tracking:
              reconcileInterval: 2s
              reconcileGrace: 5s
            shutdown:
              drain: 1s
            spark:
              images:
                - name: apache/spark:3.5.0
                  types: [Java, Scala, Python]
                  version: "3.5.0"
            queues:
              - name: dev
                maxRunningApplications: %d
            clusters:
            """
                .formatted(port, replicaId, Users.hash("demo"), databaseUrl, maxRunning));
    for (LocalCluster cluster : clusters.clusters()) {
      yaml.append(
          """
            - id: %s
              weight: 50
              masterUrl: %s
              token: local-token
              namespace: %s
              serviceAccount: spark
              sparkVersions: ["3.5.0"]
              queues: [dev]
              requestTimeout: %ds
          """
              .formatted(
                  cluster.id(),
                  cluster.masterUrl(),
                  LocalSetup.NAMESPACE,
                  requestTimeout.toSeconds()));
    }
    return yaml.toString();
  }

  /** Starts a gateway on a free port; it is stopped by {@link #close} if the test has not. */
  public GatewayServer startGateway(GatewayConfiguration config) throws Exception {
    return startGateway(config, Clock.systemUTC());
  }

  public GatewayServer startGateway(GatewayConfiguration config, Clock clock) throws Exception {
    GatewayServer gateway = GatewayServer.start(config, clock);
    gateways.push(gateway);
    return gateway;
  }

  /** Stops a gateway now, as its process would stop. */
  public void stopGateway(GatewayServer gateway) throws Exception {
    gateways.remove(gateway);
    gateway.close();
  }

  public static GatewayTestClient client(GatewayServer gateway) {
    return new GatewayTestClient(gateway.port());
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!gateways.isEmpty()) {
      try {
        gateways.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    clusters.close();
    if (first != null) {
      throw first;
    }
  }

  /** The users of a test's gateway: each {@code <name>} with password {@code <name>-pw}. */
  public record Users(
      List<String> names,
      List<String> admins,
      List<String> blocked,
      List<String> delegating,
      List<String> queueTokenSecrets) {
    public Users {
      names = List.copyOf(names);
      admins = List.copyOf(admins);
      blocked = List.copyOf(blocked);
      delegating = List.copyOf(delegating);
      queueTokenSecrets = List.copyOf(queueTokenSecrets);
    }

    public static Users of(String... names) {
      return new Users(List.of(names), List.of(), List.of(), List.of(), List.of());
    }

    public Users withAdmins(String... admins) {
      return new Users(names, List.of(admins), blocked, delegating, queueTokenSecrets);
    }

    public Users withBlocked(String... blockedUsers) {
      return new Users(names, admins, List.of(blockedUsers), delegating, queueTokenSecrets);
    }

    public Users withDelegating(String... delegatingUsers) {
      return new Users(names, admins, blocked, List.of(delegatingUsers), queueTokenSecrets);
    }

    public Users withQueueTokenSecrets(String... secrets) {
      return new Users(names, admins, blocked, delegating, List.of(secrets));
    }

    AuthConfig auth() {
      return new AuthConfig(
          names.stream().map(name -> new AuthConfig.UserConfig(name, hash(name))).toList(),
          null,
          blocked.isEmpty() ? null : blocked,
          admins.isEmpty() ? null : admins,
          delegating.isEmpty() ? null : delegating,
          null,
          queueTokenSecrets,
          null,
          null,
          null,
          null,
          null);
    }

    private static String hash(String name) {
      requireNonNull(name, "name is null");
      return HASHES.computeIfAbsent(name, n -> PasswordHash.hash(n + "-pw", RANDOM));
    }
  }
}
