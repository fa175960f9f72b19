package dev.bpg.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreateBreakerTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private final CreateBreaker breaker = new CreateBreaker();

  private boolean fail(int second, String submission, String owner) {
    return breaker.failed(T0.plusSeconds(second), submission, owner, "HTTP 500: etcd timeout");
  }

  @Test
  void oneFailedCreateChangesNothing() {
    assertThat(fail(0, "s1", "alice")).isFalse();
    assertThat(breaker.open(T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void fiveFailuresInARowOfTwoOwnersOpenIt() {
    for (int i = 0; i < 4; i++) {
      assertThat(fail(i, "s" + i, i % 2 == 0 ? "alice" : "bob")).isFalse();
    }
    assertThat(fail(4, "s4", "alice")).isTrue();
    CreateBreaker.Open open = breaker.open(T0.plusSeconds(5)).orElseThrow();
    assertThat(open.reason())
        .isEqualTo(
            "circuit breaker open: 5 creates of 2 owners failed in a row within 30 s; the last:"
                + " HTTP 500: etcd timeout");
    assertThat(open.since()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void oneUserRepeatingARequestTheClusterChokesOnNeverOpensIt() {
    for (int i = 0; i < 50; i++) {
      assertThat(fail(i % 20, "s" + i, "mallory")).isFalse();
    }
    assertThat(breaker.open(T0.plusSeconds(20))).isEmpty();
  }

  @Test
  void theSameSubmissionFailingAgainCountsOnce() {
    for (int i = 0; i < 10; i++) {
      fail(i, "s1", "alice");
      fail(i, "s2", "bob");
    }
    assertThat(breaker.open(T0.plusSeconds(10))).isEmpty();
  }

  @Test
  void aSuccessInBetweenStartsTheCountAgain() {
    for (int i = 0; i < 4; i++) {
      fail(i, "s" + i, i % 2 == 0 ? "alice" : "bob");
    }
    assertThat(breaker.succeeded()).isFalse();
    for (int i = 4; i < 8; i++) {
      assertThat(fail(i, "s" + i, i % 2 == 0 ? "alice" : "bob")).isFalse();
    }
    assertThat(breaker.open(T0.plusSeconds(8))).isEmpty();
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    fail(0, "s0", "alice");
    fail(10, "s1", "bob");
    fail(20, "s2", "alice");
    fail(25, "s3", "bob");
    // The first (at 0 s) is older than 30 s at 35 s: four in the window, not five.
    assertThat(fail(35, "s4", "alice")).isFalse();
    assertThat(fail(36, "s5", "bob")).isTrue();
  }

  @Test
  void afterItsPauseTheNextCreateDecides() {
    for (int i = 0; i < 5; i++) {
      fail(i, "s" + i, i % 2 == 0 ? "alice" : "bob");
    }
    Instant reopened = T0.plusSeconds(4).plus(CreateBreaker.OPEN_FOR);
    assertThat(breaker.open(reopened.minusMillis(1))).isPresent();
    assertThat(breaker.open(reopened)).isEmpty();

    // Half-open: one failure opens it again at once.
    assertThat(breaker.failed(reopened, "s9", "carol", "HTTP 503")).isTrue();
    assertThat(breaker.open(reopened.plusSeconds(1)).orElseThrow().reason())
        .isEqualTo("circuit breaker open: its first create after a pause failed too: HTTP 503");

    // After the next pause, a success closes it.
    Instant later = reopened.plus(CreateBreaker.OPEN_FOR);
    assertThat(breaker.open(later)).isEmpty();
    assertThat(breaker.succeeded()).isTrue();
    assertThat(breaker.failed(later.plus(Duration.ofSeconds(1)), "s10", "alice", "HTTP 500"))
        .isFalse();
    assertThat(breaker.open(later.plusSeconds(2))).isEmpty();
  }
}
