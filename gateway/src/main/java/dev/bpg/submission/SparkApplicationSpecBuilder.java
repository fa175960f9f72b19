package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.SparkConfig;
import dev.bpg.config.SparkImageConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.PodDnsConfig;
import dev.bpg.submission.model.Quantities;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SparkApplicationSpec;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SparkUiOptions;
import dev.bpg.submission.model.SubmitApplicationRequest;
import dev.bpg.submission.model.Volume;
import dev.bpg.submission.model.VolumeMount;
import dev.bpg.submission.policy.PodPolicy;
import dev.bpg.submission.policy.RequestPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the SparkApplication for a validated, routed request, following the reference gateway's
 * rules (Spark conf merge order, the resource-name placeholder, image lookup, labels, node affinity
 * and zone pinning, YuniKorn options, env merges, TTL) without its bugs: volumes appear once, zone
 * pinning works without a request sparkConf, CPU limits are whole millicores with the buffer ratio
 * applied once, and no field the upstream CRD lacks is sent.
 */
public final class SparkApplicationSpecBuilder {
  public static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
  public static final String ZONE_LABEL = PodPlacement.ZONE_LABEL;
  public static final String LABEL_OWNER = "proxyUser";
  public static final String LABEL_SUBMITTED_BY = "submittedBy";
  public static final String LABEL_APPLICATION_NAME = "applicationName";
  public static final String LABEL_QUEUE = "queue";
  public static final String LABEL_MAX_RUNNING_MILLIS = "maxRunningMillis";
  public static final String ANNOTATION_OWNER = "bpg.dev/owner";
  public static final String ANNOTATION_SUBMITTED_BY = "bpg.dev/submitted-by";
  public static final String ANNOTATION_QUEUE = "bpg.dev/queue";
  private static final List<String> AIRFLOW_LABELS = List.of("dag_name", "task_name");

  private final SparkConfig spark;

  public SparkApplicationSpecBuilder(SparkConfig spark) {
    this.spark = requireNonNull(spark, "spark is null");
  }

  public SparkApplicationManifest build(SpecInput input) {
    SubmitApplicationRequest request = input.request();
    ClusterConfig cluster = input.cluster();
    QueueConfig parent = input.queue().parent();
    String name = input.id().value();
    RequestPolicy.check(request, cluster, PodPolicy.of(cluster, parent, input.queue().queue()));

    List<Volume> volumes =
        request.volumes() != null && !request.volumes().isEmpty()
            ? request.volumes()
            : cluster.volumes();
    boolean requestHasVolumes = request.volumes() != null && !request.volumes().isEmpty();

    SparkPodSpec driver = buildDriver(request, cluster, parent, input.zone(), requestHasVolumes);
    SparkPodSpec executor =
        buildExecutor(request, cluster, parent, input.zone(), requestHasVolumes);

    boolean yunikorn = cluster.usesYunikorn();
    SparkApplicationSpec spec =
        new SparkApplicationSpec(
            input.type(),
            request.sparkVersion(),
            "cluster",
            cluster.impersonateUser() ? input.owner() : null,
            imageFor(request, input.type()),
            request.imagePullPolicy(),
            request.mainClass(),
            request.mainApplicationFile(),
            request.arguments(),
            mergeSparkConf(input),
            volumes.isEmpty() ? null : volumes,
            driver,
            executor,
            request.deps(),
            request.restartPolicy(),
            request.pythonVersion(),
            cluster.findTtl().map(ttl -> ttl.toSeconds()).orElse(null),
            uiOptions(cluster.sparkUiOptions(), name),
            yunikorn ? "yunikorn" : null,
            yunikorn
                ? new SparkApplicationSpec.BatchSchedulerOptions(input.queue().rootPath(), null)
                : null);

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_OWNER, LabelValues.normalize(input.owner()));
    labels.put(LABEL_SUBMITTED_BY, LabelValues.normalize(input.submittedBy()));
    if (request.applicationName() != null && !request.applicationName().isBlank()) {
      labels.put(LABEL_APPLICATION_NAME, LabelValues.normalize(request.applicationName()));
    }
    labels.put(LABEL_QUEUE, LabelValues.normalize(input.queue().rootPath()));
    labels.put(LABEL_MAX_RUNNING_MILLIS, Long.toString(input.maxRunningMillis()));
    Map<String, String> annotations =
        Map.of(
            ANNOTATION_OWNER,
            input.owner(),
            ANNOTATION_SUBMITTED_BY,
            input.submittedBy(),
            ANNOTATION_QUEUE,
            input.queue().name());
    return new SparkApplicationManifest(name, cluster.namespace(), labels, annotations, spec);
  }

  /**
   * defaultSparkConf, then the cluster's, then the request's, then the enforced fixedSparkConf,
   * then {@code spark.app.name}; the placeholder is replaced in the default and cluster values
   * only.
   */
  private Map<String, String> mergeSparkConf(SpecInput input) {
    SubmitApplicationRequest request = input.request();
    String name = input.id().value();
    Map<String, String> conf = new TreeMap<>();
    Map<String, String> defaults = new TreeMap<>(spark.defaultSparkConf());
    boolean keepRanger = "On".equals(defaults.remove(SparkConfKeys.RANGER_ON_CUSTOM_IMAGE));
    if (hasCustomImage(request) && !keepRanger) {
      // A custom image may lack the Ranger plugin that these settings load.
      defaults.remove(SparkConfKeys.SQL_EXTENSIONS);
      defaults.remove(SparkConfKeys.RANGER_PLUGIN_ENV);
    }
    defaults.forEach((k, v) -> conf.put(k, substitute(v, name)));
    input.cluster().sparkConf().forEach((k, v) -> conf.put(k, substitute(v, name)));
    if (request.sparkConf() != null) {
      conf.putAll(request.sparkConf());
    }
    conf.putAll(spark.fixedSparkConf());
    if (request.applicationName() != null && !request.applicationName().isBlank()) {
      conf.put(SparkConfKeys.APP_NAME, request.applicationName());
    }
    if ("true".equalsIgnoreCase(conf.getOrDefault(SparkConfKeys.DYNAMIC_ALLOCATION, "").trim())) {
      // Without a maximum, dynamic allocation may grow past the queue's limit of executors.
      conf.putIfAbsent(
          SparkConfKeys.DYNAMIC_MAX_EXECUTORS,
          Integer.toString(input.queue().queue().maxExecutorInstances()));
    }
    conf.remove(SparkConfKeys.PICKED_ZONES);
    input.zone().ifPresent(zone -> conf.put(SparkConfKeys.PICKED_ZONES, zone));
    return conf;
  }

  private static String substitute(String value, String name) {
    return value == null ? null : value.replace(SparkConfKeys.RESOURCE_NAME_PLACEHOLDER, name);
  }

  private static SparkUiOptions uiOptions(SparkUiOptions options, String name) {
    if (options == null || options.ingressAnnotations() == null) {
      return options;
    }
    Map<String, String> annotations = new TreeMap<>();
    options.ingressAnnotations().forEach((k, v) -> annotations.put(k, substitute(v, name)));
    return new SparkUiOptions(options.servicePort(), annotations, options.ingressTls());
  }

  /** A blank image is no image: the configured one is used, and the Ranger settings stay. */
  private static boolean hasCustomImage(SubmitApplicationRequest request) {
    return request.image() != null && !request.image().isBlank();
  }

  private String imageFor(SubmitApplicationRequest request, String type) {
    if (hasCustomImage(request)) {
      return request.image();
    }
    return spark.images().stream()
        .filter(image -> image.serves(type, request.sparkVersion()))
        .map(SparkImageConfig::name)
        .findFirst()
        .orElseThrow(
            () ->
                new GatewayException(
                    ErrorCode.SPARK_IMAGE_NOT_FOUND,
                    "image: no Spark image is configured for type "
                        + type
                        + " and Spark "
                        + request.sparkVersion()
                        + "; set image in the request or ask the operators to add one"));
  }

  private SparkPodSpec buildDriver(
      SubmitApplicationRequest request,
      ClusterConfig cluster,
      QueueConfig parent,
      Optional<String> zone,
      boolean requestHasVolumes) {
    SparkPodSpec from = request.driver() == null ? SparkPodSpec.empty() : request.driver();
    // The request's pod model is shared; the upstream DriverSpec has no executor fields.
    SparkPodSpec.Builder driver = from.toBuilder().instances(null).deleteOnTermination(null);
    applyResources(driver, from, parent.driverCpuBufferRatio(), parent.driverMemoryBufferRatio());
    driver.labels(podLabels(from.labels()));
    driver.env(mergeEnv(cluster.driver().env(), from.env()));
    driver.volumeMounts(
        volumeMounts(from, cluster.driver().volumeMounts(), requestHasVolumes, cluster));
    if (from.serviceAccount() == null) {
      driver.serviceAccount(cluster.serviceAccount());
    }
    Map<String, String> annotations = new TreeMap<>();
    if (from.annotations() != null) {
      annotations.putAll(from.annotations());
    }
    annotations.put(SAFE_TO_EVICT, "false");
    driver.annotations(annotations);
    driver.affinity(
        PodPlacement.affinity(
            from.affinity(), parent.driverNodeLabelKey(), parent.driverNodeLabelValues(), zone));
    FixedConf.apply(spark.fixedSparkConf(), "driver", driver);
    return driver.build();
  }

  private SparkPodSpec buildExecutor(
      SubmitApplicationRequest request,
      ClusterConfig cluster,
      QueueConfig parent,
      Optional<String> zone,
      boolean requestHasVolumes) {
    SparkPodSpec from = request.executor() == null ? SparkPodSpec.empty() : request.executor();
    // The upstream ExecutorSpec has no driver fields.
    SparkPodSpec.Builder executor = from.toBuilder().podName(null).kubernetesMaster(null);
    applyResources(
        executor, from, parent.executorCpuBufferRatio(), parent.executorMemoryBufferRatio());
    executor.instances(from.instances() == null ? 1 : from.instances());
    executor.labels(podLabels(from.labels()));
    executor.env(mergeEnv(cluster.executor().env(), from.env()));
    executor.volumeMounts(
        volumeMounts(from, cluster.executor().volumeMounts(), requestHasVolumes, cluster));
    if (from.annotations() == null || from.annotations().isEmpty()) {
      executor.annotations(Map.of(SAFE_TO_EVICT, "false"));
    }
    List<String> values =
        request.isSpotInstance()
            ? parent.executorSpotNodeLabelValues()
            : parent.executorNodeLabelValues();
    executor.affinity(
        PodPlacement.affinity(from.affinity(), parent.executorNodeLabelKey(), values, zone));
    executor.dnsConfig(
        new PodDnsConfig(
            from.dnsConfig() == null ? null : from.dnsConfig().nameservers(),
            from.dnsConfig() == null ? null : from.dnsConfig().searches(),
            List.of(new PodDnsConfig.Option("ndots", "1"))));
    FixedConf.apply(spark.fixedSparkConf(), "executor", executor);
    return executor.build();
  }

  private static void applyResources(
      SparkPodSpec.Builder target, SparkPodSpec from, double cpuRatio, double memoryRatio) {
    int cores = from.cores() == null ? 1 : from.cores();
    target.cores(Quantities.scaleCores(cores, cpuRatio));
    long limitMillicores =
        from.coreLimit() == null ? cores * 1000L : Quantities.parseMillicores(from.coreLimit());
    target.coreLimit(Quantities.scaleCpuLimit(limitMillicores, cpuRatio));
    target.memory(
        Quantities.scaleMemory(from.memory() == null ? "1g" : from.memory(), memoryRatio));
  }

  /** Airflow's dag and task names become valid label values; other labels pass as given. */
  private static Map<String, String> podLabels(Map<String, String> labels) {
    if (labels == null) {
      return null;
    }
    Map<String, String> out = new TreeMap<>(labels);
    for (String key : AIRFLOW_LABELS) {
      out.computeIfPresent(key, (k, v) -> LabelValues.normalize(v));
    }
    return out;
  }

  /**
   * The cluster's variables, then the request's; a request variable replaces one of the same name.
   */
  private static List<EnvVar> mergeEnv(List<EnvVar> clusterEnv, List<EnvVar> requestEnv) {
    Map<String, EnvVar> byName = new LinkedHashMap<>();
    clusterEnv.forEach(e -> byName.put(e.name(), e));
    if (requestEnv != null) {
      requestEnv.forEach(e -> byName.put(e.name(), e));
    }
    return byName.isEmpty() ? null : new ArrayList<>(byName.values());
  }

  /**
   * The request's mounts go with the request's volumes; when the request brings no volumes, the
   * cluster's mounts go with the cluster's volumes.
   */
  private static List<VolumeMount> volumeMounts(
      SparkPodSpec from,
      List<VolumeMount> clusterMounts,
      boolean requestHasVolumes,
      ClusterConfig cluster) {
    if (requestHasVolumes) {
      return from.volumeMounts();
    }
    if (!cluster.volumes().isEmpty() && !clusterMounts.isEmpty()) {
      return clusterMounts;
    }
    return null;
  }
}
