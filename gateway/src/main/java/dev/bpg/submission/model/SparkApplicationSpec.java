package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The {@code spec} of a generated {@code sparkoperator.k8s.io/v1beta2} SparkApplication. Every
 * field is one of the upstream CRD's; {@code proxyUser} is set only when the cluster asks for
 * impersonation, because the operator turns it into {@code spark-submit --proxy-user}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "sparkVersion",
  "mode",
  "proxyUser",
  "image",
  "imagePullPolicy",
  "mainClass",
  "mainApplicationFile",
  "arguments",
  "sparkConf",
  "volumes",
  "driver",
  "executor",
  "deps",
  "restartPolicy",
  "pythonVersion",
  "timeToLiveSeconds",
  "sparkUIOptions",
  "batchScheduler",
  "batchSchedulerOptions"
})
public record SparkApplicationSpec(
    String type,
    String sparkVersion,
    String mode,
    String proxyUser,
    String image,
    String imagePullPolicy,
    String mainClass,
    String mainApplicationFile,
    List<String> arguments,
    Map<String, String> sparkConf,
    List<Volume> volumes,
    SparkPodSpec driver,
    SparkPodSpec executor,
    Dependencies deps,
    RestartPolicy restartPolicy,
    String pythonVersion,
    Long timeToLiveSeconds,
    @JsonProperty("sparkUIOptions") SparkUiOptions sparkUiOptions,
    String batchScheduler,
    BatchSchedulerOptions batchSchedulerOptions) {

  public SparkApplicationSpec {
    arguments = arguments == null ? null : List.copyOf(arguments);
    volumes = volumes == null ? null : List.copyOf(volumes);
  }

  /**
   * A copy without environment variables, which may hold secrets: for {@code /spec}, describe and
   * logs.
   */
  public SparkApplicationSpec withoutEnv() {
    return new SparkApplicationSpec(
        type,
        sparkVersion,
        mode,
        proxyUser,
        image,
        imagePullPolicy,
        mainClass,
        mainApplicationFile,
        arguments,
        sparkConf,
        volumes,
        driver == null ? null : driver.toBuilder().env(null).build(),
        executor == null ? null : executor.toBuilder().env(null).build(),
        deps,
        restartPolicy,
        pythonVersion,
        timeToLiveSeconds,
        sparkUiOptions,
        batchScheduler,
        batchSchedulerOptions);
  }

  /** A copy with other Spark settings: those of the spec with their secrets masked, say. */
  public SparkApplicationSpec withSparkConf(Map<String, String> conf) {
    return new SparkApplicationSpec(
        type,
        sparkVersion,
        mode,
        proxyUser,
        image,
        imagePullPolicy,
        mainClass,
        mainApplicationFile,
        arguments,
        conf,
        volumes,
        driver,
        executor,
        deps,
        restartPolicy,
        pythonVersion,
        timeToLiveSeconds,
        sparkUiOptions,
        batchScheduler,
        batchSchedulerOptions);
  }

  /** The upstream BatchSchedulerConfiguration: a queue and an optional priority class. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchSchedulerOptions(String queue, String priorityClassName) {}
}
