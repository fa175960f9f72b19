package dev.bpg.local;

import java.time.Duration;
import java.util.Random;

/** What a simulated run computes for its log lines: SparkPi's estimate and the progress pace. */
final class SimulatedOutput {
  // A line of driver progress at most this far apart, and at least four lines per run.
  private static final Duration MAX_PROGRESS_INTERVAL = Duration.ofSeconds(5);
  private static final Duration MIN_PROGRESS_INTERVAL = Duration.ofMillis(50);
  private static final int PI_SAMPLES = 100_000;

  private SimulatedOutput() {}

  /**
   * SparkPi's Monte-Carlo estimate. SparkPi draws 100,000 points per slice; one slice's worth is
   * enough for "3.14" and keeps a benchmark of many SparkPi runs from burning the operator's CPU.
   */
  static double estimatePi(Random random) {
    int inside = 0;
    for (int i = 0; i < PI_SAMPLES; i++) {
      double x = random.nextDouble() * 2 - 1;
      double y = random.nextDouble() * 2 - 1;
      if (x * x + y * y <= 1) {
        inside++;
      }
    }
    return 4.0 * inside / PI_SAMPLES;
  }

  static Duration progressInterval(Duration duration) {
    Duration quarter = duration.dividedBy(4);
    if (quarter.compareTo(MAX_PROGRESS_INTERVAL) > 0) {
      return MAX_PROGRESS_INTERVAL;
    }
    return quarter.compareTo(MIN_PROGRESS_INTERVAL) < 0 ? MIN_PROGRESS_INTERVAL : quarter;
  }

  static String describe(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /** A driver's line of task chatter, as Spark's TaskSetManager logs it. */
  static String taskFinished(int task, int tasks, int executor) {
    return "TaskSetManager: Finished task "
        + (task - 1)
        + ".0 in stage 0.0 (TID "
        + (task - 1)
        + ") in "
        + (20 + task % 37)
        + " ms on 10.0.0."
        + (10 + executor)
        + " (executor "
        + executor
        + ") ("
        + task
        + "/"
        + tasks
        + ")";
  }

  /** An executor's line of task chatter, as Spark's Executor logs it. */
  static String taskRan(int task, int tasks) {
    return "INFO Executor: Finished task "
        + (task - 1)
        + ".0 in stage 0.0 (TID "
        + (task - 1)
        + "). 1012 bytes result sent to driver ("
        + task
        + " of "
        + tasks
        + " tasks)";
  }
}
