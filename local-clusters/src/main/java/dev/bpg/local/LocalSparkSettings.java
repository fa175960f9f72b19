package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How local clusters run real Spark jobs.
 *
 * @param runtime the Spark jars and the examples jar
 * @param maxRunningJobs how many jobs one local cluster runs at once; the others wait, SUBMITTED,
 *     in order
 * @param maxThreadsPerJob the most worker threads of a job ({@code local[N]}); a job asks for
 *     executor instances times executor cores
 * @param maxDriverMemoryMib the most heap a driver JVM gets, whatever the application asks for
 */
public record LocalSparkSettings(
    SparkRuntime runtime,
    int maxRunningJobs,
    int maxThreadsPerJob,
    long maxDriverMemoryMib,
    RemoteFiles remoteFiles,
    Path eventLogDir) {

  /**
   * One job per cluster at a time, two threads and at most 1 GiB each: a Spark job keeps about two
   * cores busy and uses about 0.45 GB, so the two clusters of the demo fit a 2-core machine.
   */
  public static final int DEFAULT_MAX_RUNNING_JOBS = 1;

  public static final int DEFAULT_MAX_THREADS_PER_JOB = 2;
  public static final long DEFAULT_MAX_DRIVER_MEMORY_MIB = 1024;

  /** Below this a Spark driver does not start (Spark wants at least 450 MiB of system memory). */
  static final long MIN_DRIVER_MEMORY_MIB = 512;

  public LocalSparkSettings {
    requireNonNull(runtime, "runtime is null");
    remoteFiles = remoteFiles == null ? RemoteFiles.none() : remoteFiles;
    if (maxRunningJobs < 1) {
      throw new IllegalArgumentException("maxRunningJobs must be at least 1: " + maxRunningJobs);
    }
    if (maxThreadsPerJob < 1) {
      throw new IllegalArgumentException(
          "maxThreadsPerJob must be at least 1: " + maxThreadsPerJob);
    }
    if (maxDriverMemoryMib < MIN_DRIVER_MEMORY_MIB) {
      throw new IllegalArgumentException(
          "maxDriverMemoryMib must be at least "
              + MIN_DRIVER_MEMORY_MIB
              + ": "
              + maxDriverMemoryMib);
    }
  }

  /** The defaults above. */
  public static LocalSparkSettings defaults(SparkRuntime runtime) {
    return new LocalSparkSettings(
        runtime,
        DEFAULT_MAX_RUNNING_JOBS,
        DEFAULT_MAX_THREADS_PER_JOB,
        DEFAULT_MAX_DRIVER_MEMORY_MIB,
        null,
        null);
  }

  /** These settings with another limit of jobs at once per cluster. */
  public LocalSparkSettings withMaxRunningJobs(int jobs) {
    return new LocalSparkSettings(
        runtime, jobs, maxThreadsPerJob, maxDriverMemoryMib, remoteFiles, eventLogDir);
  }

  /** These settings, with {@code s3a://} files read from this store. */
  public LocalSparkSettings withRemoteFiles(RemoteFiles files) {
    return new LocalSparkSettings(
        runtime, maxRunningJobs, maxThreadsPerJob, maxDriverMemoryMib, files, eventLogDir);
  }

  /**
   * These settings, with every run writing Spark's event log to this directory, where a {@link
   * LocalHistoryServer} reads it.
   */
  public LocalSparkSettings withEventLogDir(Path directory) {
    return new LocalSparkSettings(
        runtime, maxRunningJobs, maxThreadsPerJob, maxDriverMemoryMib, remoteFiles, directory);
  }
}
