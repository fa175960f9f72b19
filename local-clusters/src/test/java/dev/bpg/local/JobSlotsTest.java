package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSlotsTest {

  private final List<String> granted = new ArrayList<>();
  private final JobSlots slots = new JobSlots(2, Runnable::run);

  private boolean request(String key) {
    return slots.request(key, () -> granted.add(key));
  }

  @Test
  void grantsAsManySlotsAsThereAreAndQueuesTheRestInOrder() {
    assertThat(request("a")).isTrue();
    assertThat(request("b")).isTrue();
    assertThat(request("c")).isFalse();
    assertThat(request("d")).isFalse();

    assertThat(granted).containsExactly("a", "b");
    assertThat(slots.running()).containsExactly("a", "b");
    assertThat(slots.waiting()).containsExactly("c", "d");
  }

  @Test
  void aReleasedSlotGoesToTheFirstInLine() {
    request("a");
    request("b");
    request("c");
    request("d");

    slots.release("b");

    assertThat(granted).containsExactly("a", "b", "c");
    assertThat(slots.running()).containsExactly("a", "c");
    assertThat(slots.waiting()).containsExactly("d");
  }

  @Test
  void aJobThatLeavesTheQueueIsNeverGranted() {
    request("a");
    request("b");
    request("c");
    request("d");

    slots.release("c");
    slots.release("a");

    assertThat(granted).containsExactly("a", "b", "d");
    assertThat(slots.waiting()).isEmpty();
  }

  @Test
  void requestsAndReleasesAreIdempotent() {
    request("a");
    request("a");
    request("b");
    request("c");
    request("c");

    assertThat(granted).containsExactly("a", "b");
    assertThat(slots.waiting()).containsExactly("c");

    slots.release("a");
    slots.release("a");
    slots.release("unknown");

    assertThat(granted).containsExactly("a", "b", "c");
    assertThat(slots.running()).containsExactly("b", "c");
  }
}
