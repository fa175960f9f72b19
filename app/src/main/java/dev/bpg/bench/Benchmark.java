package dev.bpg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * {@code ./bpg bench}: starts local clusters and the gateway as separate processes and drives them
 * over HTTP, measuring in the same run the gateway and the ceiling — the same calls sent straight
 * to the same API servers, from the same stored state (the clusters are restarted empty between the
 * two). Figures: submit throughput and latency against the create ceiling at several concurrencies;
 * status reads for random IDs against the API servers' own GETs with many applications tracked;
 * freshness from a status written on an API server to the gateway answering it; heap, RSS, threads,
 * start-up.
 */
public final class Benchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final BenchOptions options;
  private final BenchHttp http = new BenchHttp();
  private final BenchProcesses processes;
  private final Path workDir;
  private int errors;

  /**
   * @param localDatabase the server of {@code --db postgres|mariadb}; null for H2 or a URL given
   */
  private Benchmark(BenchOptions options, Path workDir, LocalDatabase localDatabase) {
    this.options = options;
    this.workDir = workDir;
    this.processes = new BenchProcesses(workDir, options.database(), localDatabase, http);
  }

  public static JsonNode run(BenchOptions options) throws Exception {
    Path workDir = Files.createTempDirectory("bpg-bench-");
    if (!LocalDatabase.isKind(options.database())) {
      return new Benchmark(options, workDir, null).measure();
    }
    System.out.println("starting a local " + options.database() + " server");
    try (LocalDatabase server =
        LocalDatabase.start(options.database(), LocalDatabase.defaultModuleTarget(), workDir)) {
      return new Benchmark(options, workDir, server).measure();
    }
  }

  private JsonNode measure() throws Exception {
    ObjectNode results = JSON.createObjectNode();
    ObjectNode parameters = results.putObject("parameters");
    if (options.archivePods() > 0) {
      parameters.put("archive_pods", options.archivePods());
      parameters.put("log_lines", options.archiveLogLines());
      parameters.put("db", options.database());
      parameters.put("cores", Runtime.getRuntime().availableProcessors());
      parameters.put("java", System.getProperty("java.version"));
      new ArchivePhase(processes, http, workDir, options.archivePods(), options.quick())
          .run(options.archivePods(), options.archiveLogLines(), results);
      Files.writeString(options.out(), JSON.writeValueAsString(results));
      return results;
    }
    if (options.burst() > 0) {
      parameters.put("burst_rate_per_cluster", options.burstRate());
      parameters.put("clusters", options.clusters());
      parameters.put("cores", Runtime.getRuntime().availableProcessors());
      parameters.put("java", System.getProperty("java.version"));
      new BurstPhase(processes, http)
          .run(options.burst(), options.burstRate(), options.clusters(), results);
      Files.writeString(options.out(), JSON.writeValueAsString(results));
      return results;
    }
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

    processes.prepareClassArchive();
    parameters.put("class_data_sharing", processes.sharesClasses());

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

  /** One concurrency: the create ceiling on empty clusters, then the gateway on empty clusters. */
  private ObjectNode submitLevel(int clients) throws Exception {
    int calls = options.submissions();
    LoadResult ceiling;
    double ceilingServerCpu;
    try (ChildJvm clusters =
        processes.startClusters(options.clusters() > 4 ? 4 : options.clusters())) {
      List<String> masters = processes.masters(clusters);
      LoadRunner.Call create =
          i ->
              BenchCalls.created(
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create(masters.get(i % masters.size()) + BenchCalls.API))
                          .header("Authorization", "Bearer local-token")
                          .header("Content-Type", "application/json")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  BenchCalls.manifest("ceil-" + UUID.randomUUID(), null)))));
      warmUp(clients, create);
      double cpuBefore = clusters.cpuSeconds();
      ceiling = LoadRunner.run(clients, calls, create);
      ceilingServerCpu = clusters.cpuSeconds() - cpuBefore;
    }
    LoadResult submit;
    double gatewayCpu;
    double serverCpu;
    try (ChildJvm clusters =
            processes.startClusters(options.clusters() > 4 ? 4 : options.clusters());
        GatewayProcess gateway = processes.startGateway(processes.masters(clusters))) {
      String body = BenchCalls.request();
      LoadRunner.Call post =
          i ->
              BenchCalls.created(
                  http.send(
                      gateway
                          .request("/skatev2/spark")
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))));
      warmUp(clients, post);
      double gatewayBefore = gateway.process().cpuSeconds();
      double serverBefore = clusters.cpuSeconds();
      submit = LoadRunner.run(clients, calls, post);
      gatewayCpu = gateway.process().cpuSeconds() - gatewayBefore;
      serverCpu = clusters.cpuSeconds() - serverBefore;
    }
    errors += ceiling.errors() + submit.errors();
    ObjectNode level = JSON.createObjectNode();
    level.put("clients", clients);
    level.put("calls", calls);
    level.put("submit_rps", BenchCalls.round(submit.perSecond()));
    level.put("ceiling_rps", BenchCalls.round(ceiling.perSecond()));
    level.put("submit_to_ceiling", BenchCalls.round(submit.perSecond() / ceiling.perSecond()));
    level.put("submit_p50_ms", BenchCalls.round(submit.p50Millis()));
    level.put("submit_p95_ms", BenchCalls.round(submit.p95Millis()));
    level.put("submit_p99_ms", BenchCalls.round(submit.p99Millis()));
    level.put("ceiling_p50_ms", BenchCalls.round(ceiling.p50Millis()));
    level.put("ceiling_p99_ms", BenchCalls.round(ceiling.p99Millis()));
    level.put("gateway_cpu_ms_per_submit", BenchCalls.round(gatewayCpu * 1000 / calls));
    level.put("api_server_cpu_ms_per_create", BenchCalls.round(serverCpu * 1000 / calls));
    level.put(
        "api_server_cpu_ms_per_create_ceiling", BenchCalls.round(ceilingServerCpu * 1000 / calls));
    level.put("errors", submit.errors() + ceiling.errors());
    System.out.printf(
        Locale.ROOT,
        "submit  %2d clients: gateway %7.1f/s (p50 %6.2f, p95 %6.2f, p99 %6.2f ms)  ceiling %7.1f/s"
            + " (p99 %6.2f ms)  ratio %.2f  errors %d; CPU per call: gateway %.2f ms,"
            + " API server %.2f ms (%.2f ms in the ceiling run)%n",
        clients,
        submit.perSecond(),
        submit.p50Millis(),
        submit.p95Millis(),
        submit.p99Millis(),
        ceiling.perSecond(),
        ceiling.p99Millis(),
        submit.perSecond() / ceiling.perSecond(),
        submit.errors() + ceiling.errors(),
        gatewayCpu * 1000 / calls,
        serverCpu * 1000 / calls,
        ceilingServerCpu * 1000 / calls);
    return level;
  }

  /**
   * The same calls before measuring, on both sides alike, so that figures describe running JVMs
   * rather than their JIT compilers; the ceiling's API servers then also hold as many objects as
   * the gateway's.
   */
  private void warmUp(int clients, LoadRunner.Call call) throws InterruptedException {
    LoadResult warm = LoadRunner.run(clients, options.warmUp(), call);
    errors += warm.errors();
  }

  /**
   * Many applications tracked: memory, status reads against the API servers' GETs, freshness,
   * start-up.
   */
  private void trackedPhase(ObjectNode results) throws Exception {
    try (ChildJvm clusters = processes.startClusters(options.clusters())) {
      List<String> masters = processes.masters(clusters);
      List<String> clusterIds = BenchProcesses.clusterIds(options.clusters());
      long spawned = System.nanoTime();
      try (GatewayProcess gateway = processes.startGateway(masters)) {
        long startupMillis = (gateway.readyNanos() - spawned) / 1_000_000;
        long baseHeap = gateway.heapAfterGc();
        int k = options.tracked();
        String[] names = new String[k];
        for (int i = 0; i < k; i++) {
          names[i] =
              clusterIds.get(i % clusterIds.size())
                  + "-"
                  + UUID.randomUUID().toString().replace("-", "");
        }
        long createStart = System.nanoTime();
        LoadResult creates =
            LoadRunner.run(
                16,
                k,
                i ->
                    BenchCalls.created(
                        http.send(
                            HttpRequest.newBuilder(
                                    URI.create(masters.get(i % masters.size()) + BenchCalls.API))
                                .header("Authorization", "Bearer local-token")
                                .header("Content-Type", "application/json")
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        BenchCalls.manifest(names[i], BenchCalls.USER))))));
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
        LoadResult ceiling =
            LoadRunner.run(
                options.statusClients(),
                reads,
                i ->
                    BenchCalls.ok(
                        http.send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        masters.get(picks[i] % masters.size())
                                            + BenchCalls.API
                                            + "/"
                                            + names[picks[i]]))
                                .header("Authorization", "Bearer local-token")
                                .GET())));
        LoadResult status =
            LoadRunner.run(
                options.statusClients(),
                reads,
                i ->
                    BenchCalls.ok(
                        http.send(
                            gateway
                                .request("/skatev2/spark/" + names[picks[i]] + "/status")
                                .GET())));
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
        results.put("track_seconds", BenchCalls.round(trackSeconds));
        results.put("status_rps", BenchCalls.round(status.perSecond()));
        results.put("status_ceiling_rps", BenchCalls.round(ceiling.perSecond()));
        results.put(
            "status_to_ceiling", BenchCalls.round(status.perSecond() / ceiling.perSecond()));
        results.put("status_p50_ms", BenchCalls.round(status.p50Millis()));
        results.put("status_p99_ms", BenchCalls.round(status.p99Millis()));
        results.put("status_ceiling_p99_ms", BenchCalls.round(ceiling.p99Millis()));
        results.put("freshness_p50_ms", BenchCalls.round(fresh.p50Millis()));
        results.put("freshness_p99_ms", BenchCalls.round(fresh.p99Millis()));
        results.put("heap_base_mb", BenchCalls.round(baseHeap / 1048576.0));
        results.put("heap_mb", BenchCalls.round(heap / 1048576.0));
        results.put("heap_growth_bytes_per_app", BenchCalls.round((heap - baseHeap) / (double) k));
        results.put("rss_mb", BenchCalls.round(rss / 1048576.0));
        results.put("threads", threadsAfter);
        results.put("threads_before_reads", threadsBefore);
        results.put("startup_ms", startupMillis);
        System.out.printf(
            Locale.ROOT,
            "tracked %d applications in %.1f s; heap %.1f MB after GC (%.1f MB empty,"
                + " %.0f bytes/app), RSS %.0f MB, threads %d -> %d%n",
            k,
            trackSeconds,
            heap / 1048576.0,
            baseHeap / 1048576.0,
            (heap - baseHeap) / (double) k,
            rss / 1048576.0,
            threadsBefore,
            threadsAfter);
        System.out.printf(
            Locale.ROOT,
            "status  %2d clients: gateway %7.1f/s (p99 %6.2f ms)  API server %7.1f/s"
                + " (p99 %6.2f ms)  ratio %.2f%n",
            options.statusClients(),
            status.perSecond(),
            status.p99Millis(),
            ceiling.perSecond(),
            ceiling.p99Millis(),
            status.perSecond() / ceiling.perSecond());
        System.out.printf(
            Locale.ROOT,
            "freshness: p50 %.2f ms, p99 %.2f ms; start-up %d ms%n",
            fresh.p50Millis(),
            fresh.p99Millis(),
            startupMillis);
      }
    }
  }

  /**
   * From a status written on the API server to the gateway's status endpoint answering it, in ns.
   */
  private long freshness(GatewayProcess gateway, String master, String name, String state)
      throws Exception {
    HttpResponse<String> patched =
        http.send(
            HttpRequest.newBuilder(URI.create(master + BenchCalls.API + "/" + name + "/status"))
                .header("Authorization", "Bearer local-token")
                .header("Content-Type", "application/merge-patch+json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"status\":{\"applicationState\":{\"state\":\"" + state + "\"}}}")));
    long written = System.nanoTime();
    if (patched.statusCode() / 100 != 2) {
      errors++;
      return 0;
    }
    long deadline = written + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status =
          http.send(gateway.request("/skatev2/spark/" + name + "/status").GET());
      if (status.statusCode() == 200
          && status.body().contains("\"applicationState\":\"" + state + "\"")) {
        return System.nanoTime() - written;
      }
    }
    errors++;
    return Duration.ofSeconds(10).toNanos();
  }
}
