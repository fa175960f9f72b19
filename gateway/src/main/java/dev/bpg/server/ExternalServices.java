package dev.bpg.server;

import dev.bpg.artifact.FluentBitLogs;
import dev.bpg.artifact.LogArchive;
import dev.bpg.artifact.LogArchiveMetrics;
import dev.bpg.artifact.ObjectStore;
import dev.bpg.cluster.HistoryServerDirectory;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.LogArchiveConfig;
import dev.bpg.config.StorageConfig;
import dev.bpg.storage.S3ObjectStore;
import dev.bpg.store.JdbcFluentBitIndex;
import dev.bpg.store.JdbcLogArchiveIndex;
import dev.bpg.submission.ApplicationDirectory;
import dev.bpg.submission.ClusterClients;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The services besides the clusters and the database that a gateway talks to, each opened once and
 * closed together: the bucket of users' uploads ({@code storage.bucket}), the one of archived logs
 * ({@code logArchive.bucket}, else the same), and the Spark History Server asked for applications
 * the database does not know ({@code historyServerApi}).
 */
final class ExternalServices implements AutoCloseable {
  private final Optional<ObjectStore> uploads;
  private final Optional<ObjectStore> logs;
  private final List<AutoCloseable> opened;
  private final ApplicationDirectory directory;
  private final Optional<FluentBitLogs> fluentBit;

  private ExternalServices(
      Optional<ObjectStore> uploads,
      Optional<ObjectStore> logs,
      List<AutoCloseable> opened,
      ApplicationDirectory directory,
      Optional<FluentBitLogs> fluentBit) {
    this.uploads = uploads;
    this.logs = logs;
    this.opened = opened;
    this.directory = directory;
    this.fluentBit = fluentBit;
  }

  /**
   * @param database where Apple's {@code logindex} table is read, with {@code
   *     logArchive.fluentBitIndex}
   */
  static ExternalServices open(GatewayConfiguration config, DataSource database) {
    List<AutoCloseable> opened = new ArrayList<>();
    ApplicationDirectory directory = ApplicationDirectory.NONE;
    if (config.historyServerApi().findUrl().isPresent()) {
      HistoryServerDirectory historyServer = new HistoryServerDirectory(config.historyServerApi());
      opened.add(historyServer);
      directory = historyServer;
    }
    StorageConfig storage = config.storage();
    if (!storage.enabled()) {
      return new ExternalServices(
          Optional.empty(), Optional.empty(), opened, directory, Optional.empty());
    }
    S3ObjectStore uploads = S3ObjectStore.open(storage);
    opened.add(uploads);
    Optional<ObjectStore> logs = Optional.empty();
    if (config.archivesLogs()) {
      String bucket = config.logArchive().findBucket().orElse(storage.bucket());
      if (bucket.equals(storage.bucket())) {
        logs = Optional.of(uploads);
      } else {
        S3ObjectStore own = S3ObjectStore.open(storage.withBucket(bucket));
        opened.add(own);
        logs = Optional.of(own);
      }
    }
    Optional<FluentBitLogs> fluentBit =
        logs.filter(bucket -> config.logArchive().fluentBitIndex())
            .map(bucket -> new FluentBitLogs(new JdbcFluentBitIndex(database), bucket));
    return new ExternalServices(
        Optional.of(uploads), logs, List.copyOf(opened), directory, fluentBit);
  }

  /** Apple's Fluent Bit logs in the logs' bucket, with {@code logArchive.fluentBitIndex}. */
  Optional<FluentBitLogs> fluentBitLogs() {
    return fluentBit;
  }

  /** Where Spark application IDs the database does not know are looked up. */
  ApplicationDirectory applicationDirectory() {
    return directory;
  }

  Optional<ObjectStore> uploads() {
    return uploads;
  }

  Optional<ObjectStore> logs() {
    return logs;
  }

  /** The archive of ended pods' logs, on the logs' bucket, when there is one. */
  Optional<LogArchive> logArchive(
      ClusterClients clusters,
      DataSource database,
      String replicaId,
      LogArchiveConfig config,
      LogArchiveMetrics metrics,
      Clock clock,
      ScheduledExecutorService workers) {
    return logs.map(
        bucket ->
            new LogArchive(
                clusters,
                bucket,
                new JdbcLogArchiveIndex(database),
                replicaId,
                config,
                metrics,
                clock,
                workers));
  }

  @Override
  public void close() {
    for (AutoCloseable service : opened) {
      try {
        service.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(ExternalServices.class).warn("Closing {} failed", service, e);
      }
    }
  }
}
