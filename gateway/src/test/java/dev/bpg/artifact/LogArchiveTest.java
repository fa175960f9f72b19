package dev.bpg.artifact;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.LogArchiveConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.FakeClusters;
import dev.bpg.submission.ScriptedCluster;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.TrackedApplication;
import dev.bpg.testing.MutableClock;
import io.dropwizard.util.DataSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's rules with a bucket in memory that can go down, an index shared by two replicas,
 * and pods whose logs the test writes: each log copied once, its end kept within the limit, kept in
 * the spool while the store is down (and after a restart), recorded as lost when its pod is gone,
 * deleted after the retention, and read before a kill deletes the pods.
 */
class LogArchiveTest {
  private static final String A = "spark-cluster-a";
  private static final String ID = A + "-0123456789abcdef0123456789abcdef";
  private static final List<ClusterConfig> CLUSTERS =
      List.of(cluster("{id: spark-cluster-a, sparkVersions: [3.5.0], queues: [dev]}"));

  @TempDir Path spool;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final FakeClusters clusters = new FakeClusters(CLUSTERS, new StatusCache());
  private final ScriptedCluster cluster = clusters.cluster(A);
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryLogArchiveIndex index = new InMemoryLogArchiveIndex();
  private final List<ScheduledExecutorService> workers = new ArrayList<>();
  private final Recorded metrics = new Recorded();

  /** What the archive reported, from every replica. */
  private static final class Recorded implements LogArchiveMetrics {
    final AtomicInteger archived = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicLong logBytes = new AtomicLong();
    final AtomicLong storedBytes = new AtomicLong();

    @Override
    public void archived(long logBytes, long storedBytes, Duration took) {
      archived.incrementAndGet();
      this.logBytes.addAndGet(logBytes);
      this.storedBytes.addAndGet(storedBytes);
    }

    @Override
    public void lost() {
      lost.incrementAndGet();
    }
  }

  @AfterEach
  void stop() {
    workers.forEach(ScheduledExecutorService::shutdownNow);
  }

  private LogArchive replica(String replicaId, DataSize maxBytesPerPod) {
    ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
    workers.add(threads);
    LogArchiveConfig config =
        new LogArchiveConfig(
            null,
            null,
            "/logs/",
            maxBytesPerPod,
            null,
            null,
            spool.toString(),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            2,
            false);
    return new LogArchive(clusters, store, index, replicaId, config, metrics, clock, threads);
  }

  private LogArchive replica(String replicaId) {
    return replica(replicaId, DataSize.mebibytes(1));
  }

  private static TrackedApplication ended(int executors) {
    Map<String, String> states =
        IntStream.rangeClosed(1, executors)
            .boxed()
            .collect(Collectors.toMap(i -> ID + "-exec-" + i, i -> "COMPLETED"));
    ApplicationStatus status =
        new ApplicationStatus(
            ApplicationState.COMPLETED,
            null,
            "spark-1",
            1,
            Instant.parse("2026-12-02T09:59:00Z"),
            ID + "-driver",
            states);
    return new TrackedApplication(
        ID, A, "spark", "alice", "alice", "dev", Instant.EPOCH, 0, status, true);
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private ArchivedLog.State state(String pod) {
    return index.find(ID).stream()
        .filter(l -> l.pod().equals(pod))
        .findFirst()
        .map(ArchivedLog::state)
        .orElse(null);
  }

  private void assertNoLog(LogArchive archive, String execId, String message) {
    assertThatThrownBy(() -> archive.read(ended(2), execId))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((GatewayException) e).code())
        .isEqualTo(ErrorCode.LOG_NOT_FOUND);
  }

  @Test
  void theLogsOfAnEndedApplicationAreCopiedOnceAcrossReplicas() throws Exception {
    cluster.podLogs.put(ID + "-driver", "driver line 1\nPi is roughly 3.14\n");
    cluster.podLogs.put(ID + "-exec-1", "executor 1 ran a task\n");
    cluster.podLogs.put(ID + "-exec-2", "executor 2 ran a task\n");
    LogArchive a = replica("replica-a");
    LogArchive b = replica("replica-b");

    a.ended(ended(2));
    b.ended(ended(2));
    a.ended(ended(2));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                index.all().size() == 3
                    && index.all().stream().allMatch(l -> l.state() == ArchivedLog.State.ARCHIVED));
    assertThat(store.puts.get()).isEqualTo(3);
    assertThat(metrics.archived).hasValue(3);
    assertThat(metrics.logBytes).hasValue(33 + 22 + 22);
    assertThat(metrics.storedBytes.get())
        .isEqualTo(store.objects.values().stream().mapToLong(bytes -> bytes.length).sum());
    assertThat(store.objects).containsKey("logs/" + ID + "/" + ID + "-driver.log.gz");
    // Served by either replica once the pods are gone.
    cluster.podLogs.clear();
    assertThat(read(b.read(ended(2), ""))).isEqualTo("driver line 1\nPi is roughly 3.14\n");
    assertThat(read(a.read(ended(2), "2"))).isEqualTo("executor 2 ran a task\n");
    assertNoLog(a, "7", "no log archived for executor 7 of submission " + ID);
    try (Stream<Path> left = Files.walk(spool)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aLogLongerThanTheLimitKeepsItsEndAfterALineSayingSo() throws Exception {
    String log =
        IntStream.range(0, 500).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    cluster.podLogs.put(ID + "-driver", log);
    LogArchive archive = replica("replica-a", DataSize.kibibytes(1));

    archive.beforeDelete(ended(0));

    String kept = read(archive.read(ended(0), "driver"));
    assertThat(kept)
        .startsWith(
            "[batch-processing-gateway] The first "
                + (log.length() - kept.lines().skip(1).mapToInt(l -> l.length() + 1).sum())
                + " of this log's "
                + log.length()
                + " bytes were cut")
        .endsWith("line 498\nline 499\n");
    // The kept part starts at a whole line and is within the limit.
    assertThat(kept.lines().skip(1).findFirst().orElseThrow()).matches("line \\d+");
    assertThat(kept.length() - kept.indexOf('\n') - 1).isLessThanOrEqualTo(1024);
    assertThat(index.find(ID).get(0).truncated()).isTrue();
    assertThat(metrics.logBytes).as("the length read, before the cut").hasValue(log.length());
  }

  @Test
  void aLogWaitsInTheSpoolWhileTheStoreIsDownAndIsSentWhenItIsBackAlsoAfterARestart()
      throws Exception {
    cluster.podLogs.put(ID + "-driver", "the driver's last words\n");
    store.down(true);
    LogArchive first = replica("replica-a");

    // A kill reads the log before deleting the pods, store or no store.
    first.beforeDelete(ended(0));
    cluster.podLogs.clear();
    assertThat(state(ID + "-driver")).isEqualTo(ArchivedLog.State.CLAIMED);
    assertNoLog(first, "", "is being archived; try again shortly");
    first.sendSpooled();
    assertThat(store.objects).isEmpty();

    // The replica stops; another starts on the same spool once the first one's claim has run out.
    workers.get(0).shutdownNow();
    store.down(false);
    clock.advance(Duration.ofHours(2));
    LogArchive restarted = replica("replica-a2");
    restarted.sendSpooled();

    assertThat(state(ID + "-driver")).isEqualTo(ArchivedLog.State.ARCHIVED);
    assertThat(read(restarted.read(ended(0), ""))).isEqualTo("the driver's last words\n");
    assertThat(store.puts.get()).isEqualTo(1);
    assertThat(metrics.archived).hasValue(1);
    assertThat(metrics.logBytes).as("unknown after a restart").hasValue(-1);
  }

  @Test
  void aPodGoneBeforeItsLogIsReadIsRecordedAsLostWithTheReason() {
    LogArchive archive = replica("replica-a");

    archive.beforeDelete(ended(1));

    assertNoLog(
        archive,
        "",
        "was not archived: the pod was gone from cluster " + A + " before its log could be copied");
    assertNoLog(archive, "1", "the log of pod " + ID + "-exec-1 was not archived");
    assertThat(metrics.lost).hasValue(2);
    assertThat(metrics.archived).hasValue(0);
  }

  @Test
  void archivedLogsAreDeletedAfterTheRetention() {
    cluster.podLogs.put(ID + "-driver", "old news\n");
    LogArchive archive = replica("replica-a");
    archive.beforeDelete(ended(0));
    assertThat(store.objects).hasSize(1);

    clock.advance(Duration.ofDays(29));
    archive.deleteExpired();
    assertThat(store.objects).hasSize(1);
    clock.advance(Duration.ofDays(2));
    archive.deleteExpired();

    assertThat(store.objects).isEmpty();
    assertNoLog(archive, "", "after the archive's retention of 30 days");
  }
}
