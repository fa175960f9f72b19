package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.bpg.cli.LocalSetup;
import dev.bpg.config.PasswordHash;
import dev.bpg.local.LoopbackServers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chart in {@code deploy/helm/batch-processing-gateway}, linted and rendered by Helm itself
 * (its library, through helm-java), with its default values and with every optional part enabled;
 * the objects read back as Kubernetes objects and checked; and a gateway started with the
 * configuration the chart renders, against a local cluster, until {@code /ready} answers.
 */
class HelmChartIT {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "1s"}}
      """;
  private static final Pattern METRIC =
      Pattern.compile("\\b(bpg_[a-z_]+?)(_bucket|_count|_sum)?\\b");

  private LocalGateways local;
  private ChildGateway child;

  @AfterEach
  void stop() throws Exception {
    if (child != null) {
      child.close();
    }
    if (local != null) {
      local.close();
    }
  }

  private static Path chart() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("deploy")) ? here : here.getParent();
    return root.resolve("deploy/helm/batch-processing-gateway");
  }

  private static TemplateCommand template() {
    return new Helm(chart()).template().withName("bpg").withNamespace("data-platform");
  }

  /** Each object of a rendering, by kind (and name when a kind repeats). */
  private static Map<String, HasMetadata> objects(String manifests) {
    Map<String, HasMetadata> objects = new TreeMap<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
        continue;
      }
      HasMetadata object = Serialization.unmarshal(document);
      String key = object.getKind();
      assertThat(objects).as("one " + key).doesNotContainKey(key);
      objects.put(key, object);
    }
    return objects;
  }

  private static <T> T get(Map<String, HasMetadata> objects, String kind, Class<T> type) {
    assertThat(objects).containsKey(kind);
    return type.cast(objects.get(kind));
  }

  private static Container gateway(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  @Test
  void helmLintsTheChart() {
    LintResult lint = new Helm(chart()).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theDefaultRenderingIsSafe() throws Exception {
    Map<String, HasMetadata> objects = objects(template().call());
    assertThat(objects.keySet())
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget");
    Deployment deployment = get(objects, "Deployment", Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(90L);
    Container container = gateway(deployment);
    assertThat(container.getArgs()).containsExactly("server", "/etc/bpg/config.yaml");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertProbe(container.getReadinessProbe(), "/ready");
    assertProbe(container.getLivenessProbe(), "/live");
    assertProbe(container.getStartupProbe(), "/live");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/etc/bpg", "/tmp", "/var/lib/bpg");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("checksum/config");
    assertNoSecretInEnv(container);

    PodDisruptionBudget budget = get(objects, "PodDisruptionBudget", PodDisruptionBudget.class);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

    JsonNode config = config(get(objects, "ConfigMap", ConfigMap.class));
    assertThat(config.at("/server/applicationConnectors/0/port").asInt()).isEqualTo(8080);
    assertThat(config.at("/server/adminConnectors/0/bindHost").asText()).isEqualTo("127.0.0.1");
    assertThat(config.at("/logging/appenders/0/layout/type").asText()).isEqualTo("json");
    assertThat(config.at("/database/password").asText()).isEqualTo("${DB_PASSWORD}");
  }

  @Test
  void everyOptionalPartRendersAndFitsTogether() throws Exception {
    Map<String, HasMetadata> objects =
        objects(template().withValuesFile(chart().resolve("ci/all-enabled-values.yaml")).call());
    assertThat(objects.keySet())
        .contains(
            "Secret",
            "Ingress",
            "ServiceMonitor",
            "PrometheusRule",
            "HorizontalPodAutoscaler",
            "NetworkPolicy");
    Deployment deployment = get(objects, "Deployment", Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).as("the autoscaler sets it").isNull();
    Container container = gateway(deployment);
    assertNoSecretInEnv(container);
    HasMetadata secret = objects.get("Secret");
    assertThat(container.getEnvFrom())
        .singleElement()
        .satisfies(
            from ->
                assertThat(from.getSecretRef().getName())
                    .isEqualTo(secret.getMetadata().getName()));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKeys("checksum/config", "checksum/secret");
    assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);

    Service service = get(objects, "Service", Service.class);
    GenericKubernetesResource monitor =
        get(objects, "ServiceMonitor", GenericKubernetesResource.class);
    Map<String, Object> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(asStrings(selector));
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("path", "/metrics"));
    assertThat(service.getSpec().getPorts())
        .anySatisfy(port -> assertThat(port.getName()).isEqualTo(endpoints.get(0).get("port")));

    Ingress ingress = get(objects, "Ingress", Ingress.class);
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "800m")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "200");
  }

  @Test
  void aConfigChangeChangesTheChecksumSoThePodsRoll() throws Exception {
    String before = checksum(template().call());
    assertThat(checksum(template().call()))
        .as("the same values, the same checksum")
        .isEqualTo(before);
    String after = checksum(template().set("config.api.maxRequestBodySize", "2MiB").call());
    assertThat(after).isNotEqualTo(before);
  }

  /**
   * The configuration the chart renders for a cluster (here a local one), with its secrets from the
   * environment, starts a gateway that gets ready; the alerts name only metrics it exports.
   */
  @Test
  void theRenderedConfigurationStartsAGatewayAndTheAlertsUseItsMetrics() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    Path dir = Files.createTempDirectory("bpg-helm-");
    String hash = PasswordHash.hash("demo-pw", new SecureRandom());
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        config:
          auth:
            users:
              - name: demo
                passwordHash: "%s"
          clusters:
            - id: spark-cluster-a
              masterUrl: ${CLUSTER_A_URL}
              token: ${CLUSTER_A_TOKEN}
              namespace: %s
              serviceAccount: spark
              sparkVersions: ["3.5.0"]
              queues: [dev]
        metrics:
          prometheusRule:
            enabled: true
        """
            .formatted(hash, LocalSetup.NAMESPACE));
    Map<String, HasMetadata> objects = objects(template().withValuesFile(values).call());
    String config = get(objects, "ConfigMap", ConfigMap.class).getData().get("config.yaml");
    int port = LoopbackServers.freePort();
    int adminPort = LoopbackServers.freePort();
    // The pod's ports, 8080 and 8081, may be taken on this machine: the one change made here.
    String onFreePorts =
        config.replace("port: 8080", "port: " + port).replace("port: 8081", "port: " + adminPort);
    assertThat(onFreePorts).isNotEqualTo(config);
    child =
        ChildGateway.start(
            dir,
            "helm-config",
            port,
            onFreePorts,
            Map.of(
                "DB_URL", "jdbc:h2:file:" + dir.resolve("bpg"),
                "DB_USER", "",
                "DB_PASSWORD", "",
                "CLUSTER_A_URL", local.cluster("spark-cluster-a").masterUrl(),
                "CLUSTER_A_TOKEN", "local-token"));
    GatewayTestClient client = child.client();
    String id = client.post("/spark", "demo", "application/json", JOB).text("submissionId");
    client.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(30));

    String exported =
        client
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET())
            .body();
    Set<String> named = new LinkedHashSet<>();
    String rules = Serialization.asYaml(objects.get("PrometheusRule"));
    Matcher metric = METRIC.matcher(rules);
    while (metric.find()) {
      named.add(metric.group(1));
    }
    assertThat(named).as("metrics the alerts use").isNotEmpty();
    assertThat(named)
        .allSatisfy(name -> assertThat(exported).as("exported: " + name).contains(name));
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  /** Credentials reach the container only from a Secret, never as a value in the Deployment. */
  private static void assertNoSecretInEnv(Container container) {
    List<EnvVar> env = container.getEnv() == null ? List.of() : container.getEnv();
    assertThat(env)
        .allSatisfy(
            variable -> {
              if (variable.getValue() != null) {
                assertThat(variable.getName())
                    .doesNotContainPattern("(?i)password|token|secret|credential|key");
              }
            });
  }

  private static JsonNode config(ConfigMap map) throws Exception {
    return YAML.readTree(map.getData().get("config.yaml"));
  }

  private static String checksum(String manifests) {
    Deployment deployment = (Deployment) objects(manifests).get("Deployment");
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
  }

  private static Map<String, String> asStrings(Map<String, Object> map) {
    return map.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
  }
}
