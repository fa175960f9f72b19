package dev.bpg.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.SparkUiOptions;
import dev.bpg.submission.model.Volume;
import dev.bpg.submission.model.VolumeMount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Spark cluster behind the gateway: one namespace of one Kubernetes API server, watched by one
 * informer. Field names follow the reference gateway's {@code sparkClusters} entries where they
 * exist. {@code maxRunningApplications} and {@code maxPendingApplications} (absent: no limit) bound
 * what the gateway sends: routing weighs clusters by their free room and holds submissions when all
 * are full. {@code maxSubmitRate} (creates per second, absent: no limit) paces the creates sent to
 * the cluster, since a Spark operator starts only so many applications a minute. {@code sparkUIUrl}
 * and {@code historyServerUrl} are the templates of a submission's links while it runs and after it
 * ended ({@code {appId}}, {@code {submissionId}}, {@code {namespace}}).
 */
public record ClusterConfig(
    String id,
    Integer weight,
    String masterUrl,
    String caCertData,
    String token,
    String userName,
    String namespace,
    String serviceAccount,
    List<String> sparkVersions,
    List<String> queues,
    Duration ttl,
    Duration requestTimeout,
    String batchScheduler,
    Boolean impersonateUser,
    @JsonProperty("sparkUIUrl") String sparkUiUrl,
    Map<String, String> sparkConf,
    @JsonProperty("sparkUIOptions") SparkUiOptions sparkUiOptions,
    List<Volume> volumes,
    PodTemplate driver,
    PodTemplate executor,
    String httpProxy,
    String httpsProxy,
    String eksCluster,
    Integer maxRunningApplications,
    Integer maxPendingApplications,
    PodPolicyConfig policy,
    Double maxSubmitRate,
    String historyServerUrl) {

  public ClusterConfig {
    weight = weight == null ? 100 : weight;
    namespace = namespace == null ? "default" : namespace;
    sparkVersions = sparkVersions == null ? List.of() : List.copyOf(sparkVersions);
    queues = queues == null ? List.of() : List.copyOf(queues);
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    impersonateUser = impersonateUser != null && impersonateUser;
    sparkConf = sparkConf == null ? Map.of() : Map.copyOf(sparkConf);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    driver = driver == null ? PodTemplate.EMPTY : driver;
    executor = executor == null ? PodTemplate.EMPTY : executor;
    policy = policy == null ? PodPolicyConfig.DEFAULTS : policy;
  }

  @Override
  public String toString() {
    // The token is a credential: never print it.
    return "ClusterConfig[id="
        + id
        + ", masterUrl="
        + masterUrl
        + ", namespace="
        + namespace
        + ", weight="
        + weight
        + ", sparkVersions="
        + sparkVersions
        + ", queues="
        + queues
        + "]";
  }

  /** This cluster with another {@code requestTimeout}. */
  public ClusterConfig withRequestTimeout(Duration value) {
    return copy(value, historyServerUrl);
  }

  /** This cluster with another {@code historyServerUrl}. */
  public ClusterConfig withHistoryServerUrl(String value) {
    return copy(requestTimeout, value);
  }

  private ClusterConfig copy(Duration timeout, String history) {
    return new ClusterConfig(
        id,
        weight,
        masterUrl,
        caCertData,
        token,
        userName,
        namespace,
        serviceAccount,
        sparkVersions,
        queues,
        ttl,
        timeout,
        batchScheduler,
        impersonateUser,
        sparkUiUrl,
        sparkConf,
        sparkUiOptions,
        volumes,
        driver,
        executor,
        httpProxy,
        httpsProxy,
        eksCluster,
        maxRunningApplications,
        maxPendingApplications,
        policy,
        maxSubmitRate,
        history);
  }

  public boolean supportsSparkVersion(String version) {
    requireNonNull(version, "version is null");
    return sparkVersions.stream().anyMatch(v -> v.equalsIgnoreCase(version));
  }

  public boolean servesQueue(String parentQueue) {
    requireNonNull(parentQueue, "parentQueue is null");
    return queues.stream().anyMatch(q -> q.equalsIgnoreCase(parentQueue));
  }

  public boolean usesYunikorn() {
    return "yunikorn".equalsIgnoreCase(batchScheduler);
  }

  public Optional<Duration> findTtl() {
    return Optional.ofNullable(ttl);
  }

  /** The parts of a pod template a cluster may preset for every driver or executor. */
  public record PodTemplate(List<EnvVar> env, List<VolumeMount> volumeMounts) {
    public static final PodTemplate EMPTY = new PodTemplate(List.of(), List.of());

    public PodTemplate {
      env = env == null ? List.of() : List.copyOf(env);
      volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }
  }
}
