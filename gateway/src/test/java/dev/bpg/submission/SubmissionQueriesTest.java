package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Spark application ID to its submission: the records first, then the application directory (the
 * History Server) for IDs the records do not hold, such as an earlier attempt's, only for a
 * submission the gateway has a record of.
 */
class SubmissionQueriesTest {
  private static final String A = "spark-cluster-a";
  private static final String ID = A + "-0123456789abcdef0123456789abcdef";
  private static final String OTHER = A + "-fedcba9876543210fedcba9876543210";
  private static final List<ClusterConfig> CLUSTERS =
      List.of(cluster("{id: spark-cluster-a, sparkVersions: [3.5.0], queues: [dev]}"));

  private final StatusCache cache = new StatusCache();
  private final InMemorySubmissionStore store = new InMemorySubmissionStore();
  private final List<String> asked = new ArrayList<>();
  private final Map<String, String> historyServer =
      Map.of("spark-attempt-1", ID, "spark-elsewhere", OTHER);

  private SubmissionQueries queries(ApplicationDirectory directory) {
    return new SubmissionQueries(cache, store, new FakeClusters(CLUSTERS, cache), directory);
  }

  private SubmissionQueries queries() {
    return queries(
        appId -> {
          asked.add(appId);
          return Optional.ofNullable(historyServer.get(appId));
        });
  }

  private void recordWithSparkApplicationId(String sparkApplicationId) {
    Instant at = Instant.parse("2026-12-03T08:00:00Z");
    store.insert(TestSubmissions.recorded(ID, A, ApplicationState.SUBMITTED, at));
    store.recordStatus(
        ID,
        new ApplicationStatus(
            ApplicationState.RUNNING, null, sparkApplicationId, 2, at, ID + "-driver", Map.of()),
        "test",
        at);
  }

  @Test
  void theRecordsAnswerWithoutAskingTheDirectory() {
    recordWithSparkApplicationId("spark-attempt-2");

    assertThat(queries().submissionIdOf("spark-attempt-2")).isEqualTo(ID);
    assertThat(asked).isEmpty();
  }

  @Test
  void anEarlierAttemptsIdIsFoundThroughTheDirectory() {
    recordWithSparkApplicationId("spark-attempt-2");

    assertThat(queries().submissionIdOf("spark-attempt-1")).isEqualTo(ID);
    assertThat(asked).containsExactly("spark-attempt-1");
  }

  @Test
  void aSubmissionTheGatewayHasNoRecordOfIsNotFoundSayingWhereTheIdCameFrom() {
    recordWithSparkApplicationId("spark-attempt-2");

    assertThatThrownBy(() -> queries().submissionIdOf("spark-elsewhere"))
        .isInstanceOf(GatewayException.class)
        .hasMessage(
            "appId: Spark application spark-elsewhere ran for submission "
                + OTHER
                + ", says the Spark History Server, but this gateway has no record of it")
        .extracting(e -> ((GatewayException) e).code())
        .isEqualTo(ErrorCode.SUBMISSION_NOT_FOUND);
    assertThatThrownBy(() -> queries().submissionIdOf("spark-nowhere"))
        .hasMessage("appId: no submission has Spark application ID spark-nowhere");
    assertThatThrownBy(() -> queries(ApplicationDirectory.NONE).submissionIdOf("spark-attempt-1"))
        .hasMessage("appId: no submission has Spark application ID spark-attempt-1");
  }

  @Test
  void aDirectoryThatCannotBeAskedSaysSo() {
    GatewayException down =
        new GatewayException(ErrorCode.HISTORY_SERVER_UNAVAILABLE, "the History Server is down");

    assertThatThrownBy(
            () ->
                queries(
                        appId -> {
                          throw down;
                        })
                    .submissionIdOf("spark-attempt-1"))
        .isSameAs(down);
  }
}
