package dev.bpg.submission;

/**
 * What a submission asked for: the driver's cores and memory, and each executor's, times the number
 * of executors. Unknown values count as none.
 */
public record RequestedResources(
    Integer driverCores,
    Long driverMemoryMb,
    Integer executorInstances,
    Integer executorCores,
    Long executorMemoryMb) {

  /** The driver's memory and every executor's, in MiB. */
  public long totalMemoryMb() {
    return orZero(driverMemoryMb) + orZero(executorMemoryMb) * instances();
  }

  /** The driver's cores and every executor's. */
  public long totalCores() {
    return orZero(driverCores) + orZero(executorCores) * instances();
  }

  private long instances() {
    return executorInstances == null ? 0 : executorInstances;
  }

  private static long orZero(Number value) {
    return value == null ? 0 : value.longValue();
  }
}
