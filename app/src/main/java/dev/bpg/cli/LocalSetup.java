package dev.bpg.cli;

import dev.bpg.config.ApiConfig;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.PasswordHash;
import dev.bpg.config.PodPolicyConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.ShutdownConfig;
import dev.bpg.config.SparkConfig;
import dev.bpg.config.SparkImageConfig;
import dev.bpg.local.LocalCluster;
import dev.bpg.local.LocalRunMode;
import dev.bpg.local.LocalSparkSettings;
import dev.bpg.local.SparkRuntime;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * The configuration of the local demo: the AWS blog's two clusters ({@code spark-cluster-a} and
 * {@code spark-cluster-b}, queue {@code dev}, weight 50 each), Spark 3.5.0 and 4.0.0, and the users
 * demo/demo and admin/admin; and the command-line options that choose how the local clusters run
 * jobs.
 */
public final class LocalSetup {
  public static final List<String> CLUSTER_IDS = List.of("spark-cluster-a", "spark-cluster-b");

  /** Where the demo's jobs run: a namespace of their own, never the operator's. */
  public static final String NAMESPACE = "spark-jobs";

  /**
   * The demo's pod policy: its clusters' own account {@code spark}, and the one the AWS blog's
   * requests name; every other key at its safe default.
   */
  public static final PodPolicyConfig POLICY =
      new PodPolicyConfig(
          List.of("emr-containers-sa-spark"), null, null, null, null, null, null, null, null, null);

  public static final List<String> SPARK_VERSIONS = List.of("3.5.0", "4.0.0");
  public static final String QUEUE = "dev";

  private LocalSetup() {}

  /**
   * Adds {@code --simulate}, {@code --spark-runtime}, {@code --examples-jar} and {@code
   * --max-running-jobs}.
   */
  static void addRunModeArguments(Subparser subparser) {
    subparser
        .addArgument("--simulate")
        .action(Arguments.storeTrue())
        .help(
            "simulate Spark runs (states, pods, events and logs, no Spark) instead of running real"
                + " Spark jobs");
    subparser
        .addArgument("--spark-runtime")
        .dest("sparkRuntime")
        .metavar("DIR")
        .help(
            "the directory of the Spark runtime, with spark-classpath.txt (default "
                + SparkRuntime.defaultRuntimeDirectory()
                + ")");
    subparser
        .addArgument("--examples-jar")
        .dest("examplesJar")
        .metavar("FILE")
        .help(
            "the jar that local:///usr/lib/spark/examples/jars/spark-examples.jar stands for"
                + " (default "
                + SparkRuntime.defaultExamplesJar()
                + ")");
    subparser
        .addArgument("--max-running-jobs")
        .dest("maxRunningJobs")
        .metavar("N")
        .type(Integer.class)
        .setDefault(LocalSparkSettings.DEFAULT_MAX_RUNNING_JOBS)
        .help(
            "how many real Spark jobs each local cluster runs at once; the others wait, SUBMITTED");
  }

  /**
   * The run mode the options of {@link #addRunModeArguments} ask for.
   *
   * @throws IllegalStateException if real Spark runs are asked for and the Spark runtime has not
   *     been built
   * @throws IllegalArgumentException if {@code --max-running-jobs} is below 1
   */
  static LocalRunMode runMode(Namespace namespace) {
    if (Boolean.TRUE.equals(namespace.getBoolean("noOperator"))) {
      return LocalRunMode.apiServersOnly();
    }
    if (Boolean.TRUE.equals(namespace.getBoolean("simulate"))) {
      return LocalRunMode.simulated();
    }
    String runtimeDirectory = namespace.getString("sparkRuntime");
    String examplesJar = namespace.getString("examplesJar");
    SparkRuntime runtime;
    try {
      runtime =
          SparkRuntime.load(
              runtimeDirectory == null
                  ? SparkRuntime.defaultRuntimeDirectory()
                  : Path.of(runtimeDirectory),
              examplesJar == null ? SparkRuntime.defaultExamplesJar() : Path.of(examplesJar));
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage() + " Or add --simulate for simulated runs without Spark.", e);
    }
    return LocalRunMode.realSpark(
        LocalSparkSettings.defaults(runtime)
            .withMaxRunningJobs(namespace.getInt("maxRunningJobs")));
  }

  /** How the local clusters run jobs, in a few words for the start-up text. */
  static String describe(LocalRunMode mode) {
    if (mode instanceof LocalRunMode.RealSpark real) {
      LocalSparkSettings settings = real.settings();
      return "real Spark "
          + settings.runtime().sparkVersion()
          + " jobs in local mode, "
          + settings.maxRunningJobs()
          + " at a time";
    }
    if (mode instanceof LocalRunMode.ApiServersOnly) {
      return "no operator: applications stay as created";
    }
    return "simulated Spark runs";
  }

  public static ClusterConfig cluster(String id, String masterUrl) {
    return new ClusterConfig(
        id,
        50,
        masterUrl,
        null,
        "local-token",
        null,
        NAMESPACE,
        "spark",
        SPARK_VERSIONS,
        List.of(QUEUE),
        null,
        null,
        null,
        null,
        null,
        Map.of("spark.kubernetes.executor.podNamePrefix", "{spark-application-resource-name}"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        POLICY,
        null,
        null);
  }

  public static GatewayConfiguration configuration(
      List<LocalCluster> clusters, String host, int port, String databaseUrl) {
    SecureRandom random = new SecureRandom();
    AuthConfig auth =
        new AuthConfig(
            List.of(
                new AuthConfig.UserConfig("demo", PasswordHash.hash("demo", random)),
                new AuthConfig.UserConfig("admin", PasswordHash.hash("admin", random))),
            null,
            null,
            List.of("admin"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    SparkConfig spark =
        new SparkConfig(
            Map.of(),
            Map.of(),
            List.of(
                new SparkImageConfig(
                    "apache/spark:3.5.0", List.of("Java", "Scala", "Python"), "3.5.0"),
                new SparkImageConfig(
                    "apache/spark:4.0.0", List.of("Java", "Scala", "Python"), "4.0.0")));
    GatewayConfiguration config =
        new GatewayConfiguration()
            .withApi(ApiConfig.defaults())
            .withAuth(auth)
            .withDatabase(new DatabaseConfig(databaseUrl, null, null, null, null))
            .withSpark(spark)
            .withQueues(List.of(QueueConfig.named(QUEUE)))
            // Ctrl-C stops the demo at once: no load balancer to drain.
            .withShutdown(new ShutdownConfig(Duration.ZERO))
            .withClusters(clusters.stream().map(c -> cluster(c.id(), c.masterUrl())).toList());
    SimpleServerFactory server = new SimpleServerFactory();
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost(host);
    connector.setPort(port);
    server.setConnector(connector);
    server.setApplicationContextPath("/");
    server.setAdminContextPath("/dropwizard");
    // The API's answers are small JSON: compressing them costs more than it saves.
    server.getGzipFilterFactory().setEnabled(false);
    config.setServerFactory(server);
    return config;
  }
}
