package dev.bpg.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionIdTest {
  private static final UUID UUID_1 = UUID.fromString("9a2e2598-d1ee-4ff4-b33e-e7ebcdb63a6c");
  private static final String HEX = "9a2e2598d1ee4ff4b33ee7ebcdb63a6c";
  private static final List<String> KNOWN = List.of("spark", "spark-cluster-a", "spark-cluster-b");

  @Test
  void createJoinsClusterIdAndTheUuidWithoutDashes() {
    SubmissionId id = SubmissionId.create("spark-cluster-a", UUID_1, Optional.empty());

    assertThat(id.value()).isEqualTo("spark-cluster-a-" + HEX);
    assertThat(id.toString()).isEqualTo(id.value());
    assertThat(id.clusterId()).isEqualTo("spark-cluster-a");
    assertThat(id.uuid()).isEqualTo(HEX);
    assertThat(id.suffix()).isEmpty();
  }

  @Test
  void createAppendsTheSuffix() {
    SubmissionId id = SubmissionId.create("spark-cluster-a", UUID_1, Optional.of("retry-2"));

    assertThat(id.value()).isEqualTo("spark-cluster-a-" + HEX + "-retry-2");
  }

  @ParameterizedTest(name = "suffix ''{0}'' is refused")
  @ValueSource(strings = {"Retry", "retry_2", "-retry", "retry-", "a.b", "", "r\u00e9"})
  void createRefusesASuffixThatIsNotADnsLabel(String suffix) {
    assertThatThrownBy(() -> SubmissionId.create("spark", UUID_1, Optional.of(suffix)))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
        .hasMessageStartingWith("submissionIdSuffix: must be lowercase letters, digits and '-'");
  }

  @Test
  void createAllowsExactly63Characters() {
    // "spark-cluster-a-" + 32 hex = 48 characters, so the suffix may have 14 with its dash.
    String longest = "a".repeat(14);

    SubmissionId id = SubmissionId.create("spark-cluster-a", UUID_1, Optional.of(longest));

    assertThat(id.value()).hasSize(SubmissionId.MAX_LENGTH).hasSize(63);
    assertThatThrownBy(
            () -> SubmissionId.create("spark-cluster-a", UUID_1, Optional.of(longest + "a")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
        .hasMessage(
            "submissionIdSuffix: too long: the submission ID spark-cluster-a-"
                + HEX
                + "-"
                + longest
                + "a would exceed 63 characters");
  }

  @Test
  void parseFindsAHyphenatedKnownClusterId() {
    SubmissionId id = SubmissionId.parse("spark-cluster-a-" + HEX, KNOWN);

    assertThat(id).isEqualTo(new SubmissionId("spark-cluster-a", HEX, Optional.empty()));
  }

  @Test
  void parseTellsAClusterFromAnotherWhoseIdItStartsWith() {
    assertThat(SubmissionId.parse("spark-" + HEX, KNOWN).clusterId()).isEqualTo("spark");
    assertThat(SubmissionId.parse("spark-cluster-b-" + HEX + "-x1", KNOWN))
        .isEqualTo(new SubmissionId("spark-cluster-b", HEX, Optional.of("x1")));
  }

  @Test
  void parseReadsTheSuffix() {
    SubmissionId id = SubmissionId.parse("spark-cluster-a-" + HEX + "-nightly-run", KNOWN);

    assertThat(id).isEqualTo(new SubmissionId("spark-cluster-a", HEX, Optional.of("nightly-run")));
  }

  @Test
  void parseReadsTheShapeOfAnIdOfAClusterItDoesNotKnow() {
    assertThat(SubmissionId.parse("old-cluster-" + HEX + "-s1", KNOWN))
        .isEqualTo(new SubmissionId("old-cluster", HEX, Optional.of("s1")));
    assertThat(SubmissionId.parse("minikube-" + HEX, List.of()))
        .isEqualTo(new SubmissionId("minikube", HEX, Optional.empty()));
  }

  @Test
  void parseUndoesCreate() {
    SubmissionId created = SubmissionId.create("spark-cluster-b", UUID_1, Optional.of("a-1"));

    assertThat(SubmissionId.parse(created.value(), KNOWN)).isEqualTo(created);
  }

  @ParameterizedTest(name = "''{0}'' is not a submission ID")
  @ValueSource(
      strings = {
        "",
        "abc",
        "spark-cluster-a",
        "spark-cluster-a-XYZ",
        "spark-9a2e2598d1ee4ff4b33ee7ebcdb63a6",
        "spark-9A2E2598D1EE4FF4B33EE7EBCDB63A6C",
        "9a2e2598d1ee4ff4b33ee7ebcdb63a6c",
        "-9a2e2598d1ee4ff4b33ee7ebcdb63a6c",
        "spark-9a2e2598d1ee4ff4b33ee7ebcdb63a6c-",
        "spark-9a2e2598d1ee4ff4b33ee7ebcdb63a6c-Bad",
        "spark_a-9a2e2598d1ee4ff4b33ee7ebcdb63a6c",
        "../etc/passwd"
      })
  void parseRefusesGarbage(String text) {
    assertThatThrownBy(() -> SubmissionId.parse(text, KNOWN))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SUBMISSION_ID))
        .hasMessage(
            "submissionId: '" + text + "' is not a submission ID (<clusterId>-<32 hex>[-suffix])");
  }

  @Test
  void theErrorQuotesAtMost80CharactersOfGarbage() {
    String text = "x".repeat(200);

    assertThatThrownBy(() -> SubmissionId.parse(text, KNOWN))
        .hasMessage(
            "submissionId: '"
                + "x".repeat(80)
                + "\u2026' is not a submission ID (<clusterId>-<32 hex>[-suffix])");
  }
}
