package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteChecksTest {
  private static final String APPS =
      "/apis/sparkoperator.k8s.io/v1beta2/namespaces/spark-jobs/sparkapplications";
  private final ObjectMapper mapper = new ObjectMapper();
  private final WriteChecks checks = new WriteChecks(mapper);

  private WriteChecks.Outcome create(String json) {
    return checks.check(true, APPS, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEscapedCharacterOutsideTheBasicPlaneInAKeyIsStoredLikeARealServerWould() throws Exception {
    WriteChecks.Outcome outcome =
        create(
            "{\"metadata\": {\"name\": \"a\"}, \"spec\": {\"driver\": {\"annotations\":"
                + " {\"\\ud83d\\ude00\": \"x\"}}}}");
    assertThat(outcome.refusal()).isNull();
    // The dispatcher's byte parser reads the body written again.
    assertThat(
            mapper
                .readTree(outcome.body())
                .path("spec")
                .path("driver")
                .path("annotations")
                .has("\ud83d\ude00"))
        .isTrue();
  }

  @Test
  void metadataKeysThatAreNotQualifiedNamesAre422() {
    WriteChecks.Refusal refusal =
        create("{\"metadata\": {\"name\": \"a\", \"annotations\": {\"\\ud83d\\ude00\": \"x\"}}}")
            .refusal();
    assertThat(refusal.code()).isEqualTo(422);
    assertThat(refusal.reason()).isEqualTo("Invalid");
    assertThat(refusal.message())
        .startsWith("metadata.annotations: Invalid value: \"\ud83d\ude00\"");
    assertThat(
            create("{\"metadata\": {\"labels\": {\"Example.COM/x\": \"v\"}}}").refusal().message())
        .startsWith("metadata.labels: Invalid value: \"Example.COM/x\"");
    assertThat(create("{\"metadata\": {\"labels\": {\"a\": \"not ok\"}}}").refusal().code())
        .isEqualTo(422);
    assertThat(
            create(
                    "{\"metadata\": {\"labels\": {\"sparkoperator.k8s.io/app-name\": \"x-1\"},"
                        + " \"annotations\": {\"example.com/note\": \"any text at all\"}}}")
                .refusal())
        .isNull();
  }

  @Test
  void aBodyThatIsNotJsonIs400() {
    WriteChecks.Refusal refusal = create("{not json").refusal();
    assertThat(refusal.code()).isEqualTo(400);
    assertThat(refusal.reason()).isEqualTo("BadRequest");
  }

  @Test
  void theCreateStatusHookAnswersWhatItAsksForToThatApplicationsCreateOnly() {
    String asking403 =
        "{\"metadata\": {\"name\": \"a\"}, \"spec\": {\"sparkConf\":"
            + " {\"spark.local.simulate.createStatus\": \"403\"}}}";
    WriteChecks.Refusal refusal = create(asking403).refusal();
    assertThat(refusal.code()).isEqualTo(403);
    assertThat(refusal.message()).startsWith("admission webhook \"local.bpg.dev\" denied");
    assertThat(create(asking403.replace("403", "500")).refusal().reason())
        .isEqualTo("InternalError");
    assertThat(create(asking403.replace("403", "429")).refusal().reason())
        .isEqualTo("TooManyRequests");
    // Not a status, or not a create of a SparkApplication: nothing simulated.
    assertThat(create(asking403.replace("403", "200")).refusal()).isNull();
    assertThat(create(asking403.replace("403", "soon")).refusal()).isNull();
    assertThat(
            checks.check(false, APPS + "/a", asking403.getBytes(StandardCharsets.UTF_8)).refusal())
        .isNull();
    assertThat(
            checks
                .check(
                    true, "/api/v1/namespaces/x/pods", asking403.getBytes(StandardCharsets.UTF_8))
                .refusal())
        .isNull();
  }

  @Test
  void theCreateDelayHookDelaysThatApplicationsCreateOnlyAndAtMostAMinute() {
    String asking =
        "{\"metadata\": {\"name\": \"a\"}, \"spec\": {\"sparkConf\":"
            + " {\"spark.local.simulate.createDelay\": \"1500ms\"}}}";
    WriteChecks.Outcome outcome = create(asking);
    assertThat(outcome.refusal()).isNull();
    assertThat(outcome.body()).isNotNull();
    assertThat(outcome.delay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(create(asking.replace("1500ms", "2h")).delay()).isEqualTo(Duration.ofMinutes(1));
    WriteChecks.Refusal refusal = create(asking.replace("1500ms", "soon")).refusal();
    assertThat(refusal.code()).isEqualTo(422);
    assertThat(refusal.message()).contains("spark.local.simulate.createDelay");
    assertThat(create("{\"metadata\": {\"name\": \"a\"}}").delay()).isZero();
    assertThat(checks.check(false, APPS + "/a", asking.getBytes(StandardCharsets.UTF_8)).delay())
        .isZero();
  }
}
