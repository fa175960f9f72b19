package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the runs of one cluster share: its writer, its pod logs, time, randomness, the scheduler and
 * the step timings of simulations.
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

  /**
   * A random (version 4) UUID from the injected random source, as the operator gives each
   * submission.
   */
  String newSubmissionId() {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(most, least).toString();
  }
}
