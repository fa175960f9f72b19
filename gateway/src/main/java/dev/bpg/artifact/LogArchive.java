package dev.bpg.artifact;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.LogArchiveConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.PodLogArchiver;
import dev.bpg.submission.TrackedApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the logs of ended pods to the object store, as {@code
 * <prefix>/<submissionId>/<pod>.log.gz}, and serves them once the pods are gone.
 *
 * <p>Each log is copied once across replicas: a replica claims it in the {@link LogArchiveIndex} (a
 * lease, renewed while it holds the log) before reading it. The log is read to a gzip file in the
 * spool directory first, its end kept when it is longer than the limit, so that the pod may go
 * while the store is down: the spooled file is sent again every {@code retryInterval} until the
 * store takes it, also after a restart of the replica. A pod gone before its log could be read is
 * recorded as lost, with the reason, which {@code /log} then gives.
 */
public final class LogArchive implements PodLogArchiver {
  private static final Logger LOG = LoggerFactory.getLogger(LogArchive.class);
  private static final String SUFFIX = ".log.gz";
  private static final String CUT_MARK = ".cut";
  private static final Duration MIN_LEASE = Duration.ofMinutes(5);
  private static final int READ_ATTEMPTS = 30;
  private static final int RETENTION_BATCH = 500;

  private final ClusterClients clusters;
  private final ObjectStore store;
  private final LogArchiveIndex index;
  private final String replicaId;
  private final LogArchiveConfig config;
  private final LogArchiveMetrics metrics;
  private final Path spool;
  private final Duration lease;
  private final Clock clock;
  private final ScheduledExecutorService workers;
  private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();

  /**
   * @param workers runs the copies and the retries; the caller shuts it down
   */
  public LogArchive(
      ClusterClients clusters,
      ObjectStore store,
      LogArchiveIndex index,
      String replicaId,
      LogArchiveConfig config,
      LogArchiveMetrics metrics,
      Clock clock,
      ScheduledExecutorService workers) {
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.store = requireNonNull(store, "store is null");
    this.index = requireNonNull(index, "index is null");
    this.replicaId = requireNonNull(replicaId, "replicaId is null");
    this.config = requireNonNull(config, "config is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.workers = requireNonNull(workers, "workers is null");
    this.spool = config.spoolPath();
    Duration renewals = config.retryInterval().multipliedBy(6);
    this.lease = renewals.compareTo(MIN_LEASE) > 0 ? renewals : MIN_LEASE;
  }

  /** Sends spooled logs again and deletes expired ones, periodically, until the workers stop. */
  public void start() {
    long retry = config.retryInterval().toMillis();
    workers.scheduleWithFixedDelay(
        () -> quietly("send spooled logs", this::sendSpooled), retry, retry, TimeUnit.MILLISECONDS);
    long sweep = Math.max(60_000, Math.min(config.retention().toMillis() / 24, 3_600_000));
    workers.scheduleWithFixedDelay(
        () -> quietly("delete expired logs", this::deleteExpired),
        sweep,
        sweep,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void ended(TrackedApplication application) {
    for (String pod : PodLogArchiver.podsOf(application)) {
      copyLater(application, pod, 1);
    }
  }

  @Override
  public void beforeDelete(TrackedApplication application) {
    List<CompletableFuture<Void>> copies = new ArrayList<>();
    for (String pod : PodLogArchiver.podsOf(application)) {
      copies.add(copyLater(application, pod, 1));
    }
    try {
      CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new))
          .get(config.killWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "The logs of {} were not read within {}; deleting it anyway",
          application.submissionId(),
          config.killWait());
    } catch (ExecutionException e) {
      LOG.warn("Reading the logs of {} failed", application.submissionId(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The archived log of the driver ({@code execId} empty or ending in {@code driver}) or of
   * executor {@code execId}, uncompressed.
   *
   * @throws GatewayException {@code LOG_NOT_FOUND} saying why there is none
   */
  public InputStream read(TrackedApplication application, String execId) {
    String id = application.submissionId();
    boolean driver = execId == null || execId.isBlank() || execId.strip().endsWith("driver");
    String wanted = driver ? application.driverPod() : "-exec-" + execId.strip();
    ArchivedLog log =
        index.find(id).stream()
            .filter(l -> driver ? l.pod().equals(wanted) : l.pod().endsWith(wanted))
            .findFirst()
            .orElseThrow(
                () ->
                    notFound(
                        "no log archived for "
                            + (driver ? "the driver (pod " + wanted + ")" : "executor " + execId)
                            + " of submission "
                            + id));
    String pod = "pod " + log.pod();
    return switch (log.state()) {
      case CLAIMED -> throw notFound("the log of " + pod + " is being archived; try again shortly");
      case LOST -> throw notFound("the log of " + pod + " was not archived: " + detail(log));
      case DELETED ->
          throw notFound(
              "the archived log of "
                  + pod
                  + " was deleted "
                  + log.at().map(Instant::toString).orElse("")
                  + " after the archive's retention of "
                  + config.retention().toDays()
                  + " days");
      case ARCHIVED -> open(log, pod);
    };
  }

  private InputStream open(ArchivedLog log, String pod) {
    String key = log.key().orElseThrow();
    InputStream object =
        store
            .get(key)
            .orElseThrow(
                () ->
                    notFound(
                        "the archived log of "
                            + pod
                            + " is missing from the bucket "
                            + store.bucket()
                            + " (key "
                            + key
                            + ")"));
    try {
      return new GZIPInputStream(object);
    } catch (IOException e) {
      closeQuietly(object);
      throw new GatewayException(
          ErrorCode.STORAGE_UNAVAILABLE, "could not read the archived log of " + pod, e);
    }
  }

  /** Copies one pod's log on a worker; the future completes when this attempt is over. */
  private CompletableFuture<Void> copyLater(TrackedApplication app, String pod, int attempt) {
    String key = app.submissionId() + "/" + pod;
    CompletableFuture<Void> done;
    synchronized (inFlight) {
      CompletableFuture<Void> running = inFlight.get(key);
      if (running != null) {
        return running;
      }
      done = new CompletableFuture<>();
      inFlight.put(key, done);
    }
    workers.execute(
        () -> {
          try {
            copy(app, pod, attempt);
          } finally {
            synchronized (inFlight) {
              inFlight.remove(key);
            }
            done.complete(null);
          }
        });
    return done;
  }

  private void copy(TrackedApplication app, String pod, int attempt) {
    String id = app.submissionId();
    long started = System.nanoTime();
    try {
      if (!index.claim(id, pod, replicaId, clock.instant(), lease)) {
        return;
      }
      Optional<InputStream> log =
          clusters.client(app.clusterId()).openLog(app.namespace(), pod, false);
      if (log.isEmpty()) {
        metrics.lost();
        index.lost(
            id,
            pod,
            "the pod was gone from cluster " + app.clusterId() + " before its log could be copied",
            clock.instant());
        return;
      }
      LogTail tail;
      try (InputStream in = log.get()) {
        tail = LogTail.read(in, (int) config.maxBytesPerPod().toBytes());
      }
      Path file = spoolLog(id, pod, tail);
      long stored = send(id, pod, file);
      metrics.archived(tail.total(), stored, Duration.ofNanos(System.nanoTime() - started));
    } catch (GatewayException e) {
      if (e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
        LOG.info("The log of {} waits in the spool: {}", pod, e.getMessage());
      } else if (e.code() == ErrorCode.CLUSTER_REJECTED) {
        giveUp(id, pod, "the cluster did not give the log: " + e.getMessage());
      } else {
        retryOrGiveUp(app, pod, attempt, e.getMessage());
      }
    } catch (IOException | UncheckedIOException e) {
      retryOrGiveUp(app, pod, attempt, "reading it failed: " + e.getMessage());
    }
  }

  private void retryOrGiveUp(TrackedApplication app, String pod, int attempt, String problem) {
    if (attempt < READ_ATTEMPTS) {
      LOG.info("Copying the log of {} failed ({}); trying again", pod, problem);
      workers.schedule(
          () -> copyLater(app, pod, attempt + 1),
          config.retryInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      LOG.warn("Gave up copying the log of {}: {}", pod, problem);
      giveUp(app.submissionId(), pod, "copying it failed " + attempt + " times: " + problem);
    }
  }

  /** Writes the log (its end, within the limit) as a gzip file in the spool directory. */
  private Path spoolLog(String id, String pod, LogTail tail) throws IOException {
    Path file = spoolFile(id, pod);
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 8192)) {
      tail.writeTo(out);
    }
    if (tail.truncated()) {
      Files.writeString(file.resolveSibling(file.getFileName() + CUT_MARK), "");
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /**
   * Puts a spooled log in the store and records it; the spooled file goes once recorded.
   *
   * @return the stored object's size
   */
  private long send(String id, String pod, Path file) throws IOException {
    String key = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    key += id + "/" + pod + SUFFIX;
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      store.put(key, in, size, Map.of("submission-id", id, "pod", pod));
    }
    Path cut = file.resolveSibling(file.getFileName() + CUT_MARK);
    index.archived(id, pod, key, size, Files.exists(cut), clock.instant());
    Files.deleteIfExists(cut);
    Files.deleteIfExists(file);
    LOG.info("Archived the log of {} ({} bytes) as {}", pod, size, key);
    return size;
  }

  /** Sends the spooled logs again, each under a renewed claim; for the periodic retry. */
  void sendSpooled() throws IOException {
    if (!Files.isDirectory(spool)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(spool, 2)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
    }
    for (Path file : files) {
      String id = file.getParent().getFileName().toString();
      String name = file.getFileName().toString();
      String pod = name.substring(0, name.length() - SUFFIX.length());
      synchronized (inFlight) {
        if (inFlight.containsKey(id + "/" + pod)) {
          continue;
        }
      }
      if (!index.claim(id, pod, replicaId, clock.instant(), lease)) {
        // Another replica took it over after this one's claim ran out, or it is done.
        Files.deleteIfExists(file.resolveSibling(name + CUT_MARK));
        Files.deleteIfExists(file);
        continue;
      }
      try {
        Instant spooled = Files.getLastModifiedTime(file).toInstant();
        long stored = send(id, pod, file);
        metrics.archived(-1, stored, Duration.between(spooled, clock.instant()));
      } catch (GatewayException e) {
        LOG.info("The log of {} still waits in the spool: {}", pod, e.getMessage());
        return;
      }
    }
  }

  /** Deletes archived logs older than the retention; for the periodic sweep. */
  void deleteExpired() {
    Instant cutoff = clock.instant().minus(config.retention());
    for (ArchivedLog log : index.archivedBefore(cutoff, RETENTION_BATCH)) {
      store.delete(log.key().orElseThrow());
      index.deleted(log.submissionId(), log.pod(), clock.instant());
    }
  }

  private void giveUp(String id, String pod, String reason) {
    metrics.lost();
    try {
      index.lost(id, pod, reason, clock.instant());
    } catch (GatewayException e) {
      LOG.warn("Could not record that the log of {} is lost: {}", pod, e.getMessage());
    }
  }

  private Path spoolFile(String id, String pod) {
    return spool.resolve(id).resolve(pod + SUFFIX);
  }

  private static String detail(ArchivedLog log) {
    return log.detail().orElse("no reason was recorded");
  }

  private static GatewayException notFound(String message) {
    return new GatewayException(ErrorCode.LOG_NOT_FOUND, message);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("Closing the archived log failed", e);
    }
  }

  private static void quietly(String task, ThrowingTask body) {
    try {
      body.run();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not {}: {}", task, e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface ThrowingTask {
    void run() throws IOException;
  }
}
