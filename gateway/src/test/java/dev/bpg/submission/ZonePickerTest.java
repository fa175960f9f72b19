package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.QueueConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZonePickerTest {
  @Test
  void picksTheQueuesZonesRoundRobin() {
    ZonePicker picker = new ZonePicker();
    QueueConfig dev = queue("{name: dev, allowedZones: [us-west-2a, us-west-2b, us-west-2c]}");

    assertThat(picker.pick(dev)).contains("us-west-2a");
    assertThat(picker.pick(dev)).contains("us-west-2b");
    assertThat(picker.pick(dev)).contains("us-west-2c");
    assertThat(picker.pick(dev)).contains("us-west-2a");
  }

  @Test
  void keepsOneTurnPerQueue() {
    ZonePicker picker = new ZonePicker();
    QueueConfig dev = queue("{name: dev, allowedZones: [a1, a2]}");
    QueueConfig etl = queue("{name: etl, allowedZones: [b1, b2]}");

    assertThat(picker.pick(dev)).contains("a1");
    assertThat(picker.pick(etl)).contains("b1");
    assertThat(picker.pick(dev)).contains("a2");
    assertThat(picker.pick(etl)).contains("b2");
  }

  @Test
  void aQueueWithoutZonesPinsNone() {
    assertThat(new ZonePicker().pick(queue("{name: dev}"))).isEqualTo(Optional.empty());
  }
}
