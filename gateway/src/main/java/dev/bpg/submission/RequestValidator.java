package dev.bpg.submission;

import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.Quantities;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SubmitApplicationRequest;
import dev.bpg.submission.model.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a request before it is routed, so that every mistake is a 400 that names the field instead
 * of a failure deep in spec building or on the cluster.
 */
public final class RequestValidator {
  private static final List<String> TYPES = List.of("Java", "Scala", "Python", "R");

  private RequestValidator() {}

  /** Checks the fields that do not depend on the queue and returns the application type. */
  public static String validate(SubmitApplicationRequest request) {
    requireText(request.sparkVersion(), "sparkVersion");
    requireText(request.mainApplicationFile(), "mainApplicationFile");
    checkPod(request.driver(), "driver");
    checkPod(request.executor(), "executor");
    if (request.executor() != null
        && request.executor().instances() != null
        && request.executor().instances() < 0) {
      throw GatewayException.invalidField("executor.instances", "must not be negative");
    }
    if (request.volumes() != null) {
      for (int i = 0; i < request.volumes().size(); i++) {
        Volume volume = request.volumes().get(i);
        if (volume == null || volume.name() == null || volume.name().isBlank()) {
          throw GatewayException.invalidField("volumes[" + i + "].name", "is required");
        }
      }
    }
    if (request.sparkConf() != null) {
      request
          .sparkConf()
          .forEach(
              (key, value) -> {
                if (key.isBlank()) {
                  throw GatewayException.invalidField("sparkConf", "keys must not be empty");
                }
              });
    }
    return typeOf(request);
  }

  /**
   * Checks the queue's limits: executor count (field and Spark setting) and the requested maximum
   * running time, which defaults to the queue's maximum. Returns the running-time limit in ms.
   */
  public static long checkQueueLimits(
      SubmitApplicationRequest request, QueueConfig queue, QueueConfig parent) {
    int max = queue.maxExecutorInstances();
    if (request.executor() != null
        && request.executor().instances() != null
        && request.executor().instances() > max) {
      throw new GatewayException(
          ErrorCode.QUEUE_LIMIT_EXCEEDED,
          "executor.instances: "
              + request.executor().instances()
              + " exceeds the queue's limit of "
              + max);
    }
    Map<String, String> conf = request.sparkConf() == null ? Map.of() : request.sparkConf();
    // Dynamic allocation grows an application to maxExecutors: the queue's limit holds there too.
    for (String key :
        List.of(
            SparkConfKeys.EXECUTOR_INSTANCES,
            SparkConfKeys.DYNAMIC_MAX_EXECUTORS,
            SparkConfKeys.DYNAMIC_MIN_EXECUTORS,
            SparkConfKeys.DYNAMIC_INITIAL_EXECUTORS)) {
      checkExecutorCount(conf.get(key), key, max);
    }
    long queueMax = parent.maxRunningTime().toMillis();
    String requested = conf.get(SparkConfKeys.MAX_RUNNING_MILLIS);
    if (requested == null) {
      return queueMax;
    }
    long millis;
    try {
      millis = Long.parseLong(requested.trim());
    } catch (NumberFormatException e) {
      throw GatewayException.invalidField(
          "sparkConf." + SparkConfKeys.MAX_RUNNING_MILLIS,
          "'" + requested + "' is not a number of milliseconds");
    }
    if (millis <= 0 || millis > queueMax) {
      throw new GatewayException(
          ErrorCode.QUEUE_LIMIT_EXCEEDED,
          "sparkConf."
              + SparkConfKeys.MAX_RUNNING_MILLIS
              + ": must be between 1 and the queue's maximum of "
              + queueMax);
    }
    return millis;
  }

  private static void checkExecutorCount(String value, String key, int max) {
    if (value == null) {
      return;
    }
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw GatewayException.invalidField(
          "sparkConf." + key, "'" + value + "' is not a whole number");
    }
    if (n > max) {
      throw new GatewayException(
          ErrorCode.QUEUE_LIMIT_EXCEEDED,
          "sparkConf." + key + ": " + n + " exceeds the queue's limit of " + max + " executors");
    }
  }

  private static String typeOf(SubmitApplicationRequest request) {
    if (request.type() == null || request.type().isBlank()) {
      return request.mainClass() != null && !request.mainClass().isBlank() ? "Java" : "Python";
    }
    return TYPES.stream()
        .filter(
            t -> t.toLowerCase(Locale.ROOT).equals(request.type().trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> GatewayException.invalidField("type", "must be one of " + TYPES));
  }

  private static void checkPod(SparkPodSpec pod, String field) {
    if (pod == null) {
      return;
    }
    if (pod.cores() != null && pod.cores() < 1) {
      throw GatewayException.invalidField(field + ".cores", "must be at least 1");
    }
    check(() -> Quantities.parseMillicores(pod.coreLimit()), pod.coreLimit(), field + ".coreLimit");
    check(
        () -> Quantities.parseMillicores(pod.coreRequest()),
        pod.coreRequest(),
        field + ".coreRequest");
    check(() -> Quantities.parseMebibytes(pod.memory()), pod.memory(), field + ".memory");
    check(
        () -> Quantities.parseMebibytes(pod.memoryOverhead()),
        pod.memoryOverhead(),
        field + ".memoryOverhead");
    if (pod.env() != null) {
      for (int i = 0; i < pod.env().size(); i++) {
        EnvVar env = pod.env().get(i);
        if (env == null || env.name() == null || env.name().isBlank()) {
          throw GatewayException.invalidField(field + ".env[" + i + "].name", "is required");
        }
      }
    }
  }

  private static void check(Runnable parse, String value, String field) {
    if (value == null) {
      return;
    }
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalidField(field, e.getMessage());
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw GatewayException.invalidField(field, "is required");
    }
  }
}
