package dev.bpg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bpg.bench.LocalObjectStore;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.LogArchiveConfig;
import dev.bpg.local.LocalClusterSpec;
import dev.bpg.local.LocalClusters;
import dev.bpg.local.LocalHistoryServer;
import dev.bpg.local.LocalRunMode;
import dev.bpg.local.S3RemoteFiles;
import dev.bpg.server.GatewayServer;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.util.DataSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg demo}: the gateway on 127.0.0.1 with its embedded H2 database and two local clusters
 * that run real Spark jobs (or simulate them with {@code --simulate}), ready for the curl commands
 * it prints; runs until interrupted.
 */
final class DemoCommand extends Command {
  DemoCommand() {
    super("demo", "Runs the gateway with an embedded database and two local Spark clusters");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--port")
        .type(Integer.class)
        .setDefault(8080)
        .help("the gateway's port on 127.0.0.1 (default 8080)");
    subparser
        .addArgument("--data-dir")
        .dest("dataDir")
        .setDefault("data")
        .help("where the H2 database lives (default ./data)");
    LocalSetup.addRunModeArguments(subparser);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      // A missing Spark runtime or a port in use: the message says what to do, a stack trace would
      // bury it.
      cli.getStdErr().println(e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    int port = namespace.getInt("port");
    Path dataDir = Path.of(namespace.getString("dataDir")).toAbsolutePath();
    Files.createDirectories(dataDir);
    // What the demo starts, stopped in the reverse order at Ctrl-C or when a later start fails.
    Deque<AutoCloseable> started = new ArrayDeque<>();
    LocalObjectStore store =
        LocalObjectStore.start(
            LocalObjectStore.defaultModuleTarget(), dataDir.resolve("objectstore"));
    started.push(store);
    Clock clock = Clock.systemUTC();
    LocalRunMode mode;
    LocalClusters clusters;
    GatewayServer server;
    LocalHistoryServer history = null;
    try {
      mode = LocalSetup.runMode(namespace);
      if (mode instanceof LocalRunMode.RealSpark real) {
        // Uploaded jars and files run from their s3a:// URLs, and every run's event log goes to
        // a real Spark History Server, which the finished submissions link to.
        Path events = dataDir.resolve("spark-events");
        history =
            LocalHistoryServer.start(
                real.settings().runtime(), events, dataDir.resolve("history-server"));
        started.push(history);
        mode =
            LocalRunMode.realSpark(
                real.settings()
                    .withEventLogDir(events)
                    .withRemoteFiles(
                        new S3RemoteFiles(
                            store.endpoint(),
                            LocalObjectStore.ACCESS_KEY,
                            LocalObjectStore.SECRET_KEY,
                            dataDir.resolve("fetched"))));
      }
      clusters =
          LocalClusters.start(
              LocalSetup.CLUSTER_IDS.stream()
                  .map(id -> new LocalClusterSpec(id, LocalSetup.NAMESPACE, 0))
                  .toList(),
              clock,
              mode);
      started.push(clusters::close);
      GatewayConfiguration config =
          LocalSetup.configuration(
                  clusters.clusters(), "127.0.0.1", port, "jdbc:h2:file:" + dataDir.resolve("bpg"))
              .withStorage(store.storageConfig(DataSize.mebibytes(800)))
              .withLogArchive(
                  LogArchiveConfig.defaults()
                      .withSpoolDirectory(dataDir.resolve("log-spool").toString()));
      if (history != null) {
        String url = history.url();
        config =
            config.withClusters(
                config.clusters().stream().map(c -> c.withHistoryServerUrl(url)).toList());
      }
      configureLogging(config, bootstrap);
      server = GatewayServer.start(config, clock);
      started.push(server);
    } catch (Exception e) {
      stopAll(started);
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "bpg-demo-shutdown"));
    printWelcome(server.port(), dataDir, clusters, store, history, mode);
    server.join();
  }

  private static void stopAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("Stopping the demo: " + e.getMessage());
      }
    }
  }

  static void configureLogging(GatewayConfiguration config, Bootstrap<?> bootstrap) {
    if (config.getLoggingFactory() instanceof DefaultLoggingFactory logging) {
      Map<String, JsonNode> quiet =
          Map.of(
              // fabric8 warns on every first use of a v1beta2 resource; SparkApplication is one.
              "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
                  TextNode.valueOf("ERROR"),
              "org.flywaydb", TextNode.valueOf("WARN"),
              "com.zaxxer.hikari", TextNode.valueOf("WARN"));
      logging.setLoggers(quiet);
    }
    config.getLoggingFactory().configure(bootstrap.getMetricRegistry(), "bpg");
  }

  private static void printWelcome(
      int port,
      Path dataDir,
      LocalClusters clusters,
      LocalObjectStore store,
      LocalHistoryServer history,
      LocalRunMode mode) {
    String base = "http://127.0.0.1:" + port + "/skatev2";
    StringBuilder text = new StringBuilder();
    text.append("\nBatch Processing Gateway is ready on ").append(base).append('\n');
    text.append("  database: H2 in ").append(dataDir).append('\n');
    clusters
        .clusters()
        .forEach(
            c ->
                text.append("  cluster ")
                    .append(c.id())
                    .append(": ")
                    .append(c.masterUrl())
                    .append(" (local, ")
                    .append(LocalSetup.describe(mode))
                    .append(")\n"));
    text.append("  object store: ")
        .append(store.endpoint())
        .append(", bucket ")
        .append(LocalObjectStore.BUCKET)
        .append(" (S3Proxy, files in ")
        .append(dataDir.resolve("objectstore"))
        .append(")\n");
    if (history != null) {
      text.append("  Spark History Server: ")
          .append(history.url())
          .append(" (a finished submission's historyServerUrl opens its Spark UI there)\n");
    }
    text.append("  users: demo/demo, admin/admin (admin)\n\n");
    text.append("Submit the AWS blog's SparkPi (from the repository's root):\n");
    text.append("  curl -u demo:demo -X POST ")
        .append(base)
        .append("/spark -H 'Content-Type: application/json' -d @examples/sparkpi.json\n");
    text.append("Then, with the submissionId it answers:\n");
    text.append("  curl -u demo:demo ").append(base).append("/spark/<submissionId>/status\n");
    text.append("  curl -u demo:demo '").append(base).append("/log?subId=<submissionId>'\n");
    text.append("  curl -u demo:demo ").append(base).append("/spark/mySubmissions\n");
    if (mode instanceof LocalRunMode.RealSpark) {
      text.append("SparkPi runs for real: within a minute its log has 'Pi is roughly 3.14…'.\n");
    }
    text.append("Upload a jar; it answers the s3a:// URL to put in mainApplicationFile or deps:\n");
    text.append("  curl -u demo:demo -X POST '")
        .append(base)
        .append("/s3/spark-examples.jar?folder=demo' -H 'Content-Type: application/octet-stream'")
        .append(" --data-binary @spark-examples/target/spark-examples.jar\n");
    text.append("The API is described at ").append(base).append("/openapi.yaml\n");
    text.append("The web console: ").append(base).append("/ui/ (demo/demo or admin/admin)\n");
    text.append("The command line: BPG_URL=")
        .append(base)
        .append(" BPG_USER=demo BPG_PASSWORD=demo ./bpg list\n");
    text.append("Stop with Ctrl-C.\n");
    System.out.println(text);
  }
}
