package dev.bpg.bench;

import java.util.Arrays;

/**
 * What one load run measured: how many calls, how many failed, how long, and the latency
 * percentiles.
 */
record LoadResult(
    int calls, int errors, double seconds, double p50Millis, double p95Millis, double p99Millis) {

  static LoadResult of(long[] latenciesNanos, int errors, double seconds) {
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    return new LoadResult(
        sorted.length,
        errors,
        seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99));
  }

  double perSecond() {
    return seconds <= 0 ? 0 : calls / seconds;
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
