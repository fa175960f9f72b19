package dev.bpg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.ClusterConfig.PodTemplate;
import dev.bpg.server.GatewayApplication;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.SparkUiOptions;
import dev.bpg.submission.model.Volume;
import dev.bpg.submission.model.VolumeMount;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.util.DataSize;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads files through the factory exactly as {@code GatewayApplication.initialize} installs it:
 * Dropwizard's object mapper with the gateway's modules, unknown properties failing, Dropwizard's
 * validator.
 */
class GatewayConfigurationFactoryTest {
  private static final ResourceConfigurationSourceProvider RESOURCES =
      new ResourceConfigurationSourceProvider();

  @TempDir Path dir;

  // Built once: Dropwizard's mapper and Hibernate Validator take a while to start.
  private static final ObjectMapper MAPPER =
      GatewayApplication.configure(Jackson.newObjectMapper());
  private static final Validator VALIDATOR = Validators.newValidator();

  static GatewayConfigurationFactory factory(Map<String, String> environment) {
    return new GatewayConfigurationFactory(
        MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
        VALIDATOR,
        environment);
  }

  static GatewayConfiguration load(ConfigurationSourceProvider provider, String path)
      throws IOException, ConfigurationException {
    return factory(Map.of()).build(provider, path);
  }

  /** minimal.yaml with one line replaced, loaded from a file. */
  private GatewayConfiguration loadMinimalWith(String line, String replacement) throws Exception {
    String minimal =
        new String(RESOURCES.open("config/minimal.yaml").readAllBytes(), StandardCharsets.UTF_8);
    assertThat(minimal).contains(line);
    Path file = dir.resolve("variant.yaml");
    Files.writeString(file, minimal.replace(line, replacement));
    return load(new FileConfigurationSourceProvider(), file.toString());
  }

  @Test
  void theFullFileMapsEveryField() throws Exception {
    GatewayConfiguration config = load(RESOURCES, "config/full.yaml");

    assertThat(config.api()).isEqualTo(new ApiConfig("/apiv2", DataSize.mebibytes(2), null));
    assertThat(config.api().maxRequestBodySize().toBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(config.auth())
        .isEqualTo(
            new AuthConfig(
                List.of(
                    new AuthConfig.UserConfig(
                        "alice",
                        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$T7epWfxBHiKQQGlNJ3+9CM17dQuKVeWu++anuIAf6vg=")),
                List.of("alice", "bob"),
                List.of("mallory"),
                List.of("alice"),
                List.of("airflow"),
                "X-Remote-User",
                List.of("a-queue-token-secret-of-32-characters"),
                true,
                List.of("10.0.0.0/8", "::1"),
                new FailedLoginsConfig(7, 3, Duration.ofSeconds(90)),
                null,
                null));
    assertThat(config.database())
        .isEqualTo(
            new DatabaseConfig(
                "jdbc:postgresql://db.example.com:5432/bpg",
                "bpg",
                "db-secret",
                3,
                Duration.ofSeconds(2)));
    assertThat(config.spark())
        .isEqualTo(
            new SparkConfig(
                Map.of("spark.sql.debug.maxToStringFields", "75", "RangerOnCustomImage", "On"),
                Map.of("spark.authenticate", "true"),
                List.of(
                    new SparkImageConfig(
                        "registry.example.com/spark:3.5.0",
                        List.of("Java", "Scala", "Python"),
                        "3.5.0"))));
    assertThat(config.queues())
        .containsExactly(
            new QueueConfig(
                "dev",
                List.of("alice"),
                Duration.ofHours(6),
                100,
                "pool",
                List.of("drivers"),
                "pool-x",
                List.of("executors"),
                List.of("spot"),
                1.1,
                1.2,
                1.3,
                1.4,
                List.of("us-west-2a", "us-west-2b"),
                "round_robin",
                20,
                5,
                null,
                null,
                null,
                null,
                null));
    assertThat(config.clusters())
        .containsExactly(
            new ClusterConfig(
                "spark-cluster-a",
                70,
                "https://a.example.com:6443",
                "Q0EgZGF0YQ==",
                "token-a",
                "bpg",
                "spark-jobs",
                "spark",
                List.of("3.5.0", "3.4.1"),
                List.of("dev"),
                Duration.ofHours(12),
                Duration.ofSeconds(30),
                "yunikorn",
                true,
                "https://ui.example.com",
                Map.of(
                    "spark.kubernetes.executor.podNamePrefix", "{spark-application-resource-name}"),
                new SparkUiOptions(
                    4040,
                    Map.of("kubernetes.io/ingress.class", "nginx"),
                    List.of(new SparkUiOptions.IngressTls(List.of("ui.example.com"), "ui-tls"))),
                List.of(
                    new Volume("data", new Volume.HostPath("/mnt/data", "Directory"), null, null)),
                new PodTemplate(
                    List.of(new EnvVar("STATSD_SERVER_PORT", "8125", null)),
                    List.of(new VolumeMount("data", null, "/data", null))),
                new PodTemplate(
                    List.of(
                        new EnvVar(
                            "STATSD_SERVER_IP",
                            null,
                            Map.of("fieldRef", Map.of("fieldPath", "status.hostIP")))),
                    List.of(new VolumeMount("data", true, "/data", null))),
                "http://proxy.example.com:3128",
                "http://proxy.example.com:3129",
                "arn:aws:eks:us-west-2:123456789012:cluster/spark-cluster-a",
                40,
                10,
                null,
                null,
                null));
    // Dropwizard's own sections keep working next to the gateway's.
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getPort())
        .isEqualTo(18080);
    assertThat(((HttpConnectorFactory) server.getAdminConnectors().get(0)).getPort())
        .isEqualTo(18081);
    assertThat(((DefaultLoggingFactory) config.getLoggingFactory()).getLevel()).isEqualTo("WARN");
  }

  @Test
  void everySectionHasDefaults() throws Exception {
    GatewayConfiguration config = load(RESOURCES, "config/minimal.yaml");

    assertThat(config.api()).isEqualTo(new ApiConfig("/skatev2", DataSize.mebibytes(1), null));
    assertThat(config.auth())
        .isEqualTo(
            new AuthConfig(
                List.of(),
                List.of("*"),
                List.of(),
                List.of(),
                List.of("airflow_system_account"),
                "User-Account",
                null,
                null,
                List.of("10.0.0.0/8"),
                null,
                null,
                null));
    assertThat(config.database())
        .isEqualTo(new DatabaseConfig("jdbc:h2:file:./data/bpg", "", "", 8, Duration.ofSeconds(5)));
    assertThat(config.spark()).isEqualTo(new SparkConfig(Map.of(), Map.of(), List.of()));
    assertThat(config.queues())
        .containsExactly(
            new QueueConfig(
                "dev",
                List.of(),
                Duration.ofHours(12),
                5000,
                "node_group_category",
                List.of(),
                "node_group_category",
                List.of(),
                List.of(),
                1.0,
                1.0,
                1.0,
                1.0,
                List.of(),
                "round_robin",
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(config.clusters())
        .containsExactly(
            new ClusterConfig(
                "local",
                100,
                "http://127.0.0.1:8001",
                null,
                null,
                null,
                "default",
                null,
                List.of("3.5.0"),
                List.of("dev"),
                null,
                Duration.ofSeconds(30),
                null,
                false,
                null,
                Map.of(),
                null,
                List.of(),
                new PodTemplate(List.of(), List.of()),
                new PodTemplate(List.of(), List.of()),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void anUnknownTopLevelKeyFailsWithItsName() {
    assertThatThrownBy(() -> loadMinimalWith("auth:\n", "sparkClusterz: []\nauth:\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: sparkClusterz");
  }

  @Test
  void anUnknownKeyInAClusterFailsWithItsPath() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "    sparkVersions: [3.5.0]\n",
                    "    sparkVersions: [3.5.0]\n    sparkApplicationNamespace: spark-jobs\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: clusters.[0].sparkApplicationNamespace");
  }

  @Test
  void anUnknownKeyInAQueueFailsWithItsPath() {
    assertThatThrownBy(
            () ->
                loadMinimalWith("  - name: dev\n", "  - name: dev\n    maxRunningMillis: 60000\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: queues.[0].maxRunningMillis");
  }

  @Test
  void anUnknownKeyInASectionFailsWithItsPath() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "  trustedUserHeader: User-Account\n",
                    "  trustedUserHeader: User-Account\n  adminUser: [alice]\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: auth.adminUser");
  }

  @Test
  void anUnknownKeyNestedInsideAClusterFailsWithItsPath() {
    // The reference's examples spell it ServicePort, which never took effect there.
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "    sparkVersions: [3.5.0]\n",
                    "    sparkVersions: [3.5.0]\n    sparkUIOptions: {ServicePort: 4040}\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: clusters.[0].sparkUIOptions.ServicePort");
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "    sparkVersions: [3.5.0]\n",
                    "    sparkVersions: [3.5.0]\n    driver: {env: [{name: A, vaule: x}]}\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: clusters.[0].driver.env.[0].vaule");
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "    sparkVersions: [3.5.0]\n",
                    "    sparkVersions: [3.5.0]\n    volumes: [{name: v, hostpath: {path: /x}}]\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: clusters.[0].volumes.[0].hostpath");
  }

  @Test
  void theConfigurationDoesNotChangeHowRequestsAreRead() throws Exception {
    // The strict reading of shared records is the factory's own: the application's mapper stays
    // lenient.
    ObjectMapper mapper = GatewayApplication.configure(Jackson.newObjectMapper());
    factory(Map.of());

    assertThat(mapper.readValue("{\"servicePort\": 1, \"ServicePort\": 2}", SparkUiOptions.class))
        .isEqualTo(new SparkUiOptions(1, null, null));
  }

  // Dropwizard writes paths as clusters.[0].key; ConfigValidator writes clusters[0].key.

  @Test
  void aBadDurationFailsWithItsPathAndTheAcceptedForms() {
    assertThatThrownBy(
            () -> loadMinimalWith("  - name: dev\n", "  - name: dev\n    maxRunningTime: soon\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at: queues.[0].maxRunningTime")
        .hasMessageContaining(
            "'soon' is not a duration; write it like 500ms, 30s, 5m, 12h, 1d or PT30S");
  }

  @Test
  void crossFieldRulesRunWhenTheFileIsLoaded() {
    assertThatThrownBy(() -> loadMinimalWith("    queues: [dev]\n", "    queues: [dev, etl]\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("clusters[0].queues[1]: queue 'etl' is not defined under queues");
  }

  @Test
  void environmentVariablesAreSubstituted() throws Exception {
    ConfigurationSourceProvider provider =
        new SubstitutingSourceProvider(RESOURCES, new EnvironmentVariableSubstitutor(true));

    GatewayConfiguration config = load(provider, "config/environment.yaml");

    assertThat(System.getenv("PATH")).isNotBlank();
    assertThat(System.getenv("HOME")).isNotBlank();
    assertThat(config.database().user()).isEqualTo(System.getenv("PATH"));
    assertThat(config.clusters().get(0).token()).isEqualTo(System.getenv("HOME"));
    assertThat(config.database().password()).isEqualTo("fallback-password");
  }

  @Test
  void aMissingEnvironmentVariableFailsInStrictMode() {
    ConfigurationSourceProvider provider =
        new SubstitutingSourceProvider(RESOURCES, new EnvironmentVariableSubstitutor(true));

    assertThatThrownBy(() -> load(provider, "config/environment-missing.yaml"))
        .isInstanceOf(UndefinedEnvironmentVariableException.class)
        .hasMessageContaining("BPG_TEST_SURELY_UNSET_VARIABLE");
  }

  @Test
  void withoutSubstitutionAReferenceStaysText() throws Exception {
    assertThat(load(RESOURCES, "config/environment-missing.yaml").clusters().get(0).token())
        .isEqualTo("${BPG_TEST_SURELY_UNSET_VARIABLE}");
  }
}
