package dev.bpg.submission.policy;

import static dev.bpg.config.TestConfigs.cluster;
import static dev.bpg.config.TestConfigs.queue;
import static dev.bpg.submission.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a request may put on a cluster: one case per rule, refused under the safe defaults and
 * accepted where the policy allows it, and a corpus of hostile requests, each refused with the
 * field named.
 */
class RequestPolicyTest {
  private static final String BASE =
      "sparkVersion: 3.5.0, mainClass: M, mainApplicationFile: 'local:///app.jar'";
  private static final ClusterConfig DEFAULTS =
      cluster(
          "{id: spark-cluster-a, namespace: spark-jobs, serviceAccount: spark,"
              + " volumes: [{name: scratch, emptyDir: {}}]}");
  private static final QueueConfig DEV = queue("{name: dev}");

  private static void check(String fields, ClusterConfig cluster, QueueConfig queue) {
    RequestPolicy.check(
        request("{" + BASE + (fields.isEmpty() ? "" : ", " + fields) + "}"),
        cluster,
        PodPolicy.of(cluster, queue, queue));
  }

  private static void allowed(String fields, String policy) {
    ClusterConfig cluster =
        cluster(
            "{id: spark-cluster-a, namespace: spark-jobs, serviceAccount: spark, policy: "
                + policy
                + "}");
    assertThatCode(() -> check(fields, cluster, DEV)).doesNotThrowAnyException();
  }

  /** A request each field of which the safe defaults refuse, with the field the answer names. */
  static Stream<Arguments> hostileRequests() {
    return Stream.of(
        refused("driver: {serviceAccount: spark-operator}", "driver.serviceAccount"),
        refused("executor: {serviceAccount: admin}", "executor.serviceAccount"),
        refused(
            "volumes: [{name: root, hostPath: {path: /}}], driver: {volumeMounts: [{name: root,"
                + " mountPath: /host}]}",
            "volumes[0].hostPath"),
        refused(
            "volumes: [{name: etc, configMap: {name: kube-root-ca.crt}}]", "volumes[0].configMap"),
        refused("volumes: [{name: s, secret: {secretName: db}}]", "volumes[0]"),
        refused("volumes: [{name: tmp, emptyDir: {}}]", "volumes[0].emptyDir"),
        refused(
            "driver: {securityContext: {privileged: true}}", "driver.securityContext.privileged"),
        refused(
            "executor: {securityContext: {allowPrivilegeEscalation: true}}",
            "executor.securityContext.allowPrivilegeEscalation"),
        refused("driver: {securityContext: {runAsUser: 0}}", "driver.securityContext.runAsUser"),
        refused("driver: {securityContext: {runAsGroup: 0}}", "driver.securityContext.runAsGroup"),
        refused(
            "driver: {env: [{name: T, valueFrom: {secretKeyRef: {name: db, key: password}}}]}",
            "driver.env[0].valueFrom.secretKeyRef.name"),
        refused(
            "executor: {env: [{name: C, valueFrom: {configMapKeyRef: {name: x, key: y}}}]}",
            "executor.env[0].valueFrom.configMapKeyRef.name"),
        refused("driver: {kubernetesMaster: 'https://10.0.0.1'}", "driver.kubernetesMaster"),
        refused("driver: {podName: operator-pod}", "driver.podName"),
        refused(
            "sparkConf: {spark.kubernetes.namespace: kube-system}",
            "sparkConf.spark.kubernetes.namespace"),
        refused(
            "sparkConf: {spark.kubernetes.driver.secrets.db: /db}",
            "sparkConf.spark.kubernetes.driver.secrets.db"),
        refused(
            "sparkConf: {spark.kubernetes.driver.secretKeyRef.PW: 'db:pw'}",
            "sparkConf.spark.kubernetes.driver.secretKeyRef.PW"),
        refused(
            "sparkConf: {spark.kubernetes.driver.volumes.hostPath.root.mount.path: /}",
            "sparkConf.spark.kubernetes.driver.volumes.hostPath.root.mount.path"),
        refused(
            "sparkConf: {spark.kubernetes.driver.podTemplateFile: /t.yaml}",
            "sparkConf.spark.kubernetes.driver.podTemplateFile"),
        refused(
            "sparkConf: {spark.kubernetes.authenticate.driver.serviceAccountName: admin}",
            "sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName"),
        refused("sparkConf: {spark.master: 'k8s://https://other'}", "sparkConf.spark.master"),
        refused(
            "sparkConf: {spark.submit.deployMode: client}", "sparkConf.spark.submit.deployMode"),
        refused("sparkConf: {spark.authenticate.secret: x}", "sparkConf.spark.authenticate.secret"),
        refused("sparkConf: {spark.kerberos.principal: x}", "sparkConf.spark.kerberos.principal"),
        refused("driver: {cores: 17}", "driver.cores"),
        refused("executor: {coreLimit: '17'}", "executor.coreLimit"),
        refused("executor: {memory: 120g, memoryOverhead: 9g}", "executor.memory"),
        refused("driver: {labels: {proxyUser: admin}}", "driver.labels.proxyUser"),
        refused("driver: {labels: {submittedBy: admin}}", "driver.labels.submittedBy"),
        refused("executor: {labels: {queue: root.prod}}", "executor.labels.queue"),
        refused(
            "driver: {labels: {spark-app-selector: other}}", "driver.labels.spark-app-selector"),
        refused(
            "driver: {annotations: {yunikorn.apache.org/queue: root.prod}}",
            "driver.annotations.yunikorn.apache.org/queue"),
        refused(
            "driver: {annotations: {yunikorn.apache.org/user.info: '{}'}}",
            "driver.annotations.yunikorn.apache.org/user.info"),
        refused(
            "driver: {labels: {sparkoperator.k8s.io/app-name: x}}",
            "driver.labels.sparkoperator.k8s.io/app-name"),
        refused(
            "driver: {labels: {node-role.kubernetes.io/master: ''}}",
            "driver.labels.node-role.kubernetes.io/master"),
        refused(
            "driver: {annotations: {bpg.dev/owner: admin}}", "driver.annotations.bpg.dev/owner"),
        invalid("driver: {labels: {'has space': x}}", "driver.labels"),
        invalid("driver: {labels: {'\\U0001F600': x}}", "driver.labels"),
        invalid("driver: {labels: {team: 'a b'}}", "driver.labels.team"),
        invalid("executor: {annotations: {'-bad': x}}", "executor.annotations"),
        invalid(
            "driver: {volumeMounts: [{name: nothing, mountPath: /x}]}",
            "driver.volumeMounts[0].name"));
  }

  private static Arguments refused(String fields, String field) {
    return Arguments.of(fields, ErrorCode.POLICY_VIOLATION, field);
  }

  private static Arguments invalid(String fields, String field) {
    return Arguments.of(fields, ErrorCode.INVALID_FIELD, field);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("hostileRequests")
  void eachHostileRequestIsRefusedNamingItsField(String fields, ErrorCode code, String field) {
    assertThatThrownBy(() -> check(fields, DEFAULTS, DEV))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.code().category())
                  .isIn(ErrorCategory.USER_ERROR, ErrorCategory.FORBIDDEN);
              assertThat(e.getMessage()).startsWith(field);
              assertThat(e.getMessage()).doesNotContain("\n", "\r");
            });
  }

  @Test
  void whatTheSafeDefaultsLeaveAlone() {
    assertThatCode(
            () ->
                check(
                    "driver: {serviceAccount: spark, cores: 16, memory: 64g, labels: {team: data,"
                        + " dag_name: 'my dag!'}, annotations: {example.com/owner: data},"
                        + " volumeMounts: [{name: scratch, mountPath: /tmp/s}], env: [{name: P,"
                        + " valueFrom: {fieldRef: {fieldPath: metadata.name}}}],"
                        + " securityContext: {runAsUser: 1000, runAsNonRoot: true}},"
                        + " sparkConf: {spark.kubernetes.executor.podNamePrefix: x,"
                        + " spark.sql.shuffle.partitions: '8'}, volumes: [{name: scratch,"
                        + " emptyDir: {}}]",
                    DEFAULTS,
                    DEV))
        .doesNotThrowAnyException();
  }

  @Test
  void serviceAccountsTheClusterAllowsAreAccepted() {
    allowed(
        "driver: {serviceAccount: emr-containers-sa-spark}",
        "{serviceAccounts: [emr-containers-sa-spark]}");
  }

  @Test
  void volumeTypesAndHostPathsTheClusterAllowsAreAccepted() {
    allowed(
        "volumes: [{name: d, hostPath: {path: /mnt/data/x}}, {name: t, emptyDir: {}}, {name: c,"
            + " configMap: {name: app}}]",
        "{volumeTypes: [hostPath, emptyDir, configMap], hostPathPrefixes: [/mnt/data],"
            + " configMaps: [app]}");
  }

  @Test
  void aHostPathThatClimbsOutOfItsPrefixIsRefused() {
    ClusterConfig cluster =
        cluster(
            "{id: spark-cluster-a, serviceAccount: spark, policy: {volumeTypes: [hostPath],"
                + " hostPathPrefixes: [/mnt/data]}}");
    assertThatThrownBy(
            () ->
                check("volumes: [{name: d, hostPath: {path: /mnt/data/../../etc}}]", cluster, DEV))
        .hasMessageStartingWith("volumes[0].hostPath.path");
  }

  @Test
  void secretsAndConfigMapsTheClusterAllowsMayBeRead() {
    allowed(
        "driver: {env: [{name: A, valueFrom: {secretKeyRef: {name: app-db, key: pw}}}, {name: B,"
            + " valueFrom: {configMapKeyRef: {name: app, key: k}}}]}",
        "{secrets: [app-db], configMaps: [app]}");
  }

  @Test
  void privilegeAndRootNeedTheirSwitches() {
    allowed(
        "driver: {securityContext: {privileged: true, allowPrivilegeEscalation: true}}",
        "{allowPrivileged: true}");
    allowed("driver: {securityContext: {runAsUser: 0, runAsGroup: 0}}", "{allowRoot: true}");
  }

  @Test
  void largerPodsNeedLargerLimits() {
    allowed("driver: {cores: 32, memory: 200g}", "{maxCoresPerPod: 32, maxMemoryPerPod: 256g}");
  }

  @Test
  void kubernetesKeysThePolicyAddsMayBeSet() {
    allowed(
        "sparkConf: {spark.kubernetes.driver.annotation.team: data}",
        "{sparkConfKeys: [spark.kubernetes.driver.annotation.team]}");
  }

  @Test
  void theClustersOwnVolumeMayBeNamedAgainInTheRequest() {
    assertThatCode(() -> check("volumes: [{name: scratch, emptyDir: {}}]", DEFAULTS, DEV))
        .doesNotThrowAnyException();
  }

  @Test
  void aQueuePolicyOverridesTheClustersKeyByKey() {
    ClusterConfig cluster =
        cluster(
            "{id: spark-cluster-a, serviceAccount: spark, policy: {serviceAccounts: [a],"
                + " maxCoresPerPod: 4}}");
    QueueConfig trusted = queue("{name: ml, policy: {serviceAccounts: [b], allowRoot: true}}");

    PodPolicy policy = PodPolicy.of(cluster, trusted, trusted);

    assertThat(policy.serviceAccounts()).containsExactlyInAnyOrder("spark", "b");
    assertThat(policy.allowRoot()).isTrue();
    assertThat(policy.maxCoresPerPod()).isEqualTo(4);
    assertThat(PodPolicy.of(cluster, DEV, DEV).serviceAccounts())
        .containsExactlyInAnyOrder("spark", "a");
  }
}
