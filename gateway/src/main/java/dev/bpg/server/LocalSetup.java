package dev.bpg.server;

import dev.bpg.config.ApiConfig;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.PasswordHash;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.SparkConfig;
import dev.bpg.config.SparkImageConfig;
import dev.bpg.local.LocalCluster;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The configuration of the local demo: the AWS blog's two clusters ({@code spark-cluster-a} and
 * {@code spark-cluster-b}, queue {@code dev}, weight 50 each), Spark 3.5.0 and 4.0.0, and the users
 * demo/demo and admin/admin.
 */
public final class LocalSetup {
  public static final List<String> CLUSTER_IDS = List.of("spark-cluster-a", "spark-cluster-b");
  public static final String NAMESPACE = "spark-operator";
  public static final List<String> SPARK_VERSIONS = List.of("3.5.0", "4.0.0");
  public static final String QUEUE = "dev";

  private LocalSetup() {}

  public static ClusterConfig cluster(String id, String masterUrl) {
    return new ClusterConfig(id, 50, masterUrl, null, "local-token", null, NAMESPACE, "spark",
        SPARK_VERSIONS, List.of(QUEUE), null, null, null, null, null,
        Map.of("spark.kubernetes.executor.podNamePrefix", "{spark-application-resource-name}"),
        null, null, null, null, null, null, null, null, null);
  }

  public static GatewayConfiguration configuration(List<LocalCluster> clusters, String host, int port,
      String databaseUrl) {
    SecureRandom random = new SecureRandom();
    AuthConfig auth = new AuthConfig(
        List.of(new AuthConfig.UserConfig("demo", PasswordHash.hash("demo", random)),
            new AuthConfig.UserConfig("admin", PasswordHash.hash("admin", random))),
        null, null, List.of("admin"), null, null);
    SparkConfig spark = new SparkConfig(Map.of(), Map.of(), List.of(
        new SparkImageConfig("apache/spark:3.5.0", List.of("Java", "Scala", "Python"), "3.5.0"),
        new SparkImageConfig("apache/spark:4.0.0", List.of("Java", "Scala", "Python"), "4.0.0")));
    GatewayConfiguration config = new GatewayConfiguration()
        .withApi(ApiConfig.defaults())
        .withAuth(auth)
        .withDatabase(new DatabaseConfig(databaseUrl, null, null, null, null))
        .withSpark(spark)
        .withQueues(List.of(QueueConfig.named(QUEUE)))
        .withClusters(clusters.stream().map(c -> cluster(c.id(), c.masterUrl())).toList());
    SimpleServerFactory server = new SimpleServerFactory();
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost(host);
    connector.setPort(port);
    server.setConnector(connector);
    server.setApplicationContextPath("/");
    server.setAdminContextPath("/dropwizard");
    config.setServerFactory(server);
    return config;
  }
}
