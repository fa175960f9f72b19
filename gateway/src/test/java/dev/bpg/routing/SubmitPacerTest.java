package dev.bpg.routing;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubmitPacerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final AtomicInteger replicas = new AtomicInteger(1);
  private final SubmitPacer pacer =
      new SubmitPacer(
          List.of(cluster("{id: paced, maxSubmitRate: 4}"), cluster("{id: free, weight: 1}")),
          replicas::get,
          clock);

  private int sendWhileItLets(String cluster) {
    int sent = 0;
    while (pacer.paced(cluster).isEmpty() && sent < 1000) {
      pacer.took(cluster);
      sent++;
    }
    return sent;
  }

  @Test
  void aClusterWithoutARateIsNeverPaced() {
    assertThat(sendWhileItLets("free")).isEqualTo(1000);
    assertThat(pacer.share("free")).isEmpty();
  }

  @Test
  void createsGoAtTheRateWithAtMostASecondOfBurst() {
    assertThat(sendWhileItLets("paced")).isEqualTo(1);
    assertThat(pacer.paced("paced").orElseThrow())
        .isEqualTo("at its submit rate of 4.0 a second (4.00 for this replica)");
    clock.advance(Duration.ofMillis(250));
    assertThat(sendWhileItLets("paced")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    // The bucket holds one second of the rate, not ten.
    assertThat(sendWhileItLets("paced")).isEqualTo(4);
    int sent = 0;
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMillis(500));
      sent += sendWhileItLets("paced");
    }
    assertThat(sent).isEqualTo(40);
  }

  @Test
  void replicasShareTheRate() {
    replicas.set(2);
    assertThat(pacer.share("paced")).hasValue(2.0);
    sendWhileItLets("paced");
    int sent = 0;
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(1));
      sent += sendWhileItLets("paced");
    }
    assertThat(sent).isEqualTo(20);
  }

  @Test
  void aCreateBeyondTheBucketIsOwedAndPaidBackFirst() {
    pacer.took("paced");
    pacer.took("paced");
    pacer.took("paced");
    // Three taken, one token there: two owed, paid back in half a second at 4 a second.
    clock.advance(Duration.ofMillis(499));
    assertThat(pacer.paced("paced")).isPresent();
    clock.advance(Duration.ofMillis(251));
    assertThat(pacer.paced("paced")).isEmpty();
  }
}
