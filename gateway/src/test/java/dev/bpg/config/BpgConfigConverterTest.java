package dev.bpg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bpg.config.ClusterConfig.PodTemplate;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BpgConfigConverterTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, String> ENVIRONMENT =
      Map.of("SPARK_CLUSTER_A_TOKEN", "token-a", "BPG_DB_PASSWORD", "db-password");
  private static final String SAMPLE = "config/bpg-aws-sample.yaml";
  private static final String MYSQL_URL =
      "jdbc:mysql://bpg.cluster-abcdefghijkl.us-west-2.rds.amazonaws.com:3306/bpg"
          + "?useUnicode=yes&characterEncoding=UTF-8&useLegacyDatetimeCode=false&connectTimeout=10000&socketTimeout=30000";
  private static final Map<String, String> CLUSTER_SPARK_CONF =
      Map.of(
          "spark.kubernetes.executor.podNamePrefix", "{spark-application-resource-name}",
          "spark.eventLog.enabled", "false",
          "spark.kubernetes.allocation.batch.size", "2000",
          "spark.kubernetes.allocation.batch.delay", "1s");

  private static JsonNode sample() throws IOException {
    try (InputStream in = new ResourceConfigurationSourceProvider().open(SAMPLE)) {
      return YAML.readTree(in);
    }
  }

  private static JsonNode yaml(String text) throws IOException {
    return YAML.readTree(text);
  }

  private static BpgConfigConverter.Result convert(String text) throws IOException {
    return BpgConfigConverter.convert(yaml(text), Optional.of(ENVIRONMENT));
  }

  private static final String CLUSTER =
      "{id: a, weight: 1, masterUrl: 'https://a', sparkVersions: [3.5.0], queues: [dev]}";

  @Test
  void theFactoryReadsTheReferenceFormatDirectly() throws Exception {
    GatewayConfiguration config =
        GatewayConfigurationFactoryTest.factory(ENVIRONMENT)
            .build(new ResourceConfigurationSourceProvider(), SAMPLE);

    assertThat(config.clusters())
        .containsExactly(
            new ClusterConfig(
                "spark-cluster-a",
                50,
                "https://A1B2C3D4.gr7.us-west-2.eks.amazonaws.com",
                "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmZha2UKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=",
                "token-a",
                null,
                "spark-operator",
                "emr-containers-sa-spark-operator",
                List.of("3.5.0"),
                List.of("dev"),
                Duration.ofSeconds(86400),
                Duration.ofMillis(180000),
                null,
                false,
                null,
                CLUSTER_SPARK_CONF,
                null,
                List.of(),
                PodTemplate.EMPTY,
                PodTemplate.EMPTY,
                null,
                null,
                "arn:aws:eks:us-west-2:123456789012:cluster/spark-cluster-a",
                null,
                null,
                null,
                null,
                null),
            new ClusterConfig(
                "spark-cluster-b",
                50,
                "https://E5F6A7B8.gr7.us-west-2.eks.amazonaws.com",
                "Q0EgYg==",
                "token-b",
                "spark-operator-user",
                "spark-operator",
                "emr-containers-sa-spark-operator",
                List.of("3.5.0"),
                List.of("dev"),
                Duration.ofSeconds(86400),
                Duration.ofMillis(180000),
                null,
                false,
                null,
                CLUSTER_SPARK_CONF,
                null,
                List.of(),
                PodTemplate.EMPTY,
                PodTemplate.EMPTY,
                null,
                null,
                "arn:aws:eks:us-west-2:123456789012:cluster/spark-cluster-b",
                null,
                null,
                null,
                null,
                null));
    assertThat(config.clusters().get(0).ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(config.clusters().get(0).requestTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.spark())
        .isEqualTo(
            new SparkConfig(
                Map.of(
                    "spark.kubernetes.submission.connectionTimeout",
                    "30000",
                    "spark.kubernetes.submission.requestTimeout",
                    "30000",
                    "spark.kubernetes.driver.connectionTimeout",
                    "30000",
                    "spark.kubernetes.driver.requestTimeout",
                    "30000",
                    "spark.sql.debug.maxToStringFields",
                    "75"),
                Map.of(),
                List.of(
                    new SparkImageConfig(
                        "895885662937.dkr.ecr.us-west-2.amazonaws.com/spark/emr-7.1.0:latest",
                        List.of("Java", "Scala", "python"),
                        "3.5.0"))));
    assertThat(config.queues()).containsExactly(QueueConfig.named("dev"));
    assertThat(config.auth())
        .isEqualTo(
            new AuthConfig(
                List.of(
                    new AuthConfig.UserConfig(
                        "alice",
                        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$T7epWfxBHiKQQGlNJ3+9CM17dQuKVeWu++anuIAf6vg=")),
                List.of("*"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(config.database())
        .isEqualTo(new DatabaseConfig(MYSQL_URL, "bpg", "db-password", null, null));
    assertThat(config.api()).isEqualTo(ApiConfig.defaults());
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getPort())
        .isEqualTo(8080);
  }

  @Test
  void theSampleConvertsWithNotesOnWhatWasDropped() throws Exception {
    BpgConfigConverter.Result result =
        BpgConfigConverter.convert(sample(), Optional.of(ENVIRONMENT));

    assertThat(result.errors()).isEmpty();
    // In the order of the file's keys.
    assertThat(result.notes())
        .containsExactly(
            "dbStorageSOPS.dbName: the tables are created in the database named by the JDBC URL",
            "statusCacheExpireMillis: dropped; status is read from informers, no cache TTL is"
                + " needed");
  }

  @Test
  void environmentReferencesStayReferencesWhenConvertedForAFile() throws Exception {
    BpgConfigConverter.Result result = BpgConfigConverter.convert(sample(), Optional.empty());

    assertThat(result.errors()).isEmpty();
    assertThat(result.config().at("/clusters/0/token").asText())
        .isEqualTo("${SPARK_CLUSTER_A_TOKEN}");
    assertThat(result.config().at("/clusters/1/token").asText()).isEqualTo("token-b");
    assertThat(result.config().at("/database/password").asText()).isEqualTo("${BPG_DB_PASSWORD}");
  }

  @Test
  void environmentReferencesAreResolvedWhenReadDirectly() throws Exception {
    BpgConfigConverter.Result result =
        BpgConfigConverter.convert(sample(), Optional.of(ENVIRONMENT));

    assertThat(result.config().at("/clusters/0/token").asText()).isEqualTo("token-a");
    assertThat(result.config().at("/database/password").asText()).isEqualTo("db-password");
  }

  @Test
  void aMissingEnvironmentVariableIsAnErrorNamingThePath() throws Exception {
    BpgConfigConverter.Result result = BpgConfigConverter.convert(sample(), Optional.of(Map.of()));

    assertThat(result.errors())
        .containsExactly(
            "sparkClusters[0].userTokenSOPS: environment variable SPARK_CLUSTER_A_TOKEN is not set",
            "dbStorageSOPS.password: environment variable BPG_DB_PASSWORD is not set");
  }

  @Test
  void plaintextReferencesLoseTheirPrefixAndOtherValuesAreTakenVerbatim() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: [{id: a, caCertDataSOPS: 'plaintext:Y2E=',"
                + " userTokenSOPS: 'eyJhbGciOi.x.y'}], queues: [{name: dev}]}");

    assertThat(result.config().at("/clusters/0/caCertData").asText()).isEqualTo("Y2E=");
    assertThat(result.config().at("/clusters/0/token").asText()).isEqualTo("eyJhbGciOi.x.y");
  }

  @Test
  void kubernetesSecretReferencesAreRefusedNamingThePath() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: [{id: a, userTokenSOPS: 'k8s:secret::bpg:token', caCertDataSOPS:"
                + " 'k8s:secret:ns:bpg:ca'}], dbStorageSOPS: {connectionString: 'jdbc:h2:mem:x',"
                + " password: 'k8s:secret::db:password'}}");

    assertThat(result.errors())
        .containsExactly(
            "sparkClusters[0].userTokenSOPS: k8s:secret: references are not supported; pass the"
                + " value through an environment variable (${NAME}) instead",
            "sparkClusters[0].caCertDataSOPS: k8s:secret: references are not supported; pass the"
                + " value through an environment variable (${NAME}) instead",
            "dbStorageSOPS.password: k8s:secret: references are not supported; pass the value"
                + " through an environment variable (${NAME}) instead");
  }

  @Test
  void secureQueuesKeepTheirFlagAndTheTokenSecretsMoveToAuth() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: ["
                + CLUSTER
                + "],"
                + " queues: [{name: dev, secure: false}, {name: vip, secure: true}],"
                + " queueTokenSOPS: {secrets: ['plaintext:"
                + "a-secret-of-at-least-thirty-two-chars', 'localhost:env:BPG_DB_PASSWORD']}}");

    assertThat(result.errors()).isEmpty();
    assertThat(result.config().at("/queues/1/secure").asBoolean()).isTrue();
    assertThat(result.config().at("/queues/0/secure").asBoolean()).isFalse();
    assertThat(result.config().at("/auth/queueTokenSecrets"))
        .extracting(JsonNode::asText)
        .containsExactly("a-secret-of-at-least-thirty-two-chars", "db-password");
  }

  @Test
  void theFactoryRefusesAFileWithConversionErrorsAndNamesThePaths() {
    GatewayConfigurationFactory factory = GatewayConfigurationFactoryTest.factory(ENVIRONMENT);

    assertThatThrownBy(
            () ->
                factory.build(
                    path ->
                        InputStreamOf.text(
                            "sparkClusters: [{id: a, weight: 1, userTokenSOPS:"
                                + " 'k8s:secret::bpg:token'}]\n"
                                + "queueTokenSOPS: {secrets: ['k8s:secret::bpg:jwt']}\n"
                                + "queues: [{name: dev, secure: true}]\n"),
                    "bpg.yaml"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "sparkClusters[0].userTokenSOPS: k8s:secret: references are not supported")
        .hasMessageContaining(
            "queueTokenSOPS.secrets[0]: k8s:secret: references are not supported");
  }

  @Test
  void unknownKeysOfTheReferenceFormatAreErrorsWithTheirPath() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkCluster: [], sparkClusters: [{id: a, wieght: 1}],"
                + " queues: [{name: dev, maxRunningMilis: 1}]}");

    assertThat(result.errors())
        .containsExactly(
            "sparkCluster: unknown key of the reference configuration format",
            "sparkClusters[0].wieght: unknown key of a reference cluster entry",
            "queues[0].maxRunningMilis: unknown key of a reference queue entry");
  }

  @Test
  void theAwsSamplesMisplacedMaxRunningMillisIsReported() throws Exception {
    // The AWS sample's values.template.yaml indents maxRunningMillis at the top level, where the
    // reference gateway silently ignored it.
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: ["
                + CLUSTER
                + "], queues: [{name: dev}],"
                + " maxRunningMillis: 21600000}");

    assertThat(result.errors())
        .containsExactly("maxRunningMillis: unknown key of the reference configuration format");
  }

  @Test
  void costRatesBecomeTheCostSection() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: ["
                + CLUSTER
                + "], queues: [{name: dev}],"
                + " memoryMbSecondCost: 0.001, vCoreSecondCost: 0.02}");

    assertThat(result.errors()).isEmpty();
    assertThat(result.config().path("cost").path("memoryMbSecond").asDouble()).isEqualTo(0.001);
    assertThat(result.config().path("cost").path("vCoreSecond").asDouble()).isEqualTo(0.02);
  }

  @Test
  void droppedSettingsProduceNotes() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: [{id: a, driver: {env: [{name: A, value: b}], labels: {x: y}},"
                + " executor: {cores: 2}}], s3Bucket: b, s3Folder: f, sparkLogS3Bucket: l,"
                + " sparkHistoryDns: h, sparkHistoryUrl: u, memoryMbSecondCost: 1.0,"
                + " vCoreSecondCost: 2.0, gatewayDns: g,"
                + " eksCluster: e, sparkLogIndex: i, batchFileLimit: 1, statusCacheExpireMillis:"
                + " 990, dbStorageSOPS: {connectionString: ''}}");

    assertThat(result.errors()).isEmpty();
    assertThat(result.notes())
        .containsExactly(
            "sparkClusters[0].driver.labels: dropped; the reference gateway used only env and"
                + " volumeMounts",
            "sparkClusters[0].executor.cores: dropped; the reference gateway used only env and"
                + " volumeMounts",
            "sparkClusters[0].weight: absent, which the reference gateway read as 0: the cluster is"
                + " not routed to",
            "s3Bucket: uploads go to storage.bucket with region us-west-2, as the reference"
                + " gateway signed; set storage.region to the bucket's own region",
            "sparkLogS3Bucket: this gateway archives ended pods' logs itself, to"
                + " logArchive.bucket (of the storage section's store); the logs Fluent Bit"
                + " shipped there stay readable through the logindex table"
                + " (logArchive.fluentBitIndex)",
            "gatewayDns: dropped; unused by the reference gateway too",
            "eksCluster: dropped; unused by the reference gateway too",
            "sparkLogIndex: dropped; unused by the reference gateway too",
            "batchFileLimit: dropped; unused by the reference gateway too",
            "statusCacheExpireMillis: dropped; status is read from informers, no cache TTL is"
                + " needed",
            "dbStorageSOPS.connectionString: empty; the reference gateway then kept no history,"
                + " this gateway uses its embedded H2 database instead",
            "auth.users: the reference gateway checked no passwords; add users with password hashes"
                + " (./bpg hash-password), or set auth.trustedUserHeader: User-Account when a proxy"
                + " in front of the gateway authenticates callers",
            "sparkHistoryDns: finished runs link to https://h/history/{appId}"
                + " (clusters[].historyServerUrl), and it is the Host header of historyServerApi");
    assertThat(result.config().path("historyServerApi").toString())
        .isEqualTo("{\"host\":\"h\",\"url\":\"u\"}");
    assertThat(result.config().at("/clusters/0/historyServerUrl").asText())
        .isEqualTo("https://h/history/{appId}");
    assertThat(result.config().at("/clusters/0/driver").toString())
        .isEqualTo("{\"env\":[{\"name\":\"A\",\"value\":\"b\"}]}");
    assertThat(result.config().get("database").toString()).isEqualTo("{}");
    assertThat(result.config().get("logArchive").toString())
        .isEqualTo("{\"bucket\":\"l\",\"fluentBitIndex\":true}");
    assertThat(result.config().get("storage").toString())
        .isEqualTo("{\"bucket\":\"b\",\"region\":\"us-west-2\",\"prefix\":\"f\"}");
  }

  @Test
  void aGoogleCloudStorageBucketIsAnError() throws Exception {
    BpgConfigConverter.Result result =
        convert("{sparkClusters: [" + CLUSTER + "], s3Bucket: 'gs://b'}");
    assertThat(result.errors())
        .containsExactly(
            "s3Bucket: Google Cloud Storage buckets (gs://) are not supported; use S3");
  }

  @Test
  void anAddedAuthSectionWithUsersNeedsNoAdviceAboutUsers() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: ["
                + CLUSTER
                + "], queues: [{name: dev}],"
                + " allowedUsers: ['*'], auth: {users: [{name: alice, passwordHash: h}]}}");

    assertThat(result.notes()).isEmpty();
    assertThat(result.config().get("auth").toString())
        .isEqualTo(
            "{\"allowedUsers\":[\"*\"],\"users\":[{\"name\":\"alice\",\"passwordHash\":\"h\"}]}");
  }

  @Test
  void aTrustedUserHeaderNeedsNoAdviceAboutUsers() throws Exception {
    assertThat(
            convert(
                    "{sparkClusters: ["
                        + CLUSTER
                        + "], queues: [{name: dev}],"
                        + " auth: {trustedUserHeader: User-Account}}")
                .notes())
        .isEmpty();
  }

  @Test
  void queuesKeepTheirSettingsUnderTheirNames() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: ["
                + CLUSTER
                + "], queues: [{name: dev, users: [alice], maxRunningMillis: 21600000,"
                + " maxExecutorInstances: 100, driverNodeLabelKey: k, driverNodeLabelValues: [d],"
                + " executorNodeLabelKey: k2, executorNodeLabelValues: [e],"
                + " executorSpotNodeLabelValues: [s], driverCPUBufferRatio: '1.5',"
                + " executorCPUBufferRatio: 1.2, driverMemBufferRatio: '1', executorMemBufferRatio:"
                + " '2.0', allowedZones: [z1], zonePickerName: round_robin, secure: false}]}");

    assertThat(result.errors()).isEmpty();
    QueueConfig queue =
        TestConfigs.read(result.config().at("/queues/0").toString(), QueueConfig.class);
    assertThat(queue)
        .isEqualTo(
            new QueueConfig(
                "dev",
                List.of("alice"),
                Duration.ofHours(6),
                100,
                "k",
                List.of("d"),
                "k2",
                List.of("e"),
                List.of("s"),
                1.5,
                1.2,
                1.0,
                2.0,
                List.of("z1"),
                "round_robin",
                null,
                null,
                null,
                null,
                false,
                null,
                null));
    assertThat(result.config().at("/queues/0/maxRunningTime").asText()).isEqualTo("21600000ms");
  }

  @Test
  void aRatioThatIsNotANumberIsAnError() throws Exception {
    assertThat(
            convert(
                    "{sparkClusters: ["
                        + CLUSTER
                        + "], queues: [{name: dev, driverCPUBufferRatio: 'x1.5'}]}")
                .errors())
        .containsExactly("queues[0].driverCPUBufferRatio: 'x1.5' is not a number");
  }

  @Test
  void timesThatAreNotWholeNumbersAreErrors() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: [{id: a, weight: 1, ttlSeconds: 1d,"
                + " timeoutMillis: '30000'}], queues: [{name: dev, maxRunningMillis: 1.5}]}");

    assertThat(result.errors())
        .containsExactly(
            "sparkClusters[0].ttlSeconds: '1d' is not a whole number",
            "queues[0].maxRunningMillis: '1.5' is not a whole number");
    assertThat(result.config().at("/clusters/0/requestTimeout").asText()).isEqualTo("30000ms");
  }

  @Test
  void aClusterWithoutAWeightIsNeverRoutedToAsInTheReference() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: [{id: a, masterUrl: 'https://a'}],"
                + " queues: [{name: dev}], auth: {trustedUserHeader: User-Account}}");

    assertThat(result.config().at("/clusters/0/weight").asInt(-1)).isEqualTo(0);
    assertThat(result.notes())
        .containsExactly(
            "sparkClusters[0].weight: absent, which the reference gateway read as 0: the cluster is"
                + " not routed to");
  }

  @Test
  void theGatewaysOwnSectionsWinOverConvertedKeys() throws Exception {
    BpgConfigConverter.Result result =
        convert(
            "{sparkClusters: ["
                + CLUSTER
                + "], queues: [{name: dev}], applicationContextPath: /apiv2, api: {contextPath:"
                + " /v3}, fixedSparkConf: {a: b}, spark: {fixedSparkConf: {c: d}}, dbStorageSOPS:"
                + " {connectionString: 'jdbc:mysql://x/bpg', user: u}, database: {user: v,"
                + " poolSize: 2}, blockedUsers: [m], adminUsers: [root], auth: {trustedUserHeader:"
                + " User-Account}}");

    assertThat(result.config().get("api").toString()).isEqualTo("{\"contextPath\":\"/v3\"}");
    assertThat(result.config().get("spark").toString())
        .isEqualTo("{\"fixedSparkConf\":{\"c\":\"d\"}}");
    assertThat(result.config().get("database").toString())
        .isEqualTo("{\"url\":\"jdbc:mysql://x/bpg\",\"user\":\"v\",\"poolSize\":2}");
    assertThat(result.config().get("auth").toString())
        .isEqualTo(
            "{\"blockedUsers\":[\"m\"],\"adminUsers\":[\"root\"],\"trustedUserHeader\":\"User-Account\"}");
  }

  @Test
  void recognisesTheReferenceFormatBySparkClusters() throws Exception {
    assertThat(BpgConfigConverter.isBpgFormat(sample())).isTrue();
    assertThat(BpgConfigConverter.isBpgFormat(yaml("{clusters: [], queues: []}"))).isFalse();
    assertThat(BpgConfigConverter.isBpgFormat(yaml("[sparkClusters]"))).isFalse();
    assertThat(BpgConfigConverter.isBpgFormat(null)).isFalse();
  }

  @Test
  void listsThatAreNotListsAreErrors() throws Exception {
    assertThat(convert("{sparkClusters: {id: a}, queues: dev}").errors())
        .containsExactly("sparkClusters: must be a list", "queues: must be a list");
  }

  /** An in-memory file for the factory. */
  private static final class InputStreamOf {
    static InputStream text(String text) {
      return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
