package dev.bpg.config;

import io.dropwizard.util.DataSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the logs of ended pods are kept, in the {@code storage} bucket (or {@code bucket}
 * of the same store) under {@code <prefix>/<submissionId>/<pod>.log.gz}. On whenever a storage
 * bucket is configured, unless {@code enabled: false}.
 *
 * <ul>
 *   <li>{@code maxBytesPerPod}: a longer log keeps its last bytes, after a line saying how much was
 *       cut;
 *   <li>{@code retention}: archived logs older than this are deleted;
 *   <li>{@code keepExecutorPods}: submissions get {@code
 *       spark.kubernetes.executor.deleteOnTermination=false} by default, so that executor pods stay
 *       (terminated, holding nothing) until their application is deleted and their logs can be
 *       copied; a submission may set it back;
 *   <li>{@code spoolDirectory}: where a log waits while the store cannot take it (default: the
 *       temporary directory);
 *   <li>{@code killWait}: how long a kill waits for the logs to be read before deleting the pods;
 *   <li>{@code fluentBitIndex}: logs an existing installation of Apple's gateway had shipped by
 *       Fluent Bit to this bucket stay readable: {@code /log} also looks them up in its {@code
 *       logindex} table, in the gateway's database.
 * </ul>
 */
public record LogArchiveConfig(
    Boolean enabled,
    String bucket,
    String prefix,
    DataSize maxBytesPerPod,
    Duration retention,
    Boolean keepExecutorPods,
    String spoolDirectory,
    Duration retryInterval,
    Duration killWait,
    Integer workers,
    Boolean fluentBitIndex) {

  public LogArchiveConfig {
    enabled = enabled == null || enabled;
    prefix = prefix == null ? "logs" : trimSlashes(prefix);
    maxBytesPerPod = maxBytesPerPod == null ? DataSize.mebibytes(10) : maxBytesPerPod;
    retention = retention == null ? Duration.ofDays(30) : retention;
    keepExecutorPods = keepExecutorPods == null || keepExecutorPods;
    retryInterval = retryInterval == null ? Duration.ofSeconds(10) : retryInterval;
    killWait = killWait == null ? Duration.ofSeconds(10) : killWait;
    workers = workers == null ? 2 : workers;
    fluentBitIndex = fluentBitIndex != null && fluentBitIndex;
    if (maxBytesPerPod.toBytes() < 1024 || maxBytesPerPod.toBytes() > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("logArchive.maxBytesPerPod must be between 1KiB and 2GiB");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("logArchive.retention must be positive");
    }
    if (retryInterval.isNegative() || retryInterval.isZero()) {
      throw new IllegalArgumentException("logArchive.retryInterval must be positive");
    }
    if (killWait.isNegative()) {
      throw new IllegalArgumentException("logArchive.killWait must not be negative");
    }
    if (workers < 1 || workers > 32) {
      throw new IllegalArgumentException("logArchive.workers must be between 1 and 32");
    }
  }

  public static LogArchiveConfig defaults() {
    return new LogArchiveConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The bucket of the archive: its own, else the storage bucket. */
  public Optional<String> findBucket() {
    return bucket == null || bucket.isBlank() ? Optional.empty() : Optional.of(bucket);
  }

  public Path spoolPath() {
    return spoolDirectory == null || spoolDirectory.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "bpg-log-archive")
        : Path.of(spoolDirectory);
  }

  public LogArchiveConfig withRetryInterval(Duration value) {
    return copy(spoolDirectory, value, fluentBitIndex);
  }

  public LogArchiveConfig withSpoolDirectory(String value) {
    return copy(value, retryInterval, fluentBitIndex);
  }

  public LogArchiveConfig withFluentBitIndex(boolean value) {
    return copy(spoolDirectory, retryInterval, value);
  }

  /** This configuration with the settings a test or the demo changes. */
  private LogArchiveConfig copy(String spool, Duration retry, boolean fluentBit) {
    return new LogArchiveConfig(
        enabled,
        bucket,
        prefix,
        maxBytesPerPod,
        retention,
        keepExecutorPods,
        spool,
        retry,
        killWait,
        workers,
        fluentBit);
  }

  private static String trimSlashes(String value) {
    String trimmed = value.strip();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
