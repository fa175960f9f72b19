package dev.bpg.cli;

import dev.bpg.local.LocalCluster;
import dev.bpg.local.LocalClusterSpec;
import dev.bpg.local.LocalClusters;
import dev.bpg.local.LocalRunMode;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg local-clusters}: only the local clusters, in their own process, so that a gateway
 * started with {@code ./bpg server CONFIG} (or kubectl) can use them. Prints the clusters section
 * of a configuration and writes a kubeconfig.
 */
final class LocalClustersCommand extends Command {
  LocalClustersCommand() {
    super("local-clusters", "Runs local Kubernetes API servers with a local Spark operator");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--count")
        .type(Integer.class)
        .setDefault(2)
        .help("how many clusters (default 2: spark-cluster-a and spark-cluster-b)");
    subparser
        .addArgument("--port")
        .type(Integer.class)
        .setDefault(18081)
        .help("the first cluster's port; the others follow (default 18081)");
    subparser
        .addArgument("--kubeconfig")
        .setDefault("data/local-clusters.kubeconfig")
        .help("where to write the kubeconfig (default data/local-clusters.kubeconfig)");
    LocalSetup.addRunModeArguments(subparser);
    subparser
        .addArgument("--no-operator")
        .dest("noOperator")
        .action(Arguments.storeTrue())
        .help("API servers only, no local operator (for ./bpg bench)");
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      cli.getStdErr().println(e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    int count = namespace.getInt("count");
    int port = namespace.getInt("port");
    List<LocalClusterSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add(
          new LocalClusterSpec(
              "spark-cluster-" + (char) ('a' + i), LocalSetup.NAMESPACE, port == 0 ? 0 : port + i));
    }
    LocalRunMode mode = LocalSetup.runMode(namespace);
    LocalClusters clusters = LocalClusters.start(specs, Clock.systemUTC(), mode);
    Path kubeconfig = Path.of(namespace.getString("kubeconfig")).toAbsolutePath();
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, clusters.kubeconfig());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  clusters.close();
                  stopped.countDown();
                },
                "bpg-local-clusters-shutdown"));
    StringBuilder text =
        new StringBuilder("\nLocal clusters are running (")
            .append(LocalSetup.describe(mode))
            .append(").\n");
    text.append("Clusters section for a gateway configuration:\n\nclusters:\n");
    for (LocalCluster cluster : clusters.clusters()) {
      text.append("  - id: ")
          .append(cluster.id())
          .append('\n')
          .append("    masterUrl: ")
          .append(cluster.masterUrl())
          .append('\n')
          .append("    namespace: ")
          .append(cluster.namespace())
          .append('\n')
          .append("    token: local-token\n")
          .append("    weight: 50\n")
          .append("    serviceAccount: spark\n")
          .append("    sparkVersions: [3.5.0, 4.0.0]\n")
          .append("    queues: [dev]\n")
          .append("    sparkConf:\n")
          .append(
              "      spark.kubernetes.executor.podNamePrefix:"
                  + " '{spark-application-resource-name}'\n");
    }
    text.append("\nkubeconfig written to ")
        .append(kubeconfig)
        .append(", for example:\n")
        .append("  kubectl --kubeconfig ")
        .append(kubeconfig)
        .append(" get sparkapplications -A\n")
        .append("Stop with Ctrl-C.\n");
    System.out.println(text);
    stopped.await();
  }
}
