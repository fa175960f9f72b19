package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.QueueConfig;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A burst to a cluster with maxSubmitRate waits QUEUED and goes out at the rate, in order. */
class SubmitPacingTest {
  private final DomainUnderTest domain =
      new DomainUnderTest(
          List.of(cluster("{id: east-1, sparkVersions: [3.5.0], queues: [dev], maxSubmitRate: 2}")),
          List.of(QueueConfig.named("dev")),
          1);

  @AfterEach
  void close() {
    domain.close();
  }

  private List<String> created() {
    return domain.cluster("east-1").created.stream().map(SparkApplicationManifest::name).toList();
  }

  @Test
  void aBurstWaitsAndGoesOutAtTheRateInOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(domain.submit("alice"));
    }
    assertThat(created()).containsExactly(ids.get(0));
    assertThat(domain.cache.find(ids.get(1)).orElseThrow().status().state())
        .isEqualTo(ApplicationState.QUEUED);
    assertThat(domain.cache.find(ids.get(1)).orElseThrow().status().errorMessage())
        .contains("paced: at its submit rate of 2.0 a second");

    domain.admission.dispatchQueued();
    assertThat(created()).hasSize(1);
    domain.clock.advance(Duration.ofSeconds(1));
    domain.admission.dispatchQueued();
    assertThat(created()).containsExactlyElementsOf(ids.subList(0, 3));
    domain.clock.advance(Duration.ofMillis(500));
    domain.admission.dispatchQueued();
    assertThat(created()).containsExactlyElementsOf(ids.subList(0, 4));
    domain.clock.advance(Duration.ofSeconds(5));
    domain.admission.dispatchQueued();
    // One second of burst at most, then the rate.
    assertThat(created()).containsExactlyElementsOf(ids.subList(0, 6));
    domain.clock.advance(Duration.ofMillis(500));
    domain.admission.dispatchQueued();
    assertThat(created()).containsExactlyElementsOf(ids);
  }
}
