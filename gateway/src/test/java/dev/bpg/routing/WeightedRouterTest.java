package dev.bpg.routing;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightedRouterTest {
  private static final List<ClusterConfig> TEN_TEN_EIGHTY =
      List.of(
          cluster("{id: spark-a, weight: 10, sparkVersions: [3.5.0], queues: [dev]}"),
          cluster("{id: spark-b, weight: 10, sparkVersions: [3.5.0], queues: [dev]}"),
          cluster("{id: spark-c, weight: 80, sparkVersions: [3.5.0], queues: [dev]}"));

  /** Returns the draws it was given, in order, and records every bound it was asked for. */
  private static final class ScriptedRandom implements RandomSource {
    private final List<Integer> draws;
    private final List<Integer> bounds = new ArrayList<>();

    ScriptedRandom(Integer... draws) {
      this.draws = new ArrayList<>(List.of(draws));
    }

    @Override
    public int nextInt(int bound) {
      bounds.add(bound);
      return draws.remove(0);
    }
  }

  @ParameterizedTest(name = "draw {0} of 100 picks {1}")
  @CsvSource({
    "0, spark-a",
    "9, spark-a",
    "10, spark-b",
    "19, spark-b",
    "20, spark-c",
    "99, spark-c"
  })
  void picksTheClusterWhoseWeightIntervalHoldsTheDraw(int draw, String expected) {
    ScriptedRandom random = new ScriptedRandom(draw);
    WeightedRouter router = new WeightedRouter(TEN_TEN_EIGHTY, random);

    RoutingDecision decision = router.choose("dev", "3.5.0", Optional.empty());

    assertThat(decision.clusterId()).isEqualTo(expected);
    assertThat(random.bounds).containsExactly(100);
  }

  @Test
  void drawsOnceFromTheSumOfTheEligibleWeightsOnly() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: a, weight: 30, sparkVersions: [3.5.0], queues: [dev]}"),
            cluster("{id: b, weight: 1000, sparkVersions: [3.4.1], queues: [dev]}"),
            cluster("{id: c, weight: 1000, sparkVersions: [3.5.0], queues: [etl]}"),
            cluster("{id: d, weight: 70, sparkVersions: [3.5.0], queues: [dev]}"));
    ScriptedRandom random = new ScriptedRandom(30);

    RoutingDecision decision =
        new WeightedRouter(clusters, random).choose("dev", "3.5.0", Optional.empty());

    assertThat(random.bounds).containsExactly(100);
    assertThat(decision.clusterId()).isEqualTo("d");
  }

  @Test
  void neverRoutesToAClusterOfWeightZero() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: drained, weight: 0, sparkVersions: [3.5.0], queues: [dev]}"),
            cluster("{id: live, weight: 1, sparkVersions: [3.5.0], queues: [dev]}"));
    ScriptedRandom random = new ScriptedRandom(0);

    RoutingDecision decision =
        new WeightedRouter(clusters, random).choose("dev", "3.5.0", Optional.empty());

    assertThat(decision.clusterId()).isEqualTo("live");
    assertThat(random.bounds).containsExactly(1);
    assertThat(decision.excluded()).containsExactly(Map.entry("drained", "weight 0"));
  }

  @Test
  void allClustersOfWeightZeroLeaveNothingToRouteTo() {
    List<ClusterConfig> clusters =
        List.of(cluster("{id: drained, weight: 0, sparkVersions: [3.5.0], queues: [dev]}"));

    assertThatThrownBy(
            () ->
                new WeightedRouter(clusters, new ScriptedRandom())
                    .choose("dev", "3.5.0", Optional.empty()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SPARK_VERSION));
  }

  @Test
  void aPinnedClusterOfWeightZeroIsStillReachableWithoutADraw() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: drained, weight: 0, sparkVersions: [3.5.0], queues: [etl]}"),
            cluster("{id: live, weight: 1, sparkVersions: [3.5.0], queues: [dev]}"));
    ScriptedRandom random = new ScriptedRandom();

    RoutingDecision decision =
        new WeightedRouter(clusters, random).choose("dev", "3.5.0", Optional.of("drained"));

    assertThat(decision.clusterId()).isEqualTo("drained");
    assertThat(decision.eligible()).containsExactly("drained");
    assertThat(random.bounds).isEmpty();
  }

  @Test
  void anUnknownPinnedClusterIsTheCallersError() {
    WeightedRouter router = new WeightedRouter(TEN_TEN_EIGHTY, new ScriptedRandom());

    assertThatThrownBy(() -> router.choose("dev", "3.5.0", Optional.of("spark-z")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CLUSTER);
              assertThat(e.code().category()).isEqualTo(ErrorCategory.USER_ERROR);
            })
        .hasMessage("clusterId: 'spark-z' is not a configured cluster");
  }

  @Test
  void aPinnedClusterMustSupportTheSparkVersion() {
    WeightedRouter router = new WeightedRouter(TEN_TEN_EIGHTY, new ScriptedRandom());

    assertThatThrownBy(() -> router.choose("dev", "3.4.1", Optional.of("spark-b")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SPARK_VERSION))
        .hasMessage(
            "sparkVersion: cluster spark-b does not support Spark 3.4.1; it supports [3.5.0]");
  }

  @Test
  void aVersionNoClusterHasIsUnsupportedAndTheMessageNamesIt() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: a, weight: 1, sparkVersions: [3.5.0, 3.4.1], queues: [dev]}"),
            cluster("{id: b, weight: 1, sparkVersions: [3.3.2], queues: [etl]}"),
            cluster("{id: c, weight: 0, sparkVersions: [3.1.1], queues: [dev]}"));
    WeightedRouter router = new WeightedRouter(clusters, new ScriptedRandom());

    assertThatThrownBy(() -> router.choose("dev", "2.4.8", Optional.empty()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SPARK_VERSION))
        .hasMessage(
            "sparkVersion: 2.4.8 is not supported by any cluster; supported: [3.3.2, 3.4.1,"
                + " 3.5.0]");
  }

  @Test
  void aVersionThatExistsButNotForTheQueueLeavesNoEligibleClusterAndNamesTheQueue() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: spark-a, weight: 1, sparkVersions: [3.5.0], queues: [etl]}"),
            cluster("{id: spark-b, weight: 1, sparkVersions: [3.4.1], queues: [dev]}"));
    WeightedRouter router = new WeightedRouter(clusters, new ScriptedRandom());

    assertThatThrownBy(() -> router.choose("dev", "3.5.0", Optional.empty()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NO_ELIGIBLE_CLUSTER);
              assertThat(e.code().category()).isEqualTo(ErrorCategory.USER_ERROR);
            })
        .hasMessage(
            "no cluster serves queue dev with Spark 3.5.0"
                + " (spark-a: does not serve queue dev; spark-b: no Spark 3.5.0)");
  }

  @Test
  void matchesVersionAndQueueIgnoringCase() {
    List<ClusterConfig> clusters =
        List.of(cluster("{id: emr, weight: 5, sparkVersions: [3.5.0-EMR], queues: [Dev]}"));

    RoutingDecision decision =
        new WeightedRouter(clusters, new ScriptedRandom(4))
            .choose("DEV", "3.5.0-emr", Optional.empty());

    assertThat(decision.clusterId()).isEqualTo("emr");
  }

  @Test
  void pinningMatchesTheVersionIgnoringCase() {
    List<ClusterConfig> clusters =
        List.of(cluster("{id: emr, weight: 5, sparkVersions: [3.5.0-EMR], queues: [dev]}"));

    RoutingDecision decision =
        new WeightedRouter(clusters, new ScriptedRandom())
            .choose("dev", "3.5.0-emr", Optional.of("emr"));

    assertThat(decision.clusterId()).isEqualTo("emr");
  }

  @Test
  void hyphenatedClusterIdsAreOrdinaryIds() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: spark-cluster-a, weight: 50, sparkVersions: [3.5.0], queues: [dev]}"),
            cluster("{id: spark-cluster-b, weight: 50, sparkVersions: [3.5.0], queues: [dev]}"));
    WeightedRouter router = new WeightedRouter(clusters, new ScriptedRandom(49, 50));

    assertThat(router.choose("dev", "3.5.0", Optional.empty()).clusterId())
        .isEqualTo("spark-cluster-a");
    assertThat(router.choose("dev", "3.5.0", Optional.empty()).clusterId())
        .isEqualTo("spark-cluster-b");
    assertThat(
            new WeightedRouter(clusters, new ScriptedRandom())
                .choose("dev", "3.5.0", Optional.of("spark-cluster-b"))
                .clusterId())
        .isEqualTo("spark-cluster-b");
  }

  @Test
  void theDecisionListsTheEligibleClustersAndWhyEveryOtherWasExcluded() {
    List<ClusterConfig> clusters =
        List.of(
            cluster("{id: a, weight: 1, sparkVersions: [3.5.0], queues: [dev]}"),
            cluster("{id: b, weight: 0, sparkVersions: [3.5.0], queues: [dev]}"),
            cluster("{id: c, weight: 1, sparkVersions: [3.4.1], queues: [dev]}"),
            cluster("{id: d, weight: 1, sparkVersions: [3.5.0], queues: [etl]}"),
            cluster("{id: e, weight: 3, sparkVersions: [3.5.0], queues: [etl, dev]}"));

    RoutingDecision decision =
        new WeightedRouter(clusters, new ScriptedRandom(1))
            .choose("dev", "3.5.0", Optional.empty());

    assertThat(decision.clusterId()).isEqualTo("e");
    assertThat(decision.eligible()).containsExactly("a", "e");
    assertThat(decision.excluded())
        .isEqualTo(
            Map.of(
                "b", "weight 0",
                "c", "no Spark 3.5.0",
                "d", "does not serve queue dev"));
    assertThat(decision.reason())
        .isEqualTo(
            "chose e among [a, e]; excluded b (weight 0) c (no Spark 3.5.0)"
                + " d (does not serve queue dev)");
  }
}
