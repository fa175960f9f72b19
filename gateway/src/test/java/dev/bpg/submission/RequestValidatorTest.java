package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.queue;
import static dev.bpg.submission.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestValidatorTest {
  private static final String VALID =
      "sparkVersion: 3.5.0, mainApplicationFile: 'local:///app.jar'";

  /**
   * A sub-queue with a tighter executor limit than its parent, and a parent with a 1 h running
   * limit.
   */
  private static final QueueConfig ETL =
      queue("{name: etl, maxExecutorInstances: 100, maxRunningTime: 1h}");

  private static final QueueConfig ETL_DAILY =
      queue("{name: etl.daily, maxExecutorInstances: 10, maxRunningTime: 2h}");

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      Runnable call, ErrorCode code, String message) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.code().category()).isEqualTo(ErrorCategory.USER_ERROR);
            })
        .hasMessage(message);
  }

  private static void assertInvalid(String yaml, String message) {
    assertFails(() -> RequestValidator.validate(request(yaml)), ErrorCode.INVALID_FIELD, message);
  }

  private static long limits(String yaml) {
    return RequestValidator.checkQueueLimits(request(yaml), ETL_DAILY, ETL);
  }

  @Test
  void aMinimalRequestIsValid() {
    assertThat(RequestValidator.validate(request("{" + VALID + "}"))).isEqualTo("Python");
  }

  @Test
  void sparkVersionIsRequired() {
    assertInvalid("{mainApplicationFile: 'local:///app.jar'}", "sparkVersion: is required");
    assertInvalid(
        "{sparkVersion: ' ', mainApplicationFile: 'local:///app.jar'}",
        "sparkVersion: is required");
  }

  @Test
  void mainApplicationFileIsRequired() {
    assertInvalid("{sparkVersion: 3.5.0}", "mainApplicationFile: is required");
    assertInvalid(
        "{sparkVersion: 3.5.0, mainApplicationFile: ''}", "mainApplicationFile: is required");
  }

  @ParameterizedTest(name = "type ''{0}'' with mainClass ''{1}'' is {2}")
  @CsvSource({
    "'', org.example.Main, Java",
    "'', '', Python",
    "Scala, org.example.Main, Scala",
    "scala, , Scala",
    "PYTHON, org.example.Main, Python",
    "' java ', , Java",
    "r, , R"
  })
  void theTypeIsTheRequestsIgnoringCaseElseJavaWithAMainClassElsePython(
      String type, String mainClass, String expected) {
    String yaml =
        "{"
            + VALID
            + (type.isEmpty() ? "" : ", type: '" + type + "'")
            + (mainClass == null ? "" : ", mainClass: '" + mainClass + "'")
            + "}";

    assertThat(RequestValidator.validate(request(yaml))).isEqualTo(expected);
  }

  @Test
  void anUnknownTypeIsRefused() {
    assertInvalid("{" + VALID + ", type: Golang}", "type: must be one of [Java, Scala, Python, R]");
  }

  @Test
  void podResourcesMustParse() {
    assertInvalid("{" + VALID + ", driver: {cores: 0}}", "driver.cores: must be at least 1");
    assertInvalid(
        "{" + VALID + ", executor: {coreLimit: lots}}",
        "executor.coreLimit: 'lots' is not a CPU amount; write cores (2, 0.5) or millicores"
            + " (1200m)");
    assertInvalid(
        "{" + VALID + ", driver: {coreRequest: 1c}}",
        "driver.coreRequest: '1c' is not a CPU amount; write cores (2, 0.5) or millicores (1200m)");
    assertInvalid(
        "{" + VALID + ", driver: {memory: much}}",
        "driver.memory: 'much' is not a memory amount; write it like 512m, 2g or 1.5g");
    assertInvalid(
        "{" + VALID + ", executor: {memoryOverhead: -1g}}",
        "executor.memoryOverhead: '-1g' is not a memory amount; write it like 512m, 2g or 1.5g");
    assertInvalid(
        "{" + VALID + ", executor: {coreLimit: '99999999999999999999'}}",
        "executor.coreLimit: '99999999999999999999' is too large");
  }

  @Test
  void wellFormedResourcesPass() {
    String yaml =
        "{"
            + VALID
            + ", driver: {cores: 2, coreLimit: 1200m, coreRequest: '0.5', memory: 1.5g,"
            + " memoryOverhead: 512m}, executor: {cores: 1, memory: 2Gi, instances: 0}}";

    assertThat(RequestValidator.validate(request(yaml))).isEqualTo("Python");
  }

  @Test
  void executorInstancesMustNotBeNegative() {
    assertInvalid(
        "{" + VALID + ", executor: {instances: -1}}", "executor.instances: must not be negative");
  }

  @Test
  void envVariablesAndVolumesNeedNames() {
    assertInvalid(
        "{" + VALID + ", driver: {env: [{name: A, value: '1'}, {value: '2'}]}}",
        "driver.env[1].name: is required");
    assertInvalid(
        "{" + VALID + ", executor: {env: [{name: ' '}]}}", "executor.env[0].name: is required");
    assertInvalid(
        "{" + VALID + ", volumes: [{name: data}, {hostPath: {path: /tmp}}]}",
        "volumes[1].name: is required");
  }

  @Test
  void sparkConfKeysMustNotBeEmpty() {
    assertInvalid("{" + VALID + ", sparkConf: {'': x}}", "sparkConf: keys must not be empty");
  }

  @Test
  void executorInstancesAboveTheQueuesLimitAreRefused() {
    assertFails(
        () -> limits("{" + VALID + ", executor: {instances: 11}}"),
        ErrorCode.QUEUE_LIMIT_EXCEEDED,
        "executor.instances: 11 exceeds the queue's limit of 10");
  }

  @Test
  void executorInstancesAtTheQueuesLimitPass() {
    assertThat(
            limits(
                "{"
                    + VALID
                    + ", executor: {instances: 10}, sparkConf: {spark.executor.instances: '10'}}"))
        .isEqualTo(3_600_000L);
  }

  @Test
  void dynamicAllocationAboveTheQueuesLimitIsRefused() {
    for (String key :
        List.of(
            "spark.dynamicAllocation.maxExecutors",
            "spark.dynamicAllocation.minExecutors",
            "spark.dynamicAllocation.initialExecutors")) {
      assertFails(
          () ->
              limits(
                  "{"
                      + VALID
                      + ", sparkConf: {spark.dynamicAllocation.enabled: 'true', "
                      + key
                      + ": '11'}}"),
          ErrorCode.QUEUE_LIMIT_EXCEEDED,
          "sparkConf." + key + ": 11 exceeds the queue's limit of 10 executors");
    }
  }

  @Test
  void sparkExecutorInstancesAboveTheQueuesLimitAreRefused() {
    assertFails(
        () -> limits("{" + VALID + ", sparkConf: {spark.executor.instances: '11'}}"),
        ErrorCode.QUEUE_LIMIT_EXCEEDED,
        "sparkConf.spark.executor.instances: 11 exceeds the queue's limit of 10 executors");
  }

  @Test
  void theDefaultLimitIs5000Executors() {
    QueueConfig plain = queue("{name: dev}");

    assertThat(
            RequestValidator.checkQueueLimits(
                request("{" + VALID + ", executor: {instances: 5000}}"), plain, plain))
        .isEqualTo(43_200_000L);
    assertFails(
        () ->
            RequestValidator.checkQueueLimits(
                request("{" + VALID + ", executor: {instances: 5001}}"), plain, plain),
        ErrorCode.QUEUE_LIMIT_EXCEEDED,
        "executor.instances: 5001 exceeds the queue's limit of 5000");
  }

  @Test
  void aNonIntegerSparkExecutorInstancesIsAUserErrorNamingTheKey() {
    assertFails(
        () -> limits("{" + VALID + ", sparkConf: {spark.executor.instances: '2.5'}}"),
        ErrorCode.INVALID_FIELD,
        "sparkConf.spark.executor.instances: '2.5' is not a whole number");
    assertFails(
        () -> limits("{" + VALID + ", sparkConf: {spark.executor.instances: many}}"),
        ErrorCode.INVALID_FIELD,
        "sparkConf.spark.executor.instances: 'many' is not a whole number");
  }

  @Test
  void theRunningTimeDefaultsToTheParentQueuesMaximum() {
    assertThat(limits("{" + VALID + "}")).isEqualTo(3_600_000L);
  }

  @Test
  void aRequestedRunningTimeWithinTheParentsMaximumIsTaken() {
    assertThat(limits("{" + VALID + ", sparkConf: {bpg.maxRunningMillis: '60000'}}"))
        .isEqualTo(60_000L);
    assertThat(limits("{" + VALID + ", sparkConf: {bpg.maxRunningMillis: ' 3600000 '}}"))
        .isEqualTo(3_600_000L);
  }

  @Test
  void aRunningTimeAboveTheParentsMaximumIsRefused() {
    // 2 h is the sub-queue's own maximum, but the parent's 1 h decides, as in the reference
    // gateway.
    assertFails(
        () -> limits("{" + VALID + ", sparkConf: {bpg.maxRunningMillis: '3600001'}}"),
        ErrorCode.QUEUE_LIMIT_EXCEEDED,
        "sparkConf.bpg.maxRunningMillis: must be between 1 and the queue's maximum of 3600000");
    assertFails(
        () -> limits("{" + VALID + ", sparkConf: {bpg.maxRunningMillis: '0'}}"),
        ErrorCode.QUEUE_LIMIT_EXCEEDED,
        "sparkConf.bpg.maxRunningMillis: must be between 1 and the queue's maximum of 3600000");
  }

  @Test
  void aRunningTimeThatIsNotANumberIsRefused() {
    assertFails(
        () -> limits("{" + VALID + ", sparkConf: {bpg.maxRunningMillis: 1h}}"),
        ErrorCode.INVALID_FIELD,
        "sparkConf.bpg.maxRunningMillis: '1h' is not a number of milliseconds");
  }

  @Test
  void theExecutorLimitIsTheFullQueuesNotTheParents() {
    SubmitApplicationRequest fifty = request("{" + VALID + ", executor: {instances: 50}}");

    assertThat(RequestValidator.checkQueueLimits(fifty, ETL, ETL)).isEqualTo(3_600_000L);
    assertFails(
        () -> RequestValidator.checkQueueLimits(fifty, ETL_DAILY, ETL),
        ErrorCode.QUEUE_LIMIT_EXCEEDED,
        "executor.instances: 50 exceeds the queue's limit of 10");
  }
}
