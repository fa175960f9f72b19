package dev.bpg.routing;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Routing with health and load: down clusters skipped, weights scaled by free room, full means
 * queued.
 */
class CapacityRoutingTest {
  private static final class Conditions implements ClusterConditions {
    final Map<String, String> down = new HashMap<>();
    final Map<String, ClusterLoad> loads = new HashMap<>();

    @Override
    public Optional<String> unavailability(String clusterId) {
      return Optional.ofNullable(down.get(clusterId));
    }

    @Override
    public ClusterLoad load(String clusterId) {
      return loads.getOrDefault(clusterId, ClusterLoad.EMPTY);
    }
  }

  private static final class Draws implements RandomSource {
    final List<Integer> bounds = new ArrayList<>();
    private final int draw;

    Draws(int draw) {
      this.draw = draw;
    }

    @Override
    public int nextInt(int bound) {
      bounds.add(bound);
      return Math.min(draw, bound - 1);
    }
  }

  private static final List<ClusterConfig> LIMITED =
      List.of(
          cluster(
              "{id: a, weight: 50, sparkVersions: [3.5.0], queues: [dev], maxRunningApplications:"
                  + " 8, maxPendingApplications: 2}"),
          cluster(
              "{id: b, weight: 50, sparkVersions: [3.5.0], queues: [dev], maxRunningApplications:"
                  + " 8, maxPendingApplications: 2}"),
          cluster("{id: c, weight: 50, sparkVersions: [3.5.0], queues: [dev]}"));

  @Test
  void aDownClusterIsSkippedWithItsReason() {
    Conditions conditions = new Conditions();
    conditions.down.put("a", "connection refused");
    Draws random = new Draws(0);
    RoutingDecision decision =
        new WeightedRouter(LIMITED, random, conditions).choose("dev", "3.5.0", Optional.empty());
    assertThat(decision.clusterId()).isEqualTo("b");
    assertThat(decision.excluded()).containsEntry("a", "down: connection refused");
    assertThat(decision.fallbacks()).containsExactly("c");
    assertThat(random.bounds).containsExactly(100);
  }

  @Test
  void everyServingClusterDownIsA503ThatNamesThem() {
    Conditions conditions = new Conditions();
    LIMITED.forEach(c -> conditions.down.put(c.id(), "connection refused"));
    assertThatThrownBy(
            () ->
                new WeightedRouter(LIMITED, new Draws(0), conditions)
                    .choose("dev", "3.5.0", Optional.empty()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("a: down: connection refused", "c: down: connection refused");
            });
  }

  @Test
  void weightsScaleWithTheShareOfFreeRoom() {
    Conditions conditions = new Conditions();
    // a: 10 slots, 8 running -> 2 free -> weight 50 * 2 / 10 = 10; b: empty -> 50; c: no limits ->
    // 50.
    conditions.loads.put("a", new ClusterLoad(8, 0));
    Draws random = new Draws(9);
    RoutingDecision decision =
        new WeightedRouter(LIMITED, random, conditions).choose("dev", "3.5.0", Optional.empty());
    assertThat(random.bounds).containsExactly(110);
    assertThat(decision.clusterId()).isEqualTo("a");
    assertThat(
            new WeightedRouter(LIMITED, new Draws(10), conditions)
                .choose("dev", "3.5.0", Optional.empty())
                .clusterId())
        .isEqualTo("b");
    assertThat(decision.fallbacks()).containsExactly("b", "c");
  }

  @Test
  void tooManyPendingMakesAClusterFullWhateverRunsOnIt() {
    Conditions conditions = new Conditions();
    conditions.loads.put("a", new ClusterLoad(0, 2));
    RoutingDecision decision =
        new WeightedRouter(LIMITED, new Draws(0), conditions)
            .choose("dev", "3.5.0", Optional.empty());
    assertThat(decision.clusterId()).isEqualTo("b");
    assertThat(decision.excluded()).containsEntry("a", "full: 0 running, 2 pending");
  }

  @Test
  void whenEveryClusterThatIsUpIsFullTheDecisionIsToQueue() {
    List<ClusterConfig> limitedOnly = LIMITED.subList(0, 2);
    Conditions conditions = new Conditions();
    conditions.loads.put("a", new ClusterLoad(8, 2));
    conditions.loads.put("b", new ClusterLoad(9, 1));
    RoutingDecision decision =
        new WeightedRouter(limitedOnly, new Draws(60), conditions)
            .choose("dev", "3.5.0", Optional.empty());
    assertThat(decision.queued()).isTrue();
    assertThat(decision.clusterId()).isEqualTo("b");
    assertThat(decision.fallbacks()).isEmpty();
    assertThat(decision.reason()).startsWith("queued for b");
  }

  @Test
  void freeRoomCountsRunningAndPendingAgainstTheLimits() {
    ClusterConfig both = LIMITED.get(0);
    assertThat(new ClusterLoad(0, 0).freeRoom(both)).hasValue(2);
    assertThat(new ClusterLoad(7, 0).freeRoom(both)).hasValue(2);
    assertThat(new ClusterLoad(7, 1).freeRoom(both)).hasValue(1);
    assertThat(new ClusterLoad(9, 1).freeRoom(both)).hasValue(0);
    assertThat(
            new ClusterLoad(3, 0)
                .freeRoom(
                    cluster(
                        "{id: r, sparkVersions: [3.5.0], queues: [dev], maxRunningApplications:"
                            + " 4}")))
        .hasValue(1);
    assertThat(
            new ClusterLoad(100, 2)
                .freeRoom(
                    cluster(
                        "{id: p, sparkVersions: [3.5.0], queues: [dev], maxPendingApplications:"
                            + " 3}")))
        .hasValue(1);
    assertThat(new ClusterLoad(100, 100).freeRoom(LIMITED.get(2))).isEmpty();
  }
}
