package dev.bpg.cli;

import dev.bpg.config.GatewayConfiguration;
import dev.bpg.server.GatewayApplication;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Clock;

/**
 * The entry point of {@code ./bpg} and of the jar: Dropwizard's {@code server} command and the
 * gateway's own commands, from the demo to the benchmark.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    GatewayApplication.useAPoolForAsyncTasks();
    new GatewayApplication(Clock.systemUTC(), Main::addCommands).run(args);
  }

  static void addCommands(Bootstrap<GatewayConfiguration> bootstrap) {
    bootstrap.addCommand(new CheckConfigCommand(bootstrap.getApplication()));
    bootstrap.addCommand(new DemoCommand());
    bootstrap.addCommand(new LocalClustersCommand());
    bootstrap.addCommand(new ConvertConfigCommand());
    bootstrap.addCommand(new HashPasswordCommand());
    bootstrap.addCommand(new QueueTokenCommand());
    bootstrap.addCommand(new ApiTokenCommand());
    bootstrap.addCommand(new BenchCommand());
    bootstrap.addCommand(new ImageCommand());
    bootstrap.addCommand(new ClusterEntryCommand());
  }
}
