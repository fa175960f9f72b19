package dev.bpg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A queue: who uses it by default, its limits and where its pods may run. {@code
 * maxRunningApplications} and {@code maxRunningApplicationsPerUser} cap the applications of the
 * queue (and of one user in it) that are on a cluster at once; more wait in the gateway, QUEUED.
 * Names of the node-label and buffer-ratio keys are the reference gateway's, so an existing
 * configuration reads the same. {@code allowedUsers} (default {@code *}) may submit to it; a {@code
 * secure} queue also wants a queue token in each request, as the reference gateway's; {@code
 * policy} overrides the cluster's pod policy for this queue's submissions, key by key. {@code
 * maxQueued} bounds how many submissions of the queue one replica holds QUEUED (default {@value
 * #DEFAULT_MAX_QUEUED}); beyond it a submission that would wait is refused with 429.
 */
public record QueueConfig(
    String name,
    List<String> users,
    Duration maxRunningTime,
    Integer maxExecutorInstances,
    String driverNodeLabelKey,
    List<String> driverNodeLabelValues,
    String executorNodeLabelKey,
    List<String> executorNodeLabelValues,
    List<String> executorSpotNodeLabelValues,
    @JsonProperty("driverCPUBufferRatio") Double driverCpuBufferRatio,
    @JsonProperty("executorCPUBufferRatio") Double executorCpuBufferRatio,
    @JsonProperty("driverMemBufferRatio") Double driverMemoryBufferRatio,
    @JsonProperty("executorMemBufferRatio") Double executorMemoryBufferRatio,
    List<String> allowedZones,
    String zonePickerName,
    Integer maxRunningApplications,
    Integer maxRunningApplicationsPerUser,
    List<String> allowedUsers,
    List<String> allowedGroups,
    Boolean secure,
    PodPolicyConfig policy,
    Integer maxQueued) {

  public static final Duration DEFAULT_MAX_RUNNING_TIME = Duration.ofHours(12);
  public static final int DEFAULT_MAX_EXECUTOR_INSTANCES = 5000;
  public static final String DEFAULT_NODE_LABEL_KEY = "node_group_category";
  public static final int DEFAULT_MAX_QUEUED = 1000;

  public QueueConfig {
    users = users == null ? List.of() : List.copyOf(users);
    maxRunningTime = maxRunningTime == null ? DEFAULT_MAX_RUNNING_TIME : maxRunningTime;
    maxExecutorInstances =
        maxExecutorInstances == null ? DEFAULT_MAX_EXECUTOR_INSTANCES : maxExecutorInstances;
    driverNodeLabelKey = driverNodeLabelKey == null ? DEFAULT_NODE_LABEL_KEY : driverNodeLabelKey;
    driverNodeLabelValues =
        driverNodeLabelValues == null ? List.of() : List.copyOf(driverNodeLabelValues);
    executorNodeLabelKey =
        executorNodeLabelKey == null ? DEFAULT_NODE_LABEL_KEY : executorNodeLabelKey;
    executorNodeLabelValues =
        executorNodeLabelValues == null ? List.of() : List.copyOf(executorNodeLabelValues);
    executorSpotNodeLabelValues =
        executorSpotNodeLabelValues == null ? List.of() : List.copyOf(executorSpotNodeLabelValues);
    driverCpuBufferRatio = driverCpuBufferRatio == null ? 1.0 : driverCpuBufferRatio;
    executorCpuBufferRatio = executorCpuBufferRatio == null ? 1.0 : executorCpuBufferRatio;
    driverMemoryBufferRatio = driverMemoryBufferRatio == null ? 1.0 : driverMemoryBufferRatio;
    executorMemoryBufferRatio = executorMemoryBufferRatio == null ? 1.0 : executorMemoryBufferRatio;
    allowedZones = allowedZones == null ? List.of() : List.copyOf(allowedZones);
    zonePickerName = zonePickerName == null ? "round_robin" : zonePickerName;
    allowedUsers =
        allowedUsers == null
            ? (allowedGroups == null || allowedGroups.isEmpty() ? List.of("*") : List.of())
            : List.copyOf(allowedUsers);
    allowedGroups = allowedGroups == null ? List.of() : List.copyOf(allowedGroups);
    secure = secure != null && secure;
    maxQueued = maxQueued == null ? DEFAULT_MAX_QUEUED : maxQueued;
  }

  /**
   * Whether the user may submit to this queue: {@code allowedUsers} lists them (or {@code *}), or
   * one of their groups is in {@code allowedGroups}. With only {@code allowedGroups} set, no one
   * else may.
   */
  public boolean allows(String user, Set<String> groups) {
    return allowedUsers.contains("*")
        || allowedUsers.contains(user)
        || allowedGroups.stream().anyMatch(groups::contains);
  }

  public static QueueConfig named(String name) {
    return new QueueConfig(
        name, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null);
  }
}
