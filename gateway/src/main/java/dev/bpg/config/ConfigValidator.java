package dev.bpg.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules that span fields, checked once when the configuration is loaded. Each problem is
 * reported with the path of the key at fault, such as {@code clusters[1].queues[0]}, so that {@code
 * check-config} can list them all at once.
 */
public final class ConfigValidator {
  /** Cluster IDs start submission IDs, which are Kubernetes object names: DNS-1123 labels. */
  private static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?");

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private ConfigValidator() {}

  public static List<String> validate(GatewayConfiguration config) {
    List<String> errors = new ArrayList<>();
    validateApi(config.api(), errors);
    AuthValidator.validate(config.auth(), errors);
    validateDatabase(config.database(), errors);
    validateSpark(config.spark(), errors);
    Set<String> queueNames = validateQueues(config.queues(), errors);
    validateClusters(config.clusters(), queueNames, errors);
    PolicyValidator.validateQueueTokens(config.queues(), config.auth(), errors);
    validateTracking(config.tracking(), errors);
    validateRouting(config.routing(), errors);
    validateCost(config.cost(), errors);
    return List.copyOf(errors);
  }

  private static void validateApi(ApiConfig api, List<String> errors) {
    String path = api.contextPath();
    if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
      errors.add("api.contextPath: must start with '/' and not end with '/', such as /skatev2");
    }
    long bodySize = api.maxRequestBodySize().toBytes();
    if (bodySize < 1024 || bodySize > 4 * 1024 * 1024) {
      // A request and its spec are stored whole: 4 MiB each fit every database's column and packet.
      errors.add("api.maxRequestBodySize: must be from 1KiB to 4MiB");
    }
    RateLimitsConfig limits = api.rateLimits();
    atLeastOne(limits.submitsPerMinute(), "api.rateLimits.submitsPerMinute", errors);
    atLeastOne(limits.submitBurst(), "api.rateLimits.submitBurst", errors);
    atLeastOne(limits.logStreamsPerUser(), "api.rateLimits.logStreamsPerUser", errors);
    atLeastOne(limits.logStreams(), "api.rateLimits.logStreams", errors);
    if (limits.logStreamsPerUser() > limits.logStreams()) {
      errors.add("api.rateLimits.logStreamsPerUser: must not be more than logStreams");
    }
  }

  private static void atLeastOne(int value, String path, List<String> errors) {
    if (value < 1) {
      errors.add(path + ": must be at least 1");
    }
  }

  private static void validateCost(CostConfig cost, List<String> errors) {
    if ((cost.memoryMbSecond() == null) != (cost.vCoreSecond() == null)) {
      errors.add("cost: set both memoryMbSecond and vCoreSecond, or neither");
    }
    if (cost.memoryMbSecond() != null && cost.memoryMbSecond() < 0) {
      errors.add("cost.memoryMbSecond: must not be negative");
    }
    if (cost.vCoreSecond() != null && cost.vCoreSecond() < 0) {
      errors.add("cost.vCoreSecond: must not be negative");
    }
  }

  private static void validateRouting(RoutingConfig routing, List<String> errors) {
    if (routing.maxAttempts() < 1) {
      errors.add("routing.maxAttempts: must be at least 1");
    }
    positive(routing.healthProbeInterval(), "routing.healthProbeInterval", errors);
    positive(routing.dispatchInterval(), "routing.dispatchInterval", errors);
  }

  private static void validateTracking(TrackingConfig tracking, List<String> errors) {
    positive(tracking.reconcileInterval(), "tracking.reconcileInterval", errors);
    positive(tracking.reconcileGrace(), "tracking.reconcileGrace", errors);
    positive(tracking.runningTimeCheckInterval(), "tracking.runningTimeCheckInterval", errors);
    positive(tracking.shutdownTimeout(), "tracking.shutdownTimeout", errors);
  }

  private static void positive(Duration duration, String path, List<String> errors) {
    if (duration.isNegative() || duration.isZero()) {
      errors.add(path + ": must be positive");
    }
  }

  private static void validateDatabase(DatabaseConfig database, List<String> errors) {
    if (!database.url().startsWith("jdbc:")) {
      errors.add("database.url: must be a JDBC URL starting with jdbc:");
    }
    if (database.poolSize() < 1) {
      errors.add("database.poolSize: must be at least 1");
    }
    if (database.connectionTimeout().isNegative() || database.connectionTimeout().isZero()) {
      errors.add("database.connectionTimeout: must be positive");
    }
  }

  private static void validateSpark(SparkConfig spark, List<String> errors) {
    try {
      Pattern.compile(spark.secretKeyPattern());
    } catch (PatternSyntaxException e) {
      errors.add("spark.secretKeyPattern: not a regular expression: " + e.getDescription());
    }
    for (int i = 0; i < spark.images().size(); i++) {
      SparkImageConfig image = spark.images().get(i);
      String at = "spark.images[" + i + "]";
      if (image.name() == null || image.name().isBlank()) {
        errors.add(at + ".name: is required");
      }
      if (image.version() == null || image.version().isBlank()) {
        errors.add(at + ".version: is required");
      }
      if (image.types().isEmpty()) {
        errors.add(at + ".types: must list at least one of Java, Scala, Python, R");
      }
    }
  }

  private static Set<String> validateQueues(List<QueueConfig> queues, List<String> errors) {
    Set<String> names = new HashSet<>();
    if (queues.isEmpty()) {
      errors.add("queues: at least one queue is required");
    }
    for (int i = 0; i < queues.size(); i++) {
      QueueConfig queue = queues.get(i);
      String at = "queues[" + i + "]";
      if (queue.name() == null || !QUEUE.matcher(queue.name()).matches()) {
        errors.add(at + ".name: must be letters, digits, '_' or '-', with '.' between parts");
        continue;
      }
      if (!names.add(queue.name().toLowerCase(Locale.ROOT))) {
        errors.add(at + ".name: queue '" + queue.name() + "' is listed twice");
      }
      if (queue.maxExecutorInstances() < 1) {
        errors.add(at + ".maxExecutorInstances: must be at least 1");
      }
      if (queue.maxRunningTime().isNegative() || queue.maxRunningTime().isZero()) {
        errors.add(at + ".maxRunningTime: must be positive");
      }
      checkRatio(queue.driverCpuBufferRatio(), at + ".driverCPUBufferRatio", errors);
      checkRatio(queue.executorCpuBufferRatio(), at + ".executorCPUBufferRatio", errors);
      checkRatio(queue.driverMemoryBufferRatio(), at + ".driverMemBufferRatio", errors);
      checkRatio(queue.executorMemoryBufferRatio(), at + ".executorMemBufferRatio", errors);
      positiveIfSet(queue.maxRunningApplications(), at + ".maxRunningApplications", errors);
      positiveIfSet(
          queue.maxRunningApplicationsPerUser(), at + ".maxRunningApplicationsPerUser", errors);
      positiveIfSet(queue.maxQueued(), at + ".maxQueued", errors);
      if (!queue.zonePickerName().equals("round_robin")) {
        errors.add(at + ".zonePickerName: only round_robin exists");
      }
      if (queue.allowedUsers().isEmpty() && queue.allowedGroups().isEmpty()) {
        errors.add(
            at
                + ".allowedUsers: leave it out (everyone) or list users (\"*\" for all) or"
                + " allowedGroups");
      }
      PolicyValidator.validate(queue.policy(), at + ".policy", errors);
    }
    return names;
  }

  private static void positiveIfSet(Integer value, String path, List<String> errors) {
    if (value != null && value < 1) {
      errors.add(path + ": must be at least 1 (leave it out for no limit)");
    }
  }

  private static void checkRatio(double ratio, String path, List<String> errors) {
    if (!(ratio > 0) || ratio > 100) {
      errors.add(path + ": must be a number above 0 (1.0 leaves requests as they are)");
    }
  }

  private static void validateClusters(
      List<ClusterConfig> clusters, Set<String> queueNames, List<String> errors) {
    if (clusters.isEmpty()) {
      errors.add("clusters: at least one cluster is required");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < clusters.size(); i++) {
      ClusterConfig cluster = clusters.get(i);
      String at = "clusters[" + i + "]";
      if (cluster.id() == null || !CLUSTER_ID.matcher(cluster.id()).matches()) {
        errors.add(
            at
                + ".id: must be 1 to 30 lowercase letters, digits or '-', starting and ending"
                + " with a letter or digit (it starts every submission ID)");
      } else if (!ids.add(cluster.id())) {
        errors.add(at + ".id: cluster '" + cluster.id() + "' is listed twice");
      }
      if (cluster.weight() < 0) {
        errors.add(at + ".weight: must be 0 (never routed to) or more");
      }
      checkMasterUrl(cluster.masterUrl(), at + ".masterUrl", errors);
      if (!NAMESPACE.matcher(cluster.namespace()).matches()) {
        errors.add(
            at + ".namespace: '" + cluster.namespace() + "' is not a Kubernetes namespace name");
      }
      if (cluster.sparkVersions().isEmpty()) {
        errors.add(at + ".sparkVersions: must list at least one Spark version");
      }
      if (cluster.queues().isEmpty()) {
        errors.add(at + ".queues: must list at least one queue");
      }
      for (int q = 0; q < cluster.queues().size(); q++) {
        String queue = cluster.queues().get(q);
        if (queue == null || !queueNames.contains(queue.toLowerCase(Locale.ROOT))) {
          errors.add(at + ".queues[" + q + "]: queue '" + queue + "' is not defined under queues");
        }
      }
      PolicyValidator.validate(cluster.policy(), at + ".policy", errors);
      positiveIfSet(cluster.maxRunningApplications(), at + ".maxRunningApplications", errors);
      positiveIfSet(cluster.maxPendingApplications(), at + ".maxPendingApplications", errors);
      if (cluster.maxSubmitRate() != null
          && !(cluster.maxSubmitRate() > 0 && cluster.maxSubmitRate() <= 10_000)) {
        errors.add(at + ".maxSubmitRate: must be more than 0 and at most 10000 creates a second");
      }
      if (cluster.requestTimeout().isNegative() || cluster.requestTimeout().isZero()) {
        errors.add(at + ".requestTimeout: must be positive");
      }
      if (cluster.ttl() != null && cluster.ttl().isNegative()) {
        errors.add(at + ".ttl: must not be negative");
      }
      if (cluster.batchScheduler() != null && !cluster.usesYunikorn()) {
        errors.add(at + ".batchScheduler: only yunikorn is supported (leave it out for none)");
      }
      for (int v = 0; v < cluster.volumes().size(); v++) {
        if (cluster.volumes().get(v).name() == null) {
          errors.add(at + ".volumes[" + v + "].name: is required");
        }
      }
    }
  }

  private static void checkMasterUrl(String url, String path, List<String> errors) {
    if (url == null || url.isBlank()) {
      errors.add(path + ": is required");
      return;
    }
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        errors.add(path + ": must be an http or https URL with a host");
      }
    } catch (URISyntaxException e) {
      errors.add(path + ": is not a URL (" + e.getReason() + ")");
    }
  }
}
