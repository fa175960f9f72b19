package dev.bpg.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a stopping status writer does with the writes it still holds. */
class StatusWriterTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final int WRITES = 120;

  private final InMemorySubmissionStore store = new InMemorySubmissionStore();
  private final StatusWriter writer =
      new StatusWriter(store, SubmissionMetrics.NONE, new MutableClock(T0), Duration.ofHours(1));

  private int recordWhileTheDatabaseIsSlow() {
    for (int i = 0; i < WRITES; i++) {
      store.insert(TestSubmissions.recorded("s-" + i, "east-1", ApplicationState.SUBMITTED, T0));
    }
    // 120 writes of 50 ms each: six seconds of work, more than the five a close used to wait.
    store.setCallDelay(Duration.ofMillis(50));
    for (int i = 0; i < WRITES; i++) {
      writer.recordLater(
          "s-" + i,
          ApplicationStatus.unknown().withState(ApplicationState.RUNNING, null, T0),
          "watch");
    }
    return WRITES;
  }

  private long running() {
    store.setCallDelay(Duration.ZERO);
    long n = 0;
    for (int i = 0; i < WRITES; i++) {
      if (store.find("s-" + i).orElseThrow().state() == ApplicationState.RUNNING) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aStopWaitsForEveryPendingWriteWithinItsTimeout() {
    int sent = recordWhileTheDatabaseIsSlow();
    writer.close(Duration.ofSeconds(30));
    assertThat(running()).isEqualTo(sent);
  }

  @Test
  void aStopIsBoundedByItsTimeout() {
    recordWhileTheDatabaseIsSlow();
    writer.close(Duration.ofMillis(300));
    // It stopped with writes left: it did not wait for all of them.
    assertThat(running()).isLessThan(WRITES);
  }
}
