package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The driver or executor part of a request, and of the generated SparkApplication: the fields the
 * reference gateway accepts, all of which exist in the upstream CRD. {@code instances} and {@code
 * deleteOnTermination} belong to executors, {@code podName} and {@code kubernetesMaster} to
 * drivers. Unknown nested fields are ignored, as the reference gateway does, so existing clients
 * keep working.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SparkPodSpec(
    Integer cores,
    String coreRequest,
    String coreLimit,
    String memory,
    String memoryOverhead,
    String image,
    List<EnvVar> env,
    Map<String, String> labels,
    Map<String, String> annotations,
    Long terminationGracePeriodSeconds,
    String serviceAccount,
    List<VolumeMount> volumeMounts,
    SecurityContext securityContext,
    Affinity affinity,
    PodDnsConfig dnsConfig,
    String javaOptions,
    String podName,
    String kubernetesMaster,
    Integer instances,
    Boolean deleteOnTermination) {

  public SparkPodSpec {
    env = env == null ? null : List.copyOf(env);
    labels = labels == null ? null : Map.copyOf(labels);
    annotations = annotations == null ? null : Map.copyOf(annotations);
    volumeMounts = volumeMounts == null ? null : List.copyOf(volumeMounts);
  }

  public static SparkPodSpec empty() {
    return new SparkPodSpec(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change for the spec builder, which derives the generated spec from the request. */
  public static final class Builder {
    private Integer cores;
    private String coreRequest;
    private String coreLimit;
    private String memory;
    private String memoryOverhead;
    private String image;
    private List<EnvVar> env;
    private Map<String, String> labels;
    private Map<String, String> annotations;
    private Long terminationGracePeriodSeconds;
    private String serviceAccount;
    private List<VolumeMount> volumeMounts;
    private SecurityContext securityContext;
    private Affinity affinity;
    private PodDnsConfig dnsConfig;
    private String javaOptions;
    private String podName;
    private String kubernetesMaster;
    private Integer instances;
    private Boolean deleteOnTermination;

    private Builder(SparkPodSpec from) {
      cores = from.cores;
      coreRequest = from.coreRequest;
      coreLimit = from.coreLimit;
      memory = from.memory;
      memoryOverhead = from.memoryOverhead;
      image = from.image;
      env = from.env;
      labels = from.labels;
      annotations = from.annotations;
      terminationGracePeriodSeconds = from.terminationGracePeriodSeconds;
      serviceAccount = from.serviceAccount;
      volumeMounts = from.volumeMounts;
      securityContext = from.securityContext;
      affinity = from.affinity;
      dnsConfig = from.dnsConfig;
      javaOptions = from.javaOptions;
      podName = from.podName;
      kubernetesMaster = from.kubernetesMaster;
      instances = from.instances;
      deleteOnTermination = from.deleteOnTermination;
    }

    public Builder cores(Integer value) {
      cores = value;
      return this;
    }

    public Builder coreRequest(String value) {
      coreRequest = value;
      return this;
    }

    public Builder memoryOverhead(String value) {
      memoryOverhead = value;
      return this;
    }

    public Builder image(String value) {
      image = value;
      return this;
    }

    public Builder javaOptions(String value) {
      javaOptions = value;
      return this;
    }

    public Builder coreLimit(String value) {
      coreLimit = value;
      return this;
    }

    public Builder memory(String value) {
      memory = value;
      return this;
    }

    public Builder env(List<EnvVar> value) {
      env = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    public Builder annotations(Map<String, String> value) {
      annotations = value;
      return this;
    }

    public Builder serviceAccount(String value) {
      serviceAccount = value;
      return this;
    }

    public Builder volumeMounts(List<VolumeMount> value) {
      volumeMounts = value;
      return this;
    }

    public Builder affinity(Affinity value) {
      affinity = value;
      return this;
    }

    public Builder dnsConfig(PodDnsConfig value) {
      dnsConfig = value;
      return this;
    }

    public Builder instances(Integer value) {
      instances = value;
      return this;
    }

    public Builder deleteOnTermination(Boolean value) {
      deleteOnTermination = value;
      return this;
    }

    public Builder podName(String value) {
      podName = value;
      return this;
    }

    public Builder kubernetesMaster(String value) {
      kubernetesMaster = value;
      return this;
    }

    public SparkPodSpec build() {
      return new SparkPodSpec(
          cores,
          coreRequest,
          coreLimit,
          memory,
          memoryOverhead,
          image,
          env,
          labels,
          annotations,
          terminationGracePeriodSeconds,
          serviceAccount,
          volumeMounts,
          securityContext,
          affinity,
          dnsConfig,
          javaOptions,
          podName,
          kubernetesMaster,
          instances,
          deleteOnTermination);
    }
  }
}
