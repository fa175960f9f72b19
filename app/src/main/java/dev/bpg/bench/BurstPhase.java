package dev.bpg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code --burst N}: N submissions sent at once, from many clients, to clusters paced at {@code
 * maxSubmitRate}; then the API servers are watched until every accepted submission is there. The
 * figures: the rate configured (per cluster times clusters), the rate the API servers saw (from
 * listing them each second), and how many accepted submissions were lost or created twice.
 */
final class BurstPhase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 32;

  private final BenchProcesses processes;
  private final BenchHttp http;

  BurstPhase(BenchProcesses processes, BenchHttp http) {
    this.processes = processes;
    this.http = http;
  }

  void run(int submissions, double ratePerCluster, int clusterCount, ObjectNode results)
      throws Exception {
    try (ChildJvm clusters = processes.startClusters(clusterCount);
        GatewayProcess gateway =
            processes.startGateway(processes.masters(clusters), ratePerCluster)) {
      List<String> masters = processes.masters(clusters);
      Set<String> accepted = ConcurrentHashMap.newKeySet();
      Map<Integer, Integer> refused = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      String body = BenchCalls.request();
      long started = System.nanoTime();
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < submissions; i++) {
        sent.add(
            pool.submit(
                () -> {
                  HttpResponse<String> answer =
                      http.send(
                          gateway
                              .request("/skatev2/spark")
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(body)));
                  if (answer.statusCode() == 200) {
                    accepted.add(JSON.readTree(answer.body()).path("submissionId").asText());
                  } else {
                    refused.merge(answer.statusCode(), 1, Integer::sum);
                  }
                  return null;
                }));
      }
      for (Future<?> call : sent) {
        call.get(10, TimeUnit.MINUTES);
      }
      pool.shutdown();
      double answeredSeconds = (System.nanoTime() - started) / 1e9;

      // Watch the API servers until every accepted submission is there (or it is clearly stuck).
      double configured = ratePerCluster * clusterCount;
      long deadline =
          System.nanoTime()
              + Duration.ofSeconds(60 + (long) Math.ceil(submissions / configured)).toNanos();
      List<double[]> samples = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      while (System.nanoTime() < deadline) {
        seen = list(masters);
        samples.add(new double[] {(System.nanoTime() - started) / 1e9, total(seen)});
        if (seen.keySet().containsAll(accepted)) {
          break;
        }
        Thread.sleep(1000);
      }
      Set<String> lost = new HashSet<>(accepted);
      lost.removeAll(seen.keySet());
      int duplicated = seen.values().stream().mapToInt(n -> n - 1).sum();

      results.put("burst_submissions", submissions);
      results.put("burst_accepted", accepted.size());
      results.put("burst_refused", JSON.valueToTree(refused));
      results.put("burst_clusters", clusterCount);
      results.put("burst_rate_configured", BenchCalls.round(configured));
      results.put("burst_rate_measured", BenchCalls.round(measuredRate(samples)));
      results.put("burst_answered_s", BenchCalls.round(answeredSeconds));
      results.put("burst_created_s", BenchCalls.round(samples.get(samples.size() - 1)[0]));
      results.put("burst_lost", lost.size());
      results.put("burst_duplicated", duplicated);
    }
  }

  /**
   * Creates a second while the API servers filled: from the first sample that saw any to the first
   * that saw them all.
   */
  private static double measuredRate(List<double[]> samples) {
    double[] first = null;
    double[] last = samples.get(samples.size() - 1);
    for (double[] sample : samples) {
      if (first == null && sample[1] > 0) {
        first = sample;
      }
      if (sample[1] == last[1]) {
        last = sample;
        break;
      }
    }
    if (first == null || last[0] <= first[0]) {
      return 0;
    }
    return (last[1] - first[1]) / (last[0] - first[0]);
  }

  private static int total(Map<String, Integer> seen) {
    return seen.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every SparkApplication on the clusters, by name, with how many clusters hold it. */
  private Map<String, Integer> list(List<String> masters) throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    for (String master : masters) {
      HttpResponse<String> listed =
          http.send(HttpRequest.newBuilder(URI.create(master + BenchCalls.API)).GET());
      for (JsonNode item : JSON.readTree(listed.body()).path("items")) {
        seen.merge(item.path("metadata").path("name").asText(), 1, Integer::sum);
      }
    }
    return seen;
  }
}
