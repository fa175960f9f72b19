package dev.bpg.server;

import dev.bpg.artifact.LogArchive;
import dev.bpg.artifact.LogArchiveMetrics;
import dev.bpg.artifact.ObjectStore;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.LogArchiveConfig;
import dev.bpg.config.StorageConfig;
import dev.bpg.storage.S3ObjectStore;
import dev.bpg.store.JdbcLogArchiveIndex;
import dev.bpg.submission.ClusterClients;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/**
 * The buckets a gateway writes to: the one of users' uploads ({@code storage.bucket}) and the one
 * of archived logs ({@code logArchive.bucket}, else the same), each opened once and closed
 * together.
 */
final class ObjectStores implements AutoCloseable {
  private final Optional<ObjectStore> uploads;
  private final Optional<ObjectStore> logs;
  private final List<S3ObjectStore> opened;

  private ObjectStores(
      Optional<ObjectStore> uploads, Optional<ObjectStore> logs, List<S3ObjectStore> opened) {
    this.uploads = uploads;
    this.logs = logs;
    this.opened = opened;
  }

  static ObjectStores open(GatewayConfiguration config) {
    StorageConfig storage = config.storage();
    if (!storage.enabled()) {
      return new ObjectStores(Optional.empty(), Optional.empty(), List.of());
    }
    List<S3ObjectStore> opened = new ArrayList<>();
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
    return new ObjectStores(Optional.of(uploads), logs, List.copyOf(opened));
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
    opened.forEach(S3ObjectStore::close);
  }
}
