package dev.bpg.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link LogArchiveIndex} does, on each database and in memory. */
public abstract class LogArchiveIndexContract {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);

  protected abstract LogArchiveIndex index();

  /** A submission ID no other test uses: the databases are shared by the contract's tests. */
  private static String newId() {
    return "a-" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aLogIsClaimedByOneReplicaUntilItsLeaseRunsOut() {
    LogArchiveIndex index = index();
    String id = newId();
    assertThat(index.claim(id, id + "-driver", "replica-a", NOW, LEASE)).isTrue();
    assertThat(index.claim(id, id + "-driver", "replica-b", NOW.plusSeconds(1), LEASE)).isFalse();
    // The holder renews its claim; the other may take it over once it has run out.
    assertThat(index.claim(id, id + "-driver", "replica-a", NOW.plusSeconds(60), LEASE)).isTrue();
    assertThat(index.claim(id, id + "-driver", "replica-b", NOW.plus(LEASE), LEASE)).isFalse();
    assertThat(index.claim(id, id + "-driver", "replica-b", NOW.plus(LEASE).plusSeconds(60), LEASE))
        .isTrue();
    assertThat(index.find(id))
        .singleElement()
        .extracting(ArchivedLog::claimedBy)
        .isEqualTo("replica-b");
    // Another pod of the same submission is claimed apart.
    assertThat(index.claim(id, id + "-exec-1", "replica-a", NOW, LEASE)).isTrue();
  }

  @Test
  void anArchivedLogIsNeverClaimedAgainAndKeepsWhereItIs() {
    LogArchiveIndex index = index();
    String id = newId();
    String pod = id + "-exec-2";
    index.claim(id, pod, "replica-a", NOW, LEASE);
    index.archived(id, pod, "logs/" + id + "/" + pod + ".log.gz", 1234, true, NOW.plusSeconds(2));

    assertThat(index.claim(id, pod, "replica-a", NOW.plusSeconds(3), LEASE)).isFalse();
    assertThat(index.claim(id, pod, "replica-b", NOW.plus(Duration.ofDays(1)), LEASE)).isFalse();
    ArchivedLog log = index.find(id).get(0);
    assertThat(log.state()).isEqualTo(ArchivedLog.State.ARCHIVED);
    assertThat(log.key()).contains("logs/" + id + "/" + pod + ".log.gz");
    assertThat(log.sizeBytes()).isEqualTo(1234);
    assertThat(log.truncated()).isTrue();
    assertThat(log.at()).contains(NOW.plusSeconds(2));
    // A late "lost" from a replica that lost the race does not undo it.
    index.lost(id, pod, "the pod was gone", NOW.plusSeconds(4));
    assertThat(index.find(id).get(0).state()).isEqualTo(ArchivedLog.State.ARCHIVED);
  }

  @Test
  void aLostLogKeepsItsReasonAndIsNotClaimedAgain() {
    LogArchiveIndex index = index();
    String id = newId();
    index.claim(id, id + "-driver", "replica-a", NOW, LEASE);
    index.lost(id, id + "-driver", "the pod was gone from cluster a", NOW.plusSeconds(1));

    ArchivedLog log = index.find(id).get(0);
    assertThat(log.state()).isEqualTo(ArchivedLog.State.LOST);
    assertThat(log.detail()).contains("the pod was gone from cluster a");
    assertThat(log.truncated()).isFalse();
    assertThat(index.claim(id, id + "-driver", "replica-b", NOW.plus(Duration.ofHours(1)), LEASE))
        .isFalse();
  }

  @Test
  void expiredLogsAreListedOldestFirstUntilDeleted() {
    LogArchiveIndex index = index();
    Instant base = NOW.minus(Duration.ofDays(4000));
    String older = newId();
    String newer = newId();
    String recent = newId();
    index.claim(newer, newer + "-driver", "r", base, LEASE);
    index.archived(newer, newer + "-driver", "k/" + newer, 1, false, base.plusSeconds(20));
    index.claim(older, older + "-driver", "r", base, LEASE);
    index.archived(older, older + "-driver", "k/" + older, 1, false, base.plusSeconds(10));
    index.claim(recent, recent + "-driver", "r", base, LEASE);
    index.archived(recent, recent + "-driver", "k/" + recent, 1, false, base.plusSeconds(40));

    List<ArchivedLog> expired = index.archivedBefore(base.plusSeconds(30), 2);
    assertThat(expired).extracting(ArchivedLog::submissionId).containsExactly(older, newer);
    index.deleted(older, older + "-driver", base.plusSeconds(50));
    assertThat(index.archivedBefore(base.plusSeconds(30), 10))
        .extracting(ArchivedLog::submissionId)
        .containsExactly(newer);
    ArchivedLog deleted = index.find(older).get(0);
    assertThat(deleted.state()).isEqualTo(ArchivedLog.State.DELETED);
    assertThat(deleted.at()).contains(base.plusSeconds(50));
    assertThat(index.find(newId())).isEmpty();
  }
}
