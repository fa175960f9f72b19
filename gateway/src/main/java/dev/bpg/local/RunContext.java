package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the simulated runs of one cluster share: its writer, its pod logs, time, randomness, the scheduler and the
 * step timings.
 */
record RunContext(
    ClusterWriter writer,
    PodLogs logs,
    Clock clock,
    Random random,
    ScheduledExecutorService scheduler,
    SimulationTimings timings) {

  RunContext {
    requireNonNull(writer, "writer is null");
    requireNonNull(logs, "logs is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(random, "random is null");
    requireNonNull(scheduler, "scheduler is null");
    requireNonNull(timings, "timings is null");
  }
}
