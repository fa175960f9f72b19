package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.CostConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The cost recorded with a finished submission: the memory and cores it asked for, times the
 * seconds it ran, at the configured rates ({@code cost.memoryMbSecond}, {@code cost.vCoreSecond}).
 */
public final class RunCost {
  /** No rates: nothing is costed. */
  public static final RunCost NONE = new RunCost(CostConfig.none());

  private final CostConfig rates;

  public RunCost(CostConfig rates) {
    this.rates = requireNonNull(rates, "rates is null");
  }

  /**
   * The cost of a run that started at {@code startedAt} (null: it never ran) and ended at {@code
   * finishedAt}; empty when no rates are configured or it never ran.
   */
  public Optional<Double> of(RequestedResources resources, Instant startedAt, Instant finishedAt) {
    if (!rates.isSet() || startedAt == null) {
      return Optional.empty();
    }
    Duration ran = Duration.between(startedAt, finishedAt);
    double seconds = Math.max(0, ran.toMillis()) / 1000.0;
    return Optional.of(
        (resources.totalMemoryMb() * rates.memoryMbSecond()
                + resources.totalCores() * rates.vCoreSecond())
            * seconds);
  }
}
