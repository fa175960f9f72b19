package dev.bpg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.config.PasswordHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./bpg bench}: starts local clusters and the gateway as separate processes and drives them
 * over HTTP, measuring in the same run the gateway and the ceiling — the same calls sent straight to
 * the same API servers, from the same stored state (the clusters are restarted empty between the two).
 * Figures: submit throughput and latency against the create ceiling at several concurrencies; status
 * reads for random IDs against the API servers' own GETs with many applications tracked; freshness
 * from a status written on an API server to the gateway answering it; heap, RSS, threads, start-up.
 */
public final class Benchmark {
  private static final String USER = "bench";
  private static final String NAMESPACE = "spark-operator";
  private static final String API = "/apis/sparkoperator.k8s.io/v1beta2/namespaces/" + NAMESPACE + "/sparkapplications";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /**
   * The gateway runs with the client compiler only, as {@code ./bpg} starts it: its code is wide and
   * shallow (HTTP, JSON, JDBC), and the server compiler spent about two thirds of the gateway's CPU
   * compiling it long after start (measured here: 5.9 ms of CPU per submit with it, 2.2 ms without).
   */
  static final String GATEWAY_COMPILER = "-XX:TieredStopAtLevel=1";

  /** What to measure and how much. */
  public record Options(
      List<Integer> clients, int clusters, int tracked, int submissions, int warmUp, int statusReads,
      int statusClients, int freshnessSamples, String database, boolean quick, Path out) {

    public static Options full(Path out) {
      return new Options(List.of(1, 8, 32, 64), 10, 100_000, 3_000, 2_000, 20_000, 32, 200, "h2", false, out);
    }

    public static Options quick(Path out) {
      return new Options(List.of(1, 4), 2, 200, 40, 20, 400, 4, 10, "h2", true, out);
    }
  }

  private final Options options;
  private final Path workDir;
  private final LocalDatabase localDatabase;
  /** Databases created on {@link #localDatabase} so far, one per gateway. */
  private int databases;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String password = "bench-" + UUID.randomUUID();
  private final String passwordHash = PasswordHash.hash(password, new SecureRandom());
  private int errors;

  /** @param localDatabase the server of {@code --db postgres|mariadb}; null for H2 or a URL given */
  private Benchmark(Options options, Path workDir, LocalDatabase localDatabase) {
    this.options = options;
    this.workDir = workDir;
    this.localDatabase = localDatabase;
  }

  public static JsonNode run(Options options) throws Exception {
    Path workDir = Files.createTempDirectory("bpg-bench-");
    if (!LocalDatabase.isKind(options.database())) {
      return new Benchmark(options, workDir, null).measure();
    }
    System.out.println("starting a local " + options.database() + " server");
    try (LocalDatabase server = LocalDatabase.start(options.database(), LocalDatabase.defaultModuleTarget(),
        workDir)) {
      return new Benchmark(options, workDir, server).measure();
    }
  }

  private JsonNode measure() throws Exception {
    ObjectNode results = JSON.createObjectNode();
    ObjectNode parameters = results.putObject("parameters");
    parameters.put("clients", options.clients().toString());
    parameters.put("clusters", options.clusters());
    parameters.put("tracked", options.tracked());
    parameters.put("submissions_per_level", options.submissions());
    parameters.put("warm_up_calls", options.warmUp());
    parameters.put("status_reads", options.statusReads());
    parameters.put("status_clients", options.statusClients());
    parameters.put("freshness_samples", options.freshnessSamples());
    parameters.put("db", options.database());
    parameters.put("quick", options.quick());
    parameters.put("cores", Runtime.getRuntime().availableProcessors());
    parameters.put("java", System.getProperty("java.version"));

    prepareClassArchive();
    parameters.put("class_data_sharing", classArchive != null);

    ArrayNode levels = results.putArray("submit_levels");
    for (int clients : options.clients()) {
      levels.add(submitLevel(clients));
    }
    JsonNode headline = headlineLevel(levels);
    results.put("submit_clients", headline.path("clients").asInt());
    results.put("submit_rps", headline.path("submit_rps").asDouble());
    results.put("ceiling_rps", headline.path("ceiling_rps").asDouble());
    results.put("submit_to_ceiling", headline.path("submit_to_ceiling").asDouble());
    results.put("submit_p50_ms", headline.path("submit_p50_ms").asDouble());
    results.put("submit_p99_ms", headline.path("submit_p99_ms").asDouble());
    results.put("ceiling_p99_ms", headline.path("ceiling_p99_ms").asDouble());
    trackedPhase(results);
    results.put("errors", errors);
    Files.writeString(options.out(), JSON.writeValueAsString(results));
    return results;
  }

  private static JsonNode headlineLevel(ArrayNode levels) {
    JsonNode best = levels.get(levels.size() - 1);
    for (JsonNode level : levels) {
      if (level.path("clients").asInt() == 32) {
        return level;
      }
    }
    return best;
  }

  private Path classArchive;

  /**
   * Starts the gateway once, as a deployment would when building its image, to write an application
   * class-data-sharing archive: every gateway the bench measures then starts from it, as {@code ./bpg}
   * does after its first run. Without the archive (it could not be written) they start without it.
   */
  private void prepareClassArchive() throws Exception {
    Path archive = workDir.resolve("gateway.jsa");
    gatewayJvmOptions = List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error", "-Xlog:cds+dynamic=error");
    try (ChildJvm clusters = startClusters(1); Gateway gateway = startGateway(masters(clusters))) {
      String body = request();
      for (int i = 0; i < 50; i++) {
        HttpResponse<String> created = send(gateway.request("/skatev2/spark")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created(created)) {
          String id = JSON.readTree(created.body()).path("submissionId").asText();
          send(gateway.request("/skatev2/spark/" + id + "/status").GET());
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

  private List<String> gatewayJvmOptions = List.of();

  /** One concurrency: the create ceiling on empty clusters, then the gateway on empty clusters. */
  private ObjectNode submitLevel(int clients) throws Exception {
    int calls = options.submissions();
    LoadResult ceiling;
    double ceilingServerCpu;
    try (ChildJvm clusters = startClusters(options.clusters() > 4 ? 4 : options.clusters())) {
      List<String> masters = masters(clusters);
      LoadRunner.Call create = i -> created(send(HttpRequest.newBuilder(
              URI.create(masters.get(i % masters.size()) + API))
          .header("Authorization", "Bearer local-token")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(manifest("ceil-" + UUID.randomUUID(), null)))));
      warmUp(clients, create);
      double cpuBefore = clusters.cpuSeconds();
      ceiling = LoadRunner.run(clients, calls, create);
      ceilingServerCpu = clusters.cpuSeconds() - cpuBefore;
    }
    LoadResult submit;
    double gatewayCpu;
    double serverCpu;
    try (ChildJvm clusters = startClusters(options.clusters() > 4 ? 4 : options.clusters());
        Gateway gateway = startGateway(masters(clusters))) {
      String body = request();
      LoadRunner.Call post = i -> created(send(gateway.request("/skatev2/spark")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))));
      warmUp(clients, post);
      double gatewayBefore = gateway.process.cpuSeconds();
      double serverBefore = clusters.cpuSeconds();
      submit = LoadRunner.run(clients, calls, post);
      gatewayCpu = gateway.process.cpuSeconds() - gatewayBefore;
      serverCpu = clusters.cpuSeconds() - serverBefore;
    }
    errors += ceiling.errors() + submit.errors();
    ObjectNode level = JSON.createObjectNode();
    level.put("clients", clients);
    level.put("calls", calls);
    level.put("submit_rps", round(submit.perSecond()));
    level.put("ceiling_rps", round(ceiling.perSecond()));
    level.put("submit_to_ceiling", round(submit.perSecond() / ceiling.perSecond()));
    level.put("submit_p50_ms", round(submit.p50Millis()));
    level.put("submit_p95_ms", round(submit.p95Millis()));
    level.put("submit_p99_ms", round(submit.p99Millis()));
    level.put("ceiling_p50_ms", round(ceiling.p50Millis()));
    level.put("ceiling_p99_ms", round(ceiling.p99Millis()));
    level.put("gateway_cpu_ms_per_submit", round(gatewayCpu * 1000 / calls));
    level.put("api_server_cpu_ms_per_create", round(serverCpu * 1000 / calls));
    level.put("api_server_cpu_ms_per_create_ceiling", round(ceilingServerCpu * 1000 / calls));
    level.put("errors", submit.errors() + ceiling.errors());
    System.out.printf(Locale.ROOT, "submit  %2d clients: gateway %7.1f/s (p50 %6.2f, p95 %6.2f, p99 %6.2f ms)"
            + "  ceiling %7.1f/s (p99 %6.2f ms)  ratio %.2f  errors %d; CPU per call: gateway %.2f ms,"
            + " API server %.2f ms (%.2f ms in the ceiling run)%n", clients, submit.perSecond(),
        submit.p50Millis(), submit.p95Millis(), submit.p99Millis(), ceiling.perSecond(), ceiling.p99Millis(),
        submit.perSecond() / ceiling.perSecond(), submit.errors() + ceiling.errors(), gatewayCpu * 1000 / calls,
        serverCpu * 1000 / calls, ceilingServerCpu * 1000 / calls);
    return level;
  }

  /**
   * The same calls before measuring, on both sides alike, so that figures describe running JVMs rather
   * than their JIT compilers; the ceiling's API servers then also hold as many objects as the gateway's.
   */
  private void warmUp(int clients, LoadRunner.Call call) throws InterruptedException {
    LoadResult warm = LoadRunner.run(clients, options.warmUp(), call);
    errors += warm.errors();
  }

  /** Many applications tracked: memory, status reads against the API servers' GETs, freshness, start-up. */
  private void trackedPhase(ObjectNode results) throws Exception {
    try (ChildJvm clusters = startClusters(options.clusters())) {
      List<String> masters = masters(clusters);
      List<String> clusterIds = clusterIds(options.clusters());
      long spawned = System.nanoTime();
      try (Gateway gateway = startGateway(masters)) {
        long startupMillis = (gateway.readyNanos() - spawned) / 1_000_000;
        long baseHeap = gateway.heapAfterGc();
        int k = options.tracked();
        String[] names = new String[k];
        for (int i = 0; i < k; i++) {
          names[i] = clusterIds.get(i % clusterIds.size()) + "-" + UUID.randomUUID().toString().replace("-", "");
        }
        long createStart = System.nanoTime();
        LoadResult creates = LoadRunner.run(16, k, i -> created(send(HttpRequest.newBuilder(
                URI.create(masters.get(i % masters.size()) + API))
            .header("Authorization", "Bearer local-token").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(manifest(names[i], USER))))));
        errors += creates.errors();
        gateway.awaitTracked(k, Duration.ofMinutes(20));
        double trackSeconds = (System.nanoTime() - createStart) / 1e9;
        long heap = gateway.heapAfterGc();
        long rss = gateway.rss();
        int threadsBefore = gateway.threads();

        Random random = new Random(7);
        int reads = options.statusReads();
        int[] picks = new int[reads];
        for (int i = 0; i < reads; i++) {
          picks[i] = random.nextInt(k);
        }
        LoadResult ceiling = LoadRunner.run(options.statusClients(), reads, i -> ok(send(HttpRequest.newBuilder(
                URI.create(masters.get(picks[i] % masters.size()) + API + "/" + names[picks[i]]))
            .header("Authorization", "Bearer local-token").GET())));
        LoadResult status = LoadRunner.run(options.statusClients(), reads, i -> ok(send(
            gateway.request("/skatev2/spark/" + names[picks[i]] + "/status").GET())));
        errors += ceiling.errors() + status.errors();
        int threadsAfter = gateway.threads();

        long[] freshness = new long[options.freshnessSamples()];
        for (int i = 0; i < freshness.length; i++) {
          int pick = random.nextInt(k);
          String state = i % 2 == 0 ? "RUNNING" : "SUBMITTED";
          freshness[i] = freshness(gateway, masters.get(pick % masters.size()), names[pick], state);
        }
        LoadResult fresh = LoadResult.of(freshness, 0, 1);

        results.put("tracked_apps", k);
        results.put("track_seconds", round(trackSeconds));
        results.put("status_rps", round(status.perSecond()));
        results.put("status_ceiling_rps", round(ceiling.perSecond()));
        results.put("status_to_ceiling", round(status.perSecond() / ceiling.perSecond()));
        results.put("status_p50_ms", round(status.p50Millis()));
        results.put("status_p99_ms", round(status.p99Millis()));
        results.put("status_ceiling_p99_ms", round(ceiling.p99Millis()));
        results.put("freshness_p50_ms", round(fresh.p50Millis()));
        results.put("freshness_p99_ms", round(fresh.p99Millis()));
        results.put("heap_base_mb", round(baseHeap / 1048576.0));
        results.put("heap_mb", round(heap / 1048576.0));
        results.put("heap_growth_bytes_per_app", round((heap - baseHeap) / (double) k));
        results.put("rss_mb", round(rss / 1048576.0));
        results.put("threads", threadsAfter);
        results.put("threads_before_reads", threadsBefore);
        results.put("startup_ms", startupMillis);
        System.out.printf(Locale.ROOT, "tracked %d applications in %.1f s; heap %.1f MB after GC (%.1f MB empty,"
                + " %.0f bytes/app), RSS %.0f MB, threads %d -> %d%n", k, trackSeconds, heap / 1048576.0,
            baseHeap / 1048576.0, (heap - baseHeap) / (double) k, rss / 1048576.0, threadsBefore, threadsAfter);
        System.out.printf(Locale.ROOT, "status  %2d clients: gateway %7.1f/s (p99 %6.2f ms)  API server %7.1f/s"
                + " (p99 %6.2f ms)  ratio %.2f%n", options.statusClients(), status.perSecond(), status.p99Millis(),
            ceiling.perSecond(), ceiling.p99Millis(), status.perSecond() / ceiling.perSecond());
        System.out.printf(Locale.ROOT, "freshness: p50 %.2f ms, p99 %.2f ms; start-up %d ms%n",
            fresh.p50Millis(), fresh.p99Millis(), startupMillis);
      }
    }
  }

  /** From a status written on the API server to the gateway's status endpoint answering it, in ns. */
  private long freshness(Gateway gateway, String master, String name, String state) throws Exception {
    HttpResponse<String> patched = send(HttpRequest.newBuilder(URI.create(master + API + "/" + name + "/status"))
        .header("Authorization", "Bearer local-token")
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(
            "{\"status\":{\"applicationState\":{\"state\":\"" + state + "\"}}}")));
    long written = System.nanoTime();
    if (patched.statusCode() / 100 != 2) {
      errors++;
      return 0;
    }
    long deadline = written + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = send(gateway.request("/skatev2/spark/" + name + "/status").GET());
      if (status.statusCode() == 200 && status.body().contains("\"applicationState\":\"" + state + "\"")) {
        return System.nanoTime() - written;
      }
    }
    errors++;
    return Duration.ofSeconds(10).toNanos();
  }

  private ChildJvm startClusters(int count) throws Exception {
    int port = freePorts(count);
    ChildJvm clusters = ChildJvm.start("clusters-" + port, List.of("-Xmx2g"), List.of("local-clusters",
        "--count", Integer.toString(count), "--port", Integer.toString(port), "--no-operator",
        "--kubeconfig", workDir.resolve("kubeconfig-" + port).toString()), workDir);
    List<String> masters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      masters.add("http://127.0.0.1:" + (port + i));
    }
    clustersMasters.put(clusters, masters);
    for (String master : masters) {
      awaitUp(clusters, URI.create(master + "/version"), Duration.ofSeconds(60));
    }
    return clusters;
  }

  private final java.util.Map<ChildJvm, List<String>> clustersMasters = new java.util.IdentityHashMap<>();

  private List<String> masters(ChildJvm clusters) {
    return clustersMasters.get(clusters);
  }

  private static List<String> clusterIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("spark-cluster-" + (char) ('a' + i));
    }
    return ids;
  }

  private Gateway startGateway(List<String> masters) throws Exception {
    int port = freePorts(1);
    Path dir = Files.createTempDirectory(workDir, "gateway-");
    // A fresh database for every gateway, as a fresh H2 file; a URL given is used as it is.
    String database = options.database().equals("h2") ? "jdbc:h2:file:" + dir.resolve("bpg")
        : localDatabase != null ? localDatabase.createDatabase("bench_" + (++databases))
        : options.database();
    StringBuilder config = new StringBuilder();
    config.append("server:\n  type: simple\n  applicationContextPath: /\n  adminContextPath: /dropwizard\n")
        .append("  requestLog:\n    appenders: []\n")
        .append("  gzip:\n    enabled: false\n")
        .append("  connector:\n    type: http\n    bindHost: 127.0.0.1\n    port: ").append(port).append('\n')
        .append("logging:\n  level: WARN\n")
        .append("auth:\n  users:\n    - name: ").append(USER).append("\n      passwordHash: \"")
        .append(passwordHash).append("\"\n")
        .append("database:\n  url: \"").append(database).append("\"\n")
        .append("spark:\n  images:\n    - name: apache/spark:3.5.0\n      types: [Java, Scala, Python]\n")
        .append("      version: \"3.5.0\"\n")
        .append("queues:\n  - name: dev\n")
        .append("clusters:\n");
    List<String> ids = clusterIds(masters.size());
    for (int i = 0; i < masters.size(); i++) {
      config.append("  - id: ").append(ids.get(i)).append("\n    masterUrl: ").append(masters.get(i))
          .append("\n    token: local-token\n    namespace: ").append(NAMESPACE)
          .append("\n    weight: 10\n    sparkVersions: [\"3.5.0\"]\n    queues: [dev]\n");
    }
    Path file = dir.resolve("bench.yaml");
    Files.writeString(file, config);
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", GATEWAY_COMPILER));
    jvm.addAll(gatewayJvmOptions);
    // For profiling a bench run, e.g. BPG_BENCH_GATEWAY_OPTS=-XX:StartFlightRecording=filename=/tmp/gw-{port}.jfr
    String extra = System.getenv("BPG_BENCH_GATEWAY_OPTS");
    if (extra != null && !extra.isBlank()) {
      jvm.addAll(List.of(extra.trim().replace("{port}", Integer.toString(port)).split("\\s+")));
    }
    ChildJvm process = ChildJvm.start("gateway-" + port, jvm, List.of("server", file.toString()), dir);
    Gateway gateway = new Gateway(process, port);
    awaitUp(process, URI.create("http://127.0.0.1:" + port + "/ready"), Duration.ofSeconds(60));
    gateway.readyNanos = System.nanoTime();
    return gateway;
  }

  private void awaitUp(ChildJvm process, URI uri, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("a bench process stopped:\n" + process.logTail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(uri + " did not answer in time:\n" + process.logTail());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean created(HttpResponse<String> response) {
    return response.statusCode() == 200 || response.statusCode() == 201;
  }

  private static boolean ok(HttpResponse<String> response) {
    return response.statusCode() == 200;
  }

  /** A run of free consecutive ports. */
  private static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
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

  /** The request the clients submit: the AWS blog's SparkPi. */
  private static String request() {
    return """
        {"applicationName": "SparkPiBench", "queue": "dev", "sparkVersion": "3.5.0",
         "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
         "mainClass": "org.apache.spark.examples.SparkPi", "arguments": ["1000"],
         "driver": {"cores": 1, "memory": "2g", "serviceAccount": "spark", "labels": {"version": "3.5.0"}},
         "executor": {"instances": 2, "cores": 1, "memory": "2g", "labels": {"version": "3.5.0"}}}
        """;
  }

  /** A SparkApplication like the one the gateway creates for {@link #request()}. */
  private static String manifest(String name, String owner) {
    String annotations = owner == null ? "" : ", \"annotations\": {\"bpg.dev/owner\": \"" + owner
        + "\", \"bpg.dev/submitted-by\": \"" + owner + "\", \"bpg.dev/queue\": \"dev\"}";
    return """
        {"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
         "metadata": {"name": "%s", "namespace": "%s",
           "labels": {"proxyUser": "bench", "submittedBy": "bench", "applicationName": "SparkPiBench",
                      "queue": "root.dev", "maxRunningMillis": "43200000"}%s},
         "spec": {"type": "Java", "sparkVersion": "3.5.0", "mode": "cluster", "image": "apache/spark:3.5.0",
           "mainClass": "org.apache.spark.examples.SparkPi",
           "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
           "arguments": ["1000"], "sparkConf": {"spark.app.name": "SparkPiBench"},
           "driver": {"cores": 1, "coreLimit": "1000m", "memory": "2g", "serviceAccount": "spark",
             "labels": {"version": "3.5.0"},
             "annotations": {"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
             "affinity": {"nodeAffinity": {}}},
           "executor": {"cores": 1, "coreLimit": "1000m", "memory": "2g", "instances": 2,
             "labels": {"version": "3.5.0"},
             "annotations": {"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
             "affinity": {"nodeAffinity": {}}, "dnsConfig": {"options": [{"name": "ndots", "value": "1"}]}}}}
        """.formatted(name, NAMESPACE, annotations);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** The gateway process and the calls the bench makes on it. */
  private final class Gateway implements AutoCloseable {
    private final ChildJvm process;
    private final int port;
    private long readyNanos;
    private final String authorization;

    Gateway(ChildJvm process, int port) {
      this.process = process;
      this.port = port;
      this.authorization = "Basic " + Base64.getEncoder()
          .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    long readyNanos() {
      return readyNanos;
    }

    HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", authorization);
    }

    long heapAfterGc() throws Exception {
      for (int i = 0; i < 2; i++) {
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dropwizard/tasks/gc"))
            .POST(HttpRequest.BodyPublishers.noBody()));
      }
      return (long) metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    int threads() throws Exception {
      return (int) metric("jvm_threads_live_threads", "");
    }

    long rss() {
      return process.rssBytes();
    }

    void awaitTracked(int count, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (metric("bpg_tracked_applications", "") >= count) {
          return;
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException("the gateway did not track " + count + " applications in time");
    }

    /** The sum of a metric's series whose labels contain {@code labelPart}. */
    private double metric(String name, String labelPart) throws Exception {
      String text = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET()).body();
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith(name) && (line.length() == name.length() || line.charAt(name.length()) == '{'
            || line.charAt(name.length()) == ' ') && line.contains(labelPart)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
