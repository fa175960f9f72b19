package dev.bpg.bench;

import java.nio.file.Path;
import java.util.List;

/** What {@code ./bpg bench} measures and how much. */
public record BenchOptions(
    List<Integer> clients,
    int clusters,
    int tracked,
    int submissions,
    int warmUp,
    int statusReads,
    int statusClients,
    int freshnessSamples,
    String database,
    boolean quick,
    Path out,
    int burst,
    double burstRate,
    int archivePods,
    int archiveLogLines) {

  public static BenchOptions full(Path out) {
    return new BenchOptions(
        List.of(1, 8, 32, 64),
        10,
        100_000,
        3_000,
        2_000,
        20_000,
        32,
        200,
        "h2",
        false,
        out,
        0,
        20,
        0,
        0);
  }

  public static BenchOptions quick(Path out) {
    return new BenchOptions(
        List.of(1, 4), 2, 200, 40, 20, 400, 4, 10, "h2", true, out, 0, 20, 0, 0);
  }

  /** Only the burst: N submissions at once to clusters paced at {@code rate} a second each. */
  public BenchOptions burstOnly(int submissions, double rate, int clusterCount) {
    return only(clusterCount, submissions, rate, 0, 0);
  }

  /** Only the log archive: {@code pods} pods' logs of {@code logLines} lines each. */
  public BenchOptions archiveOnly(int pods, int logLines) {
    return only(clusters, 0, burstRate, pods, logLines);
  }

  /** These options for one phase alone: the burst's or the archive's settings replaced. */
  private BenchOptions only(
      int clusterCount, int burstSubmissions, double rate, int pods, int logLines) {
    return new BenchOptions(
        clients,
        clusterCount,
        tracked,
        submissions,
        warmUp,
        statusReads,
        statusClients,
        freshnessSamples,
        database,
        quick,
        out,
        burstSubmissions,
        rate,
        pods,
        logLines);
  }
}
