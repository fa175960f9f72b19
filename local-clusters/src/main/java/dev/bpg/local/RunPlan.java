package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local operator simulates for one {@code SparkApplication}, read from its spec. Two Spark
 * properties steer the simulation: {@value #DURATION_PROPERTY} (how long the run lasts, default 3
 * s) and {@value #OUTCOME_PROPERTY} ({@code COMPLETED} or {@code FAILED}, default {@code
 * COMPLETED}).
 */
record RunPlan(
    Duration duration,
    Outcome outcome,
    int executorInstances,
    PodPlan driver,
    PodPlan executor,
    Optional<String> mainClass,
    List<String> arguments,
    Optional<String> mainApplicationFile,
    Optional<Duration> timeToLive,
    boolean keepExecutorPods,
    int logLines) {

  /** The prefix of the Spark properties that steer a simulation; real Spark runs leave them out. */
  static final String SIMULATION_PREFIX = "spark.local.simulate.";

  static final String DURATION_PROPERTY = SIMULATION_PREFIX + "duration";
  static final String OUTCOME_PROPERTY = SIMULATION_PREFIX + "outcome";
  static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

  /**
   * How many lines of task chatter, like Spark's INFO log, each pod writes before it ends (default
   * 0): gives a run's logs the size of a real one's, for measuring what their archive costs.
   */
  static final String LOG_LINES_PROPERTY = SIMULATION_PREFIX + "logLines";

  static final int MAX_LOG_LINES = 1_000_000;

  /**
   * Spark's own property: {@code false} keeps the executor pods, terminated, after the driver stops
   * (until the application is deleted) instead of deleting them.
   */
  static final String DELETE_EXECUTORS_PROPERTY = "spark.kubernetes.executor.deleteOnTermination";

  /**
   * At most this many executor pods per application: each one is an object in the in-memory store
   * and a few requests per run, and a local cluster only pretends to run them, so a spec asking for
   * 500 gets 20.
   */
  static final int MAX_EXECUTORS = 20;

  private static final Pattern SPARK_DURATION =
      Pattern.compile("(\\d{1,18})\\s*(ms|s|sec|m|min|h|d)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPARK_MEMORY =
      Pattern.compile("(\\d{1,12})\\s*([kmgt])?b?", Pattern.CASE_INSENSITIVE);
  // Spark's defaults: spark.{driver,executor}.memory=1g, overhead = max(10 % of the memory, 384
  // MiB).
  static final long DEFAULT_MEMORY_MIB = 1024;
  private static final long MIN_OVERHEAD_MIB = 384;
  private static final double OVERHEAD_FACTOR = 0.10;

  enum Outcome {
    COMPLETED,
    FAILED
  }

  /**
   * What a driver or executor pod looks like: image, CPU and memory requests, service account,
   * extra labels.
   */
  record PodPlan(
      String image,
      String cpu,
      String memory,
      Optional<String> serviceAccount,
      Map<String, String> labels) {
    PodPlan {
      requireNonNull(image, "image is null");
      requireNonNull(cpu, "cpu is null");
      requireNonNull(memory, "memory is null");
      requireNonNull(serviceAccount, "serviceAccount is null");
      labels = Map.copyOf(requireNonNull(labels, "labels is null"));
    }
  }

  RunPlan {
    requireNonNull(duration, "duration is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(driver, "driver is null");
    requireNonNull(executor, "executor is null");
    requireNonNull(mainClass, "mainClass is null");
    arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    requireNonNull(mainApplicationFile, "mainApplicationFile is null");
    requireNonNull(timeToLive, "timeToLive is null");
    if (logLines < 0 || logLines > MAX_LOG_LINES) {
      throw new IllegalArgumentException("logLines out of range: " + logLines);
    }
    if (executorInstances < 0 || executorInstances > MAX_EXECUTORS) {
      throw new IllegalArgumentException("executorInstances out of range: " + executorInstances);
    }
  }

  private static int logLines(JsonNode sparkConf) throws InvalidSpecException {
    if (!sparkConf.hasNonNull(LOG_LINES_PROPERTY)) {
      return 0;
    }
    long lines = nonNegativeInteger(LOG_LINES_PROPERTY, sparkConf.get(LOG_LINES_PROPERTY));
    if (lines > MAX_LOG_LINES) {
      throw new InvalidSpecException(
          "invalid " + LOG_LINES_PROPERTY + " '" + lines + "': at most " + MAX_LOG_LINES);
    }
    return (int) lines;
  }

  /**
   * Reads the plan from a {@code SparkApplication} spec (a missing spec reads as an empty one).
   *
   * @throws InvalidSpecException naming the field and the value when a value cannot be understood
   */
  static RunPlan parse(JsonNode spec) throws InvalidSpecException {
    JsonNode sparkConf = spec.path("sparkConf");
    Duration duration = DEFAULT_DURATION;
    if (sparkConf.hasNonNull(DURATION_PROPERTY)) {
      duration = parseDuration(DURATION_PROPERTY, sparkConf.get(DURATION_PROPERTY).asText());
    }
    Outcome outcome = Outcome.COMPLETED;
    if (sparkConf.hasNonNull(OUTCOME_PROPERTY)) {
      outcome = parseOutcome(sparkConf.get(OUTCOME_PROPERTY).asText());
    }
    int instances = 1;
    JsonNode instancesNode = spec.path("executor").path("instances");
    if (!instancesNode.isMissingNode() && !instancesNode.isNull()) {
      long requested = nonNegativeInteger("spec.executor.instances", instancesNode);
      instances = (int) Math.min(requested, MAX_EXECUTORS);
    }
    String defaultImage = defaultImage(spec);
    List<String> arguments = new ArrayList<>();
    spec.path("arguments").forEach(argument -> arguments.add(argument.asText()));
    return new RunPlan(
        duration,
        outcome,
        instances,
        podPlan("spec.driver", spec.path("driver"), defaultImage),
        podPlan("spec.executor", spec.path("executor"), defaultImage),
        text(spec, "mainClass"),
        arguments,
        text(spec, "mainApplicationFile"),
        timeToLive(spec),
        "false".equalsIgnoreCase(sparkConf.path(DELETE_EXECUTORS_PROPERTY).asText("true").trim()),
        logLines(sparkConf));
  }

  /**
   * The driver pod of an application, read as {@link #parse} does; for runs that need nothing else
   * of the plan.
   *
   * @throws InvalidSpecException naming the field and the value when a value cannot be understood
   */
  static PodPlan driverPlan(JsonNode spec) throws InvalidSpecException {
    return podPlan("spec.driver", spec.path("driver"), defaultImage(spec));
  }

  private static String defaultImage(JsonNode spec) {
    return spec.hasNonNull("image")
        ? spec.get("image").asText()
        : "apache/spark"
            + (spec.hasNonNull("sparkVersion") ? ":" + spec.get("sparkVersion").asText() : "");
  }

  /**
   * The {@code spec.timeToLiveSeconds} of an application: how long after it terminates it is
   * deleted.
   *
   * @throws InvalidSpecException if it is not a non-negative integer
   */
  static Optional<Duration> timeToLive(JsonNode spec) throws InvalidSpecException {
    JsonNode ttl = spec.path("timeToLiveSeconds");
    if (ttl.isMissingNode() || ttl.isNull()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(nonNegativeInteger("spec.timeToLiveSeconds", ttl)));
  }

  /**
   * Parses a Spark time string such as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code
   * 1d}; a bare number is seconds.
   */
  static Duration parseDuration(String property, String value) throws InvalidSpecException {
    Matcher matcher = SPARK_DURATION.matcher(value.trim());
    if (!matcher.matches()) {
      throw new InvalidSpecException(
          "invalid "
              + property
              + " '"
              + value
              + "': expected a duration such as 500ms, 30s, 2m or 1h");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
    try {
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s", "sec" -> Duration.ofSeconds(amount);
        case "m", "min" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new IllegalStateException("unit not covered by the pattern: " + unit);
      };
    } catch (ArithmeticException e) {
      throw new InvalidSpecException("invalid " + property + " '" + value + "': too long");
    }
  }

  /**
   * Parses a Spark memory size such as {@code 512m} or {@code 2g} into MiB; a bare number is MiB,
   * as for {@code spark.driver.memory}.
   */
  static long parseMemoryMib(String field, String value) throws InvalidSpecException {
    Matcher matcher = SPARK_MEMORY.matcher(value.trim());
    if (!matcher.matches()) {
      throw new InvalidSpecException(
          "invalid " + field + " '" + value + "': expected a Spark memory size such as 512m or 2g");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "m" : matcher.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "k" -> Math.max(1, (amount + 1023) / 1024);
      case "m" -> amount;
      case "g" -> amount * 1024;
      case "t" -> amount * 1024 * 1024;
      default -> throw new IllegalStateException("unit not covered by the pattern: " + unit);
    };
  }

  private static Outcome parseOutcome(String value) throws InvalidSpecException {
    try {
      return Outcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(
          "invalid " + OUTCOME_PROPERTY + " '" + value + "': expected COMPLETED or FAILED");
    }
  }

  private static PodPlan podPlan(String field, JsonNode role, String defaultImage)
      throws InvalidSpecException {
    String image = role.hasNonNull("image") ? role.get("image").asText() : defaultImage;
    String cpu;
    if (role.hasNonNull("coreRequest")) {
      cpu = role.get("coreRequest").asText();
    } else if (role.hasNonNull("cores")) {
      long cores = nonNegativeInteger(field + ".cores", role.get("cores"));
      if (cores == 0) {
        throw new InvalidSpecException("invalid " + field + ".cores '0': must be at least 1");
      }
      cpu = Long.toString(cores);
    } else {
      cpu = "1";
    }
    long memoryMib =
        role.hasNonNull("memory")
            ? parseMemoryMib(field + ".memory", role.get("memory").asText())
            : DEFAULT_MEMORY_MIB;
    long overheadMib =
        role.hasNonNull("memoryOverhead")
            ? parseMemoryMib(field + ".memoryOverhead", role.get("memoryOverhead").asText())
            : Math.max(MIN_OVERHEAD_MIB, (long) (memoryMib * OVERHEAD_FACTOR));
    Map<String, String> labels = new LinkedHashMap<>();
    role.path("labels")
        .fields()
        .forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
    return new PodPlan(
        image, cpu, (memoryMib + overheadMib) + "Mi", text(role, "serviceAccount"), labels);
  }

  private static long nonNegativeInteger(String field, JsonNode node) throws InvalidSpecException {
    if (node.canConvertToExactIntegral() && node.asLong() >= 0) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      return Long.parseLong(node.asText());
    }
    throw new InvalidSpecException(
        "invalid " + field + " '" + node.asText() + "': expected a non-negative integer");
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}
