package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunPlanTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void emptySpecGetsSparkDefaults() throws Exception {
    RunPlan plan = RunPlan.parse(MAPPER.createObjectNode());

    assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(plan.outcome()).isEqualTo(RunPlan.Outcome.COMPLETED);
    assertThat(plan.executorInstances()).isEqualTo(1);
    assertThat(plan.driver().image()).isEqualTo("apache/spark");
    assertThat(plan.driver().cpu()).isEqualTo("1");
    // 1g and the minimum overhead of 384 MiB
    assertThat(plan.driver().memory()).isEqualTo("1408Mi");
    assertThat(plan.mainClass()).isEmpty();
    assertThat(plan.arguments()).isEmpty();
    assertThat(plan.timeToLive()).isEmpty();
  }

  @Test
  void readsTheFieldsOfAFullSpec() throws Exception {
    JsonNode spec =
        MAPPER.valueToTree(
            Map.of(
                "image",
                "registry/spark:3.5.0",
                "mainClass",
                "org.apache.spark.examples.SparkPi",
                "mainApplicationFile",
                "local:///opt/spark/examples.jar",
                "arguments",
                List.of("1000"),
                "timeToLiveSeconds",
                600,
                "sparkConf",
                Map.of(RunPlan.DURATION_PROPERTY, "2m", RunPlan.OUTCOME_PROPERTY, "Failed"),
                "driver",
                Map.of(
                    "coreRequest",
                    "500m",
                    "memory",
                    "8g",
                    "image",
                    "driver:1",
                    "serviceAccount",
                    "sa"),
                "executor",
                Map.of("cores", 4, "memory", "4096", "memoryOverhead", "1g", "instances", 3)));

    RunPlan plan = RunPlan.parse(spec);

    assertThat(plan.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(plan.outcome()).isEqualTo(RunPlan.Outcome.FAILED);
    assertThat(plan.executorInstances()).isEqualTo(3);
    assertThat(plan.driver())
        .isEqualTo(new RunPlan.PodPlan("driver:1", "500m", "9011Mi", Optional.of("sa"), Map.of()));
    assertThat(plan.executor())
        .isEqualTo(
            new RunPlan.PodPlan("registry/spark:3.5.0", "4", "5120Mi", Optional.empty(), Map.of()));
    assertThat(plan.mainClass()).hasValue("org.apache.spark.examples.SparkPi");
    assertThat(plan.arguments()).containsExactly("1000");
    assertThat(plan.mainApplicationFile()).hasValue("local:///opt/spark/examples.jar");
    assertThat(plan.timeToLive()).hasValue(Duration.ofMinutes(10));
  }

  @Test
  void executorsAreCapped() throws Exception {
    JsonNode spec = MAPPER.valueToTree(Map.of("executor", Map.of("instances", 500)));

    assertThat(RunPlan.parse(spec).executorInstances()).isEqualTo(RunPlan.MAX_EXECUTORS);
  }

  @Test
  void executorPodsAreKeptOnlyWhenSparkIsToldNotToDeleteThem() throws Exception {
    assertThat(RunPlan.parse(MAPPER.createObjectNode()).keepExecutorPods()).isFalse();
    JsonNode keep =
        MAPPER.valueToTree(
            Map.of("sparkConf", Map.of(RunPlan.DELETE_EXECUTORS_PROPERTY, " False ")));
    assertThat(RunPlan.parse(keep).keepExecutorPods()).isTrue();
    JsonNode delete =
        MAPPER.valueToTree(Map.of("sparkConf", Map.of(RunPlan.DELETE_EXECUTORS_PROPERTY, "true")));
    assertThat(RunPlan.parse(delete).keepExecutorPods()).isFalse();
  }

  @Test
  void logLinesAreReadAndBounded() throws Exception {
    assertThat(RunPlan.parse(MAPPER.createObjectNode()).logLines()).isZero();
    JsonNode lines =
        MAPPER.valueToTree(Map.of("sparkConf", Map.of(RunPlan.LOG_LINES_PROPERTY, "400")));
    assertThat(RunPlan.parse(lines).logLines()).isEqualTo(400);
    JsonNode tooMany =
        MAPPER.valueToTree(Map.of("sparkConf", Map.of(RunPlan.LOG_LINES_PROPERTY, "2000000")));
    assertThatThrownBy(() -> RunPlan.parse(tooMany))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(RunPlan.LOG_LINES_PROPERTY);
    JsonNode negative =
        MAPPER.valueToTree(Map.of("sparkConf", Map.of(RunPlan.LOG_LINES_PROPERTY, -1)));
    assertThatThrownBy(() -> RunPlan.parse(negative))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("non-negative");
  }

  @Test
  void parsesSparkDurations() throws Exception {
    assertThat(RunPlan.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(RunPlan.parseDuration("d", "60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(RunPlan.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(RunPlan.parseDuration("d", "2min")).isEqualTo(Duration.ofMinutes(2));
    assertThat(RunPlan.parseDuration("d", "1H")).isEqualTo(Duration.ofHours(1));
    assertThat(RunPlan.parseDuration("d", " 1d ")).isEqualTo(Duration.ofDays(1));
    assertThat(RunPlan.parseDuration("d", "5")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsUnreadableValuesNamingTheField() {
    assertThatThrownBy(() -> RunPlan.parseDuration(RunPlan.DURATION_PROPERTY, "soon"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "invalid spark.local.simulate.duration 'soon': expected a duration such as 500ms, 30s,"
                + " 2m or 1h");
    assertThatThrownBy(() -> RunPlan.parseDuration("d", "999999999999999999d"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> parse(Map.of("sparkConf", Map.of(RunPlan.OUTCOME_PROPERTY, "maybe"))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spark.local.simulate.outcome 'maybe'");
    assertThatThrownBy(() -> parse(Map.of("executor", Map.of("instances", -1))))
        .hasMessageContaining("spec.executor.instances '-1'");
    assertThatThrownBy(() -> parse(Map.of("driver", Map.of("memory", "lots"))))
        .hasMessageContaining("spec.driver.memory 'lots'");
    assertThatThrownBy(() -> parse(Map.of("driver", Map.of("cores", 0))))
        .hasMessageContaining("spec.driver.cores '0'");
    assertThatThrownBy(() -> parse(Map.of("timeToLiveSeconds", "tomorrow")))
        .hasMessageContaining("spec.timeToLiveSeconds 'tomorrow'");
  }

  @Test
  void applicationStatesParseAsTheOperatorWritesThem() {
    assertThat(ApplicationState.parse(null)).isEqualTo(ApplicationState.NEW);
    assertThat(ApplicationState.parse("")).isEqualTo(ApplicationState.NEW);
    assertThat(ApplicationState.parse("RUNNING")).isEqualTo(ApplicationState.RUNNING);
    assertThat(ApplicationState.parse("SOMETHING_NEW")).isEqualTo(ApplicationState.UNKNOWN);
    assertThat(ApplicationState.COMPLETED.isTerminal()).isTrue();
    assertThat(ApplicationState.SUBMISSION_FAILED.isTerminal()).isTrue();
    assertThat(ApplicationState.SUBMITTED.isTerminal()).isFalse();
  }

  private static RunPlan parse(Map<String, Object> spec) throws InvalidSpecException {
    return RunPlan.parse(MAPPER.valueToTree(spec));
  }
}
