package dev.bpg.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code --archive N}: what archiving N ended pods' logs costs. Simulated runs of a driver and
 * three executors, each pod writing a log the size of a short real Spark job's, end on a local
 * cluster; the gateway copies their logs to a local S3-protocol server (S3Proxy). The same runs go
 * through a gateway without the archive first, so that the difference in the gateway's CPU is what
 * the archive costs. Figures: bytes read and stored per pod, the time from a pod log's claim to its
 * object stored, how long after the last run ended the last log was in the store, and the gateway's
 * CPU per 1,000 pods.
 */
final class ArchivePhase {
  static final int EXECUTORS = 3;
  private static final int CLIENTS = 8;
  private static final String RUN_TIME = "2s";

  private final BenchProcesses processes;
  private final BenchHttp http;
  private final Path workDir;

  /** Runs submitted and archived before measuring, in each gateway. */
  private final int warmUp;

  /**
   * @param quick a run that proves the harness works, without the warm-up runs
   */
  ArchivePhase(BenchProcesses processes, BenchHttp http, Path workDir, int pods, boolean quick) {
    this.processes = processes;
    this.http = http;
    this.workDir = workDir;
    this.warmUp = quick ? 0 : Math.max(4, pods / (EXECUTORS + 1) / 10);
  }

  /** A run with four pods and {@code logLines} lines of task chatter in each. */
  static String request(int logLines) {
    return """
    {"applicationName": "ArchiveBench", "queue": "dev", "sparkVersion": "3.5.0",
     "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
     "mainClass": "org.apache.spark.examples.SparkPi", "arguments": ["1000"],
     "sparkConf": {"spark.local.simulate.duration": "%s", "spark.local.simulate.logLines": "%d",
                   "spark.kubernetes.executor.deleteOnTermination": "false"},
     "driver": {"cores": 1, "memory": "1g", "serviceAccount": "spark"},
     "executor": {"instances": %d, "cores": 1, "memory": "1g"}}
    """
        .formatted(RUN_TIME, logLines, EXECUTORS);
  }

  void run(int pods, int logLines, ObjectNode results) throws Exception {
    int apps = Math.max(1, (pods + EXECUTORS) / (EXECUTORS + 1));
    int archivedPods = apps * (EXECUTORS + 1);
    // Bytes and copy times are over every pod archived, those of the warm-up runs too.
    int allPods = (warmUp + apps) * (EXECUTORS + 1);
    Run without = runOnce(apps, logLines, null);
    try (LocalObjectStore store =
        LocalObjectStore.start(
            LocalObjectStore.defaultModuleTarget(), workDir.resolve("objectstore"))) {
      Run with = runOnce(apps, logLines, store);
      long storedObjects = 0;
      long storedBytes = 0;
      try (S3Client s3 = store.client()) {
        for (S3Object object :
            s3.listObjectsV2Paginator(r -> r.bucket(LocalObjectStore.BUCKET).prefix("logs/"))
                .contents()) {
          // S3Proxy's filesystem backend lists each submission's directory too.
          if (object.key().endsWith(".log.gz")) {
            storedObjects++;
            storedBytes += object.size();
          }
        }
      }
      double cpuPerThousand = (with.gatewayCpu - without.gatewayCpu) * 1000 / archivedPods;
      results.put("archive_pods", archivedPods);
      results.put("archive_applications", apps);
      results.put("archive_log_lines_per_pod", logLines);
      results.put("archive_warm_up_pods", allPods - archivedPods);
      results.put("archive_objects_stored", storedObjects);
      results.put("archive_lost", (long) with.lost);
      results.put("archive_log_bytes_per_pod", BenchCalls.round(with.readBytes / allPods));
      results.put("archive_stored_bytes_per_pod", BenchCalls.round((double) storedBytes / allPods));
      results.put(
          "archive_stored_mb_per_1000_pods",
          BenchCalls.round(storedBytes * 1000.0 / allPods / 1048576.0));
      results.put("archive_copy_ms_mean", BenchCalls.round(with.copySeconds * 1000 / with.copies));
      results.put("archive_drain_seconds", BenchCalls.round(with.drainSeconds));
      results.put("archive_gateway_cpu_seconds_per_1000_pods", BenchCalls.round(cpuPerThousand));
      results.put("archive_gateway_cpu_seconds_with", BenchCalls.round(with.gatewayCpu));
      results.put("archive_gateway_cpu_seconds_without", BenchCalls.round(without.gatewayCpu));
      System.out.printf(
          Locale.ROOT,
          "archive %d pods (%d runs, %d lines each): %.0f bytes read and %.0f stored per pod"
              + " (%.1f MB per 1,000 pods); copy %.1f ms per pod (%.1f worker-seconds per 1,000);"
              + " last log stored %.2f s after the last run ended; gateway CPU %.2f s per 1,000"
              + " pods (%.2f s with the archive, %.2f s without); %d lost%n",
          archivedPods,
          apps,
          logLines,
          with.readBytes / allPods,
          (double) storedBytes / allPods,
          storedBytes * 1000.0 / allPods / 1048576.0,
          with.copySeconds * 1000 / with.copies,
          with.copySeconds * 1000 / with.copies,
          with.drainSeconds,
          cpuPerThousand,
          with.gatewayCpu,
          without.gatewayCpu,
          (long) with.lost);
    }
  }

  /** What one gateway did with the runs, with or without the archive. */
  private record Run(
      double gatewayCpu,
      double drainSeconds,
      double copies,
      double copySeconds,
      double readBytes,
      double lost) {}

  /**
   * Fresh clusters and a fresh gateway (archiving to {@code store}, or not when it is null): the
   * runs submitted, then watched through the gateway's metrics until every one has ended and, with
   * the archive, every pod's log is stored or given up on.
   */
  private Run runOnce(int apps, int logLines, LocalObjectStore store) throws Exception {
    String moreConfig = "";
    if (store != null) {
      Path spool = Files.createTempDirectory(workDir, "spool-");
      moreConfig =
          "storage:\n  bucket: "
              + LocalObjectStore.BUCKET
              + "\n  region: us-east-1\n  endpoint: "
              + store.endpoint()
              + "\n  pathStyle: true\n  credentials:\n    accessKeyId: "
              + LocalObjectStore.ACCESS_KEY
              + "\n    secretAccessKey: "
              + LocalObjectStore.SECRET_KEY
              + "\nlogArchive:\n  spoolDirectory: "
              + spool
              + "\n";
    }
    try (ChildJvm clusters = processes.startClusters(1, true);
        GatewayProcess gateway =
            processes.startGateway(processes.masters(clusters), null, moreConfig)) {
      // The same runs before measuring, so that the figures describe a running JVM rather than
      // its JIT compiler and its classes loading.
      if (warmUp > 0) {
        submitAndAwait(gateway, warmUp, logLines, store != null);
      }
      double cpuBefore = gateway.process().cpuSeconds();
      long[] times = submitAndAwait(gateway, warmUp + apps, logLines, store != null);
      double cpu = gateway.process().cpuSeconds() - cpuBefore;
      long ended = times[0];
      long done = times[1];
      return new Run(
          cpu,
          (done - ended) / 1e9,
          gateway.metric("bpg_log_archive_copy_seconds_count", ""),
          gateway.metric("bpg_log_archive_copy_seconds_sum", ""),
          gateway.metric("bpg_log_archive_bytes_total", "kind=\"read\""),
          gateway.metric("bpg_log_archive_pods_total", "outcome=\"lost\""));
    }
  }

  /**
   * Submits runs until {@code total} have been submitted to this gateway, and waits until they have
   * all completed and, with {@code archiving}, all their pods' logs are stored or lost.
   *
   * @return when the last run was seen completed, and when the last log was (in nanoseconds)
   */
  private long[] submitAndAwait(GatewayProcess gateway, int total, int logLines, boolean archiving)
      throws Exception {
    int already = (int) gateway.metric("bpg_submissions_total", "");
    String body = request(logLines);
    LoadResult submitted =
        LoadRunner.run(
            CLIENTS,
            total - already,
            i ->
                BenchCalls.ok(
                    http.send(
                        gateway
                            .request("/skatev2/spark")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)))));
    if (submitted.errors() > 0) {
      throw new IllegalStateException(submitted.errors() + " submissions were refused");
    }
    Duration timeout = Duration.ofMinutes(10).plusSeconds(total);
    long ended = awaitMetric(gateway, "bpg_state_transitions_total", "COMPLETED", total, timeout);
    long done = ended;
    if (archiving) {
      int pods = total * (EXECUTORS + 1);
      done = awaitMetric(gateway, "bpg_log_archive_pods_total", "outcome", pods, timeout);
    }
    return new long[] {ended, done};
  }

  /**
   * Polls the metric (series whose labels contain {@code label}) until it reaches {@code count}.
   */
  private static long awaitMetric(
      GatewayProcess gateway, String metric, String label, int count, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (gateway.metric(metric, label) >= count) {
        return System.nanoTime();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        metric + " did not reach " + count + " within " + timeout + "\n" + gateway.process().log());
  }
}
