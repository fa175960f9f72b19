package dev.bpg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.PasswordHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The processes a bench run measures: local clusters (API servers only) and gateways, each a child
 * JVM in the run's work directory, each gateway on a fresh database, all on free loopback ports.
 */
final class BenchProcesses {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The gateway runs with the client compiler only, as {@code ./bpg} starts it: its code is wide
   * and shallow (HTTP, JSON, JDBC), and the server compiler spent about two thirds of the gateway's
   * CPU compiling it long after start (measured here: 5.9 ms of CPU per submit with it, 2.2 ms
   * without).
   */
  static final String GATEWAY_COMPILER = "-XX:TieredStopAtLevel=1";

  private final Path workDir;
  private final String database;
  private final LocalDatabase localDatabase;
  private final BenchHttp http;
  private final String password = "bench-" + UUID.randomUUID();
  private final String passwordHash = PasswordHash.hash(password, new SecureRandom());
  private final Map<ChildJvm, List<String>> clustersMasters = new IdentityHashMap<>();

  /** Databases created on {@link #localDatabase} so far, one per gateway. */
  private int databases;

  private List<String> gatewayJvmOptions = List.of();
  private Path classArchive;

  /**
   * @param database {@code h2}, {@code postgres}, {@code mariadb} or a JDBC URL
   * @param localDatabase the server of {@code --db postgres|mariadb}; null for H2 or a URL given
   */
  BenchProcesses(Path workDir, String database, LocalDatabase localDatabase, BenchHttp http) {
    this.workDir = workDir;
    this.database = database;
    this.localDatabase = localDatabase;
    this.http = http;
  }

  /** Whether the gateways start from a class-data-sharing archive. */
  boolean sharesClasses() {
    return classArchive != null;
  }

  /**
   * Starts the gateway once, as a deployment would when building its image, to write an application
   * class-data-sharing archive: every gateway the bench measures then starts from it, as {@code
   * ./bpg} does after its first run. Without the archive (it could not be written) they start
   * without it.
   */
  void prepareClassArchive() throws Exception {
    Path archive = workDir.resolve("gateway.jsa");
    gatewayJvmOptions =
        List.of(
            "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error", "-Xlog:cds+dynamic=error");
    try (ChildJvm clusters = startClusters(1);
        GatewayProcess gateway = startGateway(masters(clusters))) {
      String body = BenchCalls.request();
      for (int i = 0; i < 50; i++) {
        HttpResponse<String> created =
            http.send(
                gateway
                    .request("/skatev2/spark")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (BenchCalls.created(created)) {
          String id = JSON.readTree(created.body()).path("submissionId").asText();
          http.send(gateway.request("/skatev2/spark/" + id + "/status").GET());
        }
      }
    } finally {
      gatewayJvmOptions = List.of();
    }
    if (Files.exists(archive) && Files.size(archive) > 0) {
      classArchive = archive;
      gatewayJvmOptions = List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
    }
  }

  ChildJvm startClusters(int count) throws Exception {
    return startClusters(count, false);
  }

  /**
   * Local clusters on free ports: API servers only, or with their local operators simulating the
   * runs (pods, logs and states, no Spark) for {@code withOperator}.
   */
  ChildJvm startClusters(int count, boolean withOperator) throws Exception {
    int port = freePorts(count);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "local-clusters",
                "--count",
                Integer.toString(count),
                "--port",
                Integer.toString(port),
                "--kubeconfig",
                workDir.resolve("kubeconfig-" + port).toString()));
    arguments.add(withOperator ? "--simulate" : "--no-operator");
    ChildJvm clusters = ChildJvm.start("clusters-" + port, List.of("-Xmx2g"), arguments, workDir);
    List<String> masters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      masters.add("http://127.0.0.1:" + (port + i));
    }
    clustersMasters.put(clusters, masters);
    for (String master : masters) {
      http.awaitUp(clusters, URI.create(master + "/version"), Duration.ofSeconds(60));
    }
    return clusters;
  }

  List<String> masters(ChildJvm clusters) {
    return clustersMasters.get(clusters);
  }

  static List<String> clusterIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("spark-cluster-" + (char) ('a' + i));
    }
    return ids;
  }

  GatewayProcess startGateway(List<String> masters) throws Exception {
    return startGateway(masters, null);
  }

  /**
   * A gateway for these clusters; with {@code maxSubmitRate}, each cluster is paced at that rate
   * and the queue may hold a whole burst.
   */
  GatewayProcess startGateway(List<String> masters, Double maxSubmitRate) throws Exception {
    return startGateway(masters, maxSubmitRate, "");
  }

  /**
   * A gateway for these clusters, with {@code moreConfig} (top-level YAML sections) added to its
   * configuration.
   */
  GatewayProcess startGateway(List<String> masters, Double maxSubmitRate, String moreConfig)
      throws Exception {
    int port = freePorts(1);
    Path dir = Files.createTempDirectory(workDir, "gateway-");
    // A fresh database for every gateway, as a fresh H2 file; a URL given is used as it is.
    String url =
        database.equals("h2")
            ? "jdbc:h2:file:" + dir.resolve("bpg")
            : localDatabase != null
                ? localDatabase.createDatabase("bench_" + (++databases))
                : database;
    StringBuilder config = new StringBuilder();
    config
        .append(
            "server:\n"
                + "  type: simple\n"
                + "  applicationContextPath: /\n"
                + "  adminContextPath: /dropwizard\n")
        .append("  requestLog:\n    appenders: []\n")
        .append("  gzip:\n    enabled: false\n")
        .append("  connector:\n    type: http\n    bindHost: 127.0.0.1\n    port: ")
        .append(port)
        .append('\n')
        .append("logging:\n  level: WARN\n")
        // One bench user stands for many clients: per-user rate limits would measure themselves.
        .append("api:\n  rateLimits:\n    submitsPerMinute: 100000000\n")
        .append("    submitBurst: 100000000\n")
        .append("auth:\n  adminUsers: [")
        .append(BenchCalls.USER)
        .append("]\n  users:\n    - name: ")
        .append(BenchCalls.USER)
        .append("\n      passwordHash: \"")
        .append(passwordHash)
        .append("\"\n")
        .append("database:\n  url: \"")
        .append(url)
        .append("\"\n")
        .append(
            "spark:\n"
                + "  images:\n"
                + "    - name: apache/spark:3.5.0\n"
                + "      types: [Java, Scala, Python]\n")
        .append("      version: \"3.5.0\"\n")
        .append("queues:\n  - name: dev\n    maxQueued: 1000000\n")
        .append("clusters:\n");
    List<String> ids = clusterIds(masters.size());
    for (int i = 0; i < masters.size(); i++) {
      config
          .append("  - id: ")
          .append(ids.get(i))
          .append("\n    masterUrl: ")
          .append(masters.get(i))
          .append("\n    token: local-token\n    namespace: ")
          .append(BenchCalls.NAMESPACE)
          .append("\n    serviceAccount: spark")
          .append("\n    weight: 10\n    sparkVersions: [\"3.5.0\"]\n    queues: [dev]\n");
      if (maxSubmitRate != null) {
        config.append("    maxSubmitRate: ").append(maxSubmitRate).append('\n');
      }
    }
    config.append(moreConfig);
    Path file = dir.resolve("bench.yaml");
    Files.writeString(file, config);
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", GATEWAY_COMPILER));
    jvm.addAll(gatewayJvmOptions);
    // For profiling a bench run, e.g.
    // BPG_BENCH_GATEWAY_OPTS=-XX:StartFlightRecording=filename=/tmp/gw-{port}.jfr
    String extra = System.getenv("BPG_BENCH_GATEWAY_OPTS");
    if (extra != null && !extra.isBlank()) {
      jvm.addAll(List.of(extra.trim().replace("{port}", Integer.toString(port)).split("\\s+")));
    }
    ChildJvm process =
        ChildJvm.start("gateway-" + port, jvm, List.of("server", file.toString()), dir);
    GatewayProcess gateway = new GatewayProcess(process, port, http, password);
    http.awaitUp(
        process, URI.create("http://127.0.0.1:" + port + "/ready"), Duration.ofSeconds(60));
    gateway.ready(System.nanoTime());
    return gateway;
  }

  /** A run of free consecutive ports. */
  private static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      // Below Linux's ephemeral range (32768 and up), so that no outgoing connection takes the
      // port between this check and the child's bind.
      int base = 10_000 + ThreadLocalRandom.current().nextInt(22_000 - count);
      boolean free = true;
      for (int i = 0; i < count && free; i++) {
        try (ServerSocket socket = new ServerSocket(base + i)) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + count + " free consecutive ports");
  }
}
