package dev.bpg.submission;

import dev.bpg.submission.model.SparkPodSpec;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code fixedSparkConf} fixes holds in the generated resource whatever the request says: the
 * Spark operator turns a pod's typed fields (service account, Java options, cores, memory,
 * image...) into Spark settings that come after {@code sparkConf}, so a typed field would win over
 * the fixed setting. A fixed setting is therefore written into the typed field it corresponds to.
 */
final class FixedConf {
  private FixedConf() {}

  /** Applies the fixed settings of the driver ({@code role} "driver") or the executors. */
  static void apply(Map<String, String> fixed, String role, SparkPodSpec.Builder pod) {
    if (fixed.isEmpty()) {
      return;
    }
    text(
        fixed,
        "spark.kubernetes.authenticate." + role + ".serviceAccountName",
        pod::serviceAccount);
    text(fixed, "spark." + role + ".extraJavaOptions", pod::javaOptions);
    text(fixed, "spark." + role + ".memory", pod::memory);
    text(fixed, "spark." + role + ".memoryOverhead", pod::memoryOverhead);
    text(fixed, "spark.kubernetes." + role + ".request.cores", pod::coreRequest);
    text(fixed, "spark.kubernetes." + role + ".limit.cores", pod::coreLimit);
    text(fixed, "spark.kubernetes.container.image", pod::image);
    text(fixed, "spark.kubernetes." + role + ".container.image", pod::image);
    whole(fixed, "spark." + role + ".cores", pod::cores);
    if (role.equals("executor")) {
      whole(fixed, "spark.executor.instances", pod::instances);
    }
  }

  private static void text(Map<String, String> fixed, String key, Consumer<String> field) {
    String value = fixed.get(key);
    if (value != null) {
      field.accept(value);
    }
  }

  /** A whole number goes into the field; anything else clears it, so that the setting applies. */
  private static void whole(Map<String, String> fixed, String key, Consumer<Integer> field) {
    String value = fixed.get(key);
    if (value == null) {
      return;
    }
    try {
      field.accept(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      field.accept(null);
    }
  }
}
