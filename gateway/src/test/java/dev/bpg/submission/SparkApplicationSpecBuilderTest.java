package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.cluster;
import static dev.bpg.config.TestConfigs.queue;
import static dev.bpg.config.TestConfigs.spark;
import static dev.bpg.submission.SparkApplicationSpecBuilder.SAFE_TO_EVICT;
import static dev.bpg.submission.SparkApplicationSpecBuilder.ZONE_LABEL;
import static dev.bpg.submission.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.SparkConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.routing.QueueResolver.ResolvedQueue;
import dev.bpg.submission.model.Affinity;
import dev.bpg.submission.model.Affinity.NodeAffinity;
import dev.bpg.submission.model.Affinity.NodeSelector;
import dev.bpg.submission.model.Affinity.NodeSelectorRequirement;
import dev.bpg.submission.model.Affinity.NodeSelectorTerm;
import dev.bpg.submission.model.Dependencies;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.PodDnsConfig;
import dev.bpg.submission.model.RestartPolicy;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SparkApplicationSpec;
import dev.bpg.submission.model.SparkUiOptions;
import dev.bpg.submission.model.Volume;
import dev.bpg.submission.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the reference gateway's CR generation (reference sections 3.2 to 3.6), as
 * built here.
 */
class SparkApplicationSpecBuilderTest {
  private static final SubmissionId ID =
      SubmissionId.create(
          "spark-cluster-a",
          UUID.fromString("9a2e2598-d1ee-4ff4-b33e-e7ebcdb63a6c"),
          Optional.empty());
  private static final String NAME = "spark-cluster-a-9a2e2598d1ee4ff4b33ee7ebcdb63a6c";
  private static final String PLACEHOLDER = "{spark-application-resource-name}";
  private static final String BASE =
      "sparkVersion: 3.5.0, mainApplicationFile: 'local:///opt/app.jar'";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fields of the upstream v1beta2 SparkApplicationSpec (kubeflow/spark-operator). */
  private static final Set<String> UPSTREAM_SPEC_FIELDS =
      Set.of(
          "type",
          "sparkVersion",
          "mode",
          "proxyUser",
          "image",
          "imagePullPolicy",
          "imagePullSecrets",
          "mainClass",
          "mainApplicationFile",
          "arguments",
          "sparkConf",
          "hadoopConf",
          "sparkConfigMap",
          "hadoopConfigMap",
          "volumes",
          "driver",
          "executor",
          "deps",
          "restartPolicy",
          "nodeSelector",
          "failureRetries",
          "retryInterval",
          "pythonVersion",
          "memoryOverheadFactor",
          "monitoring",
          "batchScheduler",
          "timeToLiveSeconds",
          "batchSchedulerOptions",
          "sparkUIOptions",
          "driverIngressOptions",
          "dynamicAllocation");

  /** The fields of the upstream SparkPodSpec, shared by DriverSpec and ExecutorSpec. */
  private static final Set<String> UPSTREAM_POD_FIELDS =
      Set.of(
          "cores",
          "coreLimit",
          "memory",
          "memoryOverhead",
          "gpu",
          "image",
          "configMaps",
          "secrets",
          "env",
          "envVars",
          "envFrom",
          "labels",
          "annotations",
          "volumeMounts",
          "affinity",
          "tolerations",
          "podSecurityContext",
          "securityContext",
          "schedulerName",
          "sidecars",
          "initContainers",
          "hostNetwork",
          "nodeSelector",
          "dnsConfig",
          "terminationGracePeriodSeconds",
          "serviceAccount",
          "hostAliases",
          "shareProcessNamespace",
          "template");

  private static final Set<String> UPSTREAM_DRIVER_ONLY =
      Set.of(
          "podName",
          "coreRequest",
          "javaOptions",
          "lifecycle",
          "kubernetesMaster",
          "serviceAnnotations",
          "serviceLabels",
          "ports",
          "priorityClassName");
  private static final Set<String> UPSTREAM_EXECUTOR_ONLY =
      Set.of(
          "instances",
          "coreRequest",
          "javaOptions",
          "lifecycle",
          "deleteOnTermination",
          "ports",
          "priorityClassName");

  // The input of each test, changed by the tests that need another one (JUnit makes a new instance
  // per test).
  private SparkConfig sparkConfig =
      spark("{images: [{name: 'registry/spark:3.5.0', types: [Java, Scala], version: 3.5.0}]}");
  private ClusterConfig clusterConfig =
      cluster(
          "{id: spark-cluster-a, namespace: spark-jobs, serviceAccount: spark-sa, sparkVersions:"
              + " [3.5.0], queues: [dev]}");
  private QueueConfig queueConfig = queue("{name: dev}");
  private ResolvedQueue resolvedQueue;
  private String type = "Java";
  private Optional<String> zone = Optional.empty();

  private SparkApplicationManifest build(String fields) {
    ResolvedQueue queue =
        resolvedQueue != null
            ? resolvedQueue
            : new ResolvedQueue(queueConfig.name(), queueConfig.name(), queueConfig, queueConfig);
    String yaml = "{" + BASE + (fields.isEmpty() ? "" : ", " + fields) + "}";
    SpecInput input =
        new SpecInput(
            ID,
            request(yaml),
            "alice@example.com",
            "airflow_system_account",
            queue,
            clusterConfig,
            type,
            zone,
            3_600_000L);
    return new SparkApplicationSpecBuilder(sparkConfig).build(input);
  }

  private SparkApplicationSpec spec(String fields) {
    return build(fields).spec();
  }

  private static Affinity required(NodeSelectorRequirement... requirements) {
    return new Affinity(
        new NodeAffinity(
            new NodeSelector(List.of(new NodeSelectorTerm(List.of(requirements)))), null));
  }

  private static NodeSelectorRequirement in(String key, String... values) {
    return new NodeSelectorRequirement(key, "In", List.of(values));
  }

  // --- Spark conf (reference 3.3) ---

  @Test
  void sparkConfMergesDefaultsThenClusterThenRequestThenFixedThenApplicationName() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}],"
                + " defaultSparkConf: {k1: default, k2: default, k3: default, k4: default},"
                + " fixedSparkConf: {k4: fixed, spark.app.name: fixed}}");
    clusterConfig =
        cluster("{id: spark-cluster-a, sparkConf: {k2: cluster, k3: cluster, k4: cluster}}");

    SparkApplicationSpec spec =
        spec(
            "applicationName: Nightly ETL, sparkConf: {k3: request, k4: request, spark.app.name:"
                + " request}");

    assertThat(spec.sparkConf())
        .isEqualTo(
            Map.of(
                "k1",
                "default",
                "k2",
                "cluster",
                "k3",
                "request",
                "k4",
                "fixed",
                "spark.app.name",
                "Nightly ETL"));
  }

  @Test
  void withoutAnApplicationNameSparkAppNameIsWhateverTheMergeGives() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}], defaultSparkConf:"
                + " {spark.app.name: d}}");

    assertThat(spec("sparkConf: {spark.app.name: mine}").sparkConf())
        .isEqualTo(Map.of("spark.app.name", "mine"));
    assertThat(spec("").sparkConf()).isEqualTo(Map.of("spark.app.name", "d"));
  }

  @Test
  void thePlaceholderIsReplacedInDefaultAndClusterValuesButNotInRequestOrFixedValues() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}],"
                + " defaultSparkConf: {d: 's3a://logs/"
                + PLACEHOLDER
                + "/events'},"
                + " fixedSparkConf: {f: '"
                + PLACEHOLDER
                + "'}}");
    clusterConfig =
        cluster(
            "{id: spark-cluster-a,"
                + " sparkConf: {spark.kubernetes.executor.podNamePrefix: '"
                + PLACEHOLDER
                + "'}}");

    SparkApplicationSpec spec = spec("sparkConf: {r: 'x-" + PLACEHOLDER + "'}");

    assertThat(spec.sparkConf())
        .isEqualTo(
            Map.of(
                "d",
                "s3a://logs/" + NAME + "/events",
                "spark.kubernetes.executor.podNamePrefix",
                NAME,
                "r",
                "x-" + PLACEHOLDER,
                "f",
                PLACEHOLDER));
  }

  @Test
  void thePlaceholderIsReplacedInTheClustersIngressAnnotations() {
    clusterConfig =
        cluster(
            "{id: spark-cluster-a, sparkUIOptions: {servicePort: 4040,"
                + " ingressAnnotations: {nginx.ingress.kubernetes.io/rewrite-target: '/"
                + PLACEHOLDER
                + "/$2', plain: x},"
                + " ingressTLS: [{hosts: [ui.example.com], secretName: ui-tls}]}}");

    SparkUiOptions options = spec("").sparkUiOptions();

    assertThat(options)
        .isEqualTo(
            new SparkUiOptions(
                4040,
                Map.of(
                    "nginx.ingress.kubernetes.io/rewrite-target", "/" + NAME + "/$2", "plain", "x"),
                List.of(new SparkUiOptions.IngressTls(List.of("ui.example.com"), "ui-tls"))));
  }

  @Test
  void aClusterWithoutUiOptionsSendsNone() {
    assertThat(spec("").sparkUiOptions()).isNull();
  }

  // --- Ranger gate (reference 3.3) ---

  private static final String RANGER_DEFAULTS =
      "spark.sql.extensions: org.apache.ranger.RangerExtension,"
          + " spark.ranger.plugin.spark.env: prod, other: kept";

  @Test
  void aCustomImageDropsTheRangerDefaults() {
    sparkConfig = spark("{defaultSparkConf: {" + RANGER_DEFAULTS + "}}");
    clusterConfig =
        cluster("{id: spark-cluster-a, sparkConf: {spark.sql.extensions: from-cluster}}");

    SparkApplicationSpec spec = spec("image: 'me/spark:custom'");

    // Only the defaults are dropped: the cluster's and the request's own settings stay.
    assertThat(spec.sparkConf())
        .isEqualTo(Map.of("other", "kept", "spark.sql.extensions", "from-cluster"));
  }

  @Test
  void theConfiguredImageKeepsTheRangerDefaults() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}], defaultSparkConf: {"
                + RANGER_DEFAULTS
                + "}}");

    assertThat(spec("").sparkConf())
        .isEqualTo(
            Map.of(
                "spark.sql.extensions",
                "org.apache.ranger.RangerExtension",
                "spark.ranger.plugin.spark.env",
                "prod",
                "other",
                "kept"));
  }

  @Test
  void rangerOnCustomImageOnKeepsTheRangerDefaultsAndIsNotSentToSpark() {
    sparkConfig = spark("{defaultSparkConf: {" + RANGER_DEFAULTS + ", RangerOnCustomImage: 'On'}}");

    assertThat(spec("image: 'me/spark:custom'").sparkConf())
        .isEqualTo(
            Map.of(
                "spark.sql.extensions",
                "org.apache.ranger.RangerExtension",
                "spark.ranger.plugin.spark.env",
                "prod",
                "other",
                "kept"));
  }

  @Test
  void rangerOnCustomImageOtherThanOnDropsTheRangerDefaults() {
    sparkConfig =
        spark("{defaultSparkConf: {" + RANGER_DEFAULTS + ", RangerOnCustomImage: 'Off'}}");

    assertThat(spec("image: 'me/spark:custom'").sparkConf()).isEqualTo(Map.of("other", "kept"));
  }

  @Test
  void aBlankImageIsNoCustomImage() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}], defaultSparkConf: {"
                + RANGER_DEFAULTS
                + "}}");

    SparkApplicationSpec spec = spec("image: ' '");

    assertThat(spec.image()).isEqualTo("img");
    assertThat(spec.sparkConf())
        .containsKeys("spark.sql.extensions", "spark.ranger.plugin.spark.env");
  }

  // --- Image (reference 3.3) ---

  @Test
  void theImageIsTheFirstConfiguredOneForTheTypeAndVersionIgnoringCase() {
    sparkConfig =
        spark(
            "{images: ["
                + "{name: java-34, types: [Java], version: 3.4.1},"
                + "{name: py-emr, types: [python], version: 3.5.0-EMR},"
                + "{name: py-emr-second, types: [Python], version: 3.5.0-emr},"
                + "{name: java-emr, types: [Java, Scala], version: 3.5.0-emr}]}");
    type = "Python";

    assertThat(spec("sparkVersion: 3.5.0-emr").image()).isEqualTo("py-emr");
    type = "Scala";
    assertThat(spec("sparkVersion: 3.5.0-EMR").image()).isEqualTo("java-emr");
  }

  @Test
  void theRequestsImageWins() {
    assertThat(spec("image: 'me/spark:custom'").image()).isEqualTo("me/spark:custom");
  }

  @Test
  void noImageForTheTypeAndVersionIsAUserError() {
    type = "Python";

    assertThatThrownBy(() -> spec(""))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SPARK_IMAGE_NOT_FOUND))
        .hasMessage(
            "image: no Spark image is configured for type Python and Spark 3.5.0;"
                + " set image in the request or ask the operators to add one");
  }

  // --- Metadata (reference 3.2) ---

  @Test
  void theResourceIsNamedByTheSubmissionIdInTheClustersNamespace() {
    SparkApplicationManifest manifest = build("");

    assertThat(manifest.name()).isEqualTo(NAME);
    assertThat(manifest.namespace()).isEqualTo("spark-jobs");
  }

  @Test
  void labelsCarryNormalizedOwnerSubmitterNameQueueAndRunningLimit() {
    queueConfig = queue("{name: dev}");
    resolvedQueue = new ResolvedQueue("dev.batch", "dev", queue("{name: dev.batch}"), queueConfig);

    SparkApplicationManifest manifest = build("applicationName: 'Nightly ETL (v2)'");

    assertThat(manifest.labels())
        .isEqualTo(
            Map.of(
                "proxyUser", "alice0example.com",
                "submittedBy", "airflow_system_account",
                "applicationName", "Nightly0ETL00v20",
                "queue", "root.dev.batch",
                "maxRunningMillis", "3600000"));
  }

  @Test
  void withoutAnApplicationNameThereIsNoApplicationNameLabel() {
    assertThat(build("").labels()).doesNotContainKey("applicationName").hasSize(4);
    assertThat(build("applicationName: ' '").labels()).doesNotContainKey("applicationName");
  }

  @Test
  void annotationsCarryOwnerSubmitterAndQueueExactly() {
    assertThat(build("").annotations())
        .isEqualTo(
            Map.of(
                "bpg.dev/owner",
                "alice@example.com",
                "bpg.dev/submitted-by",
                "airflow_system_account",
                "bpg.dev/queue",
                "dev"));
  }

  // --- Node placement (reference 3.5) ---

  @Test
  void driverAndExecutorGetTheQueuesNodeAffinity() {
    queueConfig =
        queue(
            "{name: dev, driverNodeLabelValues: [driver-ng], executorNodeLabelValues: [exec-a,"
                + " exec-b], executorSpotNodeLabelValues: [spot]}");

    SparkApplicationSpec spec = spec("");

    assertThat(spec.driver().affinity())
        .isEqualTo(required(in("node_group_category", "driver-ng")));
    assertThat(spec.executor().affinity())
        .isEqualTo(required(in("node_group_category", "exec-a", "exec-b")));
  }

  @Test
  void spotInstancesPutExecutorsOnTheSpotNodes() {
    queueConfig =
        queue(
            "{name: dev, driverNodeLabelValues: [driver-ng], executorNodeLabelValues: [exec],"
                + " executorSpotNodeLabelValues: [spot-1, spot-2]}");

    SparkApplicationSpec spec = spec("spotInstance: true");

    assertThat(spec.driver().affinity())
        .isEqualTo(required(in("node_group_category", "driver-ng")));
    assertThat(spec.executor().affinity())
        .isEqualTo(required(in("node_group_category", "spot-1", "spot-2")));
  }

  @Test
  void theQueueNamesTheNodeLabelKeys() {
    queueConfig =
        queue(
            "{name: dev, driverNodeLabelKey: pool, driverNodeLabelValues: [d],"
                + " executorNodeLabelKey: eks.amazonaws.com/nodegroup, executorNodeLabelValues:"
                + " [e]}");

    SparkApplicationSpec spec = spec("");

    assertThat(spec.driver().affinity()).isEqualTo(required(in("pool", "d")));
    assertThat(spec.executor().affinity())
        .isEqualTo(required(in("eks.amazonaws.com/nodegroup", "e")));
  }

  @Test
  void theUsersAffinityIsCombinedWithTheQueuesSoThatBothHold() {
    queueConfig = queue("{name: dev, driverNodeLabelValues: [d], executorNodeLabelValues: [e]}");
    zone = Optional.of("us-west-2a");
    String mine =
        "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: gpu, operator: Exists}]}, {matchExpressions: [{key:"
            + " tpu, operator: Exists}]}]}, preferredDuringSchedulingIgnoredDuringExecution:"
            + " [{weight: 5, preference: {matchExpressions: [{key: fast, operator: Exists}]}}]}}";

    SparkApplicationSpec spec =
        spec("driver: {affinity: " + mine + "}, executor: {affinity: " + mine + "}");

    // Each of the user's terms (either may hold) also requires the queue's label and the zone.
    NodeSelectorRequirement zoneIn = in("topology.kubernetes.io/zone", "us-west-2a");
    NodeSelectorRequirement gpu = new NodeSelectorRequirement("gpu", "Exists", null);
    NodeSelectorRequirement tpu = new NodeSelectorRequirement("tpu", "Exists", null);
    List<Affinity.PreferredSchedulingTerm> preferred =
        List.of(
            new Affinity.PreferredSchedulingTerm(
                5,
                new NodeSelectorTerm(
                    List.of(new NodeSelectorRequirement("fast", "Exists", null)))));
    assertThat(spec.driver().affinity())
        .isEqualTo(
            new Affinity(
                new NodeAffinity(
                    new NodeSelector(
                        List.of(
                            new NodeSelectorTerm(
                                List.of(gpu, in("node_group_category", "d"), zoneIn)),
                            new NodeSelectorTerm(
                                List.of(tpu, in("node_group_category", "d"), zoneIn)))),
                    preferred)));
    assertThat(spec.executor().affinity().nodeAffinity().required().nodeSelectorTerms())
        .extracting(NodeSelectorTerm::matchExpressions)
        .containsExactly(
            List.of(gpu, in("node_group_category", "e"), zoneIn),
            List.of(tpu, in("node_group_category", "e"), zoneIn));
  }

  @Test
  void anEmptyAffinityFromTheUserStillGetsTheQueues() {
    queueConfig = queue("{name: dev, driverNodeLabelValues: [d]}");

    SparkApplicationSpec spec = spec("driver: {affinity: {}}");

    assertThat(spec.driver().affinity()).isEqualTo(required(in("node_group_category", "d")));
  }

  @Test
  void aQueueWithoutNodeLabelsOrZonesGivesAnEmptyNodeAffinity() {
    SparkApplicationSpec spec = spec("");

    assertThat(spec.driver().affinity()).isEqualTo(new Affinity(new NodeAffinity(null, null)));
    assertThat(JSON.valueToTree(spec.executor().affinity()).toString())
        .isEqualTo("{\"nodeAffinity\":{}}");
  }

  @Test
  void aPickedZonePinsDriverAndExecutorAndIsRecordedEvenWithoutARequestSparkConf() {
    queueConfig =
        queue(
            "{name: dev, driverNodeLabelValues: [d], executorNodeLabelValues: [e], allowedZones:"
                + " [us-west-2a, us-west-2b]}");
    zone = Optional.of("us-west-2b");

    SparkApplicationSpec spec = spec("");

    assertThat(spec.driver().affinity())
        .isEqualTo(required(in("node_group_category", "d"), in(ZONE_LABEL, "us-west-2b")));
    assertThat(spec.executor().affinity())
        .isEqualTo(required(in("node_group_category", "e"), in(ZONE_LABEL, "us-west-2b")));
    assertThat(spec.sparkConf()).isEqualTo(Map.of("bpg.pickedZones", "us-west-2b"));
  }

  @Test
  void aPickedZoneAloneIsTheWholeNodeAffinity() {
    zone = Optional.of("us-west-2a");

    SparkApplicationSpec spec = spec("");

    assertThat(spec.driver().affinity())
        .isEqualTo(required(in("topology.kubernetes.io/zone", "us-west-2a")));
    assertThat(spec.executor().affinity())
        .isEqualTo(required(in("topology.kubernetes.io/zone", "us-west-2a")));
  }

  @Test
  void theGatewayOverwritesAPickedZoneTheUserSet() {
    zone = Optional.of("us-west-2a");

    assertThat(spec("sparkConf: {bpg.pickedZones: us-east-1c, x: y}").sparkConf())
        .isEqualTo(Map.of("bpg.pickedZones", "us-west-2a", "x", "y"));
  }

  @Test
  void withoutAPickedZoneAUserSetPickedZoneIsRemoved() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}], defaultSparkConf:"
                + " {bpg.pickedZones: z}}");

    assertThat(spec("sparkConf: {bpg.pickedZones: us-east-1c, x: y}").sparkConf())
        .isEqualTo(Map.of("x", "y"));
  }

  // --- YuniKorn (reference 3.2) ---

  @Test
  void yunikornClustersGetTheSchedulerAndTheRootQueueOnly() {
    clusterConfig = cluster("{id: spark-cluster-a, batchScheduler: yunikorn}");
    resolvedQueue = new ResolvedQueue("dev.batch", "dev", queue("{name: dev.batch}"), queueConfig);

    SparkApplicationSpec spec = spec("");

    assertThat(spec.batchScheduler()).isEqualTo("yunikorn");
    assertThat(spec.batchSchedulerOptions())
        .isEqualTo(new SparkApplicationSpec.BatchSchedulerOptions("root.dev.batch", null));
    assertThat(JSON.valueToTree(spec).get("batchSchedulerOptions").toString())
        .isEqualTo("{\"queue\":\"root.dev.batch\"}");
  }

  @Test
  void otherClustersGetNoBatchScheduler() {
    SparkApplicationSpec spec = spec("");

    assertThat(spec.batchScheduler()).isNull();
    assertThat(spec.batchSchedulerOptions()).isNull();
  }

  // --- Env (reference 3.3) ---

  @Test
  void envMergesTheClustersThenTheRequestsByNameForDriverAndExecutor() {
    clusterConfig =
        cluster(
            "{id: spark-cluster-a, driver: {env: [{name: STATSD_SERVER_IP, valueFrom: {fieldRef:"
                + " {fieldPath: status.hostIP}}}, {name: PORT, value: '8125'}]}, executor: {env:"
                + " [{name: REGION, value: us-west-2}]}}");

    SparkApplicationSpec spec =
        spec(
            "driver: {env: [{name: PORT, value: '9125'}, {name: MINE, value: x}]},"
                + " executor: {env: [{name: REGION, value: eu-west-1}]}");

    assertThat(spec.driver().env())
        .containsExactly(
            new EnvVar(
                "STATSD_SERVER_IP", null, Map.of("fieldRef", Map.of("fieldPath", "status.hostIP"))),
            new EnvVar("PORT", "9125", null),
            new EnvVar("MINE", "x", null));
    assertThat(spec.executor().env()).containsExactly(new EnvVar("REGION", "eu-west-1", null));
  }

  @Test
  void theClustersEnvAppliesWhenTheRequestHasNone() {
    clusterConfig = cluster("{id: spark-cluster-a, executor: {env: [{name: A, value: '1'}]}}");

    SparkApplicationSpec spec = spec("");

    assertThat(spec.executor().env()).containsExactly(new EnvVar("A", "1", null));
    assertThat(spec.driver().env()).isNull();
  }

  // --- Volumes (reference 3.3, bug 2) ---

  private static final String CLUSTER_WITH_VOLUMES =
      "{id: spark-cluster-a,"
          + " volumes: [{name: cluster-vol, hostPath: {path: /mnt/data, type: Directory}}],"
          + " driver: {volumeMounts: [{name: cluster-vol, mountPath: /data}]},"
          + " executor: {volumeMounts: [{name: cluster-vol, mountPath: /data, readOnly: true}]}}";

  @Test
  void theRequestsVolumesAppearOnceWithTheRequestsMounts() {
    clusterConfig =
        cluster(
            CLUSTER_WITH_VOLUMES.replace(
                "{id: spark-cluster-a,",
                "{id: spark-cluster-a, policy: {volumeTypes: [configMap], configMaps:"
                    + " [app-conf]},"));

    SparkApplicationSpec spec =
        spec(
            "volumes: [{name: conf, configMap: {name: app-conf}}], driver: {volumeMounts: [{name:"
                + " conf, mountPath: /etc/app}]}, executor: {volumeMounts: [{name: conf, mountPath:"
                + " /etc/x}]}");

    assertThat(spec.volumes())
        .containsExactly(new Volume("conf", null, new Volume.ConfigMapSource("app-conf"), null));
    assertThat(spec.driver().volumeMounts())
        .containsExactly(new VolumeMount("conf", null, "/etc/app", null));
    assertThat(spec.executor().volumeMounts())
        .containsExactly(new VolumeMount("conf", null, "/etc/x", null));
  }

  @Test
  void withoutRequestVolumesTheClustersVolumesComeWithTheClustersMounts() {
    clusterConfig = cluster(CLUSTER_WITH_VOLUMES);

    SparkApplicationSpec spec = spec("");

    assertThat(spec.volumes())
        .containsExactly(
            new Volume("cluster-vol", new Volume.HostPath("/mnt/data", "Directory"), null, null));
    assertThat(spec.driver().volumeMounts())
        .containsExactly(new VolumeMount("cluster-vol", null, "/data", null));
    assertThat(spec.executor().volumeMounts())
        .containsExactly(new VolumeMount("cluster-vol", true, "/data", null));
  }

  @Test
  void withoutAnyVolumesThereAreNoVolumesOrMounts() {
    SparkApplicationSpec spec = spec("");

    assertThat(spec.volumes()).isNull();
    assertThat(spec.driver().volumeMounts()).isNull();
    assertThat(spec.executor().volumeMounts()).isNull();
  }

  // --- Pods (reference 3.3) ---

  @Test
  void theDriverRunsAsTheClustersServiceAccountUnlessTheRequestNamesOne() {
    assertThat(spec("").driver().serviceAccount()).isEqualTo("spark-sa");
    assertThat(spec("").executor().serviceAccount()).isNull();
    clusterConfig =
        cluster(
            "{id: spark-cluster-a, serviceAccount: spark-sa, policy: {serviceAccounts: [mine]}}");
    assertThat(spec("driver: {serviceAccount: mine}").driver().serviceAccount()).isEqualTo("mine");
  }

  @Test
  void aMillicoreLimitIsAcceptedAndScaledByTheRatioOnce() {
    queueConfig = queue("{name: dev, driverCPUBufferRatio: 1.5, executorCPUBufferRatio: 2.0}");

    SparkApplicationSpec spec =
        spec("driver: {cores: 2, coreLimit: 1200m}, executor: {cores: 1, coreLimit: '1.5'}");

    assertThat(spec.driver().cores()).isEqualTo(3);
    assertThat(spec.driver().coreLimit()).isEqualTo("1800m");
    assertThat(spec.executor().cores()).isEqualTo(2);
    assertThat(spec.executor().coreLimit()).isEqualTo("3000m");
  }

  @Test
  void theDefaultCoreLimitIsWholeMillicoresOfTheUnscaledCoresScaledOnce() {
    assertThat(spec("").driver().cores()).isEqualTo(1);
    assertThat(spec("").driver().coreLimit()).isEqualTo("1000m");

    queueConfig = queue("{name: dev, driverCPUBufferRatio: 1.5, executorCPUBufferRatio: 1.2}");
    SparkApplicationSpec spec = spec("driver: {cores: 2}, executor: {cores: 4}");

    assertThat(spec.driver().cores()).isEqualTo(3);
    assertThat(spec.driver().coreLimit()).isEqualTo("3000m");
    assertThat(spec.executor().cores()).isEqualTo(5);
    assertThat(spec.executor().coreLimit()).isEqualTo("4800m");
  }

  @Test
  void memoryKeepsFractionsAndIsScaledByTheRatioRoundingUp() {
    assertThat(spec("driver: {memory: 1.5g}").driver().memory()).isEqualTo("1536m");
    assertThat(spec("").driver().memory()).isEqualTo("1g");
    assertThat(spec("").executor().memory()).isEqualTo("1g");

    queueConfig = queue("{name: dev, driverMemBufferRatio: 1.1, executorMemBufferRatio: 1.5}");
    SparkApplicationSpec spec = spec("driver: {memory: 2g}, executor: {memory: 512m}");

    assertThat(spec.driver().memory()).isEqualTo("2253m");
    assertThat(spec.executor().memory()).isEqualTo("768m");
  }

  @Test
  void theDriverIsAlwaysSafeFromEviction() {
    assertThat(spec("").driver().annotations()).isEqualTo(Map.of(SAFE_TO_EVICT, "false"));
    assertThat(spec("driver: {annotations: {team: data}}").driver().annotations())
        .isEqualTo(Map.of("team", "data", SAFE_TO_EVICT, "false"));
    // A request cannot say otherwise: the key is under kubernetes.io/, which requests may not set.
    assertThatThrownBy(() -> spec("driver: {annotations: {" + SAFE_TO_EVICT + ": 'true'}}"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.POLICY_VIOLATION))
        .hasMessageContaining("driver.annotations." + SAFE_TO_EVICT);
  }

  @Test
  void executorsAreSafeFromEvictionOnlyWhenTheUserGaveNoAnnotations() {
    assertThat(spec("").executor().annotations()).isEqualTo(Map.of(SAFE_TO_EVICT, "false"));
    assertThat(spec("executor: {annotations: {}}").executor().annotations())
        .isEqualTo(Map.of(SAFE_TO_EVICT, "false"));
    assertThat(spec("executor: {annotations: {team: data}}").executor().annotations())
        .isEqualTo(Map.of("team", "data"));
  }

  @Test
  void executorsResolveNamesWithNdots1KeepingTheUsersServersAndSearches() {
    assertThat(spec("").executor().dnsConfig())
        .isEqualTo(new PodDnsConfig(null, null, List.of(new PodDnsConfig.Option("ndots", "1"))));
    assertThat(
            spec("executor: {dnsConfig: {nameservers: [10.0.0.10], searches: [svc.local]}}")
                .executor()
                .dnsConfig())
        .isEqualTo(
            new PodDnsConfig(
                List.of("10.0.0.10"),
                List.of("svc.local"),
                List.of(new PodDnsConfig.Option("ndots", "1"))));
    assertThat(spec("").driver().dnsConfig()).isNull();
  }

  @Test
  void executorInstancesDefaultToOne() {
    assertThat(spec("").executor().instances()).isEqualTo(1);
    assertThat(spec("executor: {instances: 7}").executor().instances()).isEqualTo(7);
  }

  @Test
  void eachPodKeepsOnlyTheFieldsOfItsRole() {
    SparkApplicationSpec spec =
        spec(
            "driver: {instances: 3, deleteOnTermination: false},"
                + " executor: {instances: 2, deleteOnTermination: true}");

    assertThat(spec.driver().instances()).isNull();
    assertThat(spec.driver().deleteOnTermination()).isNull();
    assertThat(spec.executor().podName()).isNull();
    assertThat(spec.executor().kubernetesMaster()).isNull();
    assertThat(spec.executor().instances()).isEqualTo(2);
    assertThat(spec.executor().deleteOnTermination()).isTrue();
  }

  @Test
  void airflowDagAndTaskLabelsAreNormalizedOtherLabelsPass() {
    SparkApplicationSpec spec =
        spec(
            "driver: {labels: {dag_name: 'daily etl', task_name: '-load-', team: 'a_b'}},"
                + " executor: {labels: {dag_name: 'x/y'}}");

    assertThat(spec.driver().labels())
        .isEqualTo(Map.of("dag_name", "daily0etl", "task_name", "0load0", "team", "a_b"));
    assertThat(spec.executor().labels()).isEqualTo(Map.of("dag_name", "x0y"));
  }

  // --- Spec fields (reference 3.2) ---

  @Test
  void theClustersTtlBecomesTimeToLiveSeconds() {
    assertThat(spec("").timeToLiveSeconds()).isNull();

    clusterConfig = cluster("{id: spark-cluster-a, ttl: 1d}");
    assertThat(spec("").timeToLiveSeconds()).isEqualTo(86_400L);
  }

  @Test
  void proxyUserIsSentOnlyToClustersThatImpersonate() {
    assertThat(spec("").proxyUser()).isNull();
    assertThat(JSON.valueToTree(spec("")).has("proxyUser")).isFalse();

    clusterConfig = cluster("{id: spark-cluster-a, impersonateUser: true}");
    assertThat(spec("").proxyUser()).isEqualTo("alice@example.com");
  }

  @Test
  void theRequestsApplicationFieldsAreCopied() {
    type = "Scala";
    SparkApplicationSpec spec =
        spec(
            "mainClass: org.example.Main, arguments: [a, '--b'], pythonVersion: '3',"
                + " imagePullPolicy: Always, deps: {jars: ['s3a://b/x.jar'], packages: ['g:a:1']},"
                + " restartPolicy: {type: OnFailure, onFailureRetries: 2}");

    assertThat(spec.type()).isEqualTo("Scala");
    assertThat(spec.mode()).isEqualTo("cluster");
    assertThat(spec.sparkVersion()).isEqualTo("3.5.0");
    assertThat(spec.mainClass()).isEqualTo("org.example.Main");
    assertThat(spec.mainApplicationFile()).isEqualTo("local:///opt/app.jar");
    assertThat(spec.arguments()).containsExactly("a", "--b");
    assertThat(spec.pythonVersion()).isEqualTo("3");
    assertThat(spec.imagePullPolicy()).isEqualTo("Always");
    assertThat(spec.deps())
        .isEqualTo(
            new Dependencies(
                List.of("s3a://b/x.jar"), null, null, List.of("g:a:1"), null, null, null));
    assertThat(spec.restartPolicy()).isEqualTo(new RestartPolicy("OnFailure", null, 2, null, null));
  }

  @Test
  void theSerializedSpecHasOnlyFieldsOfTheUpstreamCrd() {
    sparkConfig =
        spark("{images: [{name: img, types: [Java], version: 3.5.0}], defaultSparkConf: {a: b}}");
    clusterConfig =
        cluster(
            "{id: spark-cluster-a, batchScheduler: yunikorn, impersonateUser: true, ttl: 1h,"
                + " sparkUIOptions: {servicePort: 4040}, volumes: [{name: v, emptyDir: {}}],"
                + " policy: {serviceAccounts: [sa]},"
                + " driver: {env: [{name: A, value: b}]}}");
    zone = Optional.of("us-west-2a");

    // Everything a request may carry, including driver-only fields on the executor and the reverse.
    JsonNode spec =
        JSON.valueToTree(
            spec(
                "applicationName: app, mainClass: M, arguments: [x], imagePullPolicy: Always,"
                    + " pythonVersion: '3', deps: {jars: [j]}, restartPolicy: {type: Never}, mode:"
                    + " client, driverOverheadFactor: 0.2, executorOverheadFactor: 0.3,"
                    + " overheadFactor: 0.1, queueToken: t, clusterId: c, submissionIdSuffix: s,"
                    + " spotInstance: true, queue: dev, driver: {cores: 1, coreRequest: 500m,"
                    + " coreLimit: '1', memory: 1g, memoryOverhead: 256m, image: i,   labels: {l:"
                    + " v}, annotations: {a: v}, terminationGracePeriodSeconds: 30, serviceAccount:"
                    + " sa,   securityContext: {runAsUser: 1000}, javaOptions: '-Dx=y',"
                    + " instances: 3, deleteOnTermination: false}, executor:"
                    + " {cores: 1, coreRequest: 500m, instances: 2, deleteOnTermination: true,"
                    + " javaOptions: '-Dx=y', dnsConfig: {searches: [s]}}"));

    Set<String> keys = fieldNames(spec);
    assertThat(keys).isSubsetOf(UPSTREAM_SPEC_FIELDS);
    assertThat(keys)
        .containsExactlyInAnyOrder(
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
            "batchSchedulerOptions");
    assertThat(fieldNames(spec.get("driver")))
        .isSubsetOf(union(UPSTREAM_POD_FIELDS, UPSTREAM_DRIVER_ONLY));
    assertThat(fieldNames(spec.get("executor")))
        .isSubsetOf(union(UPSTREAM_POD_FIELDS, UPSTREAM_EXECUTOR_ONLY));
    assertThat(fieldNames(spec.get("batchSchedulerOptions"))).containsExactly("queue");
    assertThat(allFieldNames(spec))
        .doesNotContain("originalUser", "gang", "reservationTimeoutInSeconds");
    assertThat(spec.get("mode").asText()).isEqualTo("cluster");
  }

  @Test
  void whatFixedSparkConfFixesHoldsInTheTypedFieldsToo() {
    sparkConfig =
        spark(
            "{images: [{name: img, types: [Java], version: 3.5.0}], fixedSparkConf:"
                + " {spark.kubernetes.authenticate.driver.serviceAccountName: locked,"
                + " spark.driver.extraJavaOptions: -Dlocked=1, spark.executor.instances: '3',"
                + " spark.executor.memory: 4g, spark.kubernetes.container.image: approved}}");

    SparkApplicationSpec spec =
        spec(
            "driver: {serviceAccount: spark-sa, javaOptions: -Dmine=1, image: mine}, executor:"
                + " {instances: 2, memory: 1g}, sparkConf: {spark.executor.instances: '2'}");

    assertThat(spec.driver().serviceAccount()).isEqualTo("locked");
    assertThat(spec.driver().javaOptions()).isEqualTo("-Dlocked=1");
    assertThat(spec.driver().image()).isEqualTo("approved");
    assertThat(spec.executor().instances()).isEqualTo(3);
    assertThat(spec.executor().memory()).isEqualTo("4g");
    assertThat(spec.sparkConf())
        .containsEntry("spark.executor.instances", "3")
        .containsEntry("spark.kubernetes.authenticate.driver.serviceAccountName", "locked");
  }

  @Test
  void dynamicAllocationWithoutAMaximumStopsAtTheQueuesLimit() {
    queueConfig = queue("{name: dev, maxExecutorInstances: 12}");

    assertThat(spec("sparkConf: {spark.dynamicAllocation.enabled: 'true'}").sparkConf())
        .containsEntry("spark.dynamicAllocation.maxExecutors", "12");
    assertThat(
            spec("sparkConf: {spark.dynamicAllocation.enabled: 'true',"
                    + " spark.dynamicAllocation.maxExecutors: '4'}")
                .sparkConf())
        .containsEntry("spark.dynamicAllocation.maxExecutors", "4");
    assertThat(spec("").sparkConf()).doesNotContainKey("spark.dynamicAllocation.maxExecutors");
  }

  @Test
  void withoutEnvRemovesOnlyTheEnvironment() {
    clusterConfig =
        cluster(
            "{id: spark-cluster-a, driver: {env: [{name: A, value: '1'}]}, executor: {env: [{name:"
                + " B, value: '2'}]}}");
    SparkApplicationSpec spec = spec("driver: {env: [{name: SECRET, value: s3cr3t}]}");

    SparkApplicationSpec stripped = spec.withoutEnv();

    assertThat(stripped.driver().env()).isNull();
    assertThat(stripped.executor().env()).isNull();
    assertThat(stripped)
        .usingRecursiveComparison()
        .ignoringFields("driver.env", "executor.env")
        .isEqualTo(spec);
    assertThat(JSON.valueToTree(stripped).toString()).doesNotContain("SECRET", "s3cr3t", "\"env\"");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> allFieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        names.add(field.getKey());
        names.addAll(allFieldNames(field.getValue()));
      }
    } else if (node.isArray()) {
      node.forEach(child -> names.addAll(allFieldNames(child)));
    }
    return names;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
