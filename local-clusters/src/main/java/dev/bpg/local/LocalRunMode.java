package dev.bpg.local;

import static java.util.Objects.requireNonNull;

/**
 * How the local operators of {@link LocalClusters} run applications, chosen when the clusters
 * start: simulated (the states, pods, events and logs of a run, without Spark) or real Spark jobs
 * in child JVMs.
 */
public sealed interface LocalRunMode {

  /**
   * Simulated runs: each application goes SUBMITTED, RUNNING and COMPLETED (or FAILED on request);
   * no Spark runs.
   */
  static LocalRunMode simulated() {
    return new Simulated();
  }

  /**
   * Real runs: each application is a Spark job in local mode in a child JVM, as {@code settings}
   * say.
   */
  static LocalRunMode realSpark(LocalSparkSettings settings) {
    return new RealSpark(settings);
  }

  /**
   * No operator: the API servers alone, where applications stay as created unless someone else
   * writes their status. For benchmarks, which measure the API servers and the gateway, not a
   * simulation.
   */
  static LocalRunMode apiServersOnly() {
    return new ApiServersOnly();
  }

  /** See {@link #apiServersOnly()}. */
  record ApiServersOnly() implements LocalRunMode {}

  /** See {@link #simulated()}. */
  record Simulated() implements LocalRunMode {}

  /** See {@link #realSpark(LocalSparkSettings)}. */
  record RealSpark(LocalSparkSettings settings) implements LocalRunMode {
    public RealSpark {
      requireNonNull(settings, "settings is null");
    }
  }
}
