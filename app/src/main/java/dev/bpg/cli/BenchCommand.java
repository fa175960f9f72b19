package dev.bpg.cli;

import dev.bpg.bench.BenchOptions;
import dev.bpg.bench.Benchmark;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg bench}: measures the gateway against the API servers' own ceiling; see {@link
 * Benchmark}.
 */
final class BenchCommand extends Command {
  BenchCommand() {
    super("bench", "Measures submit, status and freshness against the API servers' ceiling");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--quick")
        .action(Arguments.storeTrue())
        .help("a run of seconds that proves the harness works (checks no timing)");
    subparser.addArgument("--clients").help("concurrent clients per submit level, e.g. 1,8,32,64");
    subparser
        .addArgument("--clusters")
        .type(Integer.class)
        .help("local clusters for the tracked phase");
    subparser
        .addArgument("--tracked")
        .type(Integer.class)
        .help("applications tracked during status reads");
    subparser
        .addArgument("--submissions")
        .type(Integer.class)
        .help("submissions per concurrency level");
    subparser
        .addArgument("--warm-up")
        .dest("warmUp")
        .type(Integer.class)
        .help("calls made before each measured submit run, on the gateway and the ceiling alike");
    subparser
        .addArgument("--status-reads")
        .dest("statusReads")
        .type(Integer.class)
        .help("status reads");
    subparser
        .addArgument("--db")
        .help(
            "h2 (default, a file database), postgres or mariadb (a local server started from Maven"
                + " artifacts, a fresh database for every gateway started), or the JDBC URL of a"
                + " database to use as it is");
    subparser
        .addArgument("--burst")
        .type(Integer.class)
        .help(
            "only this: N submissions at once to clusters paced at --rate; writes burst_* figures"
                + " (with --clusters, default 2)");
    subparser
        .addArgument("--rate")
        .type(Double.class)
        .setDefault(20.0)
        .help("with --burst: each cluster's maxSubmitRate, creates a second (default 20)");
    subparser
        .addArgument("--archive")
        .type(Integer.class)
        .help(
            "only this: the cost of archiving N pods' logs (driver and three executors per run),"
                + " against the same runs without the archive; writes archive_* figures");
    subparser
        .addArgument("--log-lines")
        .dest("logLines")
        .type(Integer.class)
        .setDefault(400)
        .help("with --archive: lines of Spark-like task chatter in each pod's log (default 400)");
    subparser
        .addArgument("--out")
        .setDefault("bench-results.json")
        .help("where to write the figures");
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (e instanceof IllegalArgumentException) {
      // A bad option: the message names it, a stack trace would bury it.
      cli.getStdErr().println(e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Path out = Path.of(namespace.getString("out"));
    BenchOptions base =
        namespace.getBoolean("quick") ? BenchOptions.quick(out) : BenchOptions.full(out);
    List<Integer> clients =
        namespace.getString("clients") == null
            ? base.clients()
            : Arrays.stream(namespace.getString("clients").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    String database =
        namespace.getString("db") == null ? base.database() : namespace.getString("db");
    if (!List.of("h2", "postgres", "mariadb").contains(database) && !database.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "--db must be h2, postgres, mariadb or a JDBC URL, not '" + database + "'");
    }
    BenchOptions options =
        new BenchOptions(
            clients,
            valueOr(namespace.getInt("clusters"), base.clusters()),
            valueOr(namespace.getInt("tracked"), base.tracked()),
            valueOr(namespace.getInt("submissions"), base.submissions()),
            valueOr(namespace.getInt("warmUp"), base.warmUp()),
            valueOr(namespace.getInt("statusReads"), base.statusReads()),
            base.statusClients(),
            base.freshnessSamples(),
            database,
            base.quick(),
            out,
            0,
            namespace.getDouble("rate"),
            0,
            0);
    Integer burst = namespace.getInt("burst");
    if (burst != null) {
      if (burst < 1 || namespace.getDouble("rate") <= 0) {
        throw new IllegalArgumentException("--burst and --rate must be positive");
      }
      options =
          options.burstOnly(
              burst, namespace.getDouble("rate"), valueOr(namespace.getInt("clusters"), 2));
    }
    Integer archive = namespace.getInt("archive");
    if (archive != null) {
      if (archive < 1 || namespace.getInt("logLines") < 0) {
        throw new IllegalArgumentException(
            "--archive must be positive and --log-lines not negative");
      }
      options = options.archiveOnly(archive, namespace.getInt("logLines"));
    }
    Benchmark.run(options);
    System.out.println("Figures written to " + out.toAbsolutePath());
  }

  private static int valueOr(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
