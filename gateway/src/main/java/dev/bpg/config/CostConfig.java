package dev.bpg.config;

/**
 * Rates for the cost recorded with each finished submission: per mebibyte-second of memory and per
 * core-second asked for by the driver and the executors (the reference's {@code memoryMbSecondCost}
 * and {@code vCoreSecondCost}). Without rates no cost is recorded.
 */
public record CostConfig(Double memoryMbSecond, Double vCoreSecond) {
  public static CostConfig none() {
    return new CostConfig(null, null);
  }

  public boolean isSet() {
    return memoryMbSecond != null && vCoreSecond != null;
  }
}
